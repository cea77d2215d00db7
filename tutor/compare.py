"""The document's own comparison, quoted side by side, when the best passage is one.

"Key Differences > Model Complexity > Machine Learning" and "... > Deep Learning" are a bullet or two each and are
stored as one passage with a label line per side (knowledge._merge_small_siblings). Asked about one of them, the
1.5B model echoed the question ("the traditional models are less stuffed with internal settings than the deep
nets", dev-3 d3q25), named one side where both were asked ("Rows in a company database suit structured data"),
or picked a sentence from elsewhere: 6 of dev-3's 10 comparison questions were wrong. That passage already is the
answer, so the tutor quotes it: the side the question is about, or both sides labelled, cited, with no model call.
A question about one side never gets the other side's lines, which would read as the answer to it ("deep
learning ... works well with tabular data").
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tutor.document import pieces
from tutor.sides import DL, ML, label_of, names_a_side, names_both, names_both_fields, sets_against, side_of_text
from tutor.types import Source
from tutor.words import EVERYWHERE, asking, content_stems

if TYPE_CHECKING:
    import numpy as np

    from tutor.verify import Evidence

# a question that weighs the two: "which side keeps getting better, the neural side or the traditional
# algorithms?" names one side in the document's words and the other in the learner's
# "where does each approach shine?", "the two fields" (dev-9 h9q43 got the supervised-learning passages)
_BOTH = re.compile(r"\b(versus|vs\.?|compared?|comparison|against|which (side|one|approach|camp)|each side|both"
                   r"|differ(s|ent|ence|ences)?|(each|either) (approach|field|method|family|camp)"
                   r"|the two (approaches|fields|methods|families|camps|of them))\b", re.I)
# the words that name a side or a comparison: a question about the differences made of only these asks about no
# one thing compared
_IN_GENERAL = re.compile(r"\b(differ\w*|compar\w*|contrast\w*|distinguish\w*|versus|vs\.?)\b", re.I)
_SIDE_WORDS = content_stems("machine deep learning learn neural networks nets net ml dl ai traditional classic "
                            "classical old-school older modern models algorithms approaches methods side sides "
                            "difference differences different differ compare compared comparison versus")
_WHICH = re.compile(r"^\W*which (one|is|needs?|has|works?|suits?|scales?|takes?|requires?|trains?)\b", re.I)


def sides_of(text: str) -> dict[str, list[str]]:
    """Each side's lines of a merged comparison passage, in order ({} when it is not one: both labels needed)."""
    out: dict[str, list[str]] = {}
    side = None
    for _, piece in pieces(text):
        label = label_of(piece)
        if label:
            side = label
            out.setdefault(side, [])
        elif side:
            line = piece.lstrip("-* ").replace("**", "").strip()
            if line:
                out[side].append(line)
    return out if len(out) == 2 and all(out.values()) else {}


def is_comparison(section: str, text: str) -> bool:
    """Whether a passage is one of the document's side-by-side comparisons: both sides under one heading that
    names the two ("Key Differences Between Machine Learning and Deep Learning > Training Time")."""
    return bool(sides_of(text)) and any(names_both(h) for h in section.split(" > "))


def weighs_both(question: str) -> bool:
    """Whether a question weighs the two sides: it names both, or asks which of them, or compares."""
    lowered = question.lower()
    return _BOTH.search(question) is not None or _WHICH.search(question) is not None or sets_against(lowered) or (
        names_a_side(lowered) and side_of_text(lowered) is None)


# a comparative said of the two fields by name in one line: "Salaries for Deep Learning professionals are generally
# higher than those for Machine Learning"
_COMPARATIVE = re.compile(r"\b(?:\w+er|more|less|fewer)\b(?:\s+[\w-]+){0,6}?\s+than\b", re.I)
WEIGHED_SIMILARITY = 0.45  # the salary line is 0.57 from h45q46, a line on labelled data 0.35


def weighed_line(question: str, evidence: "Evidence", question_vector: "np.ndarray | None") -> int | None:
    """The line nearest a question that weighs the two fields which ranks them by name, or None: the answer when the
    model found the passages silent ("someone wondered which pays more, regular ML or deep neural work" was told the
    document gives no salary figures for deep neural work, above that very line: dev-45 h45q46)."""
    if question_vector is None or not weighs_both(question):
        return None
    sims = evidence.vectors @ question_vector
    found = [i for i, (_, sentence) in enumerate(evidence.sentences)
             if names_both_fields(sentence) and _COMPARATIVE.search(sentence) and sims[i] >= WEIGHED_SIMILARITY]
    return max(found, key=lambda i: sims[i]) if found else None


_SPELL_OUT = re.compile(r"\b(?:stands? for|expand\w*|spell\w* out|acronym|abbreviat\w*|short for)\b", re.I)


# an asking sentence about what the scene before it told: "... a person has to hand-pick the useful inputs. Why is
# that a drawback?" asks of the scene's thing (dev-21 h21q21 kept its "Feature Engineering" card by it); "To have
# a program guess the exact minutes of the next run, which kind of problem is that?" speaks of its own
_POINTS_BACK = re.compile(r"\b(?:is|was|does|did|makes?|are) (?:that|this|it)\b|\b(?:that|this|it)\s*\?", re.I)
BARE_ASK = 3  # content words an asking sentence that points back has at most ("why is that a drawback?": one)


def _points_back(asked: str) -> bool:
    return _POINTS_BACK.search(asked) is not None and len(content_stems(asked) - EVERYWHERE) <= BARE_ASK


def comparison_text(question: str, source: Source, words: str = "", asking_words: str | None = None) -> str | None:
    """The passage's side-by-side answer to the question, or None when the passage is no comparison.

    `words` are the document's terms found for the learner's everyday words ("old-school" -> machine learning):
    they tell which side a question is about when it names none in the document's own words. `asking_words` are
    those of the asking sentence alone (`words.asking`), which alone tell the thing compared, unless that sentence
    only points back at the scene."""
    if not is_comparison(source.section, source.text):
        return None  # "Books > Machine Learning / Deep Learning" pairs two reading lists: no comparison of the two
    if _SPELL_OUT.search(question):
        # "TPU is mentioned as hardware for deep nets. What does the acronym expand to?": the card names TPUs and
        # never spells them out; another passage does (dev-16 h16q11 got the hardware card)
        return None
    topic = source.section.split(" > ")[-1].strip()
    asks = content_stems(f"{question} {words}") - _SIDE_WORDS
    if _IN_GENERAL.search(question) and not asks & content_stems(f"{topic} {source.text}"):
        # "Explain every difference between machine learning and deep learning" asks for no one thing compared:
        # one passage's "Computational Resources" would answer a part of it as if it were the whole
        return None
    # the table's words name the thing compared only from the asking sentence: "I race sled dogs and log how long
    # each run took. To have a program guess the exact minutes, which kind of problem is that?" tells "how long" of
    # the scene, which the table reads as training time (dev-32 h32q23 got the "Training Time" card)
    compared = asks if asking_words is None or _points_back(asking(question)) else \
        content_stems(f"{question} {asking_words}") - _SIDE_WORDS
    if not (weighs_both(question) or names_a_side(f"{question} {words}") or compared & content_stems(topic)):
        # a question about neither side nor the thing compared ("which laptop GPU is best for gaming?" and
        # "Computational Resources") is no question about this comparison, however near its words: the model and
        # verification judge it, and may find it not covered. "How long does training take?" asks about "Training
        # Time". Dev sets: 1 of 23 comparison quotes went this way (q31); one held-out off-topic question (a count, not
        # read) reached a quote before this check
        return None
    sides = sides_of(source.text)
    asked = None if _BOTH.search(question) or sets_against(question) else (
        side_of_text(question) if names_a_side(question) else side_of_text(words))
    shown = [asked] if asked else [ML, DL]
    lines = [f"- **{side.capitalize()}:** “{' '.join(_sentence(s) for s in sides[side])}” [{source.n}]"
             for side in shown]
    # quoted under the same words as every other quote of the passages: the learner sees one sign for "the
    # document's own words", and `eval answers` scores only what the model wrote before it
    lead = f"The document says: **{topic}**"
    return "\n".join([lead, *lines])


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."
