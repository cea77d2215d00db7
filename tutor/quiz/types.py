"""What the quiz API hands to the engine, the web UI, Discord and the CLI: plain dataclasses with `.to_json()`."""
from __future__ import annotations

import string
from dataclasses import asdict, dataclass, field
from typing import Any

from tutor.types import InputError


class QuizInputError(InputError):
    """An answer or request the quiz cannot use; the message is a gentle re-prompt, shown as is."""


def letters(n: int) -> str:
    return string.ascii_uppercase[:n]


@dataclass
class Question:
    """A knowledge-check question as shown to the learner (the answer stays inside the service)."""

    id: str
    topic: str
    kind: str  # "mc" or "tf"
    text: str
    options: list[str]
    number: int  # 1-based position in this round
    total: int  # questions in this round
    round: int = 1  # 2, 3, ... when the wrong ones are offered again

    def as_text(self) -> str:
        """Plain text for chat adapters: the question, then one lettered option per line."""
        head = f"Question {self.number}/{self.total}" + (f" (retry round {self.round - 1})" if self.round > 1 else "")
        opts = "\n".join(f"{letter}) {opt}" for letter, opt in zip(letters(len(self.options)), self.options))
        return f"{head}: {self.text}\n{opts}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Feedback:
    """The verdict on one answer, with the explanation and where the document says it."""

    question_id: str
    correct: bool
    chosen: str  # option text the learner picked
    correct_answer: str  # option text of the right answer
    explanation: str
    section: str
    score: int  # right answers so far in this round
    answered: int
    total: int
    finished: bool  # no more questions in this round
    source: str  # the document the bank cites (its `source:`, checked against the knowledge base at load)

    def as_text(self) -> str:
        verdict = "Correct!" if self.correct else f"Not quite: the answer is {self.correct_answer}."
        return (f"{verdict} {self.explanation}\n(Source: {self.source} — {self.section})\n"
                f"Score: {self.score}/{self.answered}")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Score:
    correct: int
    answered: int
    total: int
    finished: bool
    round: int
    wrong: list[dict[str, str]] = field(default_factory=list)  # {"id", "question", "correct_answer", "section"}

    @property
    def percent(self) -> float:
        return round(100.0 * self.correct / self.answered, 1) if self.answered else 0.0

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "percent": self.percent}


@dataclass
class Reason:
    """One reason for a recommendation and the passage that justifies it."""

    text: str
    section: str
    source: str  # the recommendation data's `source:`
    quote: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PathStep:
    title: str  # e.g. "Step 1: Build a Strong Foundation in Mathematics and Statistics"
    section: str  # its full heading path
    source: str  # the recommendation data's `source:`

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Recommendation:
    track: str  # "machine-learning" | "deep-learning" | "ml-then-dl"
    title: str
    confidence: float  # 0..1
    reasons: list[Reason]
    answers: dict[str, str]  # question id -> option id or "unknown"
    learning_path: list[PathStep]
    points: dict[str, float] = field(default_factory=dict)  # machine-learning / deep-learning points
    origin: dict[str, str] = field(default_factory=dict)  # question id -> "model" | "keywords" (free text only)

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON line: track, confidence, reasons, answers, learning_path."""
        return {"track": self.track, "confidence": self.confidence,
                "reasons": [r.to_json() for r in self.reasons], "answers": dict(self.answers),
                "learning_path": [s.to_json() for s in self.learning_path]}


@dataclass
class RecommendQuestion:
    """A recommendation question for a UI: answer with an option id (or "unknown")."""

    id: str
    text: str
    options: list[dict[str, str]]  # [{"id", "text"}]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
