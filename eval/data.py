"""The evaluation set (eval/questions.yaml) and the scoring rules shared by the evaluations."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


@dataclass
class Question:
    id: str
    question: str
    section: str
    evidence: str
    facts: list[list[str]]
    tags: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # other places the document states the answer


def load(path: Path = HERE / "questions.yaml") -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"] = [Question(**{k: q[k] for k in ("id", "question", "section", "evidence", "facts")},
                                  tags=q.get("tags", []), also=q.get("also", [])) for q in data["questions"]]
    return data


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip().lower()


def chunk_answers(chunk_text: str, chunk_section: str, q: Question) -> bool:
    """A retrieved chunk answers the question if it holds the evidence (or is the answering section)."""
    text = _norm(chunk_text)
    return chunk_section == q.section or any(_norm(e) in text for e in [q.evidence, *q.also])


def has_facts(answer: str, facts: list[list[str]]) -> bool:
    """Correct if every fact group has at least one alternative in the answer."""
    text = _norm(answer)
    return all(any(_norm(alt) in text for alt in group) for group in facts)


def mentions(answer: str, forbidden: list[str]) -> list[str]:
    text = " " + _norm(answer)
    return [f for f in forbidden if f.lower() in text]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]
