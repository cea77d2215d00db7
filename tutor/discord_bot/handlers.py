"""What each slash command and mention does: plain coroutines over a shared `Tutor`.

Every handler takes the Discord object it answers (an Interaction or a Message), so it runs without a
gateway. The tutoring itself stays in the engine; this module only admits, defers, calls the engine in a
worker thread and renders the result the Discord way.
"""
from __future__ import annotations

import asyncio
import functools
import io
import logging
import re
from typing import Any, Awaitable, Callable, TypeVar

import discord
from cachetools import LRUCache

from tutor import render
from tutor.discord_bot.limits import RateLimiter
from tutor.discord_bot.quiz_views import CheckView, ForgetView, RecommendView, recommendation_embed
from tutor.discord_bot.text import answer_extras, card_embed, sources_embed, split_message
from tutor.engine import Tutor, check_input
from tutor.learners import LearnerService
from tutor.practice import Practice, save_recommendation
from tutor.quiz.profile import clean_profile
from tutor.types import Answer, InputError, Source

log = logging.getLogger("tutor.discord")
T = TypeVar("T")
MAX_REMEMBERED = 2000  # sessions whose last sources /sources can show
SORRY = "Sorry, something went wrong on my side while answering. Please try again in a moment."


def session_id(channel_id: int | None, user_id: int) -> str:
    """One conversation per learner per channel (a DM is its own channel)."""
    return f"discord:{channel_id or 0}:{user_id}"


def learner_id(user_id: int) -> str:
    """The learner in the store is the Discord user, in every channel (prefixed: CLI names cannot clash)."""
    return f"discord:{user_id}"


def guarded(handler: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """Log an unexpected error and tell the learner politely, instead of a silent "interaction failed"."""

    @functools.wraps(handler)
    async def wrapper(self: Handlers, target: Any, *args: Any, **kwargs: Any) -> None:
        try:
            await handler(self, target, *args, **kwargs)
        except InputError as exc:  # the engine's and the quiz's refusals are written for the learner
            await _say(target, str(exc), ephemeral=True)
        except Exception:
            log.exception("%s failed", handler.__name__)
            try:
                await _say(target, SORRY, ephemeral=True)
            except Exception:  # the interaction may have expired; the log has the details
                log.debug("could not report the failure", exc_info=True)
    return wrapper


async def _say(target: Any, text: str, *, ephemeral: bool = False) -> None:
    """Reply once to an interaction (first response or follow-up) or to a message."""
    if not hasattr(target, "response"):  # a Message
        await target.reply(text, mention_author=False)
    elif target.response.is_done():
        await target.followup.send(text, ephemeral=ephemeral)
    else:
        await target.response.send_message(text, ephemeral=ephemeral)


def _words(text: str, limit: int) -> str:
    """`text` cut at a word boundary to fit Discord's 100-character choice limit."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;") + "…"


class Handlers:
    """The bot's behaviour. `tutor` is the same engine the CLI and web UI use, never a copy."""

    def __init__(self, tutor: Tutor) -> None:
        if tutor.learners is None:  # the bot always remembers its learners
            tutor.learners = LearnerService(tutor.settings)
        self.tutor = tutor
        self.limiter = RateLimiter(tutor.settings.discord_rate_per_minute)
        self._last_sources: LRUCache[str, list[Source]] = LRUCache(maxsize=MAX_REMEMBERED)
        # engine calls wait here, not in the thread pool: the embedded model serves one at a time
        self._slots = asyncio.Semaphore(self._concurrency())
        self.practice = Practice(tutor.learners, tutor.learners.bank)

    def _concurrency(self) -> int:
        try:
            return max(1, int(getattr(self.tutor.llm, "concurrency", 1)))
        except Exception:  # no model configured yet: the engine will say so when asked
            return 1

    async def in_worker(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking engine work in a thread so the gateway heartbeat keeps beating."""
        async with self._slots:
            return await asyncio.to_thread(fn, *args)

    # -- admission ----------------------------------------------------------------------------------------------
    def over_limit(self, user_id: int) -> str | None:
        """A polite sentence when this learner is asking faster than the per-minute limit, else None."""
        wait = self.limiter.check(user_id)
        if not wait:
            return None
        per = self.limiter.per_minute
        return (f"You're asking faster than I can keep up ({per} request{'s' * (per != 1)} a minute). "
                f"Please try again in {max(1, round(wait))} s.")

    # -- /ask, /demo and mentions -------------------------------------------------------------------------------
    @guarded
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        """/ask question: a cited answer from the document."""
        await self._answer_interaction(interaction, question)

    @guarded
    async def demo(self, interaction: discord.Interaction, request: str) -> None:
        """/demo request: the engine recognises the demo, runs it in its sandbox and explains the plot."""
        await self._answer_interaction(interaction, request, demo=True)

    async def _answer_interaction(self, interaction: discord.Interaction, text: str, demo: bool = False) -> None:
        # the learner's own words are checked, so /demo refuses an emoji flood as /ask does
        refusal = self.over_limit(interaction.user.id) or self._input_problem(text)
        if refusal:
            await interaction.response.send_message(refusal, ephemeral=True)
            return
        await interaction.response.defer(thinking=True)  # answers take longer than Discord's 3 seconds
        sid = session_id(interaction.channel_id, interaction.user.id)
        ask = functools.partial(self.tutor.ask, learner=learner_id(interaction.user.id),
                                intent="demo" if demo else None)  # /demo is an explicit request: the engine is told
        answer = await self.in_worker(ask, text, sid)
        log.info("answered %s: engine %.0f ms", sid, answer.timings.total_ms)
        self._remember(sid, answer)
        await self._send_answer(answer, interaction.followup.send, interaction.followup.send)

    @guarded
    async def on_message(self, message: discord.Message, me: discord.abc.User) -> None:
        """A mention of the bot in a channel, or any DM, is a question like /ask."""
        if message.author.bot or message.author.id == me.id:
            return
        in_dm = message.guild is None
        if not in_dm and me.id not in {u.id for u in message.mentions}:
            return  # mention_everyone and role mentions are not questions for the tutor
        text = re.sub(rf"<@!?{me.id}>", " ", message.content or "").strip()
        if not text:
            await message.reply("Ask me something after the mention, e.g. *what is feature engineering?*",
                                mention_author=False)
            return
        refusal = self.over_limit(message.author.id) or self._input_problem(text)
        if refusal:
            await message.reply(refusal, mention_author=False)
            return
        sid = session_id(message.channel.id, message.author.id)
        async with message.channel.typing():
            answer = await self.in_worker(functools.partial(self.tutor.ask, learner=learner_id(message.author.id)),
                                          text, sid)
        self._remember(sid, answer)

        async def reply(content: str, **extra: Any) -> Any:
            return await message.reply(content, mention_author=False, **extra)
        await self._send_answer(answer, reply, message.channel.send)

    def demo_suggestions(self, typed: str) -> list[discord.app_commands.Choice[str]]:
        """Autocomplete for /demo: the demos whose name or description contains what is typed so far."""
        typed = typed.lower().strip()
        choices = []
        for demo in self.tutor.list_demos():
            label = f"{demo['name']}: {demo['description']}"
            if typed in label.lower():
                summary = demo["description"].split(". ")[0].split(":")[0]
                choices.append(discord.app_commands.Choice(name=_words(label, 100), value=_words(summary, 100)))
        return choices[:25]

    def _input_problem(self, text: str) -> str | None:
        try:
            check_input(text, self.tutor.settings.max_question_chars)
        except InputError as exc:
            return str(exc)
        return None

    async def _send_answer(self, answer: Answer, send_first: Callable[..., Awaitable[Any]],
                           send_more: Callable[..., Awaitable[Any]]) -> None:
        """The answer in messages under 2,000 characters; the demo card, plot and sources go with the last."""
        parts = split_message(answer.answer) or ["(no answer)"]
        embeds, files = answer_extras(answer)
        for i, part in enumerate(parts):
            extra: dict[str, Any] = {}
            if i == len(parts) - 1:
                extra = {k: v for k, v in (("embeds", embeds), ("files", files)) if v}
            await (send_first if i == 0 else send_more)(part, **extra)

    def _remember(self, sid: str, answer: Answer) -> None:
        self._last_sources[sid] = answer.sources  # the least recently used channel is forgotten beyond the cap

    # -- /sources and /reset ------------------------------------------------------------------------------------
    @guarded
    async def sources(self, interaction: discord.Interaction) -> None:
        """/sources: the full passages behind your last answer in this channel."""
        sid = session_id(interaction.channel_id, interaction.user.id)
        embed = sources_embed(self._last_sources.get(sid, []), full=True)
        if embed is None:
            text = ("Your last answer here had no sources (it was outside the document)." if sid in
                    self._last_sources else "You have not asked anything in this channel yet; try /ask.")
            await interaction.response.send_message(text, ephemeral=True)
            return
        await interaction.response.send_message("The passages your last answer used:", embed=embed, ephemeral=True)

    @guarded
    async def reset(self, interaction: discord.Interaction) -> None:
        """/reset: forget your conversation (and any quiz in progress) in this channel."""
        sid = session_id(interaction.channel_id, interaction.user.id)
        self.tutor.reset(sid)
        self._last_sources.pop(sid, None)
        await interaction.response.send_message("Done: I've forgotten our conversation in this channel.",
                                                ephemeral=True)

    # -- /quiz ----------------------------------------------------------------------------------------------------
    @guarded
    async def quiz_recommend(self, interaction: discord.Interaction, profile: str | None = None) -> None:
        """/quiz recommend [profile]: buttons, one question at a time; or a free-text profile read by the model."""
        save = functools.partial(save_recommendation, self.tutor.learners, learner_id(interaction.user.id))
        if not profile:
            view = RecommendView(self.tutor.quiz, interaction.user.id, self.tutor.quiz.recommend_questions(),
                                 on_result=save)
            await interaction.response.send_message(view.content, view=view, ephemeral=True)
            return
        refusal = self.over_limit(interaction.user.id)
        if refusal:
            await interaction.response.send_message(refusal, ephemeral=True)
            return
        clean_profile(profile)  # bad text is refused at once (as InputError), before deferring
        await interaction.response.defer(thinking=True, ephemeral=True)
        result = await self.in_worker(self.tutor.quiz.recommend_from_text, profile)
        await asyncio.to_thread(save, result)
        await interaction.followup.send("Here is what the document suggests for you:",
                                        embed=recommendation_embed(result), ephemeral=True)

    @guarded
    async def quiz_check(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        """/quiz check [topic]: five questions with buttons, chosen and graded by the learner store."""
        round_ = await asyncio.to_thread(self.practice.start, learner_id(interaction.user.id), topic or None)
        view = CheckView(self.practice, round_, interaction.user.id, on_why=self.why)
        await interaction.response.send_message(view.content, view=view, ephemeral=True)

    async def why(self, interaction: discord.Interaction, answered: dict[str, Any]) -> None:
        """"Why?" under a knowledge-check answer: the engine explains it from the document, verified and cited."""
        refusal = self.over_limit(interaction.user.id)
        if refusal:
            await interaction.response.send_message(refusal, ephemeral=True)
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        sid = session_id(interaction.channel_id, interaction.user.id)
        ask = functools.partial(self.tutor.ask, learner=learner_id(interaction.user.id))
        answer = await self.in_worker(ask, render.why_question(answered["question"], answered["answer_text"]), sid)
        self._remember(sid, answer)
        send = functools.partial(interaction.followup.send, ephemeral=True)
        await self._send_answer(answer, send, send)

    # -- /progress and /forget ------------------------------------------------------------------------------------
    @guarded
    async def progress(self, interaction: discord.Interaction) -> None:
        """/progress: mastery per topic (with the chart attached), reviews due, activity, the track and its path."""
        user = interaction.user
        data = await asyncio.to_thread(self.tutor.learners.progress, learner_id(user.id))
        data = {**data, "display_name": getattr(user, "display_name", None) or user.name}
        png = io.BytesIO()
        await asyncio.to_thread(render.mastery_chart, data, png)
        png.seek(0)
        embed = card_embed(render.progress(data), discord.Colour.green())
        embed.set_image(url="attachment://mastery.png")
        await interaction.response.send_message(embed=embed, file=discord.File(png, filename="mastery.png"),
                                                ephemeral=True)

    @guarded
    async def forget(self, interaction: discord.Interaction) -> None:
        """/forget: after a confirmation button, delete everything stored about this Discord user."""
        user_id = interaction.user.id

        async def confirmed(clicked: discord.Interaction) -> None:
            await asyncio.to_thread(self.tutor.learners.forget, learner_id(user_id))
            for sid in [sid for sid in self._last_sources if sid.endswith(f":{user_id}")]:
                self._last_sources.pop(sid, None)
                self.tutor.reset(sid)
            self.tutor.reset(session_id(clicked.channel_id, user_id))
            await clicked.response.edit_message(content="Done: everything I stored about you (conversations, quiz "
                                                        "answers, progress, track) is deleted.", view=None)

        await interaction.response.send_message(
            "This deletes everything I have stored about you: conversations, quiz answers, mastery, reviews and "
            "your learning path. It cannot be undone.", view=ForgetView(user_id, confirmed), ephemeral=True)
