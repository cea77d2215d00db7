"""A backend for tests: replies from a script, records every prompt, streams word by word.

It lets the adapters and the logic around the model (UI, Discord, CLI, router, quiz mapping) run without
llama.cpp. Select it with `TUTOR_LLM_BACKEND=scripted` (tests only), or build one with its replies.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tutor.llm.base import LLM, LLMError, Message, Usage, json_reply, register_backend

if TYPE_CHECKING:
    from tutor.config import Settings

Script = Sequence[str] | Callable[[list[Message]], str]
DEFAULT_REPLY = "This is a scripted reply from the passages [1]."
_WORDS = re.compile(r"\s*\S+")


@register_backend("scripted")
class ScriptedLLM(LLM):
    """Replies in order from a list (or from a function of the messages); `prompts` keeps what it was sent.

    Without a script every text reply is DEFAULT_REPLY and every JSON reply is the smallest object the schema
    accepts (the first enum value of each required field), so the settings-selected backend is usable as is.
    """

    def __init__(self, settings: Settings | None = None, replies: Script | None = None) -> None:
        super().__init__(settings)
        self.prompts: list[list[Message]] = []
        self._script = replies
        self._next = 0
        self._lock = threading.Lock()

    def reply(self, messages: list[Message]) -> str:
        """Record the prompt and give the next scripted reply."""
        with self._lock:
            self.prompts.append([dict(m) for m in messages])
            if self._script is None:
                return DEFAULT_REPLY
            if callable(self._script):
                return self._script(messages)
            if self._next >= len(self._script):
                raise LLMError(f"The scripted model has no reply left: it was given {len(self._script)} and "
                               f"asked a {self._next + 1}th time.")
            self._next += 1
            return self._script[self._next - 1]

    def stream(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               stop: list[str] | None = None, usage: Usage | None = None,
               cache_upto: str | None = None) -> Iterator[str]:
        self.load()
        text = self.reply(messages)
        for marker in stop or []:
            text = text.split(marker, 1)[0]
        words = _WORDS.findall(text)[:max_tokens]  # one "token" per word
        if usage is not None:
            usage.prompt_tokens = sum(len(m["content"].split()) for m in messages)
        for i, word in enumerate(words, start=1):
            if usage is not None:
                usage.completion_tokens = i
            yield word

    def complete_json(self, messages: list[Message], schema: dict[str, Any], *, max_tokens: int = 256) -> dict[str, Any]:
        if self._script is None:
            self.reply(messages)
            return smallest_instance(schema)
        return json_reply(lambda m: self.complete(m, max_tokens=max_tokens, temperature=0.0), messages, schema,
                          prompts_dir=self.prompts_dir)


def smallest_instance(schema: dict[str, Any]) -> Any:
    """The simplest value `schema` accepts: first enum value, required fields only, empty or zero otherwise."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {key: smallest_instance(props.get(key, {})) for key in schema.get("required", [])}
    simple = {"array": [], "string": "x" * schema.get("minLength", 0), "integer": 0, "number": 0,
              "boolean": False, "null": None}
    return simple.get(kind, None)
