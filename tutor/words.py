"""What a text's words are, as the checks compare them: content words stemmed, figures, names, acronyms spelled
out, and text flattened to lower-case words and numbers."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’.][A-Za-z0-9]+)*")
_IDENTIFIER = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")
# a figure, with its joined parts ("4-1", "3:2", "1,000"); "GPT-4" and "top-5" are names, not numbers
NUMBER = re.compile(r"(?<![A-Za-z0-9])(?<![A-Za-z]-)\d+(?:[.,:/–-]\d+)*(?![A-Za-z])")  # not "00" of "A100"
# units of measure: a figure is given in one of these or it answers no question asked in it ("how many miles?")
UNIT = re.compile(r"\b(miles?|kilomet\w*|km|metres?|meters?|feet|kilos?|kilograms?|kg|tonnes?|tons?|litres?|liters?|"
                  r"gallons?|watts?|kwh|kilowatts?|megawatts?|bytes?|gigabytes?|terabytes?|petabytes?|gb|tb|flops|"
                  r"petaflops|teraflops)\b", re.I)


def in_unit(unit: str, text: str) -> bool:
    """Whether a text speaks in a unit of measure, in any of its forms ("mile": "miles"; "kilometre": "kilometers")."""
    return re.search(rf"\b{re.escape(unit[:4])}", text, re.I) is not None


# number words state a figure as surely as digits do ("seventeen billion parameters")
NUMBER_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "hundreds", "thousands", "millions",
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
NOT_NAMES = frozenset("""The A An In On At For To Of And Or But If When While Although Because Since This That These
Those It Its They Their There Here Yes No However Also Both Each Every Some Many Most Such First Second Third
Finally Overall In Instead Unlike Like For Example Examples Note Deep Machine Learning Neural Networks Network
Artificial Intelligence Data Model Models I You We He She""".split()) | frozenset(
    # a day sets a scene and names nothing: "I ring the church bells on Sundays" was told the document "never mentions
    # the name you asked about" (dev-28 h28q22)
    f"{day}day{s}" for day in "Mon Tues Wednes Thurs Fri Satur Sun".split() for s in ("", "s"))


# words that say where something is from name a place, not the thing asked about: the document names that thing
# (Siemens, GDPR, salaries) without the place ("the German engineering giant", "which European rule", "in the
# States": dev-2 d2q05, d2q12, d2q38 were told the document never mentions what they named)
PLACE_WORDS = frozenset("""american british english european german french italian spanish dutch swiss swedish
chinese japanese korean indian canadian australian russian brazilian asian african states californian texan
scottish irish welsh nordic scandinavian belgian austrian polish norwegian danish finnish portuguese greek turkish
israeli mexican""".split())  # californian: "which Californian university's lab made Caffe?" (dev-7 h7q47)
# places a question may name: where a thing is, not what it is (the document's salaries are "(India)", "(US)")
PLACES = frozenset("us usa u.s u.s.a america uk united kingdom india china japan germany france canada europe asia "
                   "africa australia".split())


# an acronym with its words after it in brackets: "GDPR (General Data ...)", "GPUs (Graphics Processing Units)"
ACRONYM_FIRST = re.compile(r"\b([A-Z][A-Za-z0-9]*[A-Z])s?\s*\(([^()]{4,80})\)")

# "what do those letters stand for?": the words the acronym spells out are the answer, not the question's own
SPELL_ASK = re.compile(r"\b(?:stands?|stood) for\b|\bshort for\b|\babbreviat|\bacronym|\bspell(?:ed|s)? out\b",
                       re.I)


# a question asking what a thing is or what it is for, not a fact about it ("where is it based?", "how big?") nor
# a how-to ("what are the exact steps to ...?"); "is there a corner of Reddit for ...?" asks what there is
_NOT_WHAT_IT_IS = ("name|year|date|number|size|score|price|cost|default|value|rate|exact|steps?|commands?|code|"
                   "function|syntax")
ASKS_WHAT_IT_IS = re.compile(
    rf"\bwhat(?: on earth| exactly)?(?:'s| is| are)(?: (?:it|that|this|they|those|these))?\b"
    rf"(?! (?:the |its |their )?(?:{_NOT_WHAT_IT_IS})s?\b)|\bused for\b|\bwhat (?:does|do) .{{1,40}}\b(?:do|mean|"
    rf"stand for|make|sell|offer)\b|"
    # what a named firm or tool is: "the bibs had H2O.ai printed on them. What sort of thing does that firm make?"
    # (dev-19 h19q49: the name's passage was not found, and the reply said the document never mentions it)
    rf"\bwhat (?:sort|kind|type)s? of (?:thing|stuff|products?|company|firm|business|tool|service)\b|\bsomething in\b|\b(?:is|are) there\b|\bis (?:that|it|this) (?:about|a|an|some)\b"
    # what a thing is for: "ML people run grid searches too; what for?" (dev-11)
    rf"|\bwhat for\b", re.I)
# where the document speaks of a named thing: "my daughter giggled that Midjourney is an AI. Where does it come up in
# the guide?" (dev-16): the lines naming it are the answer
ASKS_WHERE_NAMED = re.compile(r"\bwhere (?:does|do|did|is|are|was) .{0,40}?\b(?:come|comes|show|turn) up\b|"
                              r"\bwhere (?:does|do|did|is|are|was) .{0,40}?\b(?:appear|feature|mention(?:ed)?|named)\b",
                              re.I)
# what a learner or the model calls the document: "the guide", "the post", "the write-up". One list for every check
# that reads a question or a sentence as speaking of the document (relevance, coverage, choice, the engine, verify)
DOCUMENT = r"(?:guide|document|post|article|blog(?: post)?|write-?up|tutorial|text|author|writer|piece|overview|primer)"
# a sentence opening on a pronoun goes on from the one before it ("This reduces the need for labeled data"): its
# meaning, its support and what it may be said after depend on that one (verify, binding, context)
OPENS_ON_PRONOUN = re.compile(r"\W*(?:they|it|its|these|this|those|such|their)\b", re.I)
# a sentence that goes on from the one before it and says nothing alone: "Examples include DALL·E, CLIP and Whisper"
GOES_ON = re.compile(r"\s*(?:examples? include|for example|for instance|e\.g\.|these|this|they|it|such)\b", re.I)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def content_stems(text: str) -> set[str]:
    # an acronym's plural is the acronym: the stemmer leaves "cnns" whole (no vowel), so "(CNNs)" in a heading
    # did not hold the "CNN" of a sentence
    # ... and a contraction is its first word: "you're", "what's" and "don't" are "you", "what" and "do", no content
    # (kept whole, "you're describing" held a word no passage has: dev-28 h28q32's right answer fell short on overlap)
    words = [_CONTRACTED.sub("", re.sub(r"^([A-Z]{2,})s$", r"\1", w).lower().strip("'’."))
             for w in WORD.findall(text)]
    return set(_stemmer().stemWords([w for w in words if len(w) > 2 and w not in _STOP]))


_CONTRACTED = re.compile(r"n['’]t$|['’](?:s|re|ve|m|ll|d)$")


# words every passage of this document shares: their presence says nothing about what a text is about
EVERYWHERE = content_stems("machine learning deep model models data algorithm algorithms network networks neural "
                           "ai artificial intelligence")
# the subject's own names, which every passage speaks of whether it writes them or not
SUBJECT_NAMES = frozenset({"ai", "ml", "dl"})
# words that say who says a thing ("the guide mentions ...", "the post lists ..."), no part of what is said
SAYING = content_stems("say says said mention mentions mentioned list lists listed tell tells document post guide "
                       "article author")


def numbers(text: str) -> set[str]:
    found = {n.replace(",", "") for n in NUMBER.findall(text)}
    # "a five-game match" states a figure too: the parts of a hyphenated word count
    words = {part for w in WORD.findall(text) for part in w.lower().split("-")}
    return found | (words & NUMBER_WORDS)


def asking(question: str) -> str:
    """The question's asking sentences, those ending in "?" (the whole question when none does); the rest sets a
    scene."""
    return " ".join(s for s in re.split(r"(?<=[.?!])\s+", question) if s.rstrip().endswith("?")) or question


def fold(text: str) -> str:
    """Accents off ("François Chollet" reads "Francois Chollet"), every other character kept: a learner types the
    name either way, and a word pattern of ASCII letters cut "François" to "Fran" (dev-9 h9q15 was declined)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def names(text: str) -> set[str]:
    """Tokens that name something: acronyms, tokens with digits, capitalised words not opening the sentence.

    Bold labels ("**Check the Decision Rule**:") are Title Case by habit, not names, so they are left out."""
    return {w for phrase in name_phrases(text) for w in phrase.split()}


def name_phrases(text: str) -> list[str]:
    """The names of `names`, with adjacent ones joined: "Vision Transformers", "AlphaGo Zero" name one thing each,
    which the passages may lack though they hold every word apart ("Transformers", "AlphaGo", "zero-sum")."""
    phrases: list[list[str]] = []
    text = re.sub(r"\*\*[^*]{1,80}\*\*", " ", fold(text))
    end = -1
    for i, m in enumerate(WORD.finditer(text)):
        w = m.group(0)
        opener = i == 0 or text[:m.start()].rstrip()[-1:] in ".!?:\n-*\"“‘'(["
        if w.split("'")[0].split("’")[0] == "I":  # I, I've, I'm
            continue
        # ... and a name that opens in lower case with a capital inside it: "spaCy", "fastText", "iOS" (dev-12
        # h12nc11: "what does the spaCy library offer?" got scikit-learn's line, the name unseen)
        if any(c.isdigit() for c in w) or (w.isupper() and len(w) > 1) or \
                (w[0].isupper() and not opener and w not in NOT_NAMES and len(w) > 2) or \
                (w[0].islower() and re.search(r"[a-z][A-Z]", w) is not None):
            name = re.sub(r"['’]s$", "", w.lower())  # "GPT-4's context window" names GPT-4
            if phrases and not text[end:m.start()].strip():  # nothing between: one name goes on
                phrases[-1].append(name)
            else:
                phrases.append([name])
            end = m.end()
    # a code identifier names a setting of some library: "min_support", "n_estimators" (dev-13 h13nc07: "what
    # threshold does apriori apply without a min_support value?" got the document's line on Apriori)
    phrases += [[m.group(0).lower()] for m in _IDENTIFIER.finditer(text)]
    return [" ".join(p) for p in phrases]


def spelled_out(acronym: str, flat: str) -> bool:
    """Whether flattened text (`flatten`) holds words with the acronym's initials, in order ("ml": "machine learning"),
    none of them a little word: "revolutionary architecture introduced in" spells no RAII (a dev-27 off-topic question
    on C++ got the Transformer line quoted)."""
    return acronym.isalpha() and 2 <= len(acronym) <= 5 and re.search(
        r" " + r"\s+".join(rf"(?!{_LITTLE} ){letter}[a-z]*" for letter in acronym) + " ", flat) is not None


# words no name is spelled out with (`spelled_out`)
_LITTLE = r"(?:a|an|the|in|on|at|of|to|by|for|from|with|as|is|are|be|it|its|or|and|if|so|up)"


def holds_name(term: str, flat: str, initials: bool = True) -> bool:
    """Whether flattened text (`flatten`) holds a name: as written, in the plural or the singular ("TPUs", "TPU"),
    or an acronym spelled out ("ml": "machine learning"), unless `initials` is False (a word, not an acronym)."""
    name = flatten(term).strip()
    if any(f" {form} " in flat for form in (name, name + "s", name + "es", name[:-1] if name.endswith("s") else name)):
        return True
    endings = ("ing", name[-1] + "ing", "ian")
    if " " not in name and len(name) >= 5 and any(f" {name}{end} " in flat for end in endings):
        # a verb's name on a T-shirt, "Stay Overfit", is the document's "Overfitting" (dev-16 h16q48 was told the
        # passages never mention it); a person's, the adjective named after them: "Gauss" in "Gaussian" (dev-17
        # h17q48)
        return True
    return initials and spelled_out(name, flat)


def names_alone(name: str, text: str) -> bool:
    """Whether a text writes the name as itself, not as the first word of a longer name: "Google’s Tensor Processing
    Units" names Google, "Google Colab" and "Google Translate" name other things."""
    return re.search(rf"(?<![\w-])(?i:{re.escape(name)})(?![\w-])(?![\s-]+[A-Z])", text) is not None


def written_as_word(name: str, text: str) -> bool:
    """Whether the text writes a name as a word, with lower-case letters after its first ("Nim", "Keras"), not in
    capitals as initials are ("NIM", "GANs"): a word's letters spell out nothing."""
    return any(re.search(r"[a-z]", m.group(0)[1:].rstrip("s")) for m in
               re.finditer(rf"(?<![\w-]){re.escape(name)}s?(?![\w-])", text, re.I))


def only_in_lower_case(name: str, question: str, text: str) -> bool:
    """Whether the question writes a name in capitals, as an acronym ("SOLID", the design principles), and the text
    holds that word only in lower case, as an ordinary word ("a solid understanding"): then it is not that name. A
    question all in capitals says nothing by its case."""
    word = rf"(?<![\w-]){re.escape(name)}(?![a-z0-9])"
    if len(name) < 3 or question.isupper() or \
            not any(m.group(0).isupper() for m in re.finditer(word, question, re.I)):
        return False
    found = [m.group(0) for m in re.finditer(word, text, re.I)]
    return bool(found) and all(f.islower() for f in found)


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
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", fold(text).lower().replace("**", "")).replace("%", " percent ")
    return " " + re.sub(r"[^a-z0-9]+", " ", text) + " "


def _stemmed(text: str) -> list[str]:
    """Every word of the text, flattened (`flatten`, which leaves a flattened text as it is) and stemmed, in order."""
    return _stemmer().stemWords(flatten(text).split())


def said_as_phrase(phrase: str, flat: str) -> bool:
    """Whether the words of `phrase` stand together and in order in `flat` (a `flatten`ed text), their endings aside:
    "image segmentation" is said by "Image segmentation (e.g., ...)", "pixel classification" not by "pixel-level
    classification"."""
    wanted, held = _stemmed(phrase), _stemmed(flat)
    return any(held[i:i + len(wanted)] == wanted for i in range(len(held) - len(wanted) + 1))


def said_nearly(phrase: str, flat: str, slack: int = 2) -> bool:
    """Whether every word of `phrase` stands in `flat` within a stretch `slack` words longer than the phrase: the
    phrase read loosely off that stretch ("pixel classification" off "pixel-level classification")."""
    wanted, held = set(_stemmed(phrase)), _stemmed(flat)
    width = len(wanted) + slack
    return any(wanted <= set(held[i:i + width]) for i in range(max(1, len(held) - width + 1)))


def misspellings(known: frozenset[str]) -> dict[str, str]:
    """The misspellings of the knowledge's long words that a learner types, each with the word it stands for: the
    word with one letter left out inside it ("reinforcment", "paramters") or two neighbouring letters swapped after
    the first ("langauge", "decisoin"), eight letters or more as typed. Not an extra or a changed letter: those are
    real words too often ("retrain" is no "retain", "sharding" no "sharing", "tagging" no "bagging"); nor a shorter
    word ("handing" is no "handling", "paying" no "playing", "though" no "through"). Over the questions of the dev
    sets (eval/*.yaml), 8 misspellings are read back and no real word is. British spellings of its words are read
    as its own too. The knowledge's own words are no keys."""
    wrong: dict[str, str] = {}
    for word in sorted(w for w in known if len(w) >= 8 and w.isalpha()):
        for i in range(1, len(word) - 1):
            wrong.setdefault(word[:i] + word[i + 1:], word)
            if word[i] != word[i + 1]:
                wrong.setdefault(word[:i] + word[i + 1] + word[i] + word[i + 2:], word)
        # ... and its British spelling, a system rather than a slip: "containerising" is the knowledge's
        # "containerizing" (dev-45 h45q12: the Docker line was cut from the passage the model saw, and its "Docker"
        # dropped as no passage's), "behaviour" its "behavior"
        for us, gb in (("iz", "is"), ("yz", "ys"), ("avor", "avour"), ("havior", "haviour"), ("olor", "olour")):
            if us in word:
                wrong.setdefault(word.replace(us, gb), word)
    return {typed: meant for typed, meant in wrong.items() if len(typed) >= 8 and typed not in known}


def respell(text: str, wrong: dict[str, str]) -> str:
    """The text with each misspelling of a knowledge word read as that word, capitalised as typed: "reinforcment
    learning borrows its basic idea from which area of science?" was declined as off-topic, nearer "learning a
    practical skill" than any passage (dev-33 h33q04); spelt right, Reinforcement Learning's passage is 0.67 near."""
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        meant = wrong.get(word.lower())
        if meant is None:
            return word
        return meant.capitalize() if word[:1].isupper() else meant
    return re.sub(r"[A-Za-z]+", fix, text)
