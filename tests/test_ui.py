"""The web UI, end to end: the real app (engine, llama.cpp, Chroma) on a loopback port, driven by gradio_client.

One app is started per module and shared by its tests; it answers from a private copy of the knowledge
folder and a private store (ingested once per run), and links (not copies) the assembled chat model.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from conftest import free_port, make_settings
from tutor.config import PROJECT_ROOT, Settings
from tutor.engine import Tutor

pytestmark = pytest.mark.slow


class RecordingTutor(Tutor):
    """The real tutor, noting which session each question arrived under (to check isolation)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[tuple[str, str]] = []

    def ask_stream(self, message: str, session_id: str = "default", **kwargs: Any):  # type: ignore[override]
        self.asked.append((message, session_id))
        return super().ask_stream(message, session_id, **kwargs)


_STORE: dict[str, Path] = {}  # one ingested copy per test run: ingesting is the slow part of starting


def ui_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a private copy of the knowledge folder, ingested into a private store (once per run)."""
    from tutor.ingest import ingest

    if "root" not in _STORE:
        root = tmp_path_factory.mktemp("ui")
        shutil.copytree(PROJECT_ROOT / "knowledge", root / "knowledge")
        ingest(make_settings(root, knowledge_dir=root / "knowledge"))  # links the assembled model, no copy
        _STORE["root"] = root
    root = _STORE["root"]
    return Settings(data_dir=root / "data", knowledge_dir=root / "knowledge")


def start_app(settings: Settings) -> Iterator[SimpleNamespace]:
    """Start the UI over `settings` on a free loopback port, yield, close."""
    from tutor.learners import LearnerService
    from tutor.ui import build, serve

    tutor = RecordingTutor(settings, learners=LearnerService(settings))
    tutor.warm_up()
    demo = build(tutor)
    url = serve(demo, tutor, "127.0.0.1", free_port())
    try:
        yield SimpleNamespace(url=url, tutor=tutor, settings=settings)
    finally:
        demo.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    yield from start_app(ui_settings(tmp_path_factory))


def client(app: SimpleNamespace, tmp_path: Path):
    from gradio_client import Client

    return Client(app.url, verbose=False, analytics_enabled=False, download_files=str(tmp_path))


def text_of(message: dict) -> str:
    return "".join(part.get("text", "") for part in message["content"] if part.get("type") == "text")


def test_question_streams_an_answer_with_its_sources(app, tmp_path):
    c = client(app, tmp_path)
    job = c.submit("What problem were LSTMs designed to solve?", api_name="/chat")
    job.result()
    replies = [text_of(history[-1]) for _, history in job.outputs() if history]
    final = replies[-1]
    assert len(replies) > 3, "the answer should arrive in many pieces"
    evidence_first = [r for r in replies if "📖" in r and "▌" in r]
    assert evidence_first, "the top source's sentence should show while the answer streams"
    assert "<details>" in final and "ml-vs-dl.md" in final and "Sources" in final
    assert "▌" not in final
    # the fact must be in the model's answer (the sources shown around it hold it anyway)
    _, session = app.tutor.asked[-1]
    answer = app.tutor.history(session)[-1][1]
    assert "vanishing" in answer.lower() and answer.strip()[:60] in final


def test_demo_request_returns_a_plot(app, tmp_path):
    c = client(app, tmp_path)
    _, history = c.predict("Show me a decision tree on iris", api_name="/chat")
    reply = history[-1]["content"]
    images = [part["file"] for part in reply if part.get("type") == "file"]  # downloaded by the client
    assert images, f"no plot in the reply: {reply}"
    assert Path(images[0]).read_bytes().startswith(b"\x89PNG")
    text = text_of(history[-1])
    assert "Demo" in text and "|" in text  # the metrics table
    assert "<details>" in text  # the section the explanation cites


def test_off_topic_and_bad_input_are_said_plainly(app, tmp_path):
    c = client(app, tmp_path)
    box, history = c.predict("Who won the football world cup in 1998?", api_name="/chat")
    assert "Outside the document" in text_of(history[-1])
    box, history = c.predict("hello\x00there", api_name="/chat")
    assert "Not sent" in text_of(history[-1]) and "control characters" in text_of(history[-1])
    assert box == "hello\x00there"  # kept, so the learner can fix it
    assert [m["role"] for m in history] == ["assistant"]  # nothing was asked


def test_two_browser_sessions_keep_separate_histories(app, tmp_path):
    # off-topic messages: recorded like any turn, but answered without the model (keeps this test quick)
    first, second = "Who won the football world cup in 1998?", "How do I bake bread?"
    bobs = "What is the capital of France?"
    alice, bob = client(app, tmp_path / "a"), client(app, tmp_path / "b")
    before = len(app.tutor.asked)
    alice.predict(first, api_name="/chat")
    bob.predict(bobs, api_name="/chat")
    _, alice_history = alice.predict(second, api_name="/chat")
    (_, a1), (_, b1), (_, a2) = app.tutor.asked[before:]
    assert a1 == a2 != b1
    assert [q for q, _ in app.tutor.history(a1)] == [first, second]
    assert [q for q, _ in app.tutor.history(b1)] == [bobs]

    box, shown = alice.predict(alice_history, api_name="/undo")
    assert box == second and shown == []  # back in the box, gone from the screen
    assert [q for q, _ in app.tutor.history(a1)] == [first]  # and from Alice's session
    alice.predict(api_name="/clear")
    assert app.tutor.history(a1) == []
    assert [q for q, _ in app.tutor.history(b1)] == [bobs]  # Bob is untouched


def test_stop_ends_the_answer_and_frees_the_model(app, tmp_path):
    import time

    c = client(app, tmp_path)
    job = c.submit("Explain in detail every difference between machine learning and deep learning.",
                   api_name="/chat")
    while not any("▌" in text_of(h[-1]) for _, h in job.outputs() if h) and not job.done():
        time.sleep(0.05)
    job.cancel()  # what the Stop button does
    _, session = app.tutor.asked[-1]
    _, shown = job.outputs()[-1]
    marked = c.predict(shown, api_name="/stop")
    assert text_of(marked[-1]).endswith("*(stopped)*")
    assert app.tutor.history(session) == []  # closed before it finished: nothing recorded
    _, history = c.predict("What is a CNN?", api_name="/chat")  # the model is free again
    assert "<details>" in text_of(history[-1])


def test_recommendation_quiz_returns_a_track(app, tmp_path):
    c = client(app, tmp_path)
    questions = app.tutor.quiz.recommend_questions()
    answers = [q.options[-1]["id"] for q in questions]
    expected = app.tutor.quiz.recommend(dict(zip([q.id for q in questions], answers)))
    result = c.predict(*answers, api_name="/recommend")
    assert f"Start with: {expected.title}" in result
    assert "Your learning path" in result and "ml-vs-dl.md" in result
    free = c.predict("I am new to programming, I only have a laptop and want to analyse sales spreadsheets.",
                     api_name="/recommend_text")
    assert "Start with: Machine Learning" in free and "Why" in free  # new, CPU, spreadsheets: one track


def test_practice_gives_feedback_and_a_score(app, tmp_path):
    c = client(app, tmp_path)
    question, options, *_ = c.predict("all", api_name="/practice_start")
    assert "Question 1/5" in question
    feedback, score, *_ = c.predict(0, api_name="/practice_answer")
    assert ("Correct" in feedback or "Not quite" in feedback) and "Source: ml-vs-dl.md" in feedback
    assert "Mastery" in feedback and re.search(r"Score: [01]/1 of 5", score), score


@pytest.mark.parametrize("name, data", [("notes.md", b"\x00\x01\x02binary\xff" * 100), ("empty.txt", b"")])
def test_bad_upload_is_refused_and_changes_nothing(app, tmp_path, name, data):
    from gradio_client import handle_file

    c = client(app, tmp_path)
    before = c.predict(api_name="/documents")
    upload = tmp_path / name
    upload.write_bytes(data)
    status, after = c.predict(handle_file(str(upload)), api_name="/add_document")
    assert "Not added" in status
    assert after["data"] == before["data"]
    assert not (app.settings.knowledge_dir / name).exists()


def test_too_large_upload_is_refused(app, tmp_path):
    from gradio_client import handle_file

    c = client(app, tmp_path)
    upload = tmp_path / "huge.md"
    upload.write_text("# Huge\n\n" + "word " * (app.settings.max_upload_bytes // 5 + 1))
    with pytest.raises(ValueError, match="maximum file size"):  # the app's upload limit, before any ingest
        c.predict(handle_file(str(upload)), api_name="/add_document")
    assert not (app.settings.knowledge_dir / "huge.md").exists()


def test_good_upload_is_ingested(app, tmp_path):
    from gradio_client import handle_file

    c = client(app, tmp_path)
    upload = tmp_path / "transfer-learning.md"
    upload.write_text("# Transfer learning\n\nTransfer learning reuses a model trained on one task for another.\n")
    status, documents = c.predict(handle_file(str(upload)), api_name="/add_document")
    assert "added" in status, status
    rows = {row[0]: row[1] for row in documents["data"]}
    assert rows.get("transfer-learning.md", 0) >= 1 and rows.get("ml-vs-dl.md", 0) > 10
