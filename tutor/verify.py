"""Check every sentence of a generated answer against the passages before the learner sees it.

A small model states facts the passages do not hold and puts a citation on them ("GPT-3 has about
17 billion parameters [3]"). So the engine shows a sentence only when:
- every number and every name in it (acronyms, capitalised words, tokens with digits) occurs in the
  passages or in the question: a figure or a name from the model's memory never reaches the learner;
- it is supported: its MiniLM similarity to some passage sentence, and the share of its content words
  found in that passage, are both over thresholds calibrated on eval/ (see `python -m eval answers`);
- it does not move a fact from one side of a comparison to the other: a sentence that names
  "deep learning" but whose only support sits under a "... > Machine Learning" heading is dropped.
Its citation is computed here, as the passage that supports it best, whatever number the model wrote.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from tutor.embeddings import Embedder
from tutor.relevance import is_instruction
from tutor.sides import label_of, opposite, side_of_section, side_of_text
from tutor.types import Source

_VERDICT = re.compile(r"\s*(yes|no|nope|yeah|yep)\b", re.I)
_SILENCE_WORDS = {"document", "passag", "text", "inform", "specif", "detail", "explicit", "mention", "cover",
                  "provid", "discuss"}  # stems
_GOES_ON = re.compile(r"\s*(examples? include|for example|for instance|e\.g\.|these|this|they|it|such)\b", re.I)
_PRONOUN = re.compile(r"\W*(they|it|its|these|this|those|such|their)\b", re.I)
_CITATION = re.compile(r"\s*\[\s*\d{1,2}(?:\s*,\s*\d{1,2})*\s*\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’.][A-Za-z0-9]+)*")
# a figure, with its joined parts ("4-1", "3:2", "1,000"); "GPT-4" and "top-5" are names, not numbers
_NUMBER = re.compile(r"(?<![A-Za-z0-9])(?<![A-Za-z]-)\d+(?:[.,:/–-]\d+)*(?![A-Za-z])")  # not "00" of "A100"
# number words state a figure as surely as digits do ("seventeen billion parameters")
_NUMBER_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "hundreds", "thousands", "millions",
                 "billions", "trillions", "dozen", "dozens", "tens", "twice", "thrice", "half",
                 "percent", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_STOP = frozenset("""a an the and or but if then than so of to in on at by for with from into onto over under about
as is are was were be been being it its it's this that these those there here which who whom whose what when where
why how can could should would will shall may might must do does did done not no yes also such very more most
less least many much some any each every all both either neither other another own same just only even well
their they them we our you your i me my he she his her us one ones like via per e.g i.e etc using use used uses
make makes made often usually typically generally may way ways thing things lot lots really quite rather
""".split())
# sentence openers and words models capitalise that are not names
_NOT_NAMES = frozenset("""The A An In On At For To Of And Or But If When While Although Because Since This That These
Those It Its They Their There Here Yes No However Also Both Each Every Some Many Most Such First Second Third
Finally Overall In Instead Unlike Like For Example Examples Note Deep Machine Learning Neural Networks Network
Artificial Intelligence Data Model Models I You We He She""".split())
# a sentence that names something: what follows must be the passages' words
_NAMED = re.compile(r"\b(?:is|are|was|were)\s+(?:often\s+|commonly\s+|also\s+|usually\s+)?(?:called|known as|"
                    r"referred to as|termed|named|dubbed)\s+([^.,;:!?()]{2,80})", re.I)
_NAME_ENDS = re.compile(r"\b(?:because|since|as|which|that|who|where|when|and|or|to|for|in|by|with|from|of|if)\b",
                        re.I)  # "is called 'deep' because it uses...": the name is 'deep'
_SCAFFOLD = re.compile(r"^\W*passage\W*(\[\d+\])?\W*,?\s*from\b|^\W*(question|passage \[\d+\])\s*:", re.I)
_SILENT = re.compile(r"\b(the document|the passages?|the text)\b.{0,30}\b(does not|doesn't|do not|don't|never|did not)\b"
                     r".{0,20}\b(say|says|mention|mentions|cover|covers|state|give|gives|specify|discuss|provide)\b", re.I)
MIN_SIMILARITY = 0.5  # MiniLM cosine of sentence and best passage sentence; Settings.min_support says why
SIDE_MARGIN = 0.08  # a claim this much closer to the other side's line than to its own side's is a transfer
MIN_OVERLAP = 0.6  # share of the sentence's content words present in the supporting passage (Settings.min_overlap)
# a passage sentence less close to the question does not bear on it (every dev answerable question's best
# sentence is at least 0.37; coverage's CLOSEST_SIMILARITY is the same bar)
QUOTE_SIMILARITY = 0.35


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def is_silence(text: str) -> bool:
    """ "The document does not say who founded it": a sentence that claims nothing but the document's silence."""
    return _SILENT.search(text) is not None


def silence_refuted(text: str, evidence: "Evidence") -> bool:
    """Whether "the document does not cover X" is wrong on its face: a passage sentence near the question (one
    of the 3 nearest, at least QUOTE_SIMILARITY) holds every word the claim says is missing. The 0.5B wrote "The
    document does not cover multimodal AI." above "Multimodal AI: ... Examples include DALL·E, CLIP and
    Whisper", and "The document does not say who developed PyTorch" after "PyTorch was developed by Facebook"
    (0.42 from the question)."""
    said = content_stems(_SILENT.sub(" ", text)) - _SILENCE_WORDS
    return bool(said) and any(similarity >= QUOTE_SIMILARITY and said <= content_stems(evidence.sentences[i][1])
                              for i, similarity in evidence.nearest)


def citations_in(text: str) -> set[int]:
    """The passage numbers a text cites ("[1]", "[2, 3]"), by the same pattern `strip_citations` removes."""
    return {int(n) for m in _CITATION.finditer(text) for n in re.findall(r"\d{1,2}", m.group(0))}


def strip_citations(text: str) -> str:
    return re.sub(r"\s+([.,;:!?])", r"\1", _CITATION.sub("", text)).strip()


def content_stems(text: str) -> set[str]:
    # an acronym's plural is the acronym: the stemmer leaves "cnns" whole (no vowel), so "(CNNs)" in a heading
    # did not hold the "CNN" of a sentence
    words = [re.sub(r"^([A-Z]{2,})s$", r"\1", w).lower().strip("'’.")
             for w in _WORD.findall(text)]
    return set(_stemmer().stemWords([w for w in words if len(w) > 2 and w not in _STOP]))


def numbers(text: str) -> set[str]:
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    words = {w.lower() for w in _WORD.findall(text)}
    return found | (words & _NUMBER_WORDS)


def names(text: str) -> set[str]:
    """Tokens that name something: acronyms, tokens with digits, capitalised words not opening the sentence.

    Bold labels ("**Check the Decision Rule**:") are Title Case by habit, not names, so they are left out."""
    return {w for phrase in name_phrases(text) for w in phrase.split()}


def name_phrases(text: str) -> list[str]:
    """The names of `names`, with adjacent ones joined: "Vision Transformers", "AlphaGo Zero" name one thing each,
    which the passages may lack though they hold every word apart ("Transformers", "AlphaGo", "zero-sum")."""
    phrases: list[list[str]] = []
    text = re.sub(r"\*\*[^*]{1,80}\*\*", " ", text)
    end = -1
    for i, m in enumerate(_WORD.finditer(text)):
        w = m.group(0)
        opener = i == 0 or text[:m.start()].rstrip()[-1:] in ".!?:\n-*\"“‘'(["
        if w.split("'")[0].split("’")[0] == "I":  # I, I've, I'm
            continue
        if any(c.isdigit() for c in w) or (w.isupper() and len(w) > 1) or \
                (w[0].isupper() and not opener and w not in _NOT_NAMES and len(w) > 2):
            name = re.sub(r"['’]s$", "", w.lower())  # "GPT-4's context window" names GPT-4
            if phrases and not text[end:m.start()].strip():  # nothing between: one name goes on
                phrases[-1].append(name)
            else:
                phrases.append([name])
            end = m.end()
    return [" ".join(p) for p in phrases]


@dataclass
class Verdict:
    ok: bool
    cite: int | None  # the passage number that supports the sentence best
    similarity: float
    overlap: float
    reason: str = ""


@dataclass
class Evidence:
    """The passages the learner is shown, split into sentences and embedded once per answer."""

    sources: list[Source]
    sentences: list[tuple[int, str]]  # (passage number, sentence); label lines ("Deep Learning:") left out
    sides: list[str | None]  # per sentence: the side of the comparison its heading or label puts it on
    vectors: np.ndarray
    stems: dict[int, set[str]]  # per passage
    text: str  # all passages and the question, flattened: where a shown sentence's numbers and names must occur
    passages: str  # the passages alone, flattened
    asked: set[str] = field(default_factory=set)  # the question's content words: echoing them is no new claim
    nearest: list[tuple[int, float]] = field(default_factory=list)  # the 3 sentences nearest the question
    choice: bool = False  # the question offers alternatives ("classification or regression?")
    flat_by_passage: dict[int, str] = field(default_factory=dict)  # each passage flattened, with its heading
    question_names: set[str] = field(default_factory=set)  # the names the question gives that the passages hold

    def mentions(self, term: str, *, passages_only: bool = False) -> bool:
        """Whether the term occurs; an acronym also when words with its initials do ("ml": machine learning)."""
        text = self.passages if passages_only else self.text
        flat = flatten(term).strip()
        if any(f" {form} " in text for form in (flat, flat + "s", flat + "es", flat[:-1] if flat.endswith("s") else flat)):
            return True  # "TPUs" in the sentence, "TPU" in the passage, and the other way round
        return spelled_out(flat, text)

    def quote(self, i: int) -> str:
        """Sentence i as the learner should read it out of context: with its side when it has a label."""
        n, sentence = self.sentences[i]
        sentence = re.sub(r"^[-*]\s+", "", sentence.replace("**", "")).strip()
        side = self.sides[i]
        section = next((s.section for s in self.sources if s.n == n), "")
        if side and side_of_section(section) is None:  # the label is not in the heading: say it
            sentence = f"{side[0].upper()}{side[1:]}: {sentence}"
        return sentence

    @classmethod
    def build(cls, sources: list[Source], question: str, embedder: Embedder,
              question_vector: np.ndarray | None = None) -> "Evidence":
        from tutor.document import sentences as split

        pairs: list[tuple[int, str]] = []
        sides: list[str | None] = []
        for s in sources:
            side = side_of_section(s.section)
            for sentence in split(s.text):
                label = label_of(sentence)
                if label:  # the side for the lines below it, not a sentence of its own
                    side = label
                    continue
                if is_instruction(sentence):  # an order planted in a document is never quoted or cited
                    continue
                pairs.append((s.n, sentence))
                sides.append(side)
        # a sentence opening on a pronoun is embedded with its heading, which says what the pronoun is: "They use
        # convolutional layers to extract spatial features from images" is about CNNs (dev q15: "use a CNN for
        # pictures" was 0.46 from it alone)
        heading = {s.n: s.section.split(" > ")[-1] for s in sources}
        vectors = embedder.embed([f"{heading[n]}: {p}" if _PRONOUN.match(p) else p for n, p in pairs]) if pairs \
            else np.zeros((0, 384), dtype=np.float32)
        passages = " ".join(f"{s.section} {s.text}" for s in sources)
        flat = flatten(passages)
        nearest = []
        if pairs:
            sims = vectors @ (embedder.embed([question])[0] if question_vector is None else question_vector)
            nearest = [(int(i), float(sims[i])) for i in np.argsort(-sims)[:3]]
        return cls(sources, pairs, sides, vectors,
                   {s.n: content_stems(f"{s.section} {s.text}") for s in sources}, flatten(f"{question} {passages}"),
                   flat, asked_stems(question, flat), nearest, re.search(r"\bor\b", question, re.I) is not None,
                   {s.n: flatten(f"{s.section} {s.text}") for s in sources},
                   {n for n in names(question) if f" {flatten(n).strip()}" in flat or spelled_out(n, flat)})


def spelled_out(acronym: str, flat: str) -> bool:
    """Whether flattened text (`flatten`) holds words with the acronym's initials, in order ("ml": "machine learning")."""
    return acronym.isalpha() and 2 <= len(acronym) <= 5 and re.search(
        r" " + r"[a-z]*\s+".join(acronym) + r"[a-z]* ", flat) is not None


def spelled_words(acronym: str, flat: str) -> str:
    """The words of flattened text that spell the acronym out: where it is defined ("Machine Learning (ML)"), else
    the most frequent ("cnn" -> "convolutional neural networks"), or ""."""
    if not (acronym.isalpha() and 2 <= len(acronym) <= 5):
        return ""
    words = r"[a-z]*\s+".join(acronym) + r"[a-z]*"
    defined = re.search(rf" ({words}) {acronym} ", flat)  # "Artificial Intelligence (AI)"
    if defined:
        return defined.group(1)
    (first, n), (_, runner_up) = (Counter(re.findall(rf"(?= ({words}) )", flat)).most_common(2) + [("", 0)] * 2)[:2]
    # two initials are common by chance ("and improve" spells "ai"): then only a clear favourite says
    return first if len(acronym) > 2 or (n >= 2 and n > 2 * runner_up) else ""


def asked_stems(question: str, passages: str) -> set[str]:
    """The question's content words, with its acronyms spelled out as the passages spell them: "which ML models"
    answered "Machine Learning models are suggested" (dev q37) only echoes the question."""
    acronyms = {re.sub(r"s$", "", w).lower() for w in re.findall(r"\b[A-Z]{2,5}s?\b", question)}
    return content_stems(question).union(*(content_stems(spelled_words(a, passages)) for a in acronyms))


def flatten(text: str) -> str:
    """Lower-case words and numbers between spaces. "80%" reads "80 percent" and "220,000" reads "220000", as
    `numbers` writes them: with the sign or the comma kept, "80" and "220000" were "not in the passages" that
    held them (dev q65, q48)."""
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text.lower().replace("**", "")).replace("%", " percent ")
    return " " + re.sub(r"[^a-z0-9]+", " ", text) + " "


class Verifier:
    """`check(sentence, evidence)`: may the learner see this sentence, and which passage does it cite?"""

    def __init__(self, embedder: Embedder, min_similarity: float = MIN_SIMILARITY,
                 min_overlap: float = MIN_OVERLAP) -> None:
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.min_overlap = min_overlap

    def check(self, sentence: str, evidence: Evidence) -> Verdict:
        text = re.sub(r"^\s*(\d{1,2}\.|[-*])\s+", "", strip_citations(sentence))  # a list marker states nothing
        if not evidence.sentences:
            return Verdict(False, None, 0.0, 0.0, "no passages")
        missing = [n for n in numbers(text) if not evidence.mentions(n)]
        if missing:
            return Verdict(False, None, 0.0, 0.0, f"number not in the passages: {missing[0]}")
        unknown = [n for n in names(text) if not evidence.mentions(n)]
        if unknown:
            return Verdict(False, None, 0.0, 0.0, f"name not in the passages: {unknown[0]}")
        stray = _name_apart(text, evidence)
        if stray:
            return Verdict(False, None, 0.0, 0.0, f"pairs {stray} with a name of the question no passage names with it")
        named = _NAMED.search(text)
        if named and content_stems(_NAME_ENDS.split(named.group(1))[0]) - set().union(*evidence.stems.values()):
            # "The trick where a model invents its own practice questions is called "transfer learning"" (dev-2
            # d2q19; the passages never say "transfer"): every other word echoed the question, so the sentence
            # passed on overlap; the name it gives is the whole answer and must be the passages' own
            return Verdict(False, None, 0.0, 0.0, f"gives a name the passages do not: {named.group(1)}")
        swapped = figure_swapped(text, evidence)
        if swapped:
            return Verdict(False, None, 0.0, 0.0, f"pairs {swapped} with what the passage says of another figure")
        if _SCAFFOLD.search(text):  # 'Passage, from "Key Differences..."': the prompt's frame echoed back
            return Verdict(False, None, 0.0, 0.0, "echoes the prompt's layout")
        if is_silence(text):  # "The document does not say when it was published": honest, claims nothing
            if silence_refuted(text, evidence):
                return Verdict(False, None, 0.0, 0.0, "says the document is silent where its nearest sentence speaks")
            return Verdict(True, None, 1.0, 1.0, "says the document is silent")
        stems = content_stems(text)
        if not stems:  # "Sure!", "In short:" carry no fact: shown only as glue between facts
            return Verdict(True, None, 1.0, 1.0, "no content")
        if re.search(r"\.\.\.|…", text):  # "(e.g., temperature, ...)": a passage copied where the budget cut it
            return Verdict(False, None, 0.0, 0.0, "copies a passage where it was cut short")
        if stems <= evidence.asked and (not evidence.choice or _PRONOUN.match(text) or _VERDICT.match(text)):
            # the question's own words stated as a fact, which no passage word bears out: "There is no way to peek
            # inside a black-box neural network" (dev q30; the passage names LIME and SHAP), "It can help you use
            # a neural net with a tiny dataset" of whatever came before (dev q28). Only picking one of the
            # question's alternatives ("Spam detection is a classification task") may use its words alone
            return Verdict(False, None, 0.0, 0.0, "the question's own words stated as a fact")
        rest = unechoed(text, evidence.asked)
        if rest:  # the question restated first dilutes the meaning of what is added: judge the addition too
            both = evidence.vectors @ self.embedder.embed([text, rest]).T
            sims = both.max(axis=1)
        else:
            sims = evidence.vectors @ self.embedder.embed([text])[0]
        claims = side_of_text(text)
        new = stems - evidence.asked or stems  # what the sentence adds to the question
        order = [int(i) for i in np.argsort(-sims)]
        same = [i for i in order if not opposite(claims, evidence.sides[i])]
        if claims and order and order[0] not in same and \
                float(sims[order[0]]) - (float(sims[same[0]]) if same else 0.0) >= SIDE_MARGIN and \
                _shared(new, evidence, [order[0]]) >= _shared(new, evidence, same):
            # it says of deep learning what the document says of machine learning (or the reverse)
            return Verdict(False, None, float(sims[order[0]]), 0.0, "states what the document says of the other side")
        best: Verdict | None = None
        supported: list[Verdict] = []
        for i in np.argsort(-sims):
            n, _ = evidence.sentences[int(i)]
            if opposite(claims, evidence.sides[int(i)]):
                continue  # a claim about one side supported only by the other side's line
            overlap = len(stems & (evidence.stems[n] | evidence.asked)) / len(stems)
            verdict = Verdict(float(sims[i]) >= self.min_similarity and overlap >= self.min_overlap, n,
                              float(sims[i]), overlap)
            if verdict.ok:
                supported.append(verdict)
            best = best or verdict
        if supported:  # cite the passage that holds most of what the sentence adds, then the closest sentence
            return max(supported, key=lambda v: (len(new & evidence.stems[v.cite]), v.similarity))
        if best is None:
            return Verdict(False, None, 0.0, 0.0, "supported only by the other side of a comparison")
        best.reason = f"unsupported (similarity {best.similarity:.2f}, overlap {best.overlap:.2f})"
        return best


# a clause ends at these: "reduce downtime by up to 50% and lower maintenance costs by 30%" binds each figure
# to the words on its own side of the "and"
_CLAUSE_END = re.compile(r"[,;:]|\b(?:and|but|while|whereas|compared|versus|vs)\b", re.I)
_FIGURE_REACH = 3  # content words each side of a figure that say what it counts


def _figure_words(text: str) -> dict[str, dict[str, int]]:
    """Each digit figure of a text and the content words near it in its clause, with their distance in content
    words (1 = the next one)."""
    tokens = [(m.lastgroup, m.group(0)) for m in re.finditer(
        rf"(?P<end>{_CLAUSE_END.pattern})|(?P<figure>{_NUMBER.pattern})|(?P<word>{_WORD.pattern})", text)]
    found: dict[str, dict[str, int]] = {}
    for i, (kind, value) in enumerate(tokens):
        if kind != "figure":
            continue
        near = found.setdefault(value.replace(",", ""), {})
        for step in (-1, 1):
            distance, j = 0, i + step
            # past another figure of the same clause: "accuracy rose from 80% to 95%" says "accuracy" of both
            while 0 <= j < len(tokens) and tokens[j][0] != "end" and distance < _FIGURE_REACH:
                for stem in content_stems(tokens[j][1]) - {"percent"} if tokens[j][0] == "word" else ():
                    distance += 1
                    near[stem] = min(near.get(stem, distance), distance)
                j += step
    return found


def figure_swapped(text: str, evidence: "Evidence") -> str | None:
    """A figure of the passages said of what they say of another figure: the passage "reduce downtime by up to
    50% and lower maintenance costs by 30%", the model "Siemens saved up to 50% on maintenance costs" (dev-2
    d2q05). Every number and word is in the passage, so the other checks pass it. Only a passage sentence holding
    two or more figures can be misread this way; the sentence is judged against each one holding its figure, and
    is swapped when none of them binds the figure to the sentence's nearby words more than another figure. Words
    nearer the figure weigh more (1/distance), so a subject shared by both clauses ("Siemens") decides little."""
    mine = _figure_words(text)
    for figure, near in mine.items():
        readings = [found for _, sentence in evidence.sentences
                    if len(found := _figure_words(sentence)) > 1 and figure in found]
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


def _name_apart(text: str, evidence: Evidence) -> str | None:
    """A name the sentence adds that no passage gives beside any of the question's names: "The Siemens software
    platform that runs its predictive maintenance models is Statsmodels [2]" (eval/not_covered_dev2.yaml nc2_04)
    took a library from a list of tools and made it Siemens' platform; every word is in some passage."""
    said = names(text)
    paired = {q for q in evidence.question_names if q in said}  # the sentence says something of these two
    for name in said - evidence.question_names if paired else ():
        term = flatten(name).strip()
        holding = [flat for flat in evidence.flat_by_passage.values() if f" {term}" in flat]
        if holding and not any(f" {flatten(q).strip()}" in flat or spelled_out(q, flat)
                               for flat in holding for q in paired):
            return name
    return None


def _shared(stems: set[str], evidence: Evidence, indices: list[int]) -> int:
    """The most content words the claim adds to the question that one of these evidence sentences holds. MiniLM
    alone puts "machine learning usually takes minutes to hours" closer to deep learning's "hours to weeks" line
    (0.78) than to its own "minutes to hours" line (0.67, dev q34); the words say which line it repeats, and
    only the added ones: "training", "take", "model" came from the question and tied the two lines."""
    return max((len(stems & content_stems(evidence.sentences[i][1])) for i in indices), default=0)


def cite(sentence: str, n: int | None) -> str:
    """The sentence without the model's citations, with the computed one before its final punctuation."""
    text = strip_citations(sentence)
    if n is None:
        return text
    m = re.search(r"[.!?:;]+[\"'”’)]*$", text)
    return f"{text[:m.start()]} [{n}]{text[m.start():]}" if m else f"{text} [{n}]"


_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|approx|cf|Dr|Mr|Ms|Fig|No)\.|\b[A-Z]\.)$")
_END = re.compile(r"[.!?](?:\s*\[\d{1,2}\])*[\"'”’)]*(?=\s)|\n")
_LIST_NUMBER = re.compile(r"\s*\d{1,2}\.")  # "1." opening a numbered list item is not a sentence end
_LIST_OPENS = re.compile(r":\s*\d{1,2}\.$")  # nor "you need to: 1." (the probe set showed "...need to [1]: 1.")
_CLAUSE = re.compile(r"[;,:](?=\s)")
MIN_CLAUSE = 40  # characters: a shorter clause ("such as images,") cannot be checked on its own


class Units:
    """Cuts streamed text into the units that are verified: sentences (and list lines), or clauses."""

    def __init__(self, unit: str = "sentence") -> None:
        self.unit = unit
        self.buffer = ""

    def feed(self, piece: str) -> list[str]:
        self.buffer += piece
        out = []
        while True:
            cut = self._cut()
            if cut is None:
                return out
            unit, self.buffer = self.buffer[:cut], self.buffer[cut:]
            if unit.strip():
                out.append(unit)

    def flush(self) -> list[str]:
        unit, self.buffer = self.buffer, ""
        return [unit] if unit.strip() else []

    def _cut(self) -> int | None:
        for m in _END.finditer(self.buffer):
            if m.group(0) != "\n" and (_ABBREV.search(self.buffer[:m.start() + 1])
                                       or _LIST_NUMBER.fullmatch(self.buffer[:m.start() + 1])
                                       or _LIST_OPENS.search(self.buffer[:m.start() + 1])):
                continue
            return m.end()
        if self.unit == "clause":
            for m in _CLAUSE.finditer(self.buffer):
                if m.start() >= MIN_CLAUSE and len(self.buffer) - m.end() > 1:
                    return m.end()
        return None


def stream_verdicts(verifier: "Verifier", pieces, evidence: Evidence, unit: str, timings=None, cut_short=None):
    """(unit as generated, verdict) for each unit of a streamed answer, as soon as the unit is complete."""
    units = Units(unit)

    def judged(batch):
        for raw in batch:
            if not strip_citations(raw):  # a stray "[2]." between units
                continue
            t0 = time.perf_counter()
            verdict = verifier.check(raw, evidence)
            if timings is not None:
                timings.verify_ms += (time.perf_counter() - t0) * 1000
            yield raw, verdict

    for piece in pieces:
        yield from judged(units.feed(piece))
    rest = units.flush()
    if rest and cut_short is not None and cut_short():  # stopped by the token limit mid-sentence: never shown
        yield rest[0], Verdict(False, None, 0.0, 0.0, "cut off by the token limit")
        return
    yield from judged(rest)



def unechoed(text: str, asked: set[str]) -> str:
    """The sentence without its leading clauses that only restate the question ("To get a neural net small
    enough to run on a phone, | you can use quantization, pruning and distillation": dev q45, similarity 0.50
    whole, the added clause alone well above), or "" when nothing leads with an echo."""
    parts = _CLAUSE.split(text)
    k = 0
    while k < len(parts) - 1 and content_stems(parts[k]) and content_stems(parts[k]) <= asked:
        k += 1
    rest = ",".join(parts[k:]).strip()
    return rest if k and content_stems(rest) else ""


def stems_of(pieces: list[str]) -> set[str]:
    return set().union(*(content_stems(p) for p in pieces)) if pieces else set()


def adds_little(said: set[str], evidence: Evidence, most: int = 1) -> bool:
    """Whether the shown sentences add at most `most` of the passages' words to the question's. "Clustering
    algorithms can split your customers into groups when you don't have any labels" (dev q06) is supported yet
    tells the learner nothing they did not ask; "LSTMs were designed to solve the vanishing gradient problem"
    adds two ("vanishing", "gradient") and is an answer. `said`: the shown sentences' `stems_of`."""
    known = set().union(*evidence.stems.values()) if evidence.stems else set()
    return len((said - evidence.asked) & known) <= most


def extractive_text(evidence: Evidence, question_vector: np.ndarray, n: int = 2,
                    said: set[str] | None = None, within: set[int] | None = None) -> str:
    """The passages' own best sentences, quoted with their citation: the answer when nothing generated held up,
    or after an answer that adds little (then without the sentences whose words it already `said`, and only
    from the passages it cited, `within`: "use a CNN for pictures [2]" followed by passage 1's feedforward
    sentence misled, dev q15). "" when `within` holds no whole sentence to quote."""
    sims = evidence.vectors @ question_vector
    whole = [int(i) for i in np.argsort(-sims) if not evidence.sentences[int(i)][1].endswith("...")
             and not (said and content_stems(evidence.sentences[int(i)][1]) <= said)
             and (not within or evidence.sentences[int(i)][0] in within)]
    if within and not whole:
        return ""
    picked = (whole or [int(np.argmax(sims))])[:n]  # a sentence cut to fit the budget is a poor quote
    # a second quote only when it bears on the question: a book title (0.2) after the answer is noise (dev q45)
    return quote_text(evidence, picked[:1] + [i for i in picked[1:] if sims[i] >= QUOTE_SIMILARITY])


def quote_text(evidence: Evidence, indices: list[int]) -> str:
    """Evidence sentences quoted with their citations, as the document's own words; a sentence that goes on
    from a quoted one ("Examples include DALL·E, CLIP and Whisper." after "Multimodal AI: Models that...") is
    quoted with it."""
    parts: list[str] = []
    headings: set[str] = set()
    for i in indices:
        n, _ = evidence.sentences[i]
        text = evidence.quote(i)
        nxt = i + 1
        if nxt < len(evidence.sentences) and nxt not in indices and evidence.sentences[nxt][0] == n and \
                _GOES_ON.match(evidence.sentences[nxt][1]) and not evidence.sentences[nxt][1].endswith("..."):
            text = f"{text} {evidence.sentences[nxt][1].strip()}"
        heading = next((s.section for s in evidence.sources if s.n == n), "").split(" > ")[-1].strip()
        # the heading names what the sentence is about: "An agent learns to make decisions by interacting with an
        # environment" answers "how does a robot learn by trial and error?" under "Reinforcement Learning", a
        # name the sentence itself never says (dev-2 d2q08). Once per heading; a side is the side label's job
        if heading and heading not in headings and not content_stems(heading) <= content_stems(text) and \
                side_of_section(heading) is None:
            parts.append(f"{heading} — “{text}” [{n}]")
        else:
            parts.append(f"“{text}” [{n}]")
        headings.add(heading)
    return "The document says: " + " ".join(parts)


def not_covered_text(coverage, evidence: Evidence) -> str:
    """ "The document doesn't cover that", what exactly it lacks, and what it does say nearby, cited."""
    if coverage.missing:  # never the learner's own words back: a "name" may be an attacker's code word
        lack = "it never mentions the name" + ("s" if len(coverage.missing) > 1 else "") + " you asked about"
    elif "person" in coverage.wants:
        lack = "it doesn't say who"
    elif "date" in coverage.wants:
        lack = "it gives no date for that"
    elif "number" in coverage.wants:
        lack = "it gives no figure for that"
    else:
        lack = "none of its passages answers this"
    near = nearby_text(coverage, evidence)
    return f"The document doesn't cover that: {lack}, so I won't guess." + (f" {near}" if near else "")


def nearby_text(coverage, evidence: Evidence) -> str:
    """What the document does say closest to an uncovered question, quoted and cited."""
    near = " ".join(f"“{evidence.quote(i)}” [{evidence.sentences[i][0]}]" for i in coverage.nearby)
    return f"What it does say nearby: {near}" if near else ""
