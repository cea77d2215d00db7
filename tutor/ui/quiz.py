"""The two quiz tabs' handlers: "Which should I learn?" (recommendation) and Practice (knowledge checks).

Practice rounds go through the learner store (tutor.practice): the scheduler picks each question and every
answer is graded and stored. The words come from tutor.render, shared with the terminal and Discord.
"""
from __future__ import annotations

from typing import Any

import gradio as gr

from tutor import render
from tutor.engine import Tutor
from tutor.practice import LENGTH, Practice, Round, save_recommendation
from tutor.types import InputError
from tutor.ui.identity import new_id

START = "Choose a topic and press **Start**."


class QuizHandlers:
    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor
        self.practice = Practice(tutor.learners, tutor.learners.bank)

    # -- "Which should I learn?" --------------------------------------------------------------------
    def questions(self) -> list[Any]:
        return self.tutor.quiz.recommend_questions()

    def recommend(self, learner: str | None, *answers: str | None) -> str:
        ids = [q.id for q in self.questions()]
        try:
            rec = self.tutor.quiz.recommend({qid: a for qid, a in zip(ids, answers) if a})
        except InputError as exc:
            return f"⚠️ {exc}"
        return self._shown(rec, learner)

    def recommend_from_text(self, learner: str | None, text: str) -> str:
        try:
            rec = self.tutor.quiz.recommend_from_text(text)
        except InputError as exc:
            return f"⚠️ {exc}"
        return self._shown(rec, learner)

    def _shown(self, rec: Any, learner: str | None) -> str:
        card = render.recommendation(rec)
        if learner:  # the track and its steps, to tick off in My progress
            save_recommendation(self.tutor.learners, learner, rec)
            card.footer += " · Saved: tick the steps off in “My progress”."
        return card.markdown(level=2)

    # -- Practice -----------------------------------------------------------------------------------
    def topic_choices(self) -> list[tuple[str, str]]:
        return [("All topics", "all")] + [(f"{t['title']} ({t['count']})", t["id"])
                                          for t in self.tutor.quiz.topics() if t["count"]]

    def _show(self, r: Round, score: str) -> tuple:
        q = r.current
        assert q is not None
        text = render.question(q["question"], number=len(r.asked), total=r.length, round=r.number,
                               due=bool(q.get("due"))).markdown()
        choices = [(opt, i) for i, opt in enumerate(q["choices"])]
        return (text, gr.Radio(choices=choices, value=None, interactive=True, visible=True), "", score,
                gr.Button(visible=True), gr.Button(visible=False), gr.Button(visible=False), gr.Button(visible=False),
                r)

    def _over(self, r: Round) -> tuple:
        s = self.practice.score(r)
        return ("### Round finished", gr.Radio(visible=False), gr.skip(), render.score(s).markdown(),
                gr.Button(visible=False), gr.Button(visible=False), gr.Button(visible=bool(s.wrong)), gr.skip(), r)

    def _refused(self, message: str) -> tuple:
        return (f"⚠️ {message}",) + (gr.skip(),) * 8

    def start(self, topic: str | None, learner: str | None) -> tuple:
        """(question, options, feedback, score, check, next, retry, why, round), and the learner id."""
        learner = learner or new_id()  # an API client that did not call /restore: a learner of its own
        try:
            r = self.practice.start(learner, None if topic in (None, "", "all") else topic, LENGTH)
        except InputError as exc:
            return (*self._refused(str(exc)), learner)
        return (*self._show(r, render.score(self.practice.score(r)).markdown()), learner)

    def about(self, learner: str | None, sections: list[str]) -> tuple:
        """"Quiz me on this": one question on the sections the last answer cited."""
        try:
            if not learner or not sections:
                raise InputError("Ask a question in the chat first; then I can quiz you on what its answer cites.")
            r = self.practice.about(learner, sections)
        except InputError as exc:
            return self._refused(str(exc))
        return self._show(r, "")

    def check(self, choice: int | None, r: Round | None) -> tuple:
        """(feedback, score, options, check button, next button, why button, round)"""
        if r is None or r.current is None:
            return "⚠️ " + START, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        if choice is None:
            return "⚠️ Pick one of the options first.", gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), r
        try:
            v = self.practice.answer(r, int(choice))
        except InputError as exc:
            return f"⚠️ {exc}", gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), r
        topic = v["topic"]
        card = render.feedback(correct=v["correct"], answer=v["answer_text"], explanation=v["explanation"],
                               section=v["section"], source=self.practice.bank.source, titles=self.practice.bank.topics,
                               mastery={topic: v["mastery"][topic]} if topic in v.get("mastery", {}) else None)
        s = self.practice.score(r)
        following = gr.Button(visible=True, value="See my score" if s.finished else "Next question")
        return (card.markdown(), render.score(s).markdown(), gr.Radio(interactive=False), gr.Button(visible=False),
                following, gr.Button(visible=True), r)

    def next(self, r: Round | None) -> tuple:
        if r is None:
            return (START,) + (gr.skip(),) * 8
        if self.practice.next(r) is None:
            return self._over(r)
        return self._show(r, render.score(self.practice.score(r)).markdown())

    def retry_wrong(self, r: Round | None) -> tuple:
        if r is None:
            return (START,) + (gr.skip(),) * 8
        again = self.practice.retry_wrong(r)
        if again is None:
            return self._over(r)
        return self._show(again, render.score(self.practice.score(again)).markdown())

    @staticmethod
    def why(r: Round | None) -> str:
        """The chat question behind "Why?" for the last answered question ("" when there is none)."""
        last = r.last if r is not None else None
        return render.why_question(last["question"], last["answer_text"]) if last else ""
