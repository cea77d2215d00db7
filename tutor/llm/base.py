"""The one small interface every model backend implements."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Protocol

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


def json_reply(call: Callable[[list[Message]], str], messages: list[Message], schema: dict[str, Any], *,
               retries: int = 1) -> dict[str, Any]:
    """Ask for JSON, validate it against the schema, and ask again (saying what was wrong) when it fails.

    Grammar-constrained decoding already guarantees the shape on llama.cpp; a remote server may ignore the
    schema (or run out of tokens mid-object), so every backend goes through the same check.
    """
    import jsonschema

    problem = ""
    for _ in range(retries + 1):
        text = call(messages)
        try:
            value = json.loads(text)
            jsonschema.validate(value, schema)
            if not isinstance(value, dict):
                raise jsonschema.ValidationError("the reply is not a JSON object")
            return value
        except json.JSONDecodeError as exc:
            problem = f"the reply was not complete JSON ({exc.msg})"
        except jsonschema.ValidationError as exc:
            problem = f"the reply did not match the schema ({exc.message})"
        messages = messages + [{"role": "assistant", "content": text},
                               {"role": "user", "content": f"That was invalid: {problem}. Reply with one JSON object "
                                                           f"matching this schema only: {json.dumps(schema)}"}]
    raise LLMError(f"The model did not return valid JSON: {problem}.")
