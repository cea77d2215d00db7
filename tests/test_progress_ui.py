"""The web UI remembers its learners: the real app over HTTP (gradio_client) and in Debian's headless Chromium.

- 8 learners answer practice questions at the same time, each with their own browser id: no attempt is lost
  and each sees only their own progress.
- Restart: `tutor ui` runs as a process; in the browser a learner answers a quiz item, asks "Why?" (answered
  by the real engine and model) and sees the progress tab; the process is stopped and started again on the
  same data directory; the same browser (same storage) reloads and sees its conversation and progress again.
"""
from __future__ import annotations

import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from test_browser import ARGS, CHROMIUM
from test_ui import client, start_app, ui_settings

pytestmark = pytest.mark.slow

LEARNERS = 8


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    yield from start_app(ui_settings(tmp_path_factory))


def settled(page) -> None:
    """Until the page has no event in flight (Gradio shows "processing" on the components it is updating)."""
    from playwright.sync_api import expect

    page.locator("#mastery-chart img").wait_for(timeout=30_000)
    expect(page.get_by_text(re.compile(r"processing \|"))).to_have_count(0, timeout=30_000)


def _attempts(summary: str) -> int:
    """Answers counted in the progress summary: the sum of its "right/answered correct" per topic."""
    return sum(int(answered) for _, answered in re.findall(r"(\d+)/(\d+) correct", summary))


def test_eight_learners_at_once_lose_no_attempt_and_see_only_their_own(app, tmp_path) -> None:
    run = uuid.uuid4().hex[:8]
    targets = {f"concurrent-{run}-{i}": i + 1 for i in range(LEARNERS)}  # a different count each: cross-talk shows
    seen: dict[str, tuple[str, list]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(LEARNERS)

    def learner(name: str, target: int) -> None:
        try:
            c = client(app, tmp_path / name)
            c.predict({"learner": name, "session": uuid.uuid4().hex}, api_name="/restore")  # what a browser does
            barrier.wait(timeout=120)
            answered = 0
            c.predict("all", api_name="/practice_start")
            while answered < target:
                feedback, *_ = c.predict(answered % 2, api_name="/practice_answer")
                assert "Source: ml-vs-dl.md" in feedback, feedback
                answered += 1
                question, *_ = c.predict(api_name="/practice_next")
                if "Round finished" in question:
                    c.predict("all", api_name="/practice_start")
            _, summary, _ = c.predict(api_name="/progress")
            stored, history, *_ = c.predict({"learner": name, "session": "none-yet"}, api_name="/restore")
            seen[name] = (summary, history)
        except BaseException as exc:  # surfaced below, with the learner's name
            errors.append(exc)

    threads = [threading.Thread(target=learner, args=item) for item in targets.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not errors, errors
    for name, target in targets.items():
        progress = app.tutor.learners.progress(name)
        assert sum(t["attempts"] for t in progress["topics"]) == target, f"{name} lost or gained an attempt"
        summary, history = seen[name]
        assert _attempts(summary) == target, f"{name} was shown someone else's progress:\n{summary}"
        assert history == []  # and no one else's conversation
    total = sum(sum(t["attempts"] for t in app.tutor.learners.progress(n)["topics"]) for n in targets)
    assert total == sum(targets.values()) == 36


def test_forget_me_deletes_everything_and_starts_afresh(app, tmp_path) -> None:
    c, name = client(app, tmp_path), f"forget-{uuid.uuid4().hex[:8]}"
    c.predict({"learner": name, "session": "s"}, api_name="/restore")
    c.predict("careers", api_name="/practice_start")
    c.predict(0, api_name="/practice_answer")
    assert "Hello, Ada" in c.predict("Ada", api_name="/set_name")
    c.predict("Who won the football world cup in 1998?", api_name="/chat")  # declined without the model, stored
    before = app.tutor.learners.export(name)
    assert before["display_name"] == "Ada" and len(before["attempts"]) == 1 and before["conversations"]

    assert "deleted" in c.predict(api_name="/forget")
    after = app.tutor.learners.export(name)
    assert after["attempts"] == [] and after["conversations"] == [] and after["display_name"] is None
    _, summary, _ = c.predict(api_name="/progress")  # the browser goes on as a new, empty learner
    assert "No quiz answers yet" in summary and "0 chat turns stored" in summary


def test_undo_is_not_undone_by_a_reload(app, tmp_path) -> None:
    # off-topic questions: declined without the model, yet stored like any turn (keeps this test quick)
    first, second, third = ("Who won the football world cup in 1998?", "How do I bake bread?",
                            "What is the capital of France?")
    c, name = client(app, tmp_path), f"undo-{uuid.uuid4().hex[:8]}"
    c.predict({"learner": name, "session": uuid.uuid4().hex}, api_name="/restore")
    _, history = c.predict(first, api_name="/chat")
    _, history = c.predict(second, history, api_name="/chat")
    box, shown = c.predict(history, api_name="/undo")
    assert box == second and len(shown) == 2
    c.predict(third, api_name="/chat")
    latest = app.tutor.learners.export(name)["conversations"][-1]  # the one the browser now holds
    assert [t["question"] for t in latest["turns"]] == [first, third]
    _, restored, *_ = c.predict({"learner": name, "session": latest["session"]}, api_name="/restore")
    assert [m["content"][0]["text"] for m in restored if m["role"] == "user"] == [first, third]


def test_teaching_actions_and_quiz_me_follow_the_last_answer(app, tmp_path) -> None:
    c = client(app, tmp_path)
    c.predict({"learner": f"teach-{uuid.uuid4().hex[:8]}", "session": uuid.uuid4().hex}, api_name="/restore")
    _, history = c.predict("What problem were LSTMs designed to solve?", api_name="/chat")
    cited = re.findall(r"<summary><b>\[\d\]</b> (.*?) <code>", history[-1]["content"][0]["text"])
    assert cited, "the answer cites its passages"

    question, *_ = c.predict(api_name="/quiz_me")  # a bank question on what the answer cited
    bank = {q.question: q for q in app.tutor.learners.bank.questions}
    asked = next(q for text, q in bank.items() if text in question)
    top = cited[0].split(" › ")
    assert any(asked.section.startswith(" > ".join(top[:depth])) for depth in range(len(top), 0, -1))

    _, history = c.predict(history, api_name="/teach_simpler")
    user, reply = history[-2], history[-1]
    assert user["content"][0]["text"].startswith("Explain more simply: ")
    assert "LSTM" in user["content"][0]["text"]  # the previous question, standalone
    assert "<details>" in reply["content"][0]["text"], "answered from the passages, with sources"


def test_a_learner_is_remembered_across_a_server_restart(tmp_path_factory: pytest.TempPathFactory,
                                                         tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; `make test` does it)")
    from playwright.sync_api import expect, sync_playwright

    from eval.servers import free_port, ui_server

    shared = ui_settings(tmp_path_factory)  # the ingested store; copied, so this server owns its data dir
    data = tmp_path / "data"
    shutil.copytree(shared.data_dir / "chroma", data / "chroma")
    shutil.copytree(shared.data_dir / "models", data / "models", symlinks=True)  # a link to the model
    env = {"TUTOR_DATA_DIR": str(data), "TUTOR_KNOWLEDGE_DIR": str(shared.knowledge_dir),
           "TUTOR_MODEL": "qwen2.5-coder-0.5b"}
    port = free_port()  # the same port both times: the browser keeps its storage per origin

    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 1100})
        page = browser.new_page()
        try:
            with ui_server(env, port) as server:
                page.goto(server.url)
                expect(page.locator("#greeting")).to_contain_text("kept in this browser", timeout=60_000)
                page.get_by_role("tab", name="✅ Practice").click()
                page.get_by_role("button", name="Start").click()
                page.locator("#answer-options input[type=radio]").first.check(timeout=60_000)
                page.get_by_role("button", name="Check answer").click()
                feedback = page.locator("#feedback")
                expect(feedback).to_contain_text("Source: ml-vs-dl.md", timeout=60_000)
                verdict = "Correct!" if "Correct!" in feedback.inner_text() else "Not quite."

                page.get_by_role("button", name="🤔 Why? Ask the tutor").click()  # opens the chat with the reason
                bot = page.locator("#chat .message.bot").last
                bot.locator("details").first.wait_for(timeout=400_000)  # a grounded answer, with its sources
                question = page.locator("#chat .message.user").last.inner_text()
                assert question.startswith("Why is this the answer? Question: ") and " Answer: " in question

                page.get_by_role("tab", name="🧭 Which should I learn?").click()
                page.get_by_role("button", name="Get my recommendation").click()  # all skipped: the default track
                expect(page.locator("#advice")).to_contain_text("Saved", timeout=30_000)

                page.get_by_role("tab", name="📈 My progress").click()
                summary = page.locator("#progress-summary")
                expect(summary).to_contain_text(f"{int(verdict == 'Correct!')}/1 correct", timeout=30_000)
                expect(summary).to_contain_text("1 chat turns stored")
                page.locator("#learning-path input[type=checkbox]").first.check()  # step 1 done
                expect(page.locator("#steps-status")).to_contain_text("Saved: 1 of", timeout=30_000)
                settled(page)
                page.screenshot(path=str(tmp_path / "progress-before-restart.png"), full_page=True)
                page.goto("about:blank")  # the browser lets go of the server first, so its port is free again

            with ui_server(env, port) as server:  # the same data dir, a new process
                page.goto(server.url)
                expect(page.locator("#greeting")).to_contain_text("Welcome back", timeout=60_000)
                user = page.locator("#chat .message.user").first
                expect(user).to_contain_text("Why is", timeout=60_000)
                assert page.locator("#chat .message.bot").first.locator("details").count() >= 1
                page.get_by_role("tab", name="📈 My progress").click()
                summary = page.locator("#progress-summary")
                expect(summary).to_contain_text(f"{int(verdict == 'Correct!')}/1 correct", timeout=30_000)
                expect(summary).to_contain_text("1 chat turns stored")
                ticked = page.locator("#learning-path input[type=checkbox]")
                expect(ticked.first).to_be_checked(timeout=30_000)  # the ticked step survived the restart
                assert [ticked.nth(i).is_checked() for i in range(1, ticked.count())] == [False] * (ticked.count() - 1)
                settled(page)
                shot = tmp_path / "progress-after-restart.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 20_000
                print(f"\nscreenshots: {tmp_path}")
        finally:
            browser.close()
