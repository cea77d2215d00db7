"""The off-topic gate alone, without the chat model: `python -m eval gate`.

`python -m eval answers` measures off-topic declines end to end, a model answer per item (minutes). The decline
itself is settled before the model: the router, the injection patterns, the relevance gate and the coverage check
run on MiniLM only. This eval runs the real engine with a chat model that is never there: a message declined
before generation counts as declined; one that reaches generation (sources shown as grounded) counts as answered,
so the figure is the gate's own (the model may still say "not covered" afterwards, which only `answers` sees).
Seconds per set, for iterating on the gate; `answers` stays the figure of record.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from rich.console import Console

from eval.data import HERE, NEWEST, NUMBERED_DEV, declined, load_heldout, load_offtopic_dev, mentions
from tutor.config import Settings
from tutor.llm import LLMError
from tutor.types import DoneEvent, SourcesEvent

HELDOUT_SETS = {"heldout": "offtopic", "heldout-2": "offtopic_3", "heldout-3": "offtopic_4",
                 f"heldout-{NEWEST}": f"offtopic_{NEWEST}"}  # measured only: counts, never the items


# the dev files, under eval/: dev-4 holds 50 questions outside the document, written blind; dev-5 .. dev-(NEWEST-1)
# are the numbered off-topic sets (eval.data.NUMBERED_DEV), each held out for one session; look holds 15 answerable
# questions in small-talk framing
DEV_SETS = {"dev-3": "offtopic_dev3", "dev-4": "offtopic_dev4",
            **{split: f"offtopic_dev{split.removeprefix('dev-')}" for split in NUMBERED_DEV},
            "look": "lookalikes_dev"}


def _items(split: str) -> list[dict]:
    if split == "dev":
        return load_offtopic_dev()
    if split in DEV_SETS:
        return yaml.safe_load(Path(HERE / f"{DEV_SETS[split]}.yaml").read_text(encoding="utf-8"))["questions"]
    if split in HELDOUT_SETS:
        return load_heldout(HELDOUT_SETS[split])
    raise ValueError(f"unknown gate split {split!r}; choose from dev, {', '.join(DEV_SETS)}, "
                     f"{', '.join(HELDOUT_SETS)}")


class _NoModel:
    """The chat model's place, empty: the router's questions to it fail, and so does the rewording of a
    far-worded question for retrieval (both fall back, as when a model errs); generation is never reached,
    because the eval stops at the grounded sources."""

    prompts_dir = None

    def complete_json(self, *args, **kwargs):
        raise LLMError("no chat model in the gate eval")

    def complete(self, *args, **kwargs):
        raise LLMError("no chat model in the gate eval")

    def stream(self, *args, **kwargs):
        raise LLMError("no chat model in the gate eval")


def outcome(tutor, question: str, session_id: str) -> tuple[bool, str]:
    """(declined before the model, what happened)."""
    from tutor import tools

    route = tools.route(question, embed=tutor.embedder.embed, llm=None)
    if route.intent != "question":  # a demo or the catalog: not a decline (and not worth running the demo)
        return False, f"routed to {route.intent} {route.name or ''}"
    for event in tutor.ask_stream(question, session_id):
        if isinstance(event, SourcesEvent) and event.grounded:
            return False, "reaches the model"
        if isinstance(event, DoneEvent):
            answer = event.answer
            return declined(answer), f"[{answer.coverage}] {answer.answer[:80]!r}"
    return False, "no answer"


def run(splits: list[str]) -> dict[str, tuple[int, int, int, int]]:
    from tutor.engine import Tutor

    console = Console()
    tutor = Tutor(Settings(), llm=_NoModel())
    scores = {}
    for split in splits:
        items = _items(split)
        off_ok = off_n = look_ok = look_n = 0
        misses = []
        for k, item in enumerate(items):
            was_declined, what = outcome(tutor, item["question"], f"gate-{split}-{k}")
            if item.get("answerable"):
                look_n += 1
                look_ok += not was_declined
                good = not was_declined
            else:
                off_n += 1
                good = was_declined and not mentions(what, item.get("forbidden", []))
                off_ok += good
            if not good:
                misses.append(f"{'look-alike' if item.get('answerable') else 'off-topic'} "
                              f"{item['question']!r}: {what}")
        console.print(f"Gate, {split}: off-topic declined {off_ok}/{off_n}; answerable look-alikes past the gate "
                      f"{look_ok}/{look_n}")
        if split not in HELDOUT_SETS:  # held-out misses stay unread: reading them is the first step to tuning on them
            for line in misses:
                console.print(f"  - {line}", markup=False)
        scores[split] = (off_ok, off_n, look_ok, look_n)
    return scores
