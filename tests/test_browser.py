"""The web UI in a real browser: Debian's headless Chromium driven by Playwright (which downloads nothing).

Types a question, waits for the answer and its sources to render, and saves a screenshot to artifacts/.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

from test_ui import start_app, ui_settings  # the same real app as test_ui.py
from tutor.config import PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT_ROOT / "artifacts"


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; `make test` does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 1000})
        try:
            yield context.new_page()
        finally:
            context.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser_page) -> Iterator:
    yield from start_app(ui_settings(tmp_path_factory))


def test_question_answer_and_sources_render(app, browser_page):
    page = browser_page
    page.goto(app.url)
    box = page.get_by_placeholder("Ask about machine learning")
    box.fill("What problem were LSTMs designed to solve?")
    box.press("Enter")

    bot = page.locator("#chat .message.bot").last
    bot.get_by_text("📖").first.wait_for(timeout=60_000)  # evidence first, while the answer streams
    sources = bot.locator("details")
    sources.first.wait_for(timeout=180_000)  # rendered once the answer is complete
    assert sources.count() >= 1
    assert "ml-vs-dl.md" in sources.first.inner_text()
    # the fact must be in the model's answer, not only in the evidence and sources shown around it
    _, session = app.tutor.asked[-1]
    answer = app.tutor.history(session)[-1][1]

    def words(text: str) -> str:  # what survives rendering: the words, not the markup
        return " ".join(re.findall(r"[a-z]+", text.lower()))

    assert "vanishing" in answer.lower() and words(answer)[:50] in words(bot.inner_text())

    sources.first.locator("summary").click()  # a source opens to show its passage
    assert sources.first.get_attribute("open") is not None

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-chat.png"), full_page=True)
    assert (ARTIFACTS / "ui-chat.png").stat().st_size > 10_000
