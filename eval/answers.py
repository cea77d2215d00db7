"""Answer quality and latency per model: correct facts, off-topic declined, citation validity, TTFT/total."""
from __future__ import annotations

import re

from rich.console import Console
from rich.table import Table

from eval.data import has_facts, load, mentions, percentile
from tutor.config import Settings
from tutor.engine import Tutor

_CITED = re.compile(r"\[(\d{1,2})\]")


def citations_valid(answer) -> bool:
    """At least one citation, and every cited number names a source the learner can see."""
    cited = {int(n) for n in _CITED.findall(answer.answer)}
    return bool(cited) and cited <= {s.n for s in answer.sources}


def evaluate(model: str, limit: int = 0, console: Console | None = None) -> dict:
    console = console or Console()
    settings = Settings(model=model)
    tutor = Tutor(settings)
    tutor.warm_up()
    data = load()
    questions = data["questions"][:limit] if limit else data["questions"]
    correct, cited, ttft, total, failures = 0, 0, [], [], []
    for i, q in enumerate(questions):
        answer = tutor.ask(q.question, session_id=f"eval-{model}-{i}")
        ok = answer.grounded and has_facts(answer.answer, q.facts)
        correct += ok
        cited += citations_valid(answer)
        if answer.timings.first_token_ms is not None:
            ttft.append(answer.timings.first_token_ms)
        total.append(answer.timings.total_ms)
        if not ok:
            failures.append(f"{q.id} {q.question} -> {answer.answer[:160]!r}")
        console.print(f"{model} {q.id} {'ok ' if ok else 'MISS'} {answer.timings.first_token_ms or 0:6.0f} ms "
                      f"{answer.answer[:100]!r}", markup=False, highlight=False)
    followups_ok = 0
    for j, f in enumerate(data["followups"]):
        session = f"eval-{model}-followup-{j}"
        tutor.ask(f["first"], session)
        answer = tutor.ask(f["followup"], session)
        good = answer.grounded and has_facts(answer.answer, f["facts"])
        followups_ok += good
        if not good:
            failures.append(f"followup {f['followup']} ({answer.standalone_question}) -> {answer.answer[:160]!r}")
    declined = 0
    for k, o in enumerate(data["offtopic"]):
        answer = tutor.ask(o["question"], session_id=f"eval-{model}-off-{k}")
        good = not answer.grounded and not mentions(answer.answer, o["forbidden"])
        declined += good
        if not good:
            failures.append(f"off-topic {o['question'][:60]} -> grounded={answer.grounded} {answer.answer[:120]!r}")
    n = len(questions)
    return {"model": model, "n": n, "correct": correct, "cited": cited, "followups": followups_ok,
            "n_followups": len(data["followups"]), "declined": declined, "n_offtopic": len(data["offtopic"]),
            "ttft_p50": percentile(ttft, 50), "ttft_p90": percentile(ttft, 90),
            "total_p50": percentile(total, 50), "total_p90": percentile(total, 90), "failures": failures}


def run(models: list[str], limit: int = 0) -> list[dict]:
    console = Console()
    results = [evaluate(m, limit, console) for m in models]
    table = Table(title="Answers (engine: hybrid retrieval, trimmed context, packaged GGUF, 2 threads)")
    table.add_column("metric")
    for r in results:
        table.add_column(r["model"], justify="right")
    rows = [("answers correct", lambda r: f"{r['correct']}/{r['n']} ({r['correct'] / r['n']:.0%})"),
            ("follow-ups correct", lambda r: f"{r['followups']}/{r['n_followups']}"),
            ("off-topic declined", lambda r: f"{r['declined']}/{r['n_offtopic']} ({r['declined'] / r['n_offtopic']:.0%})"),
            ("citations valid", lambda r: f"{r['cited']}/{r['n']} ({r['cited'] / r['n']:.0%})"),
            ("TTFT p50 / p90 (s)", lambda r: f"{r['ttft_p50'] / 1000:.2f} / {r['ttft_p90'] / 1000:.2f}"),
            ("total p50 / p90 (s)", lambda r: f"{r['total_p50'] / 1000:.2f} / {r['total_p90'] / 1000:.2f}")]
    for label, cell in rows:
        table.add_row(label, *(cell(r) for r in results))
    console.print(table)
    for r in results:
        console.print(f"\n[bold]{r['model']}[/] misses:")
        for line in r["failures"]:
            console.print(f"  - {line}", markup=False)
    return results
