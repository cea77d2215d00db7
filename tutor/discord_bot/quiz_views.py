"""The quizzes as Discord buttons: each click calls the shared QuizService and edits the same message.

One question per message: the recommendation quiz (an option button per answer, plus "Not sure") and the
knowledge check (a lettered button per option, feedback with the document section, then "Next").
"""
from __future__ import annotations

import functools
import logging
from typing import Awaitable, Callable

import discord

from tutor.quiz import Feedback, Question, QuizService, Recommendation, RecommendQuestion, Score
from tutor.quiz.types import letters
from tutor.types import InputError

log = logging.getLogger("tutor.discord")

LABEL = 80  # Discord's longest button label
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


# -- knowledge check ----------------------------------------------------------------------------------------------
class CheckView(OwnedView):
    """One knowledge-check question: a button per option."""

    def __init__(self, quiz: QuizService, sid: str, owner_id: int, question: Question) -> None:
        super().__init__(owner_id)
        self.quiz, self.sid, self.question = quiz, sid, question
        for i, (letter, option) in enumerate(zip(letters(len(question.options)), question.options)):
            self.add_item(Choice(f"{letter}) {option}", functools.partial(self.choose, i)))

    @property
    def content(self) -> str:
        return self.question.as_text()

    async def choose(self, index: int, interaction: discord.Interaction) -> None:
        current = self.quiz.next(self.sid)
        if current is None or current.id != self.question.id or current.round != self.question.round:
            await interaction.response.send_message("That question is from an earlier quiz; answer the latest one, "
                                                    "or start again with /quiz check.", ephemeral=True)
            return
        feedback = self.quiz.answer(self.sid, index)
        text = f"{self.content}\n\n{feedback_text(feedback)}"
        if feedback.finished:
            score = self.quiz.score(self.sid)
            text += "\n\n" + score_text(score)
            view: discord.ui.View | None = AfterRoundView(self.quiz, self.sid, self.owner_id) if score.wrong else None
        else:
            view = NextView(self.quiz, self.sid, self.owner_id)
        await interaction.response.edit_message(content=_clip(text, 2000), view=view)


class NextView(OwnedView):
    def __init__(self, quiz: QuizService, sid: str, owner_id: int) -> None:
        super().__init__(owner_id)
        self.quiz, self.sid = quiz, sid
        self.add_item(Choice("Next question", self.next, style=discord.ButtonStyle.primary))

    async def next(self, interaction: discord.Interaction) -> None:
        await show_question(interaction, self.quiz, self.sid, self.owner_id, self.quiz.next(self.sid))


class AfterRoundView(OwnedView):
    def __init__(self, quiz: QuizService, sid: str, owner_id: int) -> None:
        super().__init__(owner_id)
        self.quiz, self.sid = quiz, sid
        self.add_item(Choice("Retry the ones I missed", self.retry, style=discord.ButtonStyle.primary))

    async def retry(self, interaction: discord.Interaction) -> None:
        await show_question(interaction, self.quiz, self.sid, self.owner_id, self.quiz.retry_wrong(self.sid))


async def show_question(interaction: discord.Interaction, quiz: QuizService, sid: str, owner_id: int,
                        question: Question | None) -> None:
    """Replace the clicked message with `question` (or the score when the round is over)."""
    if question is None:
        await interaction.response.edit_message(content=score_text(quiz.score(sid)), view=None)
        return
    view = CheckView(quiz, sid, owner_id, question)
    await interaction.response.edit_message(content=view.content, view=view)


def feedback_text(feedback: Feedback) -> str:
    verdict = "✅ Correct!" if feedback.correct else f"❌ Not quite: the answer is **{feedback.correct_answer}**."
    return (f"{verdict} {feedback.explanation}\n*Source: {feedback.source}, {feedback.section}*\n"
            f"Score so far: {feedback.score}/{feedback.answered}")


def score_text(score: Score) -> str:
    lines = [f"**Round over: {score.correct}/{score.answered} correct ({score.percent:g}%).**"]
    for wrong in score.wrong[:10]:
        lines.append(f"• {wrong['question']} → **{wrong['correct_answer']}** (*{wrong['section']}*)")
    return "\n".join(lines)


# -- recommendation quiz -----------------------------------------------------------------------------------------
class RecommendView(OwnedView):
    """Question `index` of the "ML or DL first?" quiz; the last answer shows the recommendation."""

    def __init__(self, quiz: QuizService, owner_id: int, questions: list[RecommendQuestion],
                 answers: dict[str, str] | None = None, index: int = 0) -> None:
        super().__init__(owner_id)
        self.quiz, self.questions, self.answers, self.index = quiz, questions, dict(answers or {}), index
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
            view = RecommendView(self.quiz, self.owner_id, self.questions, answers, self.index + 1)
            await interaction.response.edit_message(content=view.content, view=view)
            return
        result = self.quiz.recommend(answers)
        await interaction.response.edit_message(content="Here is what the document suggests for you:",
                                                embed=recommendation_embed(result), view=None)


def recommendation_embed(result: Recommendation) -> discord.Embed:
    """The recommended track, each reason with the section it comes from, and the learning path."""
    reasons = "\n".join(f"• {r.text} (*{r.section}*)" for r in result.reasons)
    embed = discord.Embed(title=f"Start with: {result.title}", colour=discord.Colour.gold(),
                          description=_clip(f"Confidence {result.confidence:.0%}\n\n{reasons}", 4096))
    steps = "\n".join(f"{i}. {step.title}" for i, step in enumerate(result.learning_path, start=1))
    if steps:
        embed.add_field(name="Learning path", value=_clip(steps, 1024), inline=False)
    embed.set_footer(text=f"From {result.reasons[0].source if result.reasons else 'ml-vs-dl.md'}")
    return embed

