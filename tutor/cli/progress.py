"""`tutor progress`, `tutor forget` and `tutor export`: what the learner store holds about a learner."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Optional

import typer

from tutor.cli.common import CliError, friendly, learner_option, local_user, make_app, print_json
from tutor.config import get_settings

app = make_app()


def _service():
    from tutor.learners import LearnerService

    return LearnerService(get_settings())


@app.command()
@friendly
def progress(as_json: bool = typer.Option(False, "--json", help="Print one JSON line on stdout."),
             learner: Optional[str] = learner_option()) -> None:
    """Mastery per topic, reviews due, the recommended track and how many questions you asked."""
    report = _service().progress(learner or local_user())
    if as_json:
        print_json(report)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Progress of {report['learner']}")
    for column in ("topic", "mastery", "attempts", "correct", "due"):
        table.add_column(column, justify="left" if column == "topic" else "right")
    for t in report["topics"]:
        table.add_row(t["title"] + (" (mastered)" if t["mastered"] else ""), f"{t['mastery']:.0%}",
                      str(t["attempts"]), str(t["correct"]), str(t["due"]))
    console = Console()
    console.print(table)
    console.print(f"track: {report['track'] or 'not chosen yet (tutor quiz recommend)'}; "
                  f"questions asked: {report['turns']}; reviews due now: {len(report['due_reviews'])}")
    for n, step in enumerate(report["path"], start=1):
        console.print(f"  [{'x' if step['done'] else ' '}] {n}. {step['step']}")


@app.command()
@friendly
def forget(learner: Optional[str] = learner_option()) -> None:
    """Delete everything stored about the learner: conversations, answers, mastery, reviews, track."""
    name = learner or local_user()
    _service().forget(name)
    typer.echo(f"Deleted everything stored about {name}.", err=True)


@app.command()
@friendly
def export(learner: Optional[str] = learner_option(),
           output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file (default: stdout).",
                                                 dir_okay=False)) -> None:
    """Everything stored about the learner, as JSON."""
    data = _service().export(learner or local_user())
    if output is None:
        print_json(data)
        return
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:  # written beside the target and renamed, so an interrupted export never leaves half a file
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=output.parent or ".", delete=False,
                                         prefix=f".{output.name}.") as tmp:
            tmp.write(text)
        os.replace(tmp.name, output)
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}.") from None
    typer.echo(f"wrote {output}", err=True)
