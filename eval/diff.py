"""Two runs, item by item: what the second fixed, what it lost, what it answers differently.

A table of counts hides a fix that lost another item on the way: dev-18 h18q12 went from right to wrong under a
change that gained one off-topic decline (session 54), and the counts moved by one each way. So every change to the
engine is judged by comparing two runs of the same items on the same replies: `eval answers --replay --json` (the
model's recorded replies) or `eval scan` (a scripted reply, no model), once on the old code and once on the new,
then `eval compare old.json new.json`. A held-out split is stored as counts only: its misses are never written.
"""
from __future__ import annotations

import json
from pathlib import Path

# the tallies of eval.answers.Result worth comparing, in the order printed
TALLIES = ("correct", "not_covered", "offtopic", "lookalike", "shown", "strict", "citations", "raw", "raw_citations",
           "quoted")
# a tally of how an answer came (a quote alone, no model call), not whether it is right: a newly answered question
# that called the model is no item lost (a silence scan's 650 newly answered questions were all "lost" here)
_HOW_ANSWERED = frozenset({"quoted"})


def tallies(results) -> dict[str, dict[str, dict]]:
    """{"model split": {tally: {"ok", "n", "misses"}}} of `eval.answers.Result`s (no misses for a held-out split)."""
    out: dict[str, dict[str, dict]] = {}
    for r in results:
        held_out = r.split.startswith("heldout")
        out[f"{r.model} {r.split}"] = {name: {"ok": t.ok, "n": t.n, "misses": [] if held_out else t.misses}
                                       for name in TALLIES if (t := getattr(r, name, None)) is not None}
    return out


def save(results, path: Path) -> None:
    Path(path).write_text(json.dumps(tallies(results), indent=1, ensure_ascii=False), encoding="utf-8")


def _item(miss: str) -> str:
    """A miss's item: its id and question (or sentence), before what the tutor said."""
    return miss.split(" -> ", 1)[0]


def compare(old: dict, new: dict) -> list[str]:
    """The runs in one file only, then the rows whose count or misses differ, each with the items fixed (a miss of
    `old` only), lost (of `new` only) and changed (a miss of both, answered differently)."""
    lines = [f"{run}: only in the {which} file" for which, here, there in (("first", old, new), ("second", new, old))
             for run in here if run not in there]
    for run in (r for r in old if r in new):
        for name, before in old[run].items():
            after = new[run].get(name)
            if after is None or (before["ok"], before["n"], before["misses"]) == \
                    (after["ok"], after["n"], after["misses"]):
                continue
            lines.append(f"{run} {name}: {before['ok']}/{before['n']} -> {after['ok']}/{after['n']}")
            was = {_item(m): m for m in before["misses"]}
            now = {_item(m): m for m in after["misses"]}
            lines += [f"  fixed: {was[k]}" for k in was if k not in now]
            lost = "now through the model" if name in _HOW_ANSWERED else "LOST"
            lines += [f"  {lost}: {now[k]}" for k in now if k not in was]
            lines += [f"  changed: {now[k]}" for k in now if k in was and now[k] != was[k]]
    return lines


def run(old: Path, new: Path) -> int:
    """Print the comparison; the number of items lost (the exit code's reason to look)."""
    lines = compare(*(json.loads(Path(p).read_text(encoding="utf-8")) for p in (old, new)))
    print("\n".join(lines) if lines else "the same on every row, item for item")
    return sum(line.startswith("  LOST") or line.endswith("only in the first file") for line in lines)
