"""Whether a sentence binds its figures and names as the passages do. Every number and word of "Siemens saved up
to 50% on maintenance costs" is in a passage that says "downtime by up to 50% and maintenance costs by 30%";
the word checks of `tutor.verify` pass it, the binding does not."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tutor.words import (EVERYWHERE, NOT_NAMES, NUMBER, OPENS_ON_PRONOUN, WORD, content_stems, flatten, holds_name,
                         name_phrases, names, spelled_out)

if TYPE_CHECKING:
    from tutor.verify import Evidence

# a clause ends at these: "reduce downtime by up to 50% and lower maintenance costs by 30%" binds each figure
# to the words on its own side of the "and"
_CLAUSE_END = re.compile(r"[,;:]|\b(?:and|but|while|whereas|compared|versus|vs)\b", re.I)
_FIGURE_REACH = 3  # content words each side of a figure that say what it counts


# verbs that move an amount one way or the other: "push up crashes by 40%" turns "has reduced the number of
# accidents ... by 40%" upside down, and so does "push Siemens's upkeep bills up by 30%" its "lower maintenance costs
# by 30%" (dev-15 h15nc18): a verb that takes its object between may hold three words before "up" or "down". Not
# "cutting-edge", "dropout" or "grows" of a tree
_BETWEEN = r"(?:[\w'’]+\s+){0,3}?"
UP = re.compile(r"\b(?:increas|rais|boost|doubl|tripl|inflat|worsen|ris(?:e|es|en|ing)\b|rose\b|"
                r"(?:went|goes|go)\s+up\b|(?:push|drive|drove|driven|shot|jump|send|sent|jack|ramp)\w*\s+"
                rf"{_BETWEEN}up\b)\w*", re.I)
DOWN = re.compile(r"\b(?:reduc|decreas|lower(?:s|ed|ing)?\b|cut(?:s|ting)?\b(?!-)|halv|slash|lessen|shrank|shrink|"
                  r"(?:drop|fell|fall)(?!out)|(?:went|goes|go)\s+down\b|"
                  rf"(?:bring|brought|push|drive|drove|driven|knock|pull)\w*\s+{_BETWEEN}down\b)\w*", re.I)
AMOUNT = re.compile(r"\d+(?:\.\d+)?")


def moved_against(text: str, passage_sentence: str) -> bool:
    """Whether a sentence moves a figure of its passage sentence the other way: "It drove maintenance costs up by
    30%" from "... lower maintenance costs by 30%" (every word and figure is the line's, so it passed)."""
    up, down = bool(UP.search(text)), bool(DOWN.search(text))
    if up == down:
        return False
    same, other = (UP, DOWN) if up else (DOWN, UP)
    return bool(other.search(passage_sentence) and not same.search(passage_sentence) and
                set(AMOUNT.findall(text)) & set(AMOUNT.findall(passage_sentence)))


# a figure given as a change, "reduce downtime by up to 50%", "a 40% drop", not as a level ("a false positive rate of
# less than 0.1%", "drive 80% of the content watched")
AS_CHANGE = re.compile(r"\bby (?:up to |about |around |roughly |nearly |almost |over |more than |less than |at least |"
                       r"only |just )?(\d+(?:\.\d+)?)\s*(?:%|percent)|(\d+(?:\.\d+)?)\s*(?:%|percent) (?:reduction|"
                       r"drop|cut|decrease|fall|increase|rise|improvement|gain|fewer|less|more|lower|higher)\b", re.I)


def changes(text: str) -> set[str]:
    """The figures a text gives as changes (`AS_CHANGE`)."""
    return {a or b for a, b in AS_CHANGE.findall(text)}


def change_of_level(text: str, evidence: "Evidence") -> str | None:
    """A figure the sentence gives as a change that every passage line holding it gives as a level: "PayPal's
    machine learning models cut its fraud losses by less than 0.1%" from "... has a false positive rate of less than
    0.1%, ensuring a seamless user experience while minimizing fraud losses" (dev-42 h42nc18: every word and the
    figure were the line's, so it passed)."""
    for figure in sorted(changes(text)):
        lines = [sentence for _, sentence in evidence.sentences if figure in AMOUNT.findall(sentence)]
        if lines and not any(figure in changes(sentence) for sentence in lines):
            return figure
    return None


def figure_words(text: str, reach: int = _FIGURE_REACH) -> dict[str, dict[str, int]]:
    """Each digit figure of a text and the content words near it in its clause (`reach` each side), with their
    distance in content words (1 = the next one)."""
    tokens = [(m.lastgroup, m.group(0)) for m in re.finditer(
        rf"(?P<end>{_CLAUSE_END.pattern})|(?P<figure>{NUMBER.pattern})|(?P<word>{WORD.pattern})", text)]
    found: dict[str, dict[str, int]] = {}
    for i, (kind, value) in enumerate(tokens):
        if kind != "figure":
            continue
        near = found.setdefault(value.replace(",", ""), {})
        for step in (-1, 1):
            distance, j = 0, i + step
            # past another figure of the same clause: "accuracy rose from 80% to 95%" says "accuracy" of both
            while 0 <= j < len(tokens) and tokens[j][0] != "end" and distance < reach:
                for stem in content_stems(tokens[j][1]) - {"percent"} if tokens[j][0] == "word" else ():
                    distance += 1
                    near[stem] = min(near.get(stem, distance), distance)
                j += step
    return found


# what happened in a year, by kind: a year said of one kind of event is no answer about another. Each names the
# event in the forms a sentence gives it ("defeated", "beat", "won"); a verb in no group says nothing either way.
# A thing made and a thing made public are one kind: "Transformers were developed in 2017" is no other event than
# "introduced in the paper ... (2017)"
_EVENTS = [re.compile(p, re.I) for p in (
    r"\b(?:defeat\w*|beat(?:s|en|ing)?|won|wins?|winning|triumph\w*|overc[ao]m\w*|conquer\w*|toppl\w*|best(?:ed|s))\b",
    r"\b(?:introduc\w*|publish\w*|releas\w*|present\w*|unveil\w*|launch\w*|propos\w*|appear\w*|announc\w*|"
    r"debut\w*|came out|come out|comes out|invent\w*|creat\w*|develop\w*|buil[dt]\w*|design\w*)\b",
    r"\b(?:retir\w*|quit\w*|stepp?\w* down|left|leav(?:e|es|ing))\b",
    r"\b(?:found(?:ed|ing|s)?|establish\w*|incorporat\w*)\b",
    r"\b(?:acquir\w*|bought|buy(?:s|ing)?|purchas\w*|merg\w*)\b",
    r"\b(?:died|dies|death|passed away|born)\b")]
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _events(clause: str) -> set[int]:
    return {k for k, event in enumerate(_EVENTS) if event.search(clause)}


def _events_at(text: str, year: str) -> set[int]:
    """The kinds of event the clause holding a year names, else those its sentence names ("In 2016, AlphaGo
    defeated Lee Sedol": the clause "In 2016" names none)."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for clause in re.split(r"[,;:]|\b(?:and|but|while|whereas)\b", sentence):
            if year in _YEAR.findall(clause):
                return _events(clause) or _events(sentence)
    return set()


def year_of_another_event(text: str, evidence: "Evidence") -> str | None:
    """A year the sentence gives to one kind of event that every passage line holding it gives to another: "Lee Sedol
    retired from professional Go after his match with AlphaGo in 2016" from "In 2016, AlphaGo defeated Lee Sedol"
    (dev-44 h44nc04: every word was the question's or the line's, so it passed). "AlphaGo beat Lee Sedol in 2016"
    names the line's kind of event; a clause naming no kind, or a line naming none, says nothing either way."""
    for year in sorted(set(_YEAR.findall(text))):
        mine = _events_at(text, year)
        theirs = [_events_at(sentence, year) for _, sentence in evidence.sentences if year in _YEAR.findall(sentence)]
        if mine and theirs and all(found and not found & mine for found in theirs):
            return year
    return None


def figure_swapped(text: str, evidence: "Evidence") -> str | None:
    """A figure of the passages said of what they say of another figure: the passage "reduce downtime by up to
    50% and lower maintenance costs by 30%", the model "Siemens saved up to 50% on maintenance costs" (dev-2
    d2q05). Every number and word is in the passage, so the other checks pass it. Only a passage sentence holding
    two or more figures can be misread this way; the sentence is judged against each one holding its figure, and
    is swapped when none of them binds the figure to the sentence's nearby words more than another figure. Words
    nearer the figure weigh more (1/distance), so a subject shared by both clauses ("Siemens") decides little."""
    mine = figure_words(text)
    for figure, near in mine.items():
        readings = [found for _, sentence in evidence.sentences
                    if len(found := figure_words(sentence)) > 1 and figure in found]
        if not readings or not near:
            continue

        def leans(found: dict[str, dict[str, int]]) -> float:  # > 0: the words belong to another figure
            own = found[figure]
            other: dict[str, int] = {}
            for f, words in found.items():
                for w, d in words.items():
                    if f != figure and d < min(own.get(w, 99), other.get(w, 99)):
                        other[w] = d
            score = sum(1 / d for w, d in near.items() if w in other) - \
                sum(1 / d for w, d in near.items() if w in own and own[w] <= other.get(w, 99))
            return score if own and score >= 0.5 else 0.0  # half a word's weight at least

        if all(leans(found) > 0 for found in readings):
            return figure
    return None


# a head and its examples: "Content recommendation (e.g., Netflix, Spotify)"
_EXAMPLES = re.compile(r"([^,;:()*]+?)\s*\((?:e\.g\.|such as|like|including),?\s*([^()]+)\)", re.I)


def example_heads(sentence: str) -> list[tuple[set[str], set[str]]]:
    """A line's heads with examples, each as (its content words, the names it gives as examples)."""
    return [(content_stems(head) - EVERYWHERE, {flatten(n).strip() for n in names(f"and {examples}")})
            for head, examples in _EXAMPLES.findall(sentence)]


def example_swapped(text: str, evidence: "Evidence") -> str | None:
    """A name a line gives as an example of one head, said of another head of that line: "**Entertainment:** Content
    recommendation (e.g., Netflix, Spotify), generative AI (e.g., DeepMind, OpenAI)", the model "... generative AI
    in entertainment are Netflix and Spotify" (dev-22 h22q12 was shown it, every word a passage's). The sentence
    must hold the other head's words and none of its own head's."""
    said = {flatten(n).strip() for n in names(text)}
    stems = content_stems(text)
    for heads in evidence.example_heads:
        for k, (head, examples) in enumerate(heads):
            given = said & examples
            if not given or not head or head & stems:
                continue
            if any(j != k and other and other <= stems and not (said & them)
                   for j, (other, them) in enumerate(heads)):
                return sorted(given)[0]
    return None


def name_apart(text: str, evidence: "Evidence") -> str | None:
    """A name the sentence adds that no passage gives beside any of the question's names: "The Siemens software
    platform that runs its predictive maintenance models is Statsmodels [2]" (eval/not_covered_dev2.yaml nc2_04)
    took a library from a list of tools and made it Siemens' platform; every word is in some passage. A name spelled
    out in lower case counts by its acronym: "Image generation (e.g., ... StyleGAN) is listed ... for convolutional
    networks" gave the CNNs a GAN's application (dev-20 h20q07)."""
    said = names(text) | set(evidence.short(text) if evidence.short else ())
    paired = {q for q in evidence.question_names if q in said}  # the sentence says something of these two
    for name in said - evidence.question_names if paired else ():
        term = flatten(name).strip()
        holding = [flat for flat in evidence.flat_by_passage.values() if f" {term}" in flat]
        if holding and not any(f" {flatten(q).strip()}" in flat or spelled_out(q, flat)
                               for flat in holding for q in paired):
            return name
    return None


# who made a thing: "OpenAI developed DALL·E", "PyTorch was developed by Facebook" (also `premise._misattributed`)
MAKES = re.compile(r"\b(?:buil[dt]s?|building|made|makes?|making|creat(?:e|es|ed|ing)|develop(?:s|ed|ing)?|"
                    r"design(?:s|ed|ing)?|releas(?:e|es|ed|ing)|launch(?:es|ed|ing)?|invent(?:s|ed|ing)?|wrote|"
                    r"writes?|written)\b", re.I)


def maker_apart(text: str, evidence: "Evidence") -> str | None:
    """A name the sentence says made (or helped make) a thing, where no line of the passages names the two together:
    "FastAPI was created by Google Cloud" (dev-36 h36nc02: Google stands in the deployment step's cloud line, FastAPI
    in its web line), "NVIDIA helps Google design its TPUs" (h36nc14: NVIDIA's line is the GPUs'). `name_apart` asks
    only for one passage holding both. Each maker must share a line with a thing made; a possessive only says whose
    the maker is ("Google's DeepMind developed AlphaGo"), and names of the subject itself ("Deep Learning") relate
    nothing."""
    verb = MAKES.search(text)
    if not verb:
        return None
    owners = {m.group(1).lower() for m in re.finditer(r"([\w.·-]+)['’]s\b", text)}

    def held(part: str) -> set[str]:
        return {n for n in _tool_names(part) if content_stems(n) - EVERYWHERE
                and f" {flatten(n).strip()} " in evidence.passages}
    before, after = held(text[:verb.start()]) - owners, held(text[verb.end():]) - owners
    opening = re.match(r"\W*([A-Z][\w.·-]*)", text)  # "Flask was built by ...": a name the question gives
    if opening and opening.group(1).lower() in evidence.question_names:
        before.add(opening.group(1).lower())
    if not before or not after:
        return None
    lines = [flatten(sentence) for _, sentence in evidence.sentences]
    for name in sorted(before):
        if not any(f" {flatten(name).strip()} " in line and any(f" {flatten(a).strip()} " in line for a in after)
                   for line in lines):
            return f"{name} with {sorted(after)[0]}"
    return None


SWAP_WORDS = 3  # claim words another name's sentence must share with the sentence, at least twice the name's own
_CAMEL = re.compile(r"\b[A-Za-z]*[a-z][A-Z][\w-]*")  # LightGBM, CatBoost, PyTorch: names even opening a line


LABEL = re.compile(r"^\W*\*\*([^*]{1,60}?):?\*\*")  # a list item's bold label: "**Kaggle:** ..."
# labels of the document's case studies and lists that name a part of a line, not a thing of the subject
PART_LABELS = content_stems("problem solution impact result applications algorithms examples key features "
                            "variants technology")


def _tool_names(text: str, common: set[str] = frozenset()) -> set[str]:
    """`names`, and the camel-case names that `names` leaves out where they open a sentence or a bold label; with
    `common` (the words the passages also write in lower case), a bold label's other words too: "**Kaggle:** A
    platform for ..." is Kaggle's line, "**Versatility:** ..." no one's."""
    found = names(text) | {m.group(0).lower() for m in _CAMEL.finditer(text)}
    return found | _label_names(text, common) if common else found


def _label_names(text: str, common: set[str]) -> set[str]:
    """The names in a line's bold label: what the line is about ("**Kaggle:** A platform for ...")."""
    label = LABEL.match(text)
    return {w.lower() for w in WORD.findall(label.group(1))
            if w[0].isupper() and w not in NOT_NAMES and w.lower() not in common} \
        if label else set()


def _opening_acronym(text: str) -> set[str]:
    """An acronym opening a sentence ("RNNs are designed to ..."), which `names` cannot tell from a first word."""
    m = re.match(r"\W*([A-Z]{2,}s?)\b", text)
    return {m.group(1).lower()} if m else set()


def lower_words(evidence: "Evidence") -> set[str]:
    """The words the passages write in lower case somewhere: common words, whatever a label capitalises."""
    return {w for s in evidence.sources for w in WORD.findall(s.text) if w.islower()}


# words setting a line's bold label against another name: "Similar to LSTMs but ..." under "Gated Recurrent Units"
_COMPARED = r"(?:similar to|like|than|unlike|compared (?:to|with)|versus|vs|instead of|rather than)(?: the)?"


def name_swapped(text: str, evidence: "Evidence") -> tuple[str, int] | None:
    """A name said to do what the passages say another name does: "LightGBM copes with categorical features
    natively, reducing the need for extensive data preprocessing", when a passage lists "CatBoost: ... handles
    categorical features natively, reducing the need for extensive data preprocessing" beside LightGBM's own line
    (dev-3 d3q18). Every word is in a passage, so the word checks pass it. Judged only for a sentence adding
    exactly one name (a list, "XGBoost, LightGBM and CatBoost are...", says nothing of one name alone): its claim,
    its words less the name's and the question's, is matched against the passage sentences naming it and those
    naming another name instead; swapped when one of the latter holds SWAP_WORDS of the claim words or more, and
    at least twice as many as the best of the name's own. Returns the name and the other name's sentence."""
    said = _tool_names(text)
    # a plain capitalised name opening the sentence is no name to `names` ("Whisper makes images from text prompts"):
    # the question's own is (dev-7 h7nc16 took DALL·E's line for Whisper from the question's false premise)
    opening = re.match(r"\W*(?:the\s+)?([A-Z][\w.-]*[A-Za-z0-9])", text)
    if opening and opening.group(1).lower() in evidence.question_names:
        said = said | {opening.group(1).lower()}
    added = said - evidence.question_names
    # or the question's own name as the sentence's only one and its subject: "DataRobot is a platform for data
    # science and Machine Learning competitions" took Kaggle's line, "**Kaggle:** A platform for data science and
    # Machine Learning competitions" (dev-6 h6q46); there a bold label names a line too
    only = next(iter(said)) if len(said) == 1 else ""
    subject = bool(only and not added and re.match(rf"\W*(?:the\s+)?{re.escape(only)}\b", text, re.I)
                   and not spelled_out(only, evidence.passages))  # "ML" spelled out is no tool
    if len(added) != 1 and not subject:
        return None
    name = next(iter(added)) if added else only
    term = f" {flatten(name).strip()} "
    claim = content_stems(text) - content_stems(name) - evidence.asked
    common = lower_words(evidence) if subject else set()
    own = other = 0
    where = -1  # the other name's sentence holding most of the claim
    # the name is the sentence's subject: among its first three words ("Data Analysts use ...", "LSTMs come with")
    opens = re.match(rf"(?:\S+\s+){{0,2}}{re.escape(flatten(name).strip())}(?:s|es)?\b", flatten(text).strip()) \
        is not None
    for i, (n, sentence) in enumerate(evidence.sentences):
        shared = len(claim & content_stems(sentence))
        # a line going on from the one before ("They have a "memory" that allows them to retain information") is
        # said of what that one names: "CNNs keep a memory of earlier words ..." took the RNNs' line (dev-9 h9nc17)
        before = evidence.sentences[i - 1][1] if i and evidence.sentences[i - 1][0] == n and \
            OPENS_ON_PRONOUN.match(sentence) else ""
        label = LABEL.match(sentence) if opens else None
        labelled = label and (_tool_names(label.group(1)) - {name}) and \
            not holds_name(name, f" {flatten(label.group(1))} ") and \
            re.search(rf" {_COMPARED} {re.escape(flatten(name).strip())}", flatten(sentence)) is not None
        if labelled:
            # a line under another name's bold label that compares it with this name is the label's: "**Gated
            # Recurrent Units (GRUs):** Similar to LSTMs but with a simpler architecture" is no line of LSTMs (the
            # 0.5B's "LSTMs ... are simpler" passed on it: dev-15 h15q07), as "**AWS ...:** ... including Amazon
            # SageMaker for building, training, and deploying ..." is SageMaker's too. Only for a sentence whose
            # subject is the name: one listing it as an item takes the label's line as its own (dev-11 h11q10)
            if shared > other:
                other, where = shared, i
        elif term in f" {flatten(sentence)} " or (before and term in f" {flatten(before)} "):  # "Caffe: ... It is ..."
            own = max(own, shared)
        elif _tool_names(sentence, common) or (before and (_tool_names(before, common) | _opening_acronym(before))
                                                - {name}):
            if shared > other:
                other, where = shared, i
    return (name, where) if other >= max(SWAP_WORDS, 2 * own, own + 1) else None


# a word that denies what follows it in its clause: "does not require specialized hardware"
# ("reduces the need for labeled data" denies needing labels as "without labeling them" does: dev-6 h6q32), and so
# does needing less of it: "Why does CatBoost need less data preprocessing for categorical features?" says what
# "..., reducing the need for extensive data preprocessing" does (it was told the line says otherwise)
NEGATION = re.compile(r"\b(?:not|no|never|without|cannot|neither|nor|none)\b|n[’']t\b|"
                      r"\b(?:reduc|eliminat|remov|avoid)\w* the need (?:for|of)\b|"
                      r"\b(?:needs?|needed|needing|requires?|required|requiring)\s+(?:less|fewer)\b", re.I)
_DENIED_REACH = 3  # content words after a negation that it denies
# words that state a shortfall: a line saying one of these agrees with a denial of the same words
_TROUBLE = re.compile(r"\b(?:struggl|fail|poor|difficult|hard to|unable|unsuit|inadequa|lack|limited|falls? short)\w*",
                      re.I)


def _denied(text: str) -> list[set[str]]:
    """The content words each negation of a text denies: the first few after it in its clause."""
    out = []
    for m in NEGATION.finditer(text):
        words = [w for w in WORD.findall(_CLAUSE_END.split(text[m.end():], 1)[0]) if content_stems(w)]
        out.append(with_parts(set().union(*(content_stems(w) for w in words[:_DENIED_REACH]))) if words else set())
    return out


def with_parts(stems: set[str]) -> set[str]:
    """The stems with those of a compound's parts: "needs more hand-labelled examples" states "label", which "reduces
    the need for labeled data" denies (dev-11 h11nc18 was shown, its premise unchecked)."""
    return stems | {part for stem in stems if "-" in stem for part in content_stems(stem.replace("-", " "))}


# what follows these is set against, not stated: "more efficient than relying on cloud servers" does not say one
# relies on them, and "predictions without relying on cloud servers" is no opposite of it (dev-9 h9q35)
_CONTRAST = re.compile(r"\b(?:than|instead of|rather than|unlike|as opposed to|compared (?:to|with))\b", re.I)


def _asserted(text: str) -> set[str]:
    """The content words a text states: without those its contrasts set against, up to their clause's end."""
    kept, at = [], 0
    for m in _CONTRAST.finditer(text):
        if m.start() < at:
            continue
        kept.append(text[at:m.start()])
        rest = _CLAUSE_END.split(text[m.end():], 1)
        at = len(text) if len(rest) == 1 else len(text) - len(rest[1])
    kept.append(text[at:])
    return with_parts(content_stems(" ".join(kept)))


def polarity_flipped(text: str, passage_sentence: str) -> bool:
    """Whether a sentence states what its passage sentence denies, or denies what it states: "For older algorithms,
    you need specialized hardware" from "Can be trained on standard CPUs and does not require specialized
    hardware" (dev-5 h5q39: every word of it is the passage's, and it passed). One of the two must deny and the
    other not, and the stating one must hold most of the denied words (two at least)."""
    said, source = _denied(text), _denied(passage_sentence)
    if bool(said) == bool(source):
        return False
    stating = passage_sentence if said else text
    trouble = {stem for m in _TROUBLE.finditer(stating) for stem in content_stems(m.group(0))}
    if trouble and not any(trouble & d for d in said or source):
        # the stating side says it badly too: "they may not be optimized for high-dimensional data" is what "may
        # struggle with very high-dimensional data" says, not its opposite (dev-16 h16q05 was told "it says
        # otherwise"); "they do not struggle with ..." denies the shortfall itself and still is
        return False
    denied, stated = (source, _asserted(text)) if source else (said, _asserted(passage_sentence))
    # ... and one of them a word this document does not use everywhere: "creates its own supervisory signals from
    # unlabeled data" shares only "data" with what "This reduces the need for labeled data" denies
    return any(len(d) >= 2 and 2 * len(d & stated) >= len(d) and (d & stated) - EVERYWHERE for d in denied)


def antecedent_swapped(evidence: "Evidence", support: int, after: int | None) -> bool:
    """Whether a sentence opening on a pronoun, right after a shown one, is supported by a passage sentence whose
    own pronoun means a thing the shown one did not speak of: "It is widely used for prototyping and experimenting
    with Deep Learning models" after a sentence on SageMaker repeats what the passage says of Google Colab, the
    line before it (dev-6 h6q47). Both sentences must name something, by name or bold label, and share no name."""
    if after is None or after in (support - 1, support):
        return False
    before = evidence.antecedent(support)
    if before is None:
        return False
    # the line shown before may itself go on from its own line ("It provides a comprehensive ecosystem ..." after
    # "**TensorFlow:** ..."): what it speaks of is named there
    while (earlier := evidence.antecedent(after)) is not None:
        after = earlier
    common = lower_words(evidence)
    meant = whole_names(evidence.sentences[before][1], common)
    spoken = whole_names(evidence.sentences[after][1], common)
    return bool(meant and spoken and not meant & spoken)


def whole_names(text: str, common: set[str]) -> set[str]:
    """`_tool_names` with a name of several words kept whole: "Monte Carlo Tree Search" and "Neural Architecture
    Search" share no name, though both hold "search" (dev-19 h19nc18)."""
    found = _tool_names(text, common)
    for phrase in name_phrases(text):
        if " " in phrase:
            found = (found - set(phrase.split())) | {phrase}
    return found


# kinds of data a model turns one into another, in the learner's words too
_MEDIA = {"text": "text", "texts": "text", "words": "text", "writing": "text", "written": "text", "captions": "text",
          "caption": "text", "image": "image", "images": "image", "picture": "image", "pictures": "image",
          "photo": "image", "photos": "image", "art": "image", "speech": "speech", "audio": "speech",
          "voice": "speech", "spoken": "speech", "sound": "speech", "video": "video", "videos": "video"}
_MEDIUM = "|".join(sorted(_MEDIA, key=len, reverse=True))
# "DALL·E (text-to-image)": a name and the way it turns one kind of data into another, as the document writes it
_NAMED_WAY = re.compile(rf"([A-Z][\w·.-]*[A-Za-z0-9])\s*\(\s*({_MEDIUM})-to-({_MEDIUM})\s*\)", re.I)
# the learner's or the model's way of saying it: "turns text into pictures", "from images to text", "image-to-text"
_WAY = re.compile(rf"\b(?:(?:from\s+)?(?:[\w-]+\s+){{0,2}}?({_MEDIUM})\s+(?:in)?to\s+(?:[\w-]+\s+){{0,2}}?({_MEDIUM})|"
                  rf"({_MEDIUM})-to-({_MEDIUM}))\b", re.I)

# where what a text says of a name ends: the next name (not a kind of data: "(Image-to-Text)"), a clause's end
_NEXT_NAME = re.compile(rf"\b(?!(?i:{_MEDIUM})\b)[A-Z][\w·.-]*[A-Za-z0-9]|[;.?!]|\bwhile\b|\bwhereas\b")


def turned_round(text: str, line: str) -> str | None:
    """A name the text says turns one kind of data into another the other way round from the line: "CLIP (Image-
    to-Text) turns text into pictures", or "Why is CLIP the one that turns text into pictures?", against "CLIP
    (image-to-text)" (dev-16 h16nc17 was said back as a fact, asides and all). The text's words after the name, up to
    the next name, are what it says of it."""
    for name, source, target in ((m.group(1), _MEDIA[m.group(2).lower()], _MEDIA[m.group(3).lower()])
                                 for m in _NAMED_WAY.finditer(line)):
        at = re.search(rf"(?<![\w·]){re.escape(name)}(?![\w·])", text, re.I)
        if not at:
            continue
        rest = text[at.end():]
        after = _NEXT_NAME.search(rest[1:])
        said = rest[:after.start() + 1] if after else rest
        # ... or before it, when it is what that is, back to the name or clause before: "The model cited for turning
        # images into words is DALL·E" (dev-45 h45q34, against "DALL·E (text-to-image)")
        before = text[:at.start()]
        if re.search(r"\b(?:is|are|was|were)\s+(?:the\s+)?$", before):
            last = None
            for last in _NEXT_NAME.finditer(before):
                pass
            said += " " + (before[last.end():] if last else before)
        for way in _WAY.finditer(said):
            got = [g for g in way.groups() if g]
            if len(got) == 2 and (_MEDIA[got[0].lower()], _MEDIA[got[1].lower()]) == (target, source):
                return name
    return None
