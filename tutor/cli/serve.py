"""`tutor ui` and `tutor discord`: the long-running interfaces."""
from __future__ import annotations

from typing import Optional

import typer

from tutor.cli.common import friendly, make_app
from tutor.config import get_settings

app = make_app()


@app.command()
@friendly
def ui(host: Optional[str] = typer.Option(None, help="Interface to listen on."),
       port: Optional[int] = typer.Option(None, help="Port."),
       share: Optional[bool] = typer.Option(None, help="Gradio share link (needs internet).")) -> None:
    """Start the web UI."""
    from tutor.ui import launch

    launch(get_settings(), host=host, port=port, share=share)


@app.command("discord")
@friendly
def discord_command() -> None:
    """Run the Discord bot (token from DISCORD_TOKEN)."""
    from tutor.discord_bot import run

    run(get_settings())
