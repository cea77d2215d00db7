"""Every dev item through the engine with a scripted reply instead of the model: a regression check in minutes.

The engine decides much before and after the model: the off-topic gate, retrieval, whether the passages answer,
premises denied, what a silence leaves, what is quoted. With the model's reply fixed, what changes between two
versions of the engine is the engine's own doing. Two replies are used: "silence" (every reply "The document does
not cover this.", so only what the engine says itself can be right) and "default" (the scripted backend's one
sentence citing passage 1, dropped or kept by verification). Scored as `eval answers` scores them; no model is
loaded. Compare two runs with `eval compare` (eval/diff.py).
"""
from __future__ import annotations

from pathlib import Path

from rich.console import Console

from eval.data import NUMBERED_DEV
from eval.diff import save
from tutor.llm.base import Message
from tutor.llm.scripted import ScriptedLLM

SILENCE = "The document does not cover this."


class SilentLLM(ScriptedLLM):
    """Says the passages are silent, whatever it is asked; a JSON call gets the smallest object its schema takes."""

    def reply(self, messages: list[Message]) -> str:
        super().reply(messages)
        return SILENCE


def run(reply: str, splits: list[str], out: Path | None, limit: int = 0) -> list:
    from eval.answers import evaluate

    console = Console()
    results = []
    for split in splits or NUMBERED_DEV:
        llm = SilentLLM() if reply == "silence" else ScriptedLLM()
        r = evaluate("scripted", split, limit, Console(quiet=True), llm=llm)
        results.append(r)
        console.print(f"{split}: answerable {r.correct.cell()}, not covered {r.not_covered.cell()}, off-topic "
                      f"{r.offtopic.cell()}, look-alikes {r.lookalike.cell()}", highlight=False)
    total = {name: sum(getattr(r, name).ok for r in results) for name in ("correct", "not_covered", "offtopic",
                                                                           "lookalike")}
    console.print(f"total ({reply} reply): {total}", highlight=False)
    if out:
        save(results, out)
    return results
