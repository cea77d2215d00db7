"""Map a learner's free-text description onto the recommendation answers.

Two mappers and their combinations:
- keywords: the option `keywords` in data/recommend.yaml, negation-aware, deterministic;
- model: one grammar-constrained JSON call (an enum per question, with "unknown");
- "model+keywords": the model's answers, keywords fill what it left unknown;
- "keywords+model": keyword answers win where they fire, the model fills the rest.
The model path never raises: any failure or junk falls back to the keywords.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Literal

from tutor.quiz.recommend import UNKNOWN
from tutor.quiz.schema import RecommendSpec
from tutor.quiz.types import QuizInputError

log = logging.getLogger(__name__)

Mode = Literal["model", "keywords", "model+keywords", "keywords+model"]
MODES: tuple[str, ...] = ("model", "keywords", "model+keywords", "keywords+model")
DEFAULT_MODE: Mode = "keywords+model"  # the most accurate on our labelled descriptions (see tutor/quiz/evaluate.py)
MAX_PROFILE_CHARS = 2000
PROMPT = "profile_to_answers"  # prompts/profile_to_answers.j2

_NEGATION = re.compile(r"\b(no|not|never|without|none|nor|lack|lacking|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|"
                       r"can'?t|cannot|won'?t|isn'?t|aren'?t|wasn'?t)\b|n't\b", re.I)
_WISH = re.compile(r"\b(want|wants|wanna|wish|hope|hoping|plan|planning|like|love|learn|learning|study|studying|"
                   r"someday|eventually|dream)\b", re.I)
_CLAUSE_END = re.compile(r"[.;:!?,()\n]|\bbut\b|\band\b|\bhowever\b|\balthough\b|\bthough\b", re.I)


def clean_profile(text: object) -> str:
    """The description with control characters removed, or QuizInputError if it cannot be used."""
    if not isinstance(text, str):
        raise QuizInputError("The profile must be text.")
    if len(text) > MAX_PROFILE_CHARS:
        raise QuizInputError(f"The profile is {len(text):,} characters; please keep it under {MAX_PROFILE_CHARS:,}.")
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text).strip()
    if not text:
        raise QuizInputError("The profile is empty: describe your background, data, hardware and goals "
                             "in a sentence or two.")
    return text


def _preceded_by(pattern: re.Pattern[str], text: str, start: int) -> bool:
    """Whether `pattern` occurs in the last few words before `start`, within the same clause."""
    clause = _CLAUSE_END.split(text[max(0, start - 60):start])[-1]
    return bool(pattern.search(" ".join(clause.split()[-5:])))


def keyword_answers(spec: RecommendSpec, text: str) -> dict[str, str]:
    """Per question, the option with the most non-negated keyword hits (ties: the longer matched text)."""
    answers: dict[str, str] = {}
    for q in spec.questions:
        best, best_key = UNKNOWN, (0, 0)
        for option in q.options:
            hits = [m for p in option.patterns for m in p.finditer(text)
                    if not _preceded_by(_NEGATION, text, m.start())  # "no GPU", "never used sklearn"
                    and not (option.ignore_wishes and _preceded_by(_WISH, text, m.start()))]
            key = (len(hits), sum(len(m.group(0)) for m in hits))
            if key > best_key:
                best, best_key = option.id, key
        answers[q.id] = best
    return answers


def answer_schema(spec: RecommendSpec) -> dict[str, Any]:
    """JSON schema for the model: every question, an enum of its option ids plus "unknown"."""
    props = {q.id: {"type": "string", "enum": [o.id for o in q.options] + [UNKNOWN]} for q in spec.questions}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def render_prompt(prompts_dir: Path, spec: RecommendSpec, text: str) -> str:
    from tutor.prompts import render

    return render(PROMPT, prompts_dir, questions=spec.questions, text=text)


def model_answers(spec: RecommendSpec, text: str, llm: Any, prompts_dir: Path) -> dict[str, str] | None:
    """The model's answers (invalid values become "unknown"), or None if the model failed."""
    try:
        messages = [{"role": "user", "content": render_prompt(prompts_dir, spec, text)}]
        raw = llm.complete_json(messages, answer_schema(spec), max_tokens=160)
    except Exception as exc:  # any backend failure means "use the keywords", never a crash
        log.warning("profile mapping by the model failed (%s: %s); using keywords", type(exc).__name__, exc)
        return None
    if not isinstance(raw, dict):
        log.warning("profile mapping: the model returned %s, not an object; using keywords", type(raw).__name__)
        return None
    answers = {}
    for q in spec.questions:
        value = raw.get(q.id)
        answers[q.id] = value if isinstance(value, str) and q.option(value) is not None else UNKNOWN
    return answers


def combine(spec: RecommendSpec, first: dict[str, str] | None, second: dict[str, str] | None,
            names: tuple[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """`first` where it knows, `second` where it does not; and which mapper gave each answer."""
    answers, origin = {}, {}
    for q in spec.questions:
        for mapping, name in ((first, names[0]), (second, names[1])):
            value = (mapping or {}).get(q.id, UNKNOWN)
            if value != UNKNOWN:
                answers[q.id], origin[q.id] = value, name
                break
        else:
            answers[q.id], origin[q.id] = UNKNOWN, "none"
    return answers, origin


def map_profile(spec: RecommendSpec, text: str, llm: Any | None, prompts_dir: Path,
                mode: Mode = DEFAULT_MODE) -> tuple[dict[str, str], dict[str, str]]:
    """(answers, origin) for a free-text profile. Without a model every mode is the keyword mapping."""
    if mode not in MODES:
        raise QuizInputError(f"Unknown mapping mode {mode!r}; use one of {', '.join(MODES)}.")
    text = clean_profile(text)
    keywords = keyword_answers(spec, text)
    model = model_answers(spec, text, llm, prompts_dir) if llm is not None and mode != "keywords" else None
    if mode == "model" and model is not None:
        return combine(spec, model, None, ("model", "keywords"))
    if mode == "keywords+model":
        return combine(spec, keywords, model, ("keywords", "model"))
    return combine(spec, model, keywords, ("model", "keywords"))
