"""The chat model's replies, recorded once and replayed: two versions of the engine compared on the same replies.

The model samples, so two runs of `eval answers` differ by more than the change between them (the 1.5B moved
two heldout-18 answers between runs of nearly the same code). With `--replay`, each call is keyed by everything
the model is sent (messages, token budget, temperature, stop strings); a key seen before gets its recorded reply,
a new one (the engine now sends other passages or another prompt) asks the real model and records it. What
changes between two replayed runs is then the engine's own doing, and a rerun asks the model only what is new.

Latency figures of a replayed run measure nothing (a recorded reply arrives at once): `eval answers` prints
how many calls were replayed, and the speed figures come from runs without `--replay`. The records live under
<data_dir>/replay/, one JSON line per call, never in git.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterator

from tutor.llm.base import LLM, Message, Usage


class Replay(LLM):
    """`inner`'s replies, from `path` when the same call was recorded there, else asked and recorded."""

    name = "replay"

    def __init__(self, inner: LLM, path: Path) -> None:
        super().__init__(inner.settings)
        self.inner, self.path = inner, path
        self.can_stream, self.constrained_json, self.concurrency = \
            inner.can_stream, inner.constrained_json, inner.concurrency
        self.records: dict[str, list[str]] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    self.records[record["key"]] = record["pieces"]
        self.replayed = self.asked = 0

    def load(self) -> None:  # the real model loads only when a call was never recorded
        pass

    def stream(self, messages: list[Message], *, max_tokens: int = 256, temperature: float = 0.1,
               stop: list[str] | None = None, usage: Usage | None = None,
               cache_upto: str | None = None) -> Iterator[str]:
        key = hashlib.sha256(json.dumps([messages, max_tokens, temperature, stop], sort_keys=True,
                                        ensure_ascii=False).encode("utf-8")).hexdigest()
        pieces = self.records.get(key)
        if pieces is None:
            # the whole reply, even when the engine stops reading early: a replay must give what it would read
            pieces = list(self.inner.stream(messages, max_tokens=max_tokens, temperature=temperature, stop=stop,
                                            usage=usage, cache_upto=cache_upto))
            self.records[key] = pieces
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"key": key, "pieces": pieces}, ensure_ascii=False) + "\n")
            self.asked += 1
        else:
            self.replayed += 1
            if usage is not None:
                usage.completion_tokens = len(pieces)
        yield from pieces
