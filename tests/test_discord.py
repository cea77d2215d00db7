"""The Discord bot, with a fake only at the outermost edge.

Discord's gateway is unreachable here, so the interaction and message objects the handlers receive are
small fakes that record what the bot sends (and enforce Discord's one-response rule). Everything behind
them is real: the engine, Chroma in a tmp folder, the MiniLM embedder, the packaged GGUF model through
llama.cpp, the demo sandbox and the quiz service.
"""
from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from eval.data import citation_problems
from tutor.discord_bot.handlers import Handlers, learner_id, session_id
from tutor.discord_bot.limits import RateLimiter
from tutor.discord_bot.text import MESSAGE_LIMIT, split_message

QUESTION = "What is the difference between machine learning and deep learning?"


# -- the fake edge --------------------------------------------------------------------------------------------------
class Sent(list):
    """Every call the bot made, in order: (kind, content, keyword arguments)."""

    def texts(self) -> list[str]:
        return [content for kind, content, _ in self if kind != "defer" and content]


class FakeResponse:
    """interaction.response: one response per interaction, as on Discord."""

    def __init__(self, sent: Sent) -> None:
        self.sent, self.done = sent, False

    def is_done(self) -> bool:
        return self.done

    def _respond(self) -> None:
        if self.done:
            raise AssertionError("an interaction can only be responded to once")
        self.done = True

    async def defer(self, *, ephemeral: bool = False, thinking: bool = False) -> None:
        self._respond()
        self.sent.append(("defer", None, {"ephemeral": ephemeral, "thinking": thinking}))

    async def send_message(self, content: str | None = None, **kwargs: Any) -> None:
        self._respond()
        self.sent.append(("send_message", content, kwargs))

    async def edit_message(self, **kwargs: Any) -> None:
        self._respond()
        self.sent.append(("edit_message", kwargs.get("content"), kwargs))


class FakeFollowup:
    def __init__(self, sent: Sent, response: FakeResponse) -> None:
        self.sent, self.response = sent, response

    async def send(self, content: str | None = None, **kwargs: Any) -> None:
        assert self.response.done, "a follow-up needs a response (or a defer) first"
        self.sent.append(("followup", content, kwargs))


class FakeInteraction:
    def __init__(self, user_id: int = 1, channel_id: int = 100) -> None:
        self.user = SimpleNamespace(id=user_id, name=f"learner{user_id}", bot=False)
        self.channel_id = channel_id
        self.sent = Sent()
        self.response = FakeResponse(self.sent)
        self.followup = FakeFollowup(self.sent, self.response)


class FakeTyping:
    def __init__(self, sent: Sent) -> None:
        self.sent = sent

    async def __aenter__(self) -> None:
        self.sent.append(("typing", None, {}))

    async def __aexit__(self, *exc: object) -> None:
        return None


class FakeChannel:
    def __init__(self, channel_id: int, sent: Sent) -> None:
        self.id, self.sent = channel_id, sent

    def typing(self) -> FakeTyping:
        return FakeTyping(self.sent)

    async def send(self, content: str | None = None, **kwargs: Any) -> None:
        self.sent.append(("channel.send", content, kwargs))


class FakeMessage:
    def __init__(self, content: str, *, author_id: int = 1, channel_id: int = 200, in_guild: bool = True,
                 mentions: list[Any] = ()) -> None:
        self.sent = Sent()
        self.content = content
        self.author = SimpleNamespace(id=author_id, bot=False)
        self.guild = SimpleNamespace(id=9) if in_guild else None
        self.mentions = list(mentions)
        self.channel = FakeChannel(channel_id, self.sent)

    async def reply(self, content: str | None = None, **kwargs: Any) -> None:
        self.sent.append(("reply", content, kwargs))


BOT = SimpleNamespace(id=4242, bot=True)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


# -- the real tutor: the session-wide engine of conftest.py (real store, real model) --------------------------------
@pytest.fixture()
def handlers(tutor, tmp_path, monkeypatch) -> Handlers:
    from tutor.learners import LearnerService

    store = LearnerService(tutor.settings.model_copy(update={"data_dir": tmp_path}))  # a learner store per test
    monkeypatch.setattr(tutor, "learners", store)
    return Handlers(tutor)  # fresh rate limits per test; the engine is shared


# -- splitting ------------------------------------------------------------------------------------------------------
def test_split_keeps_words_and_citations_whole() -> None:
    words = ["learning", "deep", "features,", "data.", "networks\n", "models\n\n", "[2]", "[13]", "x" * 45]
    text = " ".join(words[i * 7 % len(words)] for i in range(2600)) + " " + "y" * 4500 + " end [3]."
    parts = split_message(text)
    assert len(parts) > 5
    assert all(0 < len(p) <= MESSAGE_LIMIT for p in parts)
    for part in parts:
        assert not re.match(r"\s*\[\d+\]", part), "a citation was separated from its sentence"
        assert part.count("[") == part.count("]"), "a citation was cut in two"
    # only the 4,500-character word, longer than any message, is cut; every other word survives whole
    joined = " ".join(parts).split()
    ys = [w for w in joined if set(w) == {"y"}]
    assert "".join(ys) == "y" * 4500 and all(len(y) <= MESSAGE_LIMIT for y in ys)
    assert [w for w in joined if set(w) != {"y"}] == [w for w in text.split() if set(w) != {"y"}]


def test_split_prefers_paragraphs_and_reopens_code_blocks() -> None:
    assert split_message("short answer [1]") == ["short answer [1]"]
    para = "A sentence about models. " * 60
    parts = split_message(f"{para}\n\n{para}")
    assert len(parts) == 2 and parts[0] == para.strip()
    code = "```python\n" + "print('hello world')\n" * 150 + "```"
    parts = split_message(code)
    assert len(parts) > 1 and all(len(p) <= MESSAGE_LIMIT and p.count("```") % 2 == 0 for p in parts)


# -- /ask, /sources, /reset with the real engine ---------------------------------------------------------------------
def test_slash_ask_answers_with_sources_in_a_worker_thread(tutor, handlers, caplog) -> None:
    caplog.set_level("INFO", logger="tutor.discord")
    interaction = FakeInteraction(user_id=7, channel_id=70)
    ticks = 0

    async def scenario() -> float:
        nonlocal ticks
        stop = asyncio.Event()

        async def heartbeat() -> None:  # stands in for the gateway heartbeat: it must keep running
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0.01)

        beat = asyncio.create_task(heartbeat())
        await asyncio.sleep(0)
        ticks = 0
        start = time.perf_counter()
        await handlers.ask(interaction, QUESTION)
        elapsed = time.perf_counter() - start
        stop.set()
        await beat
        return elapsed

    elapsed = run(scenario())
    engine = re.search(r"engine (\d+) ms", caplog.text)
    print(f"\n/ask handler latency: {elapsed * 1000:.0f} ms; engine {engine.group(1) if engine else '?'} ms of it; "
          f"the event loop ticked {ticks} times meanwhile")
    sent = interaction.sent
    assert sent[0] == ("defer", None, {"ephemeral": False, "thinking": True})
    assert ticks > 0, "the model blocked the event loop"
    replies = [s for s in sent if s[0] == "followup"]
    assert replies and all(0 < len(content) <= MESSAGE_LIMIT for _, content, _ in replies)
    embeds = replies[-1][2]["embeds"]
    assert embeds[0].title == "Sources" and embeds[0].fields[0].name.startswith("[1] ")

    sid = session_id(70, 7)
    assert sid == "discord:70:7" and len(tutor.history(sid)) == 1

    shown = FakeInteraction(user_id=7, channel_id=70)
    run(handlers.sources(shown))
    kind, _, kwargs = shown.sent[0]
    assert kind == "send_message" and kwargs["ephemeral"] and kwargs["embed"].title == "Sources"
    assert len(kwargs["embed"].fields) == len(embeds[0].fields)
    # every citation names a passage under Sources that holds a word of the sentence citing it (full passages)
    passages = {int(f.name[1:].split("]")[0]): f.value for f in kwargs["embed"].fields}
    assert citation_problems(" ".join(interaction.sent.texts()), passages, QUESTION) == []

    elsewhere = FakeInteraction(user_id=7, channel_id=71)  # another channel is another conversation
    run(handlers.sources(elsewhere))
    assert "not asked anything" in elsewhere.sent[0][1]

    cleared = FakeInteraction(user_id=7, channel_id=70)
    run(handlers.reset(cleared))
    assert tutor.history(sid) == [] and cleared.sent[0][2]["ephemeral"]


def test_bad_input_gets_a_clear_message_without_deferring(handlers) -> None:
    interaction = FakeInteraction()
    run(handlers.ask(interaction, "   "))
    assert interaction.sent == [("send_message", "Please type a question first.", {"ephemeral": True})]


# -- mentions and DMs ------------------------------------------------------------------------------------------------
def test_mention_in_a_channel_is_answered_like_ask(tutor, handlers) -> None:
    message = FakeMessage(f"<@{BOT.id}> what is feature engineering?", author_id=8, channel_id=80, mentions=[BOT])
    run(handlers.on_message(message, BOT))
    kinds = [kind for kind, _, _ in message.sent]
    assert kinds[0] == "typing" and kinds[1] == "reply"
    assert all(len(content) <= MESSAGE_LIMIT for _, content, _ in message.sent[1:])
    assert f"<@{BOT.id}>" not in tutor.history("discord:80:8")[0][0]


def test_messages_not_for_the_bot_are_ignored(handlers) -> None:
    plain = FakeMessage("talking to someone else", mentions=[])
    own = FakeMessage("hello", author_id=BOT.id, mentions=[BOT])
    empty = FakeMessage(f"<@!{BOT.id}>", mentions=[BOT])
    for message in (plain, own, empty):
        run(handlers.on_message(message, BOT))
    assert plain.sent == [] and own.sent == []
    assert empty.sent[0][0] == "reply" and "Ask me something" in empty.sent[0][1]


def test_direct_message_without_mention_is_answered(handlers) -> None:
    message = FakeMessage("what is overfitting?", in_guild=False, channel_id=90)
    run(handlers.on_message(message, BOT))
    assert [k for k, _, _ in message.sent][:2] == ["typing", "reply"]


# -- demos --------------------------------------------------------------------------------------------------------------
def test_demo_sends_the_plot_as_an_attachment(handlers) -> None:
    interaction = FakeInteraction(user_id=9, channel_id=90)
    run(handlers.demo(interaction, "decision tree vs random forest"))  # /demo makes it a request
    last = [s for s in interaction.sent if s[0] == "followup"][-1]
    files = last[2]["files"]
    assert len(files) == 1 and isinstance(files[0], discord.File) and files[0].filename.endswith(".png")
    assert files[0].fp.read(8) == b"\x89PNG\r\n\x1a\n"
    card = last[2]["embeds"][0]
    assert card.title.startswith("Demo: ") and card.image.url == f"attachment://{files[0].filename}"


# -- quizzes through their buttons ------------------------------------------------------------------------------------
def _press(view: discord.ui.View, label_start: str, user_id: int) -> FakeInteraction:
    button = next(b for b in view.children if b.label.startswith(label_start))
    interaction = FakeInteraction(user_id=user_id)
    run(button.callback(interaction))
    return interaction


def test_knowledge_check_goes_through_button_callbacks(tutor, handlers) -> None:
    start = FakeInteraction(user_id=11, channel_id=110)
    run(handlers.quiz_check(start, "differences"))
    kind, content, kwargs = start.sent[0]
    assert kind == "send_message" and "Question 1/5" in content and kwargs["ephemeral"]
    view = kwargs["view"]
    answers = {q.id: q.answer for q in tutor.learners.bank.questions}

    async def stranger_blocked() -> bool:
        return await view.interaction_check(FakeInteraction(user_id=99))
    assert run(stranger_blocked()) is False
    unknown = FakeInteraction(user_id=11, channel_id=110)
    run(handlers.quiz_check(unknown, "cooking"))
    assert unknown.sent[0][0] == "send_message" and "Unknown topic" in unknown.sent[0][1]

    asked = []
    for number in range(1, 6):
        question = view.question
        asked.append(question["id"])
        right = question["choices"].index(answers[question["id"]])
        pick = right if number != 2 else (right + 1) % len(question["choices"])  # miss question 2
        clicked = _press(view, "ABCD"[pick] + ")", 11)
        kind, content, kwargs = clicked.sent[0]
        assert kind == "edit_message" and f"Question {number}/5" in content
        assert ("Correct!" in content) == (number != 2) and "Source: ml-vs-dl.md" in content
        assert "Mastery" in content and "Key differences" in content  # the topic's new mastery, by its title
        if number < 5:
            stale = _press(view, "A)", 11)  # the old message's buttons no longer grade anything
            assert "earlier quiz" in stale.sent[0][1]
            view = _press(kwargs["view"], "Next question", 11).sent[0][2]["view"]
    assert "Round over · Score: 4/5 (80%)" in content
    assert len(set(asked)) == 5, "the scheduler never repeats a question within a round"
    stored = tutor.learners.progress(learner_id(11))  # every click was graded and stored
    differences = next(t for t in stored["topics"] if t["topic"] == "differences")
    assert (differences["attempts"], differences["correct"]) == (5, 4)
    retry = _press(kwargs["view"], "Retry the ones I missed", 11)
    assert "retry round 1" in retry.sent[0][1] and retry.sent[0][2]["view"].question["id"] == asked[1]


def test_why_explains_a_quiz_answer_from_the_document(tutor, handlers) -> None:
    start = FakeInteraction(user_id=14, channel_id=140)
    run(handlers.quiz_check(start, "ml-basics"))
    view = start.sent[0][2]["view"]
    question = view.question
    answered = _press(view, "A)", 14).sent[0][2]["view"]
    why = _press(answered, "🤔 Why?", 14)
    assert why.sent[0] == ("defer", None, {"ephemeral": True, "thinking": True})
    replies = [s for s in why.sent if s[0] == "followup"]
    assert replies and all(kwargs["ephemeral"] for _, _, kwargs in replies)
    assert replies[-1][2]["embeds"][-1].title == "Sources", "the reason cites the document"
    asked = tutor.learners.export(learner_id(14))["conversations"][-1]["turns"][-1]["question"]  # a stored turn
    right = next(q.answer for q in tutor.learners.bank.questions if q.id == question["id"])
    assert asked == f"Why is this the answer? Question: {question['question']} Answer: {right}."


def test_recommendation_quiz_goes_through_button_callbacks(handlers) -> None:
    start = FakeInteraction(user_id=12)
    run(handlers.quiz_recommend(start))
    view = start.sent[0][2]["view"]
    count = len(view.questions)
    for i in range(count):
        assert f"Question {i + 1}/{count}" in view.content
        first = view.children[0].label[:20]
        if i == 0:
            clicked = _press(view, first, 12)  # "I'm new to AI"
        else:
            clicked = _press(view, "Not sure", 12)
        kwargs = clicked.sent[0][2]
        view = kwargs["view"]
    embed = kwargs["embed"]
    assert view is None and embed.title == "Start with: Machine Learning"
    assert "Your learning path" in [f.name for f in embed.fields]
    stored = handlers.tutor.learners.progress(learner_id(12))  # the result is the learner's track now
    assert stored["track"] == "ml" and stored["path"] and not any(s["done"] for s in stored["path"])


def test_recommendation_from_a_free_text_profile(handlers) -> None:
    interaction = FakeInteraction(user_id=13)
    # a description whose stated answers (new, CPU, tabular) score to one track: the embed must show that track
    run(handlers.quiz_recommend(interaction, "I am new to programming, I only have a laptop and want to analyse "
                                             "sales spreadsheets."))
    assert interaction.sent[0][0] == "defer"
    kind, _, kwargs = interaction.sent[-1]
    assert kind == "followup" and kwargs["embed"].title == "Start with: Machine Learning"


# -- the learner's progress and data ------------------------------------------------------------------------------------
def test_progress_shows_the_chart_and_forget_deletes_everything_after_confirming(tutor, handlers) -> None:
    user, learners = 21, handlers.tutor.learners
    bank = {b.id: b for b in learners.bank.questions}
    q = learners.next_question(learner_id(user), "careers")
    learners.answer(learner_id(user), q["id"], bank[q["id"]].options.index(bank[q["id"]].answer))
    asked = FakeInteraction(user_id=user, channel_id=210)
    run(handlers.ask(asked, "Who won the football world cup in 1998?"))  # declined without the model, yet a turn
    assert learners.progress(learner_id(user))["turns"] == 1, "/ask stores the turn under the Discord user"

    shown = FakeInteraction(user_id=user, channel_id=210)
    run(handlers.progress(shown))
    kind, _, kwargs = shown.sent[0]
    assert kind == "send_message" and kwargs["ephemeral"]
    embed, png = kwargs["embed"], kwargs["file"]
    assert embed.title == f"Progress of learner{user}"
    assert "**Careers**" in embed.description and "1/1 correct" in embed.description
    assert embed.image.url == "attachment://mastery.png" and png.filename == "mastery.png"
    assert png.fp.read(8) == b"\x89PNG\r\n\x1a\n"
    fields = {f.name: f.value for f in embed.fields}
    assert "Not chosen yet" in fields["Your track"] and "1 answered, 1 right" in fields["Attempts by day"]
    stranger = FakeInteraction(user_id=22)
    run(handlers.progress(stranger))
    assert "No quiz answers yet" in stranger.sent[0][2]["embed"].description, "one learner sees only their own"

    asked_to_forget = FakeInteraction(user_id=user, channel_id=210)
    run(handlers.forget(asked_to_forget))
    kind, content, kwargs = asked_to_forget.sent[0]
    assert kind == "send_message" and kwargs["ephemeral"] and "cannot be undone" in content
    view = kwargs["view"]
    assert "Nothing was deleted" in _press(view, "Cancel", user).sent[0][1]
    assert learners.progress(learner_id(user))["turns"] == 1, "nothing is deleted before the confirmation"

    async def stranger_blocked() -> bool:
        return await view.interaction_check(FakeInteraction(user_id=22))
    assert run(stranger_blocked()) is False
    kind, content, _ = _press(view, "Yes, delete everything", user).sent[0]
    assert kind == "edit_message" and "deleted" in content
    after = learners.progress(learner_id(user))
    assert after["turns"] == 0 and all(t["attempts"] == 0 for t in after["topics"])
    assert learners.export(learner_id(user))["attempts"] == [] and tutor.history(session_id(210, user)) == []


# -- rate limit -------------------------------------------------------------------------------------------------------
def test_rate_limit_is_per_user_and_polite(handlers) -> None:
    now = [1000.0]
    handlers.limiter = RateLimiter(2, clock=lambda: now[0])
    too_long = "why? " * 1000  # refused by the engine's input check, so no model time is spent

    def ask(user_id: int) -> str:
        interaction = FakeInteraction(user_id=user_id)
        run(handlers.ask(interaction, too_long))
        assert interaction.sent[0][0] == "send_message" and interaction.sent[0][2]["ephemeral"]
        return interaction.sent[0][1]

    assert "limit is" in ask(1) and "limit is" in ask(1)
    assert "2 requests a minute" in ask(1) and "try again in 60 s" in ask(1)
    assert "limit is" in ask(2), "another learner is not slowed down"
    now[0] += 30
    assert "try again in 30 s" in ask(1)
    now[0] += 31
    assert "limit is" in ask(1), "the window slides"


# -- wiring -------------------------------------------------------------------------------------------------------------
def test_slash_commands_register_on_the_tree(tutor) -> None:
    from tutor.discord_bot.bot import TutorBot

    async def build() -> TutorBot:
        return TutorBot(tutor)

    bot = run(build())
    assert bot.handlers.tutor is tutor, "the bot shares the engine, it does not copy it"
    # a model's answer can never ping @everyone or anyone else; no privileged intent to switch on
    assert not (bot.allowed_mentions.everyone or bot.allowed_mentions.users or bot.allowed_mentions.roles)
    assert bot.intents.guild_messages and bot.intents.dm_messages and not bot.intents.message_content
    payload = {c.name: c.to_dict(bot.tree) for c in bot.tree.get_commands()}
    assert set(payload) == {"ask", "demo", "sources", "reset", "quiz", "progress", "forget"}
    assert payload["ask"]["options"][0]["name"] == "question" and payload["ask"]["options"][0]["required"]
    sub = {o["name"]: o for o in payload["quiz"]["options"]}
    assert set(sub) == {"recommend", "check"}
    topic = sub["check"]["options"][0]
    assert not topic.get("required") and {c["value"] for c in topic["choices"]} >= {"differences", "careers"}


def test_no_token_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "TUTOR_DISCORD_TOKEN", "TUTOR_CONFIG")}
    done = subprocess.run([str(Path(sys.executable).parent / "tutor"), "discord"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
    assert "DISCORD_TOKEN" in done.stderr and "developers/applications" in done.stderr


def test_demo_suggestions_are_requests_that_run_the_demo_they_name(handlers) -> None:
    from tutor import tools
    suggestions = handlers.demo_suggestions("")
    assert len(suggestions) == len(tools.list_demos())
    for choice in suggestions:
        assert len(choice.name) <= 100 and len(choice.value) <= 100
        # the words a suggestion puts in the box name its demo (/demo tells the engine it is a request)
        assert tools.route(f"show me: {choice.value}").name == choice.name.split(":")[0]
    assert {c.name.split(":")[0] for c in handlers.demo_suggestions("pytorch")} >= {"mlp", "cnn", "lstm"}
