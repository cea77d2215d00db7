"""`tutor ask`, `tutor chat` and `tutor retrieve`: questions to the engine and the retriever."""
from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator
from enum import Enum
from typing import Optional

import typer

from tutor.cli.common import CliError, friendly, learner_option, local_user, make_app, print_json
from tutor.config import get_settings

app = make_app()
MAX_STDIN_QUESTIONS = 1000  # per run: a runaway pipe is refused at once, not answered for hours


class Mode(str, Enum):
    hybrid = "hybrid"
    vector = "vector"
    bm25 = "bm25"


def questions_from(question: str, limit: int) -> list[str]:
    """One question, or with `-` one per line of stdin; every one checked before any work starts."""
    from tutor.engine import check_input
    from tutor.types import InputError

    if question != "-":
        return [check_input(question, limit)]
    questions = []
    for number, line in enumerate(_stdin_lines(limit), start=1):
        if number > MAX_STDIN_QUESTIONS:
            raise CliError(f"more than {MAX_STDIN_QUESTIONS:,} questions on stdin; send them in smaller batches.")
        try:
            questions.append(check_input(line, limit))
        except InputError as exc:
            raise CliError(f"line {number} of stdin: {exc}") from None
    if not questions:
        raise CliError("no questions on stdin (one per line).")
    return questions


def _stdin_lines(limit: int) -> Iterator[str]:
    """stdin's lines as text, never holding more than one over-long line's worth of bytes in memory."""
    if sys.stdin is None:  # started with stdin closed
        raise CliError("no stdin to read questions from.")
    cap = limit * 4 + 2  # a UTF-8 character is at most 4 bytes, plus room for "\r\n"
    for number, raw in enumerate(iter(lambda: sys.stdin.buffer.readline(cap), b""), start=1):
        line = raw.rstrip(b"\n").rstrip(b"\r")
        if len(line) > limit * 4:
            raise CliError(f"line {number} of stdin is over the {limit:,}-character limit. Please shorten it.")
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            raise CliError(f"line {number} of stdin is not valid UTF-8 text.") from None


@app.command()
@friendly
def retrieve(question: str = typer.Argument(..., help="The question, or - to read one per line from stdin."),
             k: int = typer.Option(None, "--k", "-k", min=1, max=50, help="How many chunks."),
             as_json: bool = typer.Option(False, "--json", help="One JSON line per question."),
             mode: Mode = typer.Option(Mode.hybrid, help="How to search.")) -> None:
    """Show the passages that answer a question."""
    from tutor.retrieval import Retriever

    settings = get_settings()
    questions = questions_from(question, settings.max_question_chars)
    retriever = Retriever(settings)
    for q in questions:
        chunks = retriever.search(q, k=k or settings.k, mode=mode.value)
        if as_json:
            print_json({"question": q, "chunks": [c.to_json() for c in chunks]})
        else:
            typer.echo(f"\n? {q}")
            for i, c in enumerate(chunks, start=1):
                typer.echo(f"[{i}] {c.section} ({c.source}, score {c.score:.4f})\n    {c.text[:300]}")


@app.command()
@friendly
def ask(question: str = typer.Argument(..., help="The question, or - to read one per line from stdin."),
        as_json: bool = typer.Option(False, "--json", help="One JSON line per question."),
        learner: Optional[str] = learner_option(),
        session: Optional[str] = typer.Option(None, "--session", help="Continue this conversation (kept in the "
                                              "learner store, across runs); without it each question stands alone.")
        ) -> None:
    """Ask the tutor one question (each stdin line is its own conversation, unless --session joins them)."""
    settings = get_settings()
    questions = questions_from(question, settings.max_question_chars)
    tutor = _tutor(settings, session)
    loading = _load_model_meanwhile(tutor)
    try:
        for i, q in enumerate(questions):
            sid = session or f"cli-{os.getpid()}-{i}"
            who = (learner or local_user()) if session else None
            if as_json:
                answer = tutor.ask(q, sid, learner=who)
                loading.join()
                print_json(answer.to_json())
            else:
                print_stream(_once_loaded(loading, tutor.ask_stream(q, sid, learner=who)))
    finally:
        loading.join()  # never exit while llama.cpp is mid-load on the other thread


def _load_model_meanwhile(tutor) -> threading.Thread:
    """Load the chat model on another thread while the question is checked, embedded and retrieved: llama.cpp
    loads outside the GIL, so on 2 cores the two overlap (the 1.5B's load took 1.5-3.4 s of a cold `tutor ask`).
    A failure is left for the engine to meet, and report, when it needs the model.

    Nothing may be printed until the load is over: llama-cpp-python's quiet load points the process's stdout and
    stderr at /dev/null while it runs, so an off-topic answer, ready in 0.1 s, vanished (exit 0, no output)."""
    def load() -> None:
        try:
            tutor.llm.load()
        except Exception:  # noqa: BLE001 (the engine's own load raises the same error, clearly, if it matters)
            pass

    thread = threading.Thread(target=load, name="model-load", daemon=True)
    thread.start()
    return thread


def _once_loaded(loading: threading.Thread, events: Iterator) -> Iterator:
    """The engine's events, each passed on only after the model's load (see `_load_model_meanwhile`)."""
    for event in events:
        loading.join()
        yield event


def _tutor(settings, session: str | None):
    """The engine; with a named session it reads and writes the conversation in the learner store."""
    from tutor.engine import Tutor

    if session is None:
        return Tutor(settings)
    from tutor.learners import LearnerService
    from tutor.learners.service import check_name

    check_name(session, "session")  # a bad name is refused before any model loads
    return Tutor(settings, learners=LearnerService(settings))


def print_stream(events: Iterator) -> None:
    from tutor.types import DoneEvent, TokenEvent, ToolEvent

    for event in events:
        if isinstance(event, TokenEvent):
            sys.stdout.write(event.text)
            sys.stdout.flush()
        elif isinstance(event, ToolEvent):
            call = event.tool
            typer.echo(f"[demo {call.name}] {json.dumps(call.result or {}, ensure_ascii=False)[:400]}")
            if call.plot:
                typer.echo(f"[plot] {call.plot}")
        elif isinstance(event, DoneEvent):
            answer = event.answer
            typer.echo("")
            if answer.offtopic:
                typer.echo("(outside the document)")
            for s in answer.sources:
                typer.echo(f"  [{s.n}] {s.section} ({s.source})")


@app.command()
@friendly
def chat(learner: Optional[str] = learner_option(),
         session: Optional[str] = typer.Option(None, "--session", help="Continue this stored conversation.")) -> None:
    """An interactive conversation in the terminal (empty line or Ctrl-D to quit; /reset to start over)."""
    from tutor.types import InputError

    tutor = _tutor(get_settings(), session)
    sid = session or f"chat-{os.getpid()}"
    who = (learner or local_user()) if session else None
    resets = 0
    typer.echo("Ask about machine learning vs deep learning. /reset starts over; an empty line quits.")
    while True:
        try:
            line = input("\nyou> ")
        except EOFError:
            break
        except UnicodeDecodeError:  # a pasted or piped byte sequence that is not text
            typer.echo("That line is not valid UTF-8 text; please type it again.", err=True)
            continue
        if not line.strip():
            break
        if line.strip() == "/reset":
            tutor.reset(sid)
            if session:  # the stored conversation stays (forget deletes it): go on in a new one
                resets += 1
                sid = f"{session}-{resets + 1}"
                typer.echo(f"(conversation cleared; this one is stored as session {sid})")
            else:
                typer.echo("(conversation cleared)")
            continue
        try:
            events = tutor.ask_stream(line, sid, learner=who)  # refuses bad input here, before any work
        except InputError as exc:
            typer.echo(str(exc), err=True)
            continue
        sys.stdout.write("tutor> ")
        print_stream(events)
