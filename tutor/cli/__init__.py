"""The `tutor` command: thin terminal adapters over the engine, one module per command group.

    ask.py        ask, chat, retrieve          knowledge.py  ingest, prepare
    quiz.py       quiz recommend|check|next|answer
    progress.py   progress, forget, export     serve.py      ui, discord
    demo.py       demo list|run                common.py     the error helper and what the groups share
"""
from __future__ import annotations

from tutor.cli import ask, demo, knowledge, progress, quiz, serve
from tutor.cli.common import make_app

app = make_app(help="A local-first tutor for machine learning vs deep learning.")
for group in (ask, knowledge, progress, serve):  # top-level commands
    app.add_typer(group.app)
app.add_typer(demo.app, name="demo", help="List and run the hands-on demos.")
app.add_typer(quiz.app, name="quiz", help="Which should I learn first? Knowledge checks and practice.")


def main() -> None:
    """Entry point of `tutor` (pyproject's [project.scripts]); usage mistakes are one line and exit code 2."""
    app()
