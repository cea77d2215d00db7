"""The one base class every model backend extends, and the registry that names them.

A backend overrides `stream` (and `_load` if it has weights or a connection to set up); `complete` and
`complete_json` have defaults built on `stream`. Loading is lazy in one place: `load()` runs `_load()` once,
thread-safe, and every backend calls it at the top of `stream`, so building a backend costs nothing and the
weights arrive with the first question (or with an explicit `load()` at start-up).
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterator

if TYPE_CHECKING:
    from tutor.config import Settings

Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": "..."}


@dataclass
class Usage:
    """Token counts of the last call, filled in as the backend learns them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class LLMError(RuntimeError):
    """A backend could not answer (server down, model missing); the message says what to do."""


class LLM:
    """Stream tokens, complete, or complete constrained to a JSON schema."""

    name: ClassVar[str] = "base"
    # capabilities, read by the interfaces: pieces arrive as they are generated; the schema is enforced while
    # decoding (a grammar) rather than only checked afterwards
    can_stream: ClassVar[bool] = True
    constrained_json: ClassVar[bool] = False
    concurrency: int = 1  # requests it can serve at once (1 for the embedded model; a server says more)

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings
        self._loaded = False
        self._load_lock = threading.Lock()

    @property
    def prompts_dir(self) -> Path | None:
        return self.settings.prompts_dir if self.settings is not None else None

    def load(self) -> None:
        """Load the weights (or connect) now rather than on the first call; later calls return at once.

        A failed load is not remembered: the next call tries again and raises the same clear LLMError.
        """
        if self._loaded:
            return
        with self._load_lock:
            if not self._loaded:
                self._load()
                self._loaded = True

    def _load(self) -> None:
        """What `load` does once; nothing by default."""

    def stream(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               stop: list[str] | None = None, usage: Usage | None = None,
               cache_upto: str | None = None) -> Iterator[str]:
        """Yield text pieces as they are generated; `usage` is filled in when given.

        `cache_upto` is a hint: the last message's content up to there is worth keeping (a backend with a
        prompt cache may store it; the others ignore it).
        """
        raise NotImplementedError

    def complete(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
                 stop: list[str] | None = None) -> str:
        """The whole completion as one string."""
        return "".join(self.stream(messages, max_tokens=max_tokens, temperature=temperature, stop=stop))

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *,
                      max_tokens: int = 256) -> dict[str, Any]:
        """A JSON object matching `schema`, asked again once when it does not; raises LLMError."""
        return json_reply(lambda m: self.complete(m, max_tokens=max_tokens, temperature=0.0), messages, schema,
                          prompts_dir=self.prompts_dir)


BACKENDS: dict[str, type[LLM]] = {}


def register_backend(name: str) -> Callable[[type[LLM]], type[LLM]]:
    """Class decorator: `@register_backend("llamacpp")` makes the class selectable as TUTOR_LLM_BACKEND."""

    def add(cls: type[LLM]) -> type[LLM]:
        if name in BACKENDS and BACKENDS[name] is not cls:
            raise ValueError(f"Two LLM backends are named {name!r}: {BACKENDS[name].__qualname__} and "
                             f"{cls.__qualname__}.")
        cls.name = name
        BACKENDS[name] = cls
        return cls

    return add


def json_reply(call: Callable[[list[Message]], str], messages: list[Message], schema: dict[str, Any], *,
               retries: int = 1, prompts_dir: Path | None = None) -> dict[str, Any]:
    """Ask for JSON, validate it against the schema, and ask again (saying what was wrong) when it fails.

    Grammar-constrained decoding already guarantees the shape on llama.cpp; a remote server may ignore the
    schema (or run out of tokens mid-object), so every backend goes through the same check.
    """
    import jsonschema

    from tutor.prompts import render

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
        retry = render("json_retry", prompts_dir, problem=problem, schema=json.dumps(schema))
        messages = messages + [{"role": "assistant", "content": text}, {"role": "user", "content": retry}]
    raise LLMError(f"The model did not return valid JSON: {problem}.")
