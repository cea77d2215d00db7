"""The two sides the document compares, machine learning and deep learning, and which side a text is on.

The document is one long comparison: many sections exist twice ("Use Machine Learning If" / "Use Deep
Learning If", "Key Differences > Training Time > Machine Learning" / "... > Deep Learning"). A question
about one side that is answered from the other side's section is the worst kind of wrong answer
("deep learning is best suited for structured data"), so retrieval demotes the other side's sections
and verification refuses a sentence whose only support sits under the other side's heading.
"""
from __future__ import annotations

import re

ML, DL = "machine learning", "deep learning"
_ML = re.compile(r"\b(machine learning|ml|classic(al)? (ml|models?|algorithms?)|traditional (ml|models?|algorithms?))\b",
                 re.I)
_DL = re.compile(r"\b(deep learning|dl|deep (neural )?(networks?|nets?|models?)|neural (nets?|networks?))\b", re.I)
# looser words for each side, for telling whether a question sets the two against each other: "a decision tree's
# verdict ... harder with neural nets", "a deep model next to a traditional one", "a classic model ... deep ones"
# (3 of the 10 comparison questions of heldout-5, read once it became a dev set, got one side quoted)
# ... and "something simpler" set against a network: "Only office PCs lacking any graphics card. Neural net or
# something simpler?" (dev-45 h45q44 was told "not covered" above the salary lines)
_LOOSE_ML = re.compile(r"\b(machine learning|ml|classic(al)?|traditional|older|old-school|conventional|shallow"
                       r"|decision trees?|(linear|logistic) regression|random forests?|svms?"
                       r"|(some|any)thing (much |far |a bit )?simpler"
                       r"|simpler (models?|approach(es)?|methods?|options?|tools?|algorithms?|techniques?))\b", re.I)
# a deep model named by its kind is the deep side too: "what does a CNN learn straight from raw pixels, and what
# must an ML practitioner do by hand?" (dev-6 h6q37) got the machine learning side alone quoted; so is a network
# ("which clues must someone extract for classic ML, and what does a picture network learn for itself?", dev-13
# h13q37)
_LOOSE_DL = re.compile(r"\b(deep|dl|neural|cnns?|rnns?|lstms?|convolutional|recurrent|transformers?|gans?"
                       r"|autoencoders?|networks?|nets)\b", re.I)
_LABEL = re.compile(r"^\s*(machine learning|deep learning)\s*:\s*$", re.I)  # a merged sub-section's label line


def side_of_text(text: str) -> str | None:
    """ML or DL when the text speaks of exactly one side, else None ("ML vs DL", or neither)."""
    lowered = text.lower()
    ml = bool(_ML.search(lowered.replace(DL, " ")))
    dl = bool(_DL.search(lowered))
    if ml == dl:
        return None
    return ML if ml else DL


def names_a_side(text: str) -> bool:
    """Whether the text speaks of machine learning or deep learning at all, one side or both."""
    lowered = text.lower()
    return bool(_ML.search(lowered) or _DL.search(lowered))


_ML_NAMED = re.compile(r"\b(?:ml|machine learning)\b", re.I)
_DL_NAMED = re.compile(r"\b(?:dl|deep learning)\b", re.I)


def names_both_fields(text: str) -> bool:
    """Whether the text names both fields by name ("ML versus DL", "deep learning and machine learning models"), not
    by a kind of model ("classical models and neural networks"): the document's own subject set side by side."""
    return bool(_ML_NAMED.search(text) and _DL_NAMED.search(text))


def _loose_sides(text: str) -> tuple[bool, bool]:
    """Whether the text speaks of machine learning, and of deep learning, in loose words too ("a random forest",
    "a deep net")."""
    lowered = text.lower()
    return bool(_LOOSE_ML.search(lowered.replace(DL, " "))), bool(_LOOSE_DL.search(lowered.replace(ML, " ")))


def sets_against(text: str) -> bool:
    """Whether the text speaks of both sides, in loose words too ("classic" and "deep ones")."""
    return all(_loose_sides(text))


# a side called by a loose word and a word for a side: "the deep side", "the classic camp", "traditional approaches"
_SIDE_NOUN = re.compile(r"\b(classic(al)?|traditional|older|old-school|conventional|shallow|deep|neural)[- ]"
                        r"(sides?|approach(es)?|camps?|ones?|kinds?|methods?|techniques?)\b", re.I)


def contrasts_sides(text: str) -> bool:
    """Whether the text sets the two sides against each other and calls at least one a side in so many words:
    "the deep side ... the classic side", not "a classic sourdough or a deep-pan pizza"."""
    return sets_against(text) and _SIDE_NOUN.search(text) is not None


def asked_side(question: str) -> str | None:
    """The one side a question asks about: none when it sets the two against each other, even in loose words
    ("how big a dataset does a neural approach want next to a classic model?" is no question about ML alone)."""
    return None if sets_against(question) else side_of_text(question)


# a side said loosely ("the traditional study steps", "on the deep side"), not by a thing's name ("Bayesian networks"
# is no deep network)
_LOOSE = ((ML, re.compile(r"\b(?:machine learning|ml|classic(?:al)?|traditional|conventional|old-school)\b", re.I)),
          (DL, re.compile(r"\b(?:deep|neural)\b", re.I)))


def loose_side(text: str) -> str | None:
    """The one side a text speaks of, said loosely too ("classic models", "the deep side"), else None."""
    lowered = text.lower()
    sides = [side for side, word in _LOOSE if word.search(lowered.replace(DL, " ") if side == ML else lowered)]
    return sides[0] if len(sides) == 1 else None


def thing_side(text: str) -> str | None:
    """The one side a text's things stand on, by side or by kind: "a random forest" is machine learning, "a deep
    net" deep learning; None for both or neither."""
    ml, dl = _loose_sides(text)
    return None if ml == dl else ML if ml else DL


def names_both(heading: str) -> bool:
    """Whether a heading names the two sides ("Key Differences Between Machine Learning and Deep Learning")."""
    lowered = heading.lower()
    return ML in lowered and DL in lowered


def side_of_section(section: str) -> str | None:
    """The side of the nearest heading that names one side ("Use Deep Learning If"); None for comparisons."""
    for heading in reversed(section.split(" > ")):
        side = side_of_text(heading)
        if side:
            return side
        if names_both(heading):  # "Key Differences Between Machine Learning and Deep Learning"
            return None
    return None


def label_of(line: str) -> str | None:
    """ "Deep Learning:" alone on a line opens that side's part of a merged comparison chunk."""
    m = _LABEL.match(line)
    return m.group(1).lower() if m else None


def opposite(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a != b


# comparative words by the measure they rank on, (up, down): "Salaries for Deep Learning professionals are generally
# higher than those for Machine Learning" ranks deep learning up on pay, and "deep learning specialists are paid below
# their classic ML peers" down. Not "over" or "under" ("preferred over", "under the hood"), nor "more" or "less"
# without "than" ("more complex" ranks on another measure)
_RANKS = [(re.compile(up, re.I), re.compile(down, re.I)) for up, down in (
    (r"\b(?:higher|above|greater|more than|exceed\w*|outearn\w*|outperform\w*)\b",
     r"\b(?:lower|below|less than|fewer than|trail\w*|lag\w*)\b"),
    (r"\b(?:larger|bigger)\b", r"\bsmaller\b"),
    (r"\b(?:faster|quicker)\b", r"\bslower\b"),
    (r"\bbetter\b", r"\bworse\b"),
    (r"\b(?:costlier|dearer|pricier|more expensive)\b", r"\b(?:cheaper|less expensive)\b"),
)]


def _ranks_in(words: str) -> list[tuple[int, int]]:
    """(measure, +1 up or -1 down) for each comparative word of `_RANKS` the words hold."""
    return [(k, way) for k, pair in enumerate(_RANKS) for way, word in zip((1, -1), pair) if word.search(words)]


def ranking(text: str) -> tuple[int, int] | None:
    """How a text ranks the two sides: (measure, +1) when it ranks deep learning up against machine learning, -1
    down; None unless it names both and one comparative word stands between them."""
    lowered = text.lower()
    ml, dl = _ML.search(lowered), _DL.search(lowered)
    if not ml or not dl:
        return None
    first, second = sorted((ml, dl), key=lambda m: m.start())
    between = lowered[first.end():second.start()]
    found = _ranks_in(between)
    if not found and re.search(r"\bthan\b", between):
        # the comparative may come first: "salaries are higher for Machine Learning than for Deep Learning" (dev-41
        # h41nc19 got the salary line quoted as its answer)
        found = _ranks_in(lowered[max(0, first.start() - 30):first.start()])
    if len(found) != 1:
        return None
    measure, way = found[0]
    return measure, way if first is dl else -way


def ranked_against(text: str, line: str) -> bool:
    """Whether a text ranks the two sides on a measure the other way from a line: "deep learning specialists are paid
    below their classic ML peers" against "Salaries for Deep Learning professionals are generally higher than those
    for Machine Learning" (dev-20 h20nc18 was explained as a fact, in the line's own words)."""
    said, stated = ranking(text), ranking(line)
    return said is not None and stated is not None and said[0] == stated[0] and said[1] != stated[1]
