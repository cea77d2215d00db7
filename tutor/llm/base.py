"""The one small interface every model backend implements."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Protocol

Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": "..."}


@dataclass
class Usage:
    """Token counts of the last call, filled in as the backend learns them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class LLMError(RuntimeError):
    """A backend could not answer (server down, model missing); the message says what to do."""


class LLM(Protocol):
    """Stream tokens, complete, or complete constrained to a JSON schema."""

    name: str
    concurrency: int  # requests it can serve at once (1 for the embedded model)

    def stream(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               stop: list[str] | None = None, usage: Usage | None = None) -> Iterator[str]:
        """Yield text pieces as they are generated. `usage` is filled in when given."""
        ...

    def complete(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
                 stop: list[str] | None = None) -> str:
        """The whole completion as one string."""
        ...

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *,
                      max_tokens: int = 256) -> dict[str, Any]:
        """A JSON object constrained by `schema` (grammar or server-side JSON mode); raises LLMError."""
        ...
