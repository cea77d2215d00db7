"""`tutor quiz recommend | check | next | answer`: which to learn first, knowledge checks, and stored practice.

`next` and `answer` keep the learner's attempts, mastery and review schedule in the learner store, so a
practice run can stop and resume in another process; `check` is a self-contained round in the terminal.
"""
from __future__ import annotations

import contextlib
import sys
from enum import Enum
from typing import Optional

import typer
from rich.console import Console

from tutor.cli.common import friendly, learner_option, local_user, make_app, print_json
from tutor.quiz import profile
from tutor.quiz.schema import bank_topics
from tutor.quiz.service import MAX_QUESTIONS

app = make_app(help="Quizzes: which to learn first (ML or DL), knowledge checks, and practice that remembers.")

# the choices as enums, so `--help` lists them and a typo is refused before any work
Mapping = Enum("Mapping", {mode: mode for mode in profile.MODES}, type=str)
Topic = Enum("Topic", {topic: topic for topic in bank_topics()}, type=str)


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
@friendly
def recommend(
    profile_text: Optional[str] = typer.Option(None, "--profile-text", help="Describe yourself instead of answering "
                                               "the questions: background, data, hardware, goals."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line on stdout."),
    mapping: Mapping = typer.Option(profile.DEFAULT_MODE, "--mapping", help="How free text becomes answers."),
) -> None:
    """Which should you learn first, Machine Learning or Deep Learning? Reasons cite the document."""
    from tutor.quiz import terminal
    from tutor.quiz.service import QuizService

    console = Console(stderr=as_json)  # in JSON mode everything but the result goes to stderr
    settings = _settings()
    service = QuizService(settings)
    if profile_text is not None:
        profile.clean_profile(profile_text)  # refuse bad text before loading a model
        llm = _load_llm(settings) if mapping.value != "keywords" else None
        with contextlib.redirect_stdout(sys.stderr):
            result = service.recommend_from_text(profile_text, llm=llm, mode=mapping.value)
    else:
        result = service.recommend(terminal.ask_recommendation(service, console, terminal.default_ask(console)))
    if as_json:
        print_json(result.to_json())
    else:
        terminal.show_recommendation(console, result)


@app.command()
@friendly
def check(
    topic: Optional[Topic] = typer.Option(None, "--topic", help="Only questions on this topic."),
    n: int = typer.Option(5, "--n", help=f"How many questions (1-{MAX_QUESTIONS})."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Fix the question order (for repeatable runs)."),
    list_topics: bool = typer.Option(False, "--list-topics", help="Show the topics and exit."),
) -> None:
    """A knowledge check: feedback with a citation after each answer, your score, and the wrong ones again."""
    from tutor.quiz import terminal
    from tutor.quiz.service import QuizService

    service = QuizService(_settings())
    console = Console()
    if list_topics:
        for t in service.topics():
            console.print(f"{t['id']:<18} {t['title']} ({t['count']} questions)")
        return
    terminal.run_check(service, console, terminal.default_ask(console), "cli", topic.value if topic else None, n, seed)


@app.command("next")
@friendly
def next_cmd(as_json: bool = typer.Option(False, "--json", help="Print one JSON line on stdout."),
             learner: Optional[str] = learner_option(),
             topic: Optional[Topic] = typer.Option(None, "--topic", help="Only questions on this topic.")) -> None:
    """The next practice question: a review that is due, else a new one from your weakest topic."""
    from tutor.learners import LearnerService

    question = LearnerService(_settings()).next_question(learner or local_user(), topic.value if topic else None)
    if as_json:
        print_json({k: question[k] for k in ("id", "topic", "question", "choices", "due", "section")})
        return
    typer.echo(("(review) " if question["due"] else "") + question["question"])
    for number, choice in enumerate(question["choices"]):
        typer.echo(f"  {number}) {choice}")
    typer.echo(f"answer with: tutor quiz answer --id {question['id']} --choice N")


@app.command()
@friendly
def answer(question_id: str = typer.Option(..., "--id", help="The question's id, from `tutor quiz next`."),
           choice: int = typer.Option(..., "--choice", help="Your answer: the choice's number, counting from 0."),
           as_json: bool = typer.Option(False, "--json", help="Print one JSON line on stdout."),
           learner: Optional[str] = learner_option()) -> None:
    """Answer a practice question: the verdict, the explanation, where the document says it, your mastery."""
    from tutor.learners import LearnerService

    result = LearnerService(_settings()).answer(learner or local_user(), question_id, choice)
    if as_json:
        print_json(result)
        return
    typer.echo("Correct!" if result["correct"] else f"Not quite: the answer is choice {result['answer']}.")
    typer.echo(f"{result['explanation']}\n(Source: {result['section']})")
    for topic, mastery in result["mastery"].items():
        typer.echo(f"  mastery of {topic}: {mastery:.0%}")
