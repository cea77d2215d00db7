"""The demo router on phrasings it was not written for: eval/routing.yaml, routing_dev2.yaml, routing_dev3.yaml and
routing_dev4.yaml (dev), eval/routing_seen.yaml (a held-out set seen while tuning), and the held-out
eval/heldout/routing.yaml ("heldout") and eval/heldout/routing_3.yaml ("heldout-2").

Half are knowledge questions worded with demo verbs ("show me the difference between..."), half demo requests
in loose wording ("could we train..."). A question must be answered (a demo may be offered beside the answer);
a request must run an acceptable demo. The router runs as in the engine: real MiniLM, and the real model for
the few messages words cannot settle.
"""
from __future__ import annotations

from collections import Counter

import yaml
from rich.console import Console
from rich.table import Table

from eval.data import HERE, load_heldout
from tutor.config import Settings


DEV_FILES = {"dev": "routing.yaml", "dev-2": "routing_dev2.yaml", "dev-3": "routing_dev3.yaml",
             "dev-4": "routing_dev4.yaml", "seen": "routing_seen.yaml"}
HELDOUT_SETS = {"heldout": "routing", "heldout-2": "routing_3"}  # measured only: counts, never the items


def _items(split: str) -> list[dict]:
    if split in HELDOUT_SETS:
        return load_heldout(HELDOUT_SETS[split])
    if split not in DEV_FILES:
        raise ValueError(f"unknown routing split {split!r}; choose from {', '.join([*DEV_FILES, *HELDOUT_SETS])}")
    return yaml.safe_load((HERE / DEV_FILES[split]).read_text(encoding="utf-8"))["items"]


def outcome(route) -> str:
    """What the learner gets: an answer (maybe with a demo offered), a demo, or the catalog."""
    return {"question": "answer", "demo": "demo", "unclear": "catalog"}[route.intent]


def run(splits: list[str]) -> dict[str, float]:
    from tutor import tools
    from tutor.engine import Tutor

    console = Console()
    tutor = Tutor(Settings())
    scores = {}
    for split in splits:
        items = _items(split)
        confusion: Counter[tuple[str, str]] = Counter()
        right, misses, offered = 0, [], 0
        for item in items:
            route = tools.route(item["text"], embed=tutor.embedder.embed, llm=tutor.llm)
            got = outcome(route)
            wanted = "demo" if item["intent"] == "demo" else "answer"
            accepted = item.get("demo") or []
            accepted = [accepted] if isinstance(accepted, str) else accepted
            good = got == wanted and (wanted != "demo" or not accepted or route.name in accepted)
            confusion[(wanted, got)] += 1
            offered += got == "answer" and route.suggestion is not None  # the "answer, and offer the demo"
            right += good
            if not good:
                misses.append(f"{item['text']!r}: wanted {wanted} {accepted or ''}, got {got} {route.name or ''} "
                              f"({route.reason})")
        table = Table(title=f"Routing, {split}: {right}/{len(items)} ({right / len(items):.0%})")
        table.add_column("wanted \\ got")
        for got in ("answer", "demo", "catalog"):
            table.add_column(got, justify="right")
        for wanted in ("answer", "demo"):
            table.add_row(wanted, *(str(confusion[(wanted, got)]) for got in ("answer", "demo", "catalog")))
        console.print(table)
        console.print(f"  {offered} of the {sum(v for (_, g), v in confusion.items() if g == 'answer')} answers offer "
                      "a demo beside them")
        if split not in HELDOUT_SETS:  # held-out misses stay unread: reading them is the first step to tuning on them
            for line in misses:
                console.print(f"  - {line}", markup=False)
        scores[split] = right / len(items)
    return scores
