"""The Discord client: slash commands registered on a CommandTree, mentions and DMs routed to the handlers."""
import logging
import sys

import discord
from discord import app_commands

from tutor.config import Settings
from tutor.discord_bot.handlers import Handlers
from tutor.engine import Tutor

log = logging.getLogger("tutor.discord")
# what the bot does in a channel: read it, reply (a reply needs the history), embeds and plot files
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, send_messages_in_threads=True,
                                  embed_links=True, attach_files=True, read_message_history=True)


def register(tree: app_commands.CommandTree, h: Handlers) -> None:
    """Declare the slash commands; each one only forwards to its handler."""

    @tree.command(name="ask", description="Ask about machine learning vs deep learning; the answer cites the document.")
    @app_commands.describe(question="Your question, e.g. when should I use deep learning?")
    async def ask(interaction: discord.Interaction, question: str) -> None:
        await h.ask(interaction, question)

    @tree.command(name="demo", description="Run a hands-on demo and get its plot, e.g. 'compare a tree and a forest'.")
    @app_commands.describe(request="Which demo, in your words, with any settings (e.g. 'overfitting with depth 12').")
    async def demo(interaction: discord.Interaction, request: str) -> None:
        await h.demo(interaction, request)

    @demo.autocomplete("request")
    async def demo_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return h.demo_suggestions(current)

    @tree.command(name="sources", description="Show the passages behind your last answer in this channel.")
    async def sources(interaction: discord.Interaction) -> None:
        await h.sources(interaction)

    @tree.command(name="reset", description="Forget your conversation with the tutor in this channel.")
    async def reset(interaction: discord.Interaction) -> None:
        await h.reset(interaction)

    @tree.command(name="progress", description="Your mastery per topic (as a chart), reviews due and learning path.")
    async def progress(interaction: discord.Interaction) -> None:
        await h.progress(interaction)

    @tree.command(name="forget", description="Delete everything the tutor has stored about you (asks first).")
    async def forget(interaction: discord.Interaction) -> None:
        await h.forget(interaction)

    quiz = app_commands.Group(name="quiz", description="Which should I learn first? And knowledge checks.")

    @quiz.command(name="recommend", description="Machine learning or deep learning first? Answer a few questions.")
    @app_commands.describe(profile="Optional: describe yourself instead (background, hardware, goals).")
    async def recommend(interaction: discord.Interaction, profile: str | None = None) -> None:
        await h.quiz_recommend(interaction, profile)

    topics = [app_commands.Choice(name=t["title"][:100], value=t["id"]) for t in h.tutor.quiz.topics()][:25]

    @quiz.command(name="check", description="A five-question knowledge check with feedback.")
    @app_commands.describe(topic="Optional: one topic of the document.")
    @app_commands.choices(topic=topics)
    async def check(interaction: discord.Interaction, topic: app_commands.Choice[str] | None = None) -> None:
        await h.quiz_check(interaction, topic.value if topic else None)

    tree.add_command(quiz)


class TutorBot(discord.Client):
    """A Discord front end over a shared `Tutor` (the same object the CLI or web UI may hold)."""

    def __init__(self, tutor: Tutor) -> None:
        # default intents only: Discord delivers the text of mentions and DMs without the privileged
        # message-content intent, and the bot never reads other messages
        super().__init__(intents=discord.Intents.default(), allowed_mentions=discord.AllowedMentions.none())
        self.handlers = Handlers(tutor)
        self.tree = app_commands.CommandTree(self)
        register(self.tree, self.handlers)

    async def setup_hook(self) -> None:
        await self.tree.sync()  # publish the slash commands (new ones can take a minute to show up)

    async def on_ready(self) -> None:
        assert self.user is not None
        url = discord.utils.oauth_url(self.user.id, permissions=PERMISSIONS, scopes=("bot", "applications.commands"))
        log.info("logged in as %s; invite it with %s", self.user, url)

    async def on_message(self, message: discord.Message) -> None:
        if self.user is not None:
            await self.handlers.on_message(message, self.user)


def serve(settings: Settings, token: str, tutor: Tutor | None = None) -> None:
    """Load the models, connect and answer until Ctrl-C."""
    import aiohttp

    tutor = tutor or Tutor(settings)
    print("loading the models...", file=sys.stderr)
    tutor.warm_up()  # a missing model or empty store fails here, in one line, not on the first question
    try:
        TutorBot(tutor).run(token, log_level=logging.INFO)
    except discord.LoginFailure:
        print("error: Discord refused the token in DISCORD_TOKEN; copy a new one from your application's Bot page "
              "(Reset Token).", file=sys.stderr)
        raise SystemExit(2) from None
    except discord.PrivilegedIntentsRequired as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except (aiohttp.ClientError, OSError) as exc:
        print(f"error: cannot reach Discord ({exc}); check the network connection.", file=sys.stderr)
        raise SystemExit(1) from None
