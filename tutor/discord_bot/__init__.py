"""The Discord bot: a thin adapter over the shared `Tutor` (`tutor discord`).

`handlers` holds what each command does (plain coroutines, testable without a gateway), `bot` the
client and the slash-command tree, `text` Discord's message shapes, `quiz_views` the quiz buttons.
"""
from __future__ import annotations

import sys

from tutor.config import Settings

NO_TOKEN = ("error: no Discord bot token. Create an application at https://discord.com/developers/applications, "
            "open Bot > Reset Token, then run `DISCORD_TOKEN=<token> tutor discord` "
            "(or put discord_token = \"...\" in tutor.toml).")


def run(settings: Settings) -> None:
    """Run the bot with the token from DISCORD_TOKEN (or `discord_token` in tutor.toml); exit 2 without one."""
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        raise SystemExit(2)
    from tutor.discord_bot.bot import serve  # discord.py and the models load only when there is a token

    serve(settings, token)
