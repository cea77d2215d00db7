"""Retrieval quality: recall@1/3/5 and MRR for vector-only, BM25-only and hybrid, side by side, per question set
(dev and dev-2 are tuned on; held-out is measured only, and its misses are never printed)."""
from __future__ import annotations

import time

from rich.console import Console
from rich.table import Table

from eval.data import (HERE, NEWEST, NUMBERED_DEV, chunk_answers, chunk_in_section, load, load_heldout,
                       numbered_sets, percentile)
from tutor.config import Settings
from tutor.retrieval import Retriever

SETS = {"dev": lambda: load()["questions"], "dev-2": lambda: load(HERE / "questions_dev2.yaml")["questions"],
        "dev-3": lambda: load(HERE / "questions_dev3.yaml")["questions"],
        "heldout": lambda: load_heldout("questions"), "heldout-2": lambda: load_heldout("questions_2"),
        "heldout-3": lambda: load_heldout("questions_3"), "heldout-4": lambda: load_heldout("questions_4"),
        **{split: (lambda split=split: numbered_sets(split)[0]) for split in (*NUMBERED_DEV, f"heldout-{NEWEST}")}}


def run(settings: Settings | None = None,
        splits: tuple[str, ...] = ("dev", "dev-2", "dev-3", "heldout", "heldout-2", "heldout-3", "heldout-4",
                                   *NUMBERED_DEV, f"heldout-{NEWEST}"),
        reword: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    """`reword`: also what the model sees, the engine's passages (`Tutor.retrieve`, which asks the chat model to
    reword a question far from the document and searches again), in an extra column of recall@3."""
    settings = settings or Settings()
    retriever = Retriever(settings)
    retriever.search("warm up", k=1)
    tutor = None
    if reword:
        from tutor.engine import Tutor

        tutor = Tutor(settings, retriever=retriever)
        tutor.warm_up()
    console = Console()
    everything: dict[str, dict[str, dict[str, float]]] = {}
    for split in splits:
        try:
            questions = SETS[split]()
        except FileNotFoundError as missing:  # the newest held-out set between its move to dev and its writing
            console.print(f"{split}: skipped, {missing}")
            continue
        results: dict[str, dict[str, float]] = {}
        misses: dict[str, list[str]] = {}
        latencies: list[float] = []
        for mode in ("vector", "bm25", "hybrid", "+ words"):
            ranks, section_ranks = [], []
            for q in questions:
                t0 = time.perf_counter()
                if mode == "+ words":  # hybrid, misspellings read back, the learner-words table's terms beside
                    asked = retriever.respelt(q.question)
                    chunks = retriever.search(f"{asked} {retriever.textbook_terms(asked)}".strip(), k=10,
                                              asked_from=asked)
                else:
                    chunks = retriever.search(q.question, k=10, mode=mode)  # type: ignore[arg-type]
                if mode == "hybrid":
                    latencies.append((time.perf_counter() - t0) * 1000)
                # a hit holds the evidence; the section-level figure also counts any chunk of the answering section
                rank = next((i for i, c in enumerate(chunks, 1) if chunk_answers(c.text, q)), None)
                ranks.append(rank)
                section_ranks.append(next((i for i, c in enumerate(chunks, 1)
                                           if chunk_answers(c.text, q) or chunk_in_section(c.section, q)), None))
                if rank is None or rank > 3:
                    misses.setdefault(mode, []).append(q.id)
            n = len(ranks)
            results[mode] = {f"recall@{k}": sum(1 for r in ranks if r and r <= k) / n for k in (1, 3, 5)}
            results[mode]["mrr"] = sum(1 / r for r in ranks if r) / n
            results[mode]["section recall@3"] = sum(1 for r in section_ranks if r and r <= 3) / n
        if tutor is not None:  # the passages the model is shown: the first context_chunks of the engine's
            ranks = []
            for q in questions:
                chunks = tutor.retrieve(tutor.retriever.respelt(q.question))[0][: settings.context_chunks]
                ranks.append(next((i for i, c in enumerate(chunks, 1) if chunk_answers(c.text, q)), None))
                if ranks[-1] is None:
                    misses.setdefault("engine", []).append(q.id)
            results["engine"] = {"recall@3": sum(1 for r in ranks if r) / len(ranks)}
        results["hybrid"]["latency_p50_ms"] = percentile(latencies, 50)
        results["hybrid"]["latency_p95_ms"] = percentile(latencies, 95)
        everything[split] = results

        table = Table(title=f"Retrieval, {split}: {len(questions)} questions ({settings.chunk_size}-char chunks; "
                            "vector = chunk + sentence vectors; + words: hybrid with the learner-words table)")
        table.add_column("metric")
        for mode in results:
            table.add_column(mode, justify="right")
        for metric in ("recall@1", "recall@3", "recall@5", "mrr", "section recall@3"):
            table.add_row(metric, *(f"{results[m][metric]:.3f}" if metric in results[m] else "" for m in results))
        table.add_row("p50 latency (ms)", "", "", f"{results['hybrid']['latency_p50_ms']:.1f}")
        console.print(table)
        if not split.startswith("heldout"):  # held-out misses stay unread: reading them is the first step to tuning on them
            for mode, ids in misses.items():
                console.print(f"{split} {mode} misses @3: {', '.join(ids)}")
    return everything
