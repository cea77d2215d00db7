"""`tutor demo list` and `tutor demo run NAME --arg key=value ... [--json]`."""
from __future__ import annotations

import json
from typing import Any, Optional

import typer

from tutor.cli.common import fail, make_app, print_json

app = make_app(help="List and run the hands-on demos.")


@app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="One JSON line per demo, with its schema.")) -> None:
    """Show every demo and its settings."""
    from tutor.tools import list_demos

    for demo in list_demos():
        if as_json:
            print_json(demo)
            continue
        typer.echo(f"{demo['name']}: {demo['description']}")
        for key, prop in demo["schema"]["properties"].items():
            if "enum" in prop:
                allowed = "|".join(map(str, prop["enum"]))
            elif "items" in prop:
                allowed = "list of " + "|".join(map(str, prop["items"]["enum"]))
            elif "minimum" in prop:
                allowed = f"{prop['minimum']}..{prop['maximum']}"
            else:
                allowed = prop.get("type", "")
            typer.echo(f"    {key}={_shown(prop.get('default'))}  ({allowed}) {prop.get('description', '')}")


@app.command("run")
def run_cmd(
    name: str = typer.Argument(..., help="Demo name, from `tutor demo list`."),
    arg: Optional[list[str]] = typer.Option(  # noqa: UP007 (Typer reads the annotation)
        None, "--arg", "-a", help="A setting as key=value; repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line instead of text."),
) -> None:
    """Run one demo in the sandbox and print its metrics, explanation and plot path."""
    from tutor.config import get_settings
    from tutor.tools import DemoError, run_demo
    from tutor.tools.registry import get_demo

    arguments: dict[str, Any] = {}
    for item in arg or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--arg needs key=value, got {item[:60]!r}.")
        arguments[key.strip()] = value
    try:  # refuse bad names and arguments here, so they get exit code 2 rather than a failed run
        get_demo(name).validate(arguments)
    except DemoError as exc:
        fail(str(exc))
    call = run_demo(name, arguments, get_settings())
    if as_json:
        print_json({"name": call.name, "arguments": call.arguments, "result": call.result, "error": call.error,
                    "plot": call.plot, "explanation": call.explanation, "section": call.section})
    elif not call.error:
        typer.echo(f"{call.name} {_shown(call.arguments)}")
        for key, value in (call.result or {}).items():
            typer.echo(f"  {key}: {_shown(value)}")
        typer.echo(f"\n{call.explanation}\n[1] {call.section}\nplot: {call.plot}")
    if call.error:
        if not as_json:
            typer.echo(f"error: {call.error}", err=True)
        raise typer.Exit(1)


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
