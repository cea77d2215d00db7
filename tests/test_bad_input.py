"""Bad input never crashes or hangs anything: the engine, the CLI, the web UI and the Discord bot.

Every interface goes through the engine's `check_input`, so each kind of bad input gets the same one
sentence everywhere. Real components throughout: the UI is the real app over HTTP (started once for the
module, over test_ui's private store), the CLI is the installed `tutor` command, and the Discord handlers
run on the real engine with a fake only at the gateway edge (test_discord's fakes). Most bad input is
refused before any model runs, so these tests are cheap; pytest-timeout bounds every one of them.
"""
from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import pytest

from test_discord import BOT, FakeInteraction, FakeMessage
from test_ui import client, start_app, text_of, ui_settings
from tutor.config import Settings
from tutor.discord_bot.handlers import Handlers
from tutor.engine import check_input
from tutor.types import InputError

pytestmark = pytest.mark.slow
TUTOR = str(Path(sys.executable).with_name("tutor"))
EMPTY, TOO_LONG, CONTROL = "Please type a question first.", "the limit is 2,000", "control characters"
NOT_UTF8, IN_WORDS = "not valid UTF-8 text", "Please ask in words"
# "What is deep learning?" in Arabic and in Hebrew
ARABIC = "\u0645\u0627 \u0647\u0648 \u0627\u0644\u062a\u0639\u0644\u0645 \u0627\u0644\u0639\u0645\u064a\u0642\u061f"
HEBREW = "\u05de\u05d4 \u05d6\u05d4 \u05dc\u05de\u05d9\u05d3\u05d4 \u05e2\u05de\u05d5\u05e7\u05d4?"

# (message, the sentence it gets): one of each kind, the same for every interface
BAD_MESSAGES = [
    pytest.param("\u202e\u200b\u2066\ufeff", EMPTY, id="only-invisible-characters"),
    pytest.param(" \t\r\n " * 50, EMPTY, id="whitespace"),
    pytest.param("a" * 200_000, "200,000 characters; " + TOO_LONG, id="200k-characters"),
    pytest.param("why? " * 300 + "\x00", CONTROL, id="nul-at-the-end-of-a-paste"),
    pytest.param("\U0001F600" * 5000, "5,000 characters; " + TOO_LONG, id="emoji-flood-over-the-limit"),
    pytest.param("\U0001F600\U0001F916" * 150, IN_WORDS, id="300-emoji"),
    pytest.param("?!... ### --- ***", IN_WORDS, id="punctuation-only"),
    pytest.param("what is\x07 a bell", CONTROL, id="bell"),
    pytest.param("\x7f\x9b31m deep learning", CONTROL, id="delete-and-c1-csi"),
    pytest.param("what is \udcff\udcfe ML", NOT_UTF8, id="lone-surrogates"),
]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return ui_settings(tmp_path_factory)  # test_ui's private store: ingested once per run


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[SimpleNamespace]:
    yield from start_app(settings)


# -- the engine -------------------------------------------------------------------------------------------------
@pytest.mark.timeout(300)
@pytest.mark.parametrize("message, expected", BAD_MESSAGES)
def test_engine_says_one_clear_sentence_and_records_nothing(app, message, expected):
    with pytest.raises(InputError) as caught:
        app.tutor.ask_stream(message, "bad-input")  # refused before any retrieval or model work
    said = str(caught.value)
    assert expected in said and "\n" not in said and said.endswith(".")
    assert app.tutor.history("bad-input") == []


@pytest.mark.timeout(60)
def test_invisible_characters_are_removed_and_plain_text_kept():
    assert check_input("\ufeffWhat is \u202eoverfitting\u202c?\u200b", 2000) == "What is overfitting?"
    assert check_input("ab\u2067c\u2069d\U000E0041\U000E0042", 2000) == "abcd"  # isolates and hidden tag text
    assert check_input("  What is a CNN?\t\U0001F916\U0001F9E0\n", 2000) == "What is a CNN?\t\U0001F916\U0001F9E0"
    assert check_input(f"\u200f{ARABIC} ", 2000) == ARABIC and check_input(HEBREW, 2000) == HEBREW
    for not_text in (None, b"What is ML?", ["What is ML?"]):
        with pytest.raises(InputError, match="Please send your question as text."):
            check_input(not_text, 2000)  # type: ignore[arg-type]


@pytest.mark.timeout(300)
def test_legitimate_right_to_left_question_gets_an_answer(app):
    answer = app.tutor.ask(ARABIC, "arabic")
    assert answer.answer.strip()  # answered from the document or declined as off-topic: either, never a crash
    assert app.tutor.history("arabic")[0][0] == answer.question


# -- the command line -------------------------------------------------------------------------------------------
def run_tutor(settings: Settings, args: list, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "TUTOR_DATA_DIR": str(settings.data_dir), "TUTOR_KNOWLEDGE_DIR": str(settings.knowledge_dir)}
    return subprocess.run([TUTOR, *args], input=stdin, capture_output=True, timeout=120, env=env)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40


@pytest.mark.timeout(180)
@pytest.mark.parametrize("args, stdin, expected", [
    pytest.param(["ask", "--json", "x" * 100_000], None, "100,000 characters; " + TOO_LONG, id="100k-argument"),
    pytest.param([b"ask", b"what is \xff\xfe"], None, NOT_UTF8, id="argument-not-utf8"),  # surrogate escapes
    pytest.param(["retrieve", "\u202e\u200b"], None, EMPTY, id="argument-only-invisible"),
    pytest.param(["ask", "\U0001F600" * 300], None, IN_WORDS, id="argument-300-emoji"),
    pytest.param(["ask", "--json", "-"], b"a" * 10_000_000, "line 1 of stdin is over the 2,000-character limit",
                 id="stdin-10MB-line"),
    pytest.param(["ask", "--json", "-"], ("\u4f60" * 2500).encode() + b"\n",
                 "line 1 of stdin: Your message is 2,500 characters", id="stdin-2500-cjk-characters"),
    pytest.param(["ask", "-"], PNG, "line 1 of stdin is " + NOT_UTF8, id="stdin-png"),
    pytest.param(["retrieve", "--json", "-"], b"What is ML?\n\xff\xfeWhat is DL?\n", "line 2 of stdin is " + NOT_UTF8,
                 id="stdin-line-2-not-utf8"),
    pytest.param(["retrieve", "-"], "What is ML?\n\U0001F600\n".encode(), "line 2 of stdin: " + IN_WORDS,
                 id="stdin-line-2-emoji"),
    pytest.param(["ask", "-"], b"what is ML?\n" * 5000, "more than 1,000 questions", id="stdin-5000-lines"),
    pytest.param(["retrieve", "--k", "0", "What is ML?"], None, "Invalid value for '--k'", id="k-zero"),
    pytest.param(["retrieve", "--mode", "psychic", "What is ML?"], None, "'psychic' is not one of 'hybrid', 'vector', 'bm25'",
                 id="unknown-mode"),
    pytest.param(["ask"], None, "Missing argument", id="missing-question"),
    pytest.param(["ask", "What", "is", "ML?"], None, "unexpected extra argument", id="unquoted-question"),
    pytest.param(["nonsense"], None, "No such command", id="unknown-command"),
    pytest.param(["quiz", "check", "--n", "many"], None, "Invalid value for '--n'", id="quiz-n-not-a-number"),
    pytest.param(["quiz", "recommend", "--json", "--profile-text", "x" * 100_000], None, "100,000 characters",
                 id="quiz-profile-100k"),
    pytest.param(["quiz", "recommend", "--json", "--profile-text", "\x01\x02\x1b"], None, "profile is empty",
                 id="quiz-profile-control-characters"),
])
def test_cli_bad_input_is_one_line_and_exit_code_2(settings, args, stdin, expected):
    done = run_tutor(settings, args, stdin)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert done.stdout == b""
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ") and "Traceback" not in err
    assert expected in err, err


@pytest.mark.timeout(180)
def test_cli_accepts_emoji_bom_and_right_to_left_questions(settings):
    questions = f"\ufeffWhat is a CNN? \U0001F916\n\u202eWhat is PCA?\u202c\n{ARABIC}\n"
    done = run_tutor(settings, ["retrieve", "--json", "--k", "2", "-"], questions.encode())
    assert done.returncode == 0, done.stderr.decode()
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [line["question"] for line in lines] == ["What is a CNN? \U0001F916", "What is PCA?", ARABIC]
    assert all(len(line["chunks"]) == 2 for line in lines)


def upload_files(folder: Path) -> dict[str, str]:
    """Bad documents of every kind, written into `folder`: name -> what the refusal must say."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("notes.md", "# Notes\n\n" + "deep learning " * 200)
    files = {"photo.md": (PNG, "binary file"), "archive.md": (archive.getvalue(), "binary file"),
             "unicode.txt": ("Deep learning uses neural networks.".encode("utf-16"), "UTF-16"),
             "latin1.txt": ("Caf\xe9 learning, na\xefve Bayes. ".encode("latin-1") * 20, NOT_UTF8),
             "nothing.md": (b"", "empty"), "spaces.md": (b" \n\t\n" * 100, "empty"),
             "broken.pdf": (b"%PDF-1.7\n" + PNG, "PDF")}
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: expected for name, (_, expected) in files.items()}


@pytest.mark.timeout(180)
def test_cli_ingest_refuses_each_bad_file_and_stores_nothing(tmp_path):
    from tutor.ingest import list_documents

    store = Settings(data_dir=tmp_path / "data", knowledge_dir=tmp_path / "knowledge")
    expected = upload_files(tmp_path)
    (tmp_path / "image.png").write_bytes(PNG)
    expected["image.png"] = "unsupported file type .png"
    with (tmp_path / "huge.md").open("wb") as f:
        f.truncate(store.max_file_bytes * 10)  # sparse: a huge file that costs no disk
    expected["huge.md"] = f"over the {store.max_file_bytes:,}-byte limit"
    done = run_tutor(store, ["ingest", *[str(tmp_path / name) for name in sorted(expected)]])
    err = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == len(expected), err  # one line per refused file
    for name, reason in expected.items():
        [line] = [line for line in lines if line.startswith(f"skipped: {name}: ")]
        assert reason in line, line
    assert list_documents(store) == []


# -- the web UI, over HTTP --------------------------------------------------------------------------------------
@pytest.mark.timeout(300)
def test_ui_says_each_refusal_in_the_chat_and_keeps_answering(app, tmp_path):
    import httpx

    c = client(app, tmp_path)
    api = f"{app.url.rstrip('/')}/gradio_api/call/chat"
    for param in BAD_MESSAGES:
        message, expected = param.values
        if NOT_UTF8 in expected:  # gradio_client cannot encode lone surrogates: send JSON's \udcff escapes
            # (message, chatbot, conversation id, learner id): the two ids are gr.State, kept by the server per
            # visit and sent as null by a browser (and gradio_client); a fresh visit's are empty until load
            event = httpx.post(api, content=json.dumps({"data": [message, [], None, None]}), timeout=30,  # ASCII
                               headers={"content-type": "application/json"})
            stream = httpx.get(f"{api}/{event.json()['event_id']}", timeout=60).text
            box, history, _ = json.loads(stream.split("event: complete\ndata: ")[1].split("\n")[0])
        else:
            box, history = c.predict(message, api_name="/chat")
        assert [m["role"] for m in history] == ["assistant"], param.id  # nothing was asked
        said = text_of(history[0])
        assert "Not sent" in said and expected in said, (param.id, said)
        assert box == message, param.id  # kept in the box, so the learner can fix it
    # bytes that are not UTF-8 (or not JSON) never reach a handler: Gradio answers 4xx, not 500
    for body in (b'{"data": ["\xff\xfe what", [], null, null]}', b"\x89PNG\r\n\x1a\n\x00", b'{"data": ['):
        reply = httpx.post(api, content=body, timeout=30, headers={"content-type": "application/json"})
        assert 400 <= reply.status_code < 500, reply.text
    _, history = c.predict("What is a CNN? \U0001F916", api_name="/chat")  # the app still answers
    assert "<details>" in text_of(history[-1]) and "Not sent" not in text_of(history[-1])


@pytest.mark.timeout(300)
def test_ui_refuses_bad_uploads_and_changes_nothing(app, tmp_path):
    from gradio_client import handle_file

    c = client(app, tmp_path)
    before = c.predict(api_name="/documents")
    for name, reason in upload_files(tmp_path).items():
        status, after = c.predict(handle_file(str(tmp_path / name)), api_name="/add_document")
        assert "Not added" in status and name in status and reason in status, status
        assert after["data"] == before["data"]
        assert not (app.settings.knowledge_dir / name).exists()
    (tmp_path / "image.png").write_bytes(PNG)
    (tmp_path / "archive.zip").write_bytes((tmp_path / "archive.md").read_bytes())
    for name in ("image.png", "archive.zip"):  # the app's file types: refused by Gradio before any handler
        with pytest.raises(Exception, match="Invalid file type"):
            c.predict(handle_file(str(tmp_path / name)), api_name="/add_document")
        assert not (app.settings.knowledge_dir / name).exists()
    assert c.predict(api_name="/documents")["data"] == before["data"]


@pytest.mark.timeout(300)
def test_ui_profile_text_refusals(app, tmp_path):
    c = client(app, tmp_path)
    assert "200,000 characters" in c.predict("x" * 200_000, api_name="/recommend_text")
    assert "profile is empty" in c.predict("\x00\x01\u202e", api_name="/recommend_text")


# -- Discord, with a fake only at the gateway edge --------------------------------------------------------------
def run(coro):
    return asyncio.run(coro)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("message, expected", BAD_MESSAGES)
def test_discord_ask_demo_and_mention_say_the_same_sentence(app, message, expected):
    handlers = Handlers(app.tutor)
    for user, command in enumerate((handlers.ask, handlers.demo), start=1):
        interaction = FakeInteraction(user_id=user)
        run(command(interaction, message))
        [(kind, said, extra)] = interaction.sent  # one reply, no "thinking…" first
        assert kind == "send_message" and extra == {"ephemeral": True} and expected in said
    mention = FakeMessage(f"<@{BOT.id}> {message}", author_id=3, mentions=[BOT])
    run(handlers.on_message(mention, BOT))
    [(kind, said, _)] = mention.sent
    assert kind == "reply" and ("Ask me something" if not message.strip() else expected) in said


@pytest.mark.timeout(300)
def test_discord_bad_profile_is_refused_before_deferring(app):
    handlers = Handlers(app.tutor)
    for profile, expected in (("\x00\x01\x02", "profile is empty"), ("x" * 200_000, "200,000 characters")):
        interaction = FakeInteraction()
        run(handlers.quiz_recommend(interaction, profile))
        [(kind, said, extra)] = interaction.sent
        assert kind == "send_message" and extra["ephemeral"] and expected in said


@pytest.mark.timeout(300)
def test_discord_right_to_left_direct_message_is_answered(app):
    message = FakeMessage(HEBREW, in_guild=False, channel_id=91, author_id=91)
    run(Handlers(app.tutor).on_message(message, BOT))
    kinds = [kind for kind, _, _ in message.sent]
    assert kinds[:2] == ["typing", "reply"] and message.sent[1][1].strip()
