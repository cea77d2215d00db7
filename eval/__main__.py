"""`python -m eval retrieval|answers|scan|compare|routing|gate|bench|security|load|soak`."""
from __future__ import annotations

from pathlib import Path

from eval.data import NEWEST

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)


@app.command()
def retrieval(reword: bool = typer.Option(False, help="Also recall@3 of the passages the engine shows the model "
                                          "(it asks the chat model to reword far-worded questions).")) -> None:
    """Recall@1/3/5 and MRR: vector vs BM25 vs hybrid."""
    from eval.retrieval import run

    run(reword=reword)


@app.command()
def answers(models: str = typer.Option("qwen2.5-coder-0.5b,qwen2.5-coder-1.5b", help="Comma-separated."),
            splits: str = typer.Option("dev,heldout", help=f"dev, dev-2, dev-3, dev-5 .. dev-{NEWEST - 1} and probe (tuned on; dev-5 .. dev-{NEWEST - 1}: the seventh and later sets, each held out for one session; probe: the dev routing sets' questions, fabrication and citations only), heldout, heldout-2, heldout-3, heldout-4 and heldout-{NEWEST} (never tuned on; heldout-2: the fourth question and not-covered sets with the third off-topic set; heldout-3: the fifth sets; heldout-4: the sixth, questions and not covered; heldout-{NEWEST}: the newest, questions, not covered and off-topic); comma-separated."),
            limit: int = typer.Option(0, help="Only the first N items of each set (0 = all)."),
            units: str = typer.Option("sentence", help="Verification unit(s): sentence, clause, or both."),
            context_chars: str = typer.Option("", help="Per-passage budgets for passages 2+ to compare in one "
                                              "run, comma-separated (default: the configured one)."),
            replay: bool = typer.Option(False, help="Give the model's recorded reply wherever the engine asks what "
                                        "it asked before (eval/replay.py): two versions of the engine compared on "
                                        "the same replies; speed figures void."),
            json_out: Path | None = typer.Option(None, "--json", help="Also write every tally with its misses to this "
                                                 "file, for `eval compare` (held-out splits: counts only).")) -> None:
    """Correct, fabrication, citation precision, not covered, off-topic and latency, per model and split."""
    from eval.answers import run

    budgets = tuple(int(c) for c in context_chars.split(",") if c.strip()) or (None,)
    run(models.split(","), splits.split(","), limit=limit, units=tuple(units.split(",")), budgets=budgets,
        replay=replay, json_out=json_out)


@app.command()
def scan(reply: str = typer.Option("silence", help="silence (every reply: the passages are silent) or default (the "
                                   "scripted backend's one cited sentence)."),
         splits: str = typer.Option("", help=f"Comma-separated (default: every numbered dev split, dev-5 .. "
                                    f"dev-{NEWEST - 1})."),
         limit: int = typer.Option(0, help="Only the first N items of each set (0 = all)."),
         json_out: Path | None = typer.Option(None, "--json", help="Write every tally with its misses here.")) -> None:
    """Every dev item through the engine with a scripted reply, no model: the engine's own decisions, in minutes."""
    from eval.scan import run

    if reply not in ("silence", "default"):
        raise typer.BadParameter("silence or default", param_hint="--reply")
    run(reply, [s for s in splits.split(",") if s.strip()], json_out, limit)


@app.command()
def compare(old: Path, new: Path) -> None:
    """Two `--json` files of `answers` or `scan`, item by item: fixed, lost, changed. Exit 1 when an item was lost."""
    from eval.diff import run

    raise typer.Exit(1 if run(old, new) else 0)


@app.command()
def routing(split: str = typer.Option("dev,dev-2,heldout",
                                      help="dev, dev-2, dev-3, dev-4, seen (tuned on); heldout, heldout-2 (never tuned "
                                      "on), comma-separated.")) -> None:
    """The demo router on the routing sets: accuracy and the confusion matrix."""
    from eval.routing import run

    run(split.split(","))


@app.command()
def gate(split: str = typer.Option("dev,dev-3,heldout,heldout-2",
                                   help="dev, dev-3, look (tuned on; look: eval/lookalikes_dev.yaml); heldout, "
                                        "heldout-2 (never tuned on), comma-separated.")
         ) -> None:
    """The off-topic gate without the chat model: declines and answerable look-alikes, in seconds."""
    from eval.gate import run

    run(split.split(","))


@app.command()
def bench(runs: int = typer.Option(8, help="Questions to time."),
          model: str = typer.Option("1.5b,0.5b", help="Models, comma-separated: 1.5b, 0.5b."),
          parts: str = typer.Option("engine,settings,cold,build", help="engine, settings, cold, build.")) -> None:
    """Raw llama-cpp-python vs the engine (TTFT, decode), runtime settings, cold start, the KV state cache."""
    from eval.bench import run

    run(runs, model.split(","), parts.split(","))


@app.command()
def security(model: str | None = typer.Option(None, help="0.5b or 1.5b (default: the configured model)."),
             sets: str = typer.Option("dev,dev-2,dev-3,held-out", help="Probe sets, comma-separated: dev "
                                      "(eval/security.yaml), dev-2 (eval/security-heldout.yaml, tuned on), dev-3 "
                                      "(eval/security-seen.yaml, seen), held-out (eval/heldout/injection_2.yaml)."),
             probes: Path | None = typer.Option(None, help="One probe file (YAML) instead of the sets."),
             json_output: bool = typer.Option(False, "--json", help="One JSON document on stdout.")) -> None:
    """Prompt-injection probes, dev and held-out: pass rate per set and attack category."""
    from eval.security import SETS, run

    names = [n.strip() for n in sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise typer.BadParameter(f"unknown set {unknown[0]!r}; choose from {', '.join(SETS)}", param_hint="--sets")
    run(model, as_json=json_output, probes_file=probes, sets=names)


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
