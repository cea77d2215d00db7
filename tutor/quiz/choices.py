"""Read a learner's answer to a multiple-choice question: "b", "B)", "2", "true", or the option's text.

Anything else raises QuizInputError with a message that tells the learner what to type.
"""
from __future__ import annotations

import re

from tutor.quiz.types import QuizInputError, letters

MAX_ANSWER_CHARS = 300
_TF_WORDS = {"t": "true", "yes": "true", "y": "true", "f": "false", "no": "false", "n": "false"}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w$%+.,-]+", " ", text.lower()).split()).strip(" .,")


def how_to_answer(options: list[str]) -> str:
    n = len(options)
    abc = letters(n)
    return f"answer with a letter ({abc[0]}-{abc[-1]}), a number (1-{n}) or the option's text."


def parse_choice(options: list[str], raw: object) -> int:
    """The 0-based index of the option `raw` names. An int is taken as a 0-based index."""
    if isinstance(raw, bool) or raw is None:
        raise QuizInputError(f"That is not an answer; please {how_to_answer(options)}")
    if isinstance(raw, int):
        if 0 <= raw < len(options):
            return raw
        raise QuizInputError(f"There is no option {raw + 1}; please {how_to_answer(options)}")
    text = str(raw)
    if len(text) > MAX_ANSWER_CHARS:
        raise QuizInputError(f"That answer is too long; please {how_to_answer(options)}")
    text = "".join(ch for ch in text if ch.isprintable()).strip()
    if not text:
        raise QuizInputError(f"Please type an answer: {how_to_answer(options)}")
    normalized = [_norm(o) for o in options]
    is_tf = set(normalized) == {"true", "false"}
    # "b", "B)", "(b)", "b." and "2", "2)" ...
    m = re.fullmatch(r"\(?\s*([A-Za-z]|\d{1,3})\s*[).:]?", text)
    if m:
        token = m.group(1)
        index = int(token) - 1 if token.isdigit() else ord(token.upper()) - ord("A")
        if 0 <= index < len(options):
            return index
        if not (is_tf and token.lower() in _TF_WORDS):  # "t"/"f"/"y"/"n" mean True/False there
            raise QuizInputError(f"There is no option {token}; please {how_to_answer(options)}")
    said = _norm(text)
    said = _TF_WORDS.get(said, said) if is_tf else said
    if said in normalized:
        return normalized.index(said)
    # a unique beginning of an option's text ("self" -> "Self-attention")
    starts = [i for i, o in enumerate(normalized) if len(said) >= 3 and o.startswith(said)]
    if len(starts) == 1:
        return starts[0]
    raise QuizInputError(f"I didn't recognise {text[:60]!r} as one of the options; please {how_to_answer(options)}")
