"""A learner's everyday words read as the document's terms, for retrieval only.

"My files are all recordings and photos, not tables" shares no content word with "If you are working with
images, audio, text, or video": MiniLM puts the two 0.3 apart and BM25 cannot match them at all. The phrases in
`tutor/data/learner_words.yaml` map such words to the textbook terms, which are searched beside the learner's
own words. The off-topic gate still judges the learner's words alone ("how do I clean up my recordings?"
stays off topic), and what is answered is still the learner's question.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).parent / "data" / "learner_words.yaml"


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    # "*" is one word, a possessive too: "take everyone's work" (dev-45 h45q49)
    alternatives = "|".join(re.escape(p.lower()).replace(r"\*", r"\w+(?:['’]s)?") for p in phrases)
    # "squashes", "squashed", "squashing": the last word of a phrase in its other forms too
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|es|d|ed|ing)?(?![\w-])")


# "what is it about them that earns it?", "it earned its reputation": earning a name, not pay. Read as pay, dev-26
# h26q38 (the nickname the explainability comparison gives deep models) searched the salary lines, and its passage
# fell out of the top 3
_DESERVES = re.compile(r"(?<![\w-])earn(?:s|ed|ing)? (?:it|them|its|their)\b")
# the field's name is no machine: "what machine learning gets used for in retail" is no "what machine" (hardware); a
# dev-30 look-alike got the hardware card quoted
_MACHINE_LEARNING = re.compile(r"\bmachine learning\b")


def _in_text(phrase: str, known: str) -> bool:
    # a phrase whose literal pieces are not all in the text cannot match it: the substring test spares most of
    # the ~800 phrases a compiled pattern and a regex search of the whole knowledge (the table took 2.7 s of each
    # new store's first question on 2 cores, 0.26 s now; `make test` builds a few hundred tutors)
    return all(piece in known for piece in phrase.lower().split("*")) and bool(_pattern([phrase]).search(known))


@lru_cache(maxsize=4)
def _table(knowledge_text: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    entries: dict[str, list[str]] = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    known = _MACHINE_LEARNING.sub("ml", knowledge_text.lower())
    return tuple((terms, _pattern(kept)) for terms, phrases in entries.items()
                 if (kept := [p for p in phrases if not _in_text(p, known)]))


class LearnerWords:
    """The table, less the phrases the knowledge itself uses: "voice assistants" in a question about the
    document's own "voice assistants like Siri" is already found as it is, and adding "audio" would only
    pull other passages ahead of it."""

    def __init__(self, knowledge_text: str = "") -> None:
        self.table = _table(knowledge_text)

    def terms(self, question: str) -> str:
        """The document's terms for the everyday words in the question, space-joined ("" when it uses none)."""
        return " ".join(self.entries(question))

    def entries(self, question: str) -> list[str]:
        """The document's terms for the everyday words in the question, one string per phrase of the table."""
        lowered = _DESERVES.sub(" ", _MACHINE_LEARNING.sub("ml", question.lower().replace("’", "'")))
        return [terms for terms, pattern in self.table if pattern.search(lowered)]
