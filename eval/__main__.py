"""`python -m eval retrieval|answers|bench|security|load|soak`."""
from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)


@app.command()
def retrieval() -> None:
    """Recall@1/3/5 and MRR: vector vs BM25 vs hybrid."""
    from eval.retrieval import run

    run()


@app.command()
def answers(models: str = typer.Option("qwen2.5-coder-0.5b,qwen2.5-coder-1.5b", help="Comma-separated."),
            limit: int = typer.Option(0, help="Only the first N questions (0 = all).")) -> None:
    """Answers correct, off-topic declined, citation validity and latency, per model."""
    from eval.answers import run

    run(models.split(","), limit=limit)


@app.command()
def bench(runs: int = typer.Option(8, help="Questions to time.")) -> None:
    """Raw llama-cpp-python vs the engine on the same prompts: TTFT, decode speed, cold start."""
    from eval.bench import run

    run(runs)


@app.command()
def security(model: str | None = typer.Option(None, help="0.5b or 1.5b (default: the configured model)."),
             probes: Path = typer.Option(Path(__file__).parent / "security.yaml", help="Probe file (YAML)."),
             json_output: bool = typer.Option(False, "--json", help="One JSON document on stdout.")) -> None:
    """Prompt-injection probes (eval/security.yaml; held-out: eval/security-heldout.yaml): pass rate per category."""
    from eval.security import run

    run(model, as_json=json_output, probes_file=probes)


@app.command()
def load(learners: str = typer.Option("1,4,8", help="Concurrent learners per round, comma-separated."),
         turns: int = typer.Option(2, min=1, help="Questions per learner per round."),
         model: str = typer.Option("qwen2.5-coder-0.5b", help="qwen2.5-coder-0.5b or qwen2.5-coder-1.5b."),
         setups: str = typer.Option("embedded,server", help="embedded, server, or both.")) -> None:
    """K concurrent learners through the web UI: embedded vs server setup, throughput, p50/p95, cross-talk."""
    from eval.load import run

    run([int(k) for k in learners.split(",")], turns, model, setups.split(","))


@app.command()
def soak(sessions: int = typer.Option(8, min=1), turns: int = typer.Option(20, min=1),
         model: str = typer.Option("qwen2.5-coder-0.5b", help="qwen2.5-coder-0.5b or qwen2.5-coder-1.5b."),
         through: str = typer.Option("engine,ui", help="engine, ui, or both.")) -> None:
    """Sessions x turns through the engine and the web UI: errors, cross-talk, resident memory over time."""
    from eval.soak import run

    run(sessions, turns, model, through.split(","))


if __name__ == "__main__":
    app()
