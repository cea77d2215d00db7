"""Plain data passed between the engine and its interfaces (CLI, web UI, Discord)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Coverage = Literal["answered", "not_covered", "off_topic"]


@dataclass
class Chunk:
    """A retrieved passage of the knowledge base."""

    text: str
    section: str  # heading path, e.g. "Key Differences ... > Interpretability > Deep Learning"
    source: str  # file name inside the knowledge folder
    score: float  # fused retrieval score (higher is better)
    id: str = ""
    similarity: float = 0.0  # cosine similarity of question and chunk, used for the off-topic decision

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "section": self.section, "source": self.source, "score": round(self.score, 6)}


@dataclass
class Source:
    """A numbered passage the answer may cite as [n]."""

    n: int
    section: str
    source: str
    text: str  # the (trimmed) passage the model saw
    highlight: str = ""  # the most relevant sentence, shown first
    chunk_id: str = ""  # the stored chunk it was cut from

    def to_json(self) -> dict[str, Any]:
        return {"section": self.section, "source": self.source, "text": self.text}


@dataclass
class ToolCall:
    """A demo the tutor ran for the learner."""

    name: str
    arguments: dict[str, Any]
    result: dict[str, Any] | None = None  # metrics and parameters actually used
    error: str | None = None
    plot: str | None = None  # path of the PNG
    explanation: str = ""  # plain-language reading with a citation
    section: str = ""  # the document section the explanation cites

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "arguments": self.arguments, "result": self.result,
                "error": self.error, "plot": self.plot}


@dataclass
class Timings:
    retrieve_ms: float = 0.0
    first_token_ms: float | None = None  # the model's first token
    first_shown_ms: float | None = None  # the first verified words the learner sees
    verify_ms: float = 0.0  # time spent checking sentences against the passages
    total_ms: float = 0.0
    completion_tokens: int = 0
    prompt_tokens: int = 0


@dataclass
class Answer:
    """The finished reply to one learner message."""

    question: str
    answer: str
    sources: list[Source] = field(default_factory=list)
    grounded: bool = True
    tool: ToolCall | None = None
    timings: Timings = field(default_factory=Timings)
    standalone_question: str = ""  # the follow-up rewritten for retrieval
    offtopic: bool = False  # declined as outside the document (a demo catalog reply is not grounded either)
    coverage: Coverage = "answered"  # answered | not_covered (on topic, the passages lack it) | off_topic
    dropped: list[str] = field(default_factory=list)  # generated sentences withheld as unsupported
    raw: str = ""  # what the model wrote, before verification (for the evals; never shown)
    suggestion: str | None = None  # a demo the learner may run next ("Run: show me an MLP on moons")

    def to_json(self) -> dict[str, Any]:
        t = self.timings
        return {
            "question": self.question,
            "answer": self.answer,
            "sources": [s.to_json() for s in self.sources],
            "grounded": self.grounded,
            "coverage": self.coverage,
            "tool": self.tool.to_json() if self.tool else None,
            "timings": {"retrieve_ms": round(t.retrieve_ms, 1),
                        "first_token_ms": None if t.first_token_ms is None else round(t.first_token_ms, 1),
                        "first_shown_ms": None if t.first_shown_ms is None else round(t.first_shown_ms, 1),
                        "total_ms": round(t.total_ms, 1), "completion_tokens": t.completion_tokens},
        }


# Events the engine yields while it works, in this order:
#   SourcesEvent (evidence first) -> ToolEvent (demos only) -> TokenEvent* -> DoneEvent
@dataclass
class SourcesEvent:
    sources: list[Source]
    grounded: bool
    offtopic: bool = False
    kind: Literal["sources"] = "sources"


@dataclass
class ToolEvent:
    tool: ToolCall
    kind: Literal["tool"] = "tool"


@dataclass
class TokenEvent:
    text: str
    kind: Literal["token"] = "token"


@dataclass
class DoneEvent:
    answer: Answer
    kind: Literal["done"] = "done"


Event = SourcesEvent | ToolEvent | TokenEvent | DoneEvent


class InputError(ValueError):
    """Learner input the tutor refuses (empty, too long, control characters); the message is shown as is."""
