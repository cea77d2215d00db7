"""Run the quizzes in a terminal with rich: ask, re-prompt gently on bad answers, show feedback.

`ask(prompt) -> str` is injectable; by default rich's Prompt reads stdin. End of input or "q" stops.
"""
from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import Prompt

from tutor import render
from tutor.quiz.choices import parse_choice
from tutor.quiz.recommend import UNKNOWN
from tutor.quiz.service import QuizService
from tutor.quiz.types import Question, QuizInputError, Recommendation, letters

Ask = Callable[[str], str]
NOT_SURE = "Not sure / skip"
_QUIT = {"q", "quit", "exit", ":q"}


class Stop(Exception):
    """The learner quit (typed q, or input ended)."""


def default_ask(console: Console) -> Ask:
    return lambda prompt: Prompt.ask(prompt, console=console)


def _read(ask: Ask, prompt: str) -> str:
    try:
        raw = ask(prompt)
    except (EOFError, KeyboardInterrupt):
        raise Stop from None
    if (raw or "").strip().lower() in _QUIT:
        raise Stop
    return raw or ""


def _choose(console: Console, ask: Ask, options: list[str]) -> int:
    """Ask until the answer names one of `options`; returns its index."""
    while True:
        raw = _read(ask, "Your answer")
        try:
            return parse_choice(options, raw)
        except QuizInputError as exc:
            console.print(f"[yellow]{escape(str(exc))}[/yellow]")


def _show_options(console: Console, options: list[str]) -> None:
    for letter, text in zip(letters(len(options)), options):
        console.print(f"  [bold]{letter})[/bold] {escape(text)}")


def ask_recommendation(service: QuizService, console: Console, ask: Ask) -> dict[str, str]:
    """Ask every recommendation question; skipped or unanswered ones stay "unknown"."""
    answers = {q.id: UNKNOWN for q in service.recommend_questions()}
    console.print("[bold]Which should you learn first: Machine Learning or Deep Learning?[/bold] "
                  "(type a letter, a number or the text; q to stop)")
    questions = service.recommend_questions()
    for i, q in enumerate(questions, start=1):
        options = [o["text"] for o in q.options] + [NOT_SURE]
        console.print(f"\n[bold cyan]{i}/{len(questions)}[/bold cyan] {escape(q.text)}")
        _show_options(console, options)
        try:
            index = _choose(console, ask, options)
        except Stop:
            console.print("[dim]Stopped; the rest count as not sure.[/dim]")
            break
        if index < len(q.options):
            answers[q.id] = q.options[index]["id"]
    return answers


def show(console: Console, card: render.Card) -> None:
    """A card of the shared renderer (tutor.render), as rich Markdown."""
    console.print(Markdown(card.markdown(level=3)))


def show_recommendation(console: Console, rec: Recommendation) -> None:
    console.print(Panel(Markdown(render.recommendation(rec).markdown()), title="Recommendation", expand=False))


def _show_question(console: Console, q: Question) -> None:
    console.print()
    show(console, render.question(q.text, q.options, number=q.number, total=q.total, round=q.round))


def run_check(service: QuizService, console: Console, ask: Ask, session_id: str, topic: str | None,
              n: int, seed: int | None) -> None:
    """A knowledge check: feedback after each answer, the score per round, the wrong ones offered again."""
    question: Question | None = service.start_check(session_id, topic=topic, n=n, seed=seed)
    console.print("[dim]Type a letter, a number or the option's text; q to stop.[/dim]")
    try:
        while question is not None:
            _show_question(console, question)
            while True:
                try:
                    fb = service.answer(session_id, _read(ask, "Your answer"))
                    break
                except QuizInputError as exc:
                    console.print(f"[yellow]{escape(str(exc))}[/yellow]")
            show(console, render.feedback(correct=fb.correct, answer=fb.correct_answer, explanation=fb.explanation,
                                          section=fb.section, source=fb.source))
            question = service.next(session_id)
            if question is None:
                score = service.score(session_id)
                show(console, render.score(score))
                if score.wrong and _yes(ask, f"Try the {len(score.wrong)} you missed again? (y/n)"):
                    question = service.retry_wrong(session_id)
    except Stop:
        show(console, render.score(service.score(session_id), stopped=True))
    finally:
        service.end(session_id)


def _yes(ask: Ask, prompt: str) -> bool:
    try:
        return _read(ask, prompt).strip().lower() in ("y", "yes", "1", "ok", "sure")
    except Stop:
        return False
