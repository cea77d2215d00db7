"""The "My progress" tab's handlers: mastery chart, reviews due, activity, the learning path to tick off,
an optional display name, and "Forget me"."""
from __future__ import annotations

import io
from typing import Any

import gradio as gr
from PIL import Image

from tutor import render
from tutor.engine import Tutor
from tutor.types import InputError
from tutor.ui.identity import new_id


class ProgressHandlers:
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    def show(self, learner: str | None) -> tuple[Any, str, Any]:
        """(chart, summary, path checkboxes) for the learner."""
        if not learner:
            return None, "Open this page in a browser to keep your progress.", gr.CheckboxGroup(choices=[], value=[])
        data = self.tutor.learners.progress(learner)
        png = io.BytesIO()
        render.mastery_chart(data, png)
        png.seek(0)
        steps = [s["step"] for s in data.get("path") or []]
        done = [s["step"] for s in data.get("path") or [] if s.get("done")]
        card = render.progress(data, steps=False)  # the steps are the checkboxes below
        card.title = "Your progress"  # the id is a random string; the name box is above
        return (Image.open(png), card.markdown(),
                gr.CheckboxGroup(choices=steps, value=done, visible=bool(steps),
                                 label="Your learning path: tick the steps you have done"))

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
