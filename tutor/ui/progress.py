"""The "My progress" tab's handlers: mastery chart, reviews due, activity, the learning path to tick off,
an optional display name, and "Forget me".

The chart goes to Gradio as a file of its own, never as a PIL image: Gradio stores an image at a path made
from a hash of its bytes and rewrites that file in place on every request, so learners with the same chart
(every new learner's is the same) raced, and a download in flight was cut short ("Response content shorter
than Content-Length", seen with 8 learners at once). A file path is copied into Gradio's cache once, under a
temporary name then renamed, and never rewritten; our own file has a name nobody else uses.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

import gradio as gr

from tutor import render
from tutor.engine import Tutor
from tutor.types import InputError
from tutor.ui.identity import new_id

CHARTS = "charts"  # under the outputs directory (an allowed path of the app)
CHART_TTL_S = 3600  # Gradio copies a chart into its cache as the handler returns; an hour-old one is spare


class ProgressHandlers:
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    def show(self, learner: str | None) -> tuple[Any, str, Any]:
        """(chart, summary, path checkboxes) for the learner."""
        if not learner:
            return None, "Open this page in a browser to keep your progress.", gr.CheckboxGroup(choices=[], value=[])
        data = self.tutor.learners.progress(learner)
        steps = [s["step"] for s in data.get("path") or []]
        done = [s["step"] for s in data.get("path") or [] if s.get("done")]
        card = render.progress(data, steps=False)  # the steps are the checkboxes below
        card.title = "Your progress"  # the id is a random string; the name box is above
        return (self._chart_file(data), card.markdown(),
                gr.CheckboxGroup(choices=steps, value=done, visible=bool(steps),
                                 label="Your learning path: tick the steps you have done"))

    def _chart_file(self, data: dict[str, Any]) -> str:
        """The mastery chart as a new PNG file (written whole, then renamed into place); old ones are removed."""
        charts = self.tutor.settings.outputs_dir / CHARTS
        charts.mkdir(parents=True, exist_ok=True)
        _remove_old(charts)
        fd, staging = tempfile.mkstemp(dir=charts, prefix=".mastery-", suffix=".png")
        try:
            with os.fdopen(fd, "wb") as f:
                render.mastery_chart(data, f)
            path = charts / f"mastery-{new_id()}.png"
            os.replace(staging, path)
        except BaseException:
            Path(staging).unlink(missing_ok=True)
            raise
        return str(path)

    def tick(self, learner: str | None, ticked: list[str] | None) -> str:
        """Store which steps are done (the whole list: a click may tick or untick any of them)."""
        if not learner:
            return ""
        ticked = set(ticked or [])
        steps = [s["step"] for s in self.tutor.learners.progress(learner).get("path") or []]
        for i, step in enumerate(steps):
            self.tutor.learners.tick_step(learner, i, step in ticked)
        return f"✅ Saved: {len(ticked & set(steps))} of {len(steps)} steps done."

    def rename(self, learner: str | None, name: str | None) -> str:
        if not learner:
            return ""
        try:
            self.tutor.learners.ensure_learner(learner, display_name=(name or "").strip() or None)
        except InputError as exc:
            return f"⚠️ {exc}"
        return f"✅ Hello, {(name or '').strip()}!" if (name or "").strip() else ""

    def forget(self, learner: str | None, session: str | None) -> tuple[str, str, str]:
        """Delete everything stored about the learner; the browser starts over as a new learner.
        Returns (message, new learner id, new conversation id)."""
        if learner:
            self.tutor.learners.forget(learner)
        if session:
            self.tutor.reset(session)
        return "🗑 Everything stored about you is deleted. You start afresh.", new_id(), new_id()


def _remove_old(charts: Path) -> None:
    """Keep the charts folder bounded: the files of charts shown long ago (Gradio serves its own copies)."""
    cutoff = time.time() - CHART_TTL_S
    for old in charts.glob("*mastery-*.png"):  # staging files too, left by a crash
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:  # another request removed it first
            pass
