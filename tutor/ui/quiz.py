"""The two quiz tabs' handlers: "Which should I learn?" (recommendation) and Practice (knowledge check)."""
from __future__ import annotations

import html
from typing import Any

import gradio as gr

from tutor.engine import Tutor
from tutor.types import InputError
from tutor.ui.chat import new_session
from tutor.ui.render import heading

PRACTICE_LENGTH = 5


def recommendation_markdown(rec: Any) -> str:
    """Track, reasons with their citations, and the learning path, as Markdown."""
    lines = [f"## 🎯 Start with: {rec.title}", f"*Confidence {rec.confidence:.0%}*", "", "### Why"]
    for r in rec.reasons:
        quote = f"<br>*“{html.escape(r.quote)}”*" if r.quote else ""
        lines.append(f"- {r.text}{quote} <small>— 📖 {heading(r.section)}, `{r.source}`</small>")
    lines += ["", "### Your learning path"]
    part = None
    for step in rec.learning_path:
        parent = step.section.split(" > ")[-2] if " > " in step.section else ""
        if parent != part:  # "Learning Path for Machine Learning", then "... for Deep Learning"
            lines += ["", f"📖 *{parent}* — `{step.source}`", ""]
            part = parent
        lines.append(f"- {step.title}")  # titles carry their own "Step n:"
    return "\n".join(lines)


def question_markdown(q: Any) -> str:
    head = f"Question {q.number} of {q.total}" + (f" · retry round {q.round - 1}" if q.round > 1 else "")
    return f"**{head}**\n\n### {q.text}"


def score_markdown(s: Any) -> str:
    text = f"**Score: {s.correct} / {s.answered}**" + (f" of {s.total}" if not s.finished else "")
    if s.finished:
        text += f" — {s.percent:.0f}%"
        if s.wrong:
            text += "\n\nTo review:\n" + "\n".join(
                f"- {w['question']} → **{w['correct_answer']}** <small>(*{heading(w['section'])}*)</small>"
                for w in s.wrong)
        else:
            text += " 🎉 All correct!"
    return text


class QuizHandlers:
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    # -- "Which should I learn?" --------------------------------------------------------------------
    def questions(self) -> list[Any]:
        return self.tutor.quiz.recommend_questions()

    def recommend(self, *answers: str | None) -> str:
        ids = [q.id for q in self.questions()]
        try:
            rec = self.tutor.quiz.recommend({qid: a for qid, a in zip(ids, answers) if a})
        except InputError as exc:
            return f"⚠️ {exc}"
        return recommendation_markdown(rec)

    def recommend_from_text(self, text: str) -> str:
        try:
            rec = self.tutor.quiz.recommend_from_text(text)
        except InputError as exc:
            return f"⚠️ {exc}"
        return recommendation_markdown(rec)

    # -- Practice -----------------------------------------------------------------------------------
    def topic_choices(self) -> list[tuple[str, str]]:
        return [("All topics", "all")] + [(f"{t['title']} ({t['count']})", t["id"])
                                          for t in self.tutor.quiz.topics() if t["count"]]

    def _show(self, q: Any, score: str, session_id: str) -> tuple:
        choices = [(opt, i) for i, opt in enumerate(q.options)]
        return (question_markdown(q), gr.Radio(choices=choices, value=None, interactive=True, visible=True), "",
                score, gr.Button(visible=True), gr.Button(visible=False), gr.Button(visible=False), session_id)

    def _over(self, session_id: str) -> tuple:
        s = self.tutor.quiz.score(session_id)
        return ("### Round finished", gr.Radio(visible=False), gr.skip(), score_markdown(s), gr.Button(visible=False),
                gr.Button(visible=False), gr.Button(visible=bool(s.wrong)), session_id)

    def start(self, topic: str | None, session_id: str | None) -> tuple:
        """(question, options, feedback, score, check button, next button, retry button, session)"""
        session_id = new_session(session_id)
        q = self.tutor.quiz.start_check(session_id, None if topic in (None, "", "all") else topic, n=PRACTICE_LENGTH)
        return self._show(q, f"**Score: 0 / 0** of {q.total}", session_id)

    def check(self, choice: int | None, session_id: str | None) -> tuple[str, str, Any, Any, Any]:
        """(feedback, score, options, check button, next button)"""
        if choice is None or not session_id:
            return "⚠️ Pick one of the options first.", gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            f = self.tutor.quiz.answer(session_id, int(choice))
        except InputError as exc:
            return f"⚠️ {exc}", gr.skip(), gr.skip(), gr.skip(), gr.skip()
        verdict = "✅ **Correct!**" if f.correct else f"❌ **Not quite.** The answer is **{f.correct_answer}**."
        feedback = f"{verdict} {f.explanation}\n\n<small>📖 *{heading(f.section)}* — `{f.source}`</small>"
        following = gr.Button(visible=True, value="See my score" if f.finished else "Next question")
        return (feedback, score_markdown(self.tutor.quiz.score(session_id)), gr.Radio(interactive=False),
                gr.Button(visible=False), following)

    def next(self, session_id: str | None) -> tuple:
        if not session_id:
            return ("Choose a topic and press **Start**.",) + (gr.skip(),) * 7
        try:
            q = self.tutor.quiz.next(session_id)
        except InputError as exc:
            return (f"⚠️ {exc}",) + (gr.skip(),) * 7
        if q is None:
            return self._over(session_id)
        return self._show(q, score_markdown(self.tutor.quiz.score(session_id)), session_id)

    def retry_wrong(self, session_id: str | None) -> tuple:
        try:
            q = self.tutor.quiz.retry_wrong(session_id or "")
        except InputError as exc:
            return (f"⚠️ {exc}",) + (gr.skip(),) * 7
        if q is None:
            return self._over(session_id or "")
        return self._show(q, f"**Score: 0 / 0** of {q.total}", session_id or "")
