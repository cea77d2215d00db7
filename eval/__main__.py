"""`python -m eval retrieval|answers|bench`."""
from __future__ import annotations

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


if __name__ == "__main__":
    app()
