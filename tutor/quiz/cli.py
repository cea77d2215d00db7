"""`tutor quiz recommend` and `tutor quiz check`. Bad input: one line on stderr, exit code 2."""
from __future__ import annotations

import contextlib
import json
import sys

import typer
from rich.console import Console

from tutor.quiz import profile, terminal
from tutor.quiz.service import MAX_QUESTIONS, QuizService
from tutor.quiz.types import QuizInputError

app = typer.Typer(help="Quizzes: which to learn first (ML or DL), and knowledge checks.",
                  no_args_is_help=True, add_completion=False)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _settings():
    from tutor.config import get_settings

    return get_settings()


def _load_llm(settings):
    """The chat model, or None (with a note on stderr): the keyword mapping still answers."""
    try:
        from tutor.llm import get_llm

        with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the JSON line
            return get_llm(settings)
    except Exception as exc:  # missing backend or weights: degrade, do not fail
        typer.echo(f"note: the model is unavailable ({type(exc).__name__}); mapping with keywords.", err=True)
        return None


@app.command()
def recommend(
    profile_text: str | None = typer.Option(None, "--profile-text", help="Describe yourself instead of answering "
                                            "the questions: background, data, hardware, goals."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line on stdout."),
    mapping: str = typer.Option(profile.DEFAULT_MODE, "--mapping",
                                help=f"How free text becomes answers: {', '.join(profile.MODES)}."),
) -> None:
    """Which should you learn first, Machine Learning or Deep Learning? Reasons cite the document."""
    if mapping not in profile.MODES:
        raise _fail(f"--mapping must be one of {', '.join(profile.MODES)}.")
    # in JSON mode everything but the result goes to stderr
    console = Console(stderr=as_json)
    settings = _settings()
    service = QuizService(settings)
    try:
        if profile_text is not None:
            profile.clean_profile(profile_text)  # refuse bad text before loading a model
            llm = _load_llm(settings) if mapping != "keywords" else None
            with contextlib.redirect_stdout(sys.stderr):
                result = service.recommend_from_text(profile_text, llm=llm, mode=mapping)  # type: ignore[arg-type]
        else:
            result = service.recommend(terminal.ask_recommendation(service, console, terminal.default_ask(console)))
    except QuizInputError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    else:
        terminal.show_recommendation(console, result)


@app.command()
def check(
    topic: str | None = typer.Option(None, "--topic", help="Only questions on this topic (see --list-topics)."),
    n: int = typer.Option(5, "--n", help=f"How many questions (1-{MAX_QUESTIONS})."),
    seed: int | None = typer.Option(None, "--seed", help="Fix the question order (for repeatable runs)."),
    list_topics: bool = typer.Option(False, "--list-topics", help="Show the topics and exit."),
) -> None:
    """A knowledge check: feedback with a citation after each answer, your score, and the wrong ones again."""
    service = QuizService(_settings())
    console = Console()
    if list_topics:
        for t in service.topics():
            console.print(f"{t['id']:<18} {t['title']} ({t['count']} questions)")
        return
    try:
        terminal.run_check(service, console, terminal.default_ask(console), "cli", topic, n, seed)
    except QuizInputError as exc:
        raise _fail(str(exc)) from None
