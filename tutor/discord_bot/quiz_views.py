"""The quizzes as Discord buttons: each click calls the shared services and edits the same message.

One question per message: the recommendation quiz (an option button per answer, plus "Not sure"; the result
is saved as the learner's track) and the knowledge check (a practice round over the learner store: a lettered
button per option, feedback with the document section and the topic's mastery, then "Next"). The words
come from tutor.render, like the web UI's and the terminal's.
"""
from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any, Awaitable, Callable

import discord

from tutor import render
from tutor.discord_bot.text import card_embed
from tutor.practice import Practice, Round
from tutor.quiz import QuizService, Recommendation, RecommendQuestion
from tutor.quiz.types import letters
from tutor.types import InputError

log = logging.getLogger("tutor.discord")

LABEL = 80  # Discord's longest button label
Why = Callable[[discord.Interaction, dict[str, Any]], Awaitable[None]]  # explains an answered question
TIMEOUT_S = 1800.0


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Choice(discord.ui.Button):
    """A button that calls `on_click(interaction)`."""

    def __init__(self, label: str, on_click: Callable[[discord.Interaction], Awaitable[None]], *,
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary) -> None:
        super().__init__(label=_clip(label, LABEL), style=style)
        self.on_click = on_click

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.on_click(interaction)


class OwnedView(discord.ui.View):
    """Buttons only the learner who started the quiz may press."""

    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=TIMEOUT_S)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("This quiz belongs to someone else; start your own with /quiz.",
                                                ephemeral=True)
        return False

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        if isinstance(error, InputError):  # e.g. the quiz was reset: the message says what to do
            text = str(error)
        else:
            log.error("quiz button failed", exc_info=error)
            text = "Sorry, that did not work. Please start the quiz again with /quiz."
        send = interaction.followup.send if interaction.response.is_done() else interaction.response.send_message
        await send(text, ephemeral=True)


class ForgetView(OwnedView):
    """/forget's confirmation: nothing is deleted until the learner presses the red button."""

    def __init__(self, owner_id: int, on_confirm: Callable[[discord.Interaction], Awaitable[None]]) -> None:
        super().__init__(owner_id)
        self.add_item(Choice("Yes, delete everything", on_confirm, style=discord.ButtonStyle.danger))
        self.add_item(Choice("Cancel", self.cancel))

    async def cancel(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content="Nothing was deleted.", view=None)


# -- knowledge check ----------------------------------------------------------------------------------------------
class CheckView(OwnedView):
    """One knowledge-check question of a practice round (graded and stored by the learner store): a button per option."""

    def __init__(self, practice: Practice, round_: Round, owner_id: int, on_why: Why | None = None) -> None:
        super().__init__(owner_id)
        self.practice, self.round, self.on_why = practice, round_, on_why
        self.question = round_.current
        assert self.question is not None
        for i, (letter, option) in enumerate(zip(letters(len(self.question["choices"])), self.question["choices"])):
            self.add_item(Choice(f"{letter}) {option}", functools.partial(self.choose, i)))

    @property
    def content(self) -> str:
        return question_text(self.round, self.question, with_choices=True)

    async def choose(self, index: int, interaction: discord.Interaction) -> None:
        if self.round.current is not self.question:  # an older message of this round, or of an earlier one
            await interaction.response.send_message("That question is from an earlier quiz; answer the latest one, "
                                                    "or start again with /quiz check.", ephemeral=True)
            return
        verdict = await asyncio.to_thread(self.practice.answer, self.round, index)  # a database write
        card = render.feedback(correct=verdict["correct"], answer=verdict["answer_text"],
                               explanation=verdict["explanation"], section=verdict["section"],
                               source=self.practice.bank.source,
                               mastery={verdict["topic"]: verdict["mastery"][verdict["topic"]]}
                               if verdict["topic"] in verdict.get("mastery", {}) else None,
                               titles=self.practice.bank.topics)
        text = f"{self.content}\n\n{card.markdown()}"
        score = self.practice.score(self.round)
        if score.finished:
            text += "\n\n" + render.score(score).markdown()
            view = AfterRoundView(self.practice, self.round, self.owner_id, self.on_why) if score.wrong \
                else OwnedView(self.owner_id)
        else:
            view = NextView(self.practice, self.round, self.owner_id, self.on_why)
        if self.on_why is not None:  # "Why?": the tutor explains this answer from the document
            last, on_why = verdict, self.on_why
            view.add_item(Choice("🤔 Why?", lambda clicked: on_why(clicked, last)))
        await interaction.response.edit_message(content=_clip(text, 2000), view=view if view.children else None)


def question_text(round_: Round, question: dict, *, with_choices: bool) -> str:
    return render.question(question["question"], question["choices"] if with_choices else (),
                           number=len(round_.asked), total=round_.length, round=round_.number,
                           due=bool(question.get("due"))).markdown()


class NextView(OwnedView):
    def __init__(self, practice: Practice, round_: Round, owner_id: int, on_why: Why | None = None) -> None:
        super().__init__(owner_id)
        self.practice, self.round, self.on_why = practice, round_, on_why
        self.add_item(Choice("Next question", self.next, style=discord.ButtonStyle.primary))

    async def next(self, interaction: discord.Interaction) -> None:
        await asyncio.to_thread(self.practice.next, self.round)
        await show_question(interaction, self.practice, self.round, self.owner_id, self.on_why)


class AfterRoundView(OwnedView):
    def __init__(self, practice: Practice, round_: Round, owner_id: int, on_why: Why | None = None) -> None:
        super().__init__(owner_id)
        self.practice, self.round, self.on_why = practice, round_, on_why
        self.add_item(Choice("Retry the ones I missed", self.retry, style=discord.ButtonStyle.primary))

    async def retry(self, interaction: discord.Interaction) -> None:
        again = self.practice.retry_wrong(self.round)
        await show_question(interaction, self.practice, again or self.round, self.owner_id, self.on_why)


async def show_question(interaction: discord.Interaction, practice: Practice, round_: Round, owner_id: int,
                        on_why: Why | None = None) -> None:
    """Replace the clicked message with the round's current question (or the score when the round is over)."""
    if round_.current is None:
        await interaction.response.edit_message(content=render.score(practice.score(round_)).markdown(), view=None)
        return
    view = CheckView(practice, round_, owner_id, on_why)
    await interaction.response.edit_message(content=view.content, view=view)


# -- recommendation quiz -----------------------------------------------------------------------------------------
class RecommendView(OwnedView):
    """Question `index` of the "ML or DL first?" quiz; the last answer shows the recommendation."""

    def __init__(self, quiz: QuizService, owner_id: int, questions: list[RecommendQuestion],
                 answers: dict[str, str] | None = None, index: int = 0,
                 on_result: Callable[[Recommendation], Any] | None = None) -> None:
        super().__init__(owner_id)
        self.quiz, self.questions, self.answers, self.index = quiz, questions, dict(answers or {}), index
        self.on_result = on_result  # saves the track to the learner store
        question = questions[index]
        for option in question.options:
            self.add_item(Choice(option["text"], functools.partial(self.choose, option["id"])))
        self.add_item(Choice("Not sure / skip", functools.partial(self.choose, "unknown"),
                             style=discord.ButtonStyle.secondary))

    @property
    def content(self) -> str:
        question = self.questions[self.index]
        options = "\n".join(f"• {o['text']}" for o in question.options)
        return f"**Which should you learn first? Question {self.index + 1}/{len(self.questions)}**\n" \
               f"{question.text}\n{options}"

    async def choose(self, option_id: str, interaction: discord.Interaction) -> None:
        answers = {**self.answers, self.questions[self.index].id: option_id}
        if self.index + 1 < len(self.questions):
            view = RecommendView(self.quiz, self.owner_id, self.questions, answers, self.index + 1, self.on_result)
            await interaction.response.edit_message(content=view.content, view=view)
            return
        result = self.quiz.recommend(answers)
        if self.on_result:
            await asyncio.to_thread(self.on_result, result)
        await interaction.response.edit_message(content="Here is what the document suggests for you:",
                                                embed=recommendation_embed(result), view=None)


def recommendation_embed(result: Recommendation) -> discord.Embed:
    """The recommended track, each reason with the section it comes from, and the learning path."""
    return card_embed(render.recommendation(result), discord.Colour.gold())
