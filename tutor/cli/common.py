"""What every `tutor` command group shares: the one error helper, the app factory, the learner option.

A problem the user can fix (bad input, a usage mistake, a missing store) is one line on stderr starting
"error: " and exit code 2, never a traceback; `OneLineErrors` makes that true for every group, also when a
group is run on its own (tests invoke them with Typer's CliRunner).
"""
from __future__ import annotations

import functools
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup


class CliError(Exception):
    """A problem the user can fix; printed as one line on stderr, exit code 2."""


def fail(message: str, code: int = 2) -> NoReturn:
    """The one way a command reports a problem: one line on stderr, then exit (2 unless told otherwise)."""
    typer.echo(f"error: {' '.join(str(message).split())}", err=True)
    raise typer.Exit(code)


def friendly(fn: Callable) -> Callable:
    """Turn the errors a user can fix into `fail(...)`, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from tutor.document import BrokenReferenceError
        from tutor.knowledge import DocumentError
        from tutor.learners.errors import LearnerStoreError
        from tutor.llm import LLMError
        from tutor.models import MissingWeightsError
        from tutor.store import StoreError
        from tutor.types import InputError  # also the quiz's and the learner store's input errors

        try:
            return fn(*args, **kwargs)
        except (CliError, InputError, DocumentError, BrokenReferenceError, StoreError, LearnerStoreError,
                MissingWeightsError, LLMError) as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted.", 130)
    return wrapper


class OneLineErrors(TyperGroup):
    """A command group whose usage errors ("No such command", "Invalid value for '--k'") are one line too."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # Typer's (vendored Click's) usage errors
            if type(exc).__name__ != "NoArgsIsHelpError":  # (`tutor` alone: the help, which printed itself)
                ctx = getattr(exc, "ctx", None)
                where = f" (see `{ctx.command_path} --help`)" if ctx else ""
                typer.echo(f"error: {' '.join(exc.format_message().split())}{where}", err=True)
            code = exc.exit_code
        except typer.Abort:
            typer.echo("error: aborted.", err=True)
            code = 1
        else:
            if not standalone_mode:
                return result
            code = result if isinstance(result, int) else 0
        if not standalone_mode:
            raise typer.Exit(code)
        sys.exit(code)


def make_app(**kwargs: Any) -> typer.Typer:
    return typer.Typer(cls=OneLineErrors, add_completion=False, no_args_is_help=True,
                       pretty_exceptions_enable=False, **kwargs)


def local_user() -> str:
    """The default learner on a local machine: the login name (no passwords locally)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container user with no passwd entry and no $USER
        return "local"


def learner_option() -> Any:
    return typer.Option(None, "--learner", help="Whose progress this is (default: your login name).",
                        show_default=False)


def print_json(value: Any) -> None:
    """One JSON line on stdout (the machine-readable output of every --json)."""
    typer.echo(json.dumps(value, ensure_ascii=False))


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)
