"""A practice round over the learner store: five questions chosen by its scheduler, a score, the missed ones again.

The web UI's Practice tab and Discord's /quiz check both run rounds through this, so every answer is graded
and stored by `LearnerService.answer` (attempts, mastery, review schedule) and the next question is the one
the scheduler prefers (due reviews, then the weakest topic, then new ones). A round is plain data the
interface keeps per learner (Gradio's session state, a Discord view), never a module global.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from tutor.quiz.schema import Bank
from tutor.quiz.types import QuizInputError, Recommendation, Score
from tutor.types import InputError

LENGTH = 5


@dataclass
class Round:
    learner: str
    topic: str | None = None
    length: int = LENGTH
    number: int = 1  # 2, 3, ... for the retry rounds
    current: dict[str, Any] | None = None  # the question on screen: LearnerService.next_question's shape
    pending: list[str] = field(default_factory=list)  # a retry round's question ids still to ask
    asked: list[str] = field(default_factory=list)
    results: list[bool] = field(default_factory=list)
    last: dict[str, Any] | None = None  # the last answered question with its verdict, for "Why?"


class Practice:
    """Rounds of knowledge-check questions for one learner at a time, graded and stored by the learner store."""

    def __init__(self, learners: Any, bank: Bank) -> None:
        self.learners, self.bank = learners, bank
        self._by_id = {q.id: q for q in bank.questions}

    def start(self, learner: str, topic: str | None = None, length: int = LENGTH) -> Round:
        if topic is not None and topic not in self.bank.topics:
            raise QuizInputError(f"Unknown topic {topic!r}; choose one of {', '.join(self.bank.topics)}.")
        r = Round(learner=learner, topic=topic, length=length)
        r.current = self._pick(r)
        return r

    def about(self, learner: str, sections: list[str]) -> Round:
        """"Quiz me on this": a one-question round on what the last answer cited, from the bank question(s) of
        its best-ranked section (else the nearest enclosing heading); a question due for review first."""
        pool = []
        for section in sections:
            parts = section.split(" > ")
            for depth in range(len(parts), 0, -1):
                head = " > ".join(parts[:depth])
                pool = [q.id for q in self.bank.questions if q.section == head or q.section.startswith(head + " > ")]
                if pool:
                    break
            if pool:
                break
        if not pool:
            raise QuizInputError("The bank has no question about that part of the document yet; try the Practice "
                                 "tab for a question on any topic.")
        due = [r["id"] for r in self.learners.progress(learner).get("due_reviews", []) if r.get("id") in pool]
        r = Round(learner=learner, length=1, pending=[(due or [random.choice(pool)])[0]])
        r.current = self._pick(r)
        return r

    def answer(self, r: Round, choice: int | None) -> dict[str, Any]:
        """Grade and store the answer to the question on screen; the verdict plus the option texts."""
        q = r.current
        if q is None:
            raise QuizInputError("This round is over; start a new one.")
        if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < len(q["choices"]):
            raise QuizInputError(f"Pick one of the {len(q['choices'])} options first.")
        verdict = self.learners.answer(r.learner, q["id"], choice)
        r.results.append(bool(verdict["correct"]))
        r.current = None
        r.last = {**verdict, "id": q["id"], "question": q["question"], "topic": q["topic"],
                  "chosen": q["choices"][choice], "answer_text": q["choices"][verdict["answer"]]}
        return r.last

    def next(self, r: Round) -> dict[str, Any] | None:
        """The question to answer now (the same one until it is answered); None when the round is over."""
        if r.current is None and len(r.results) < r.length:
            r.current = self._pick(r)
        return r.current

    def score(self, r: Round) -> Score:
        total = r.length
        wrong = [{"id": qid, "question": self._by_id[qid].question, "correct_answer": self._by_id[qid].answer,
                  "section": self._by_id[qid].section} for qid, ok in zip(r.asked, r.results) if not ok]
        return Score(correct=sum(r.results), answered=len(r.results), total=total,
                     finished=r.current is None and len(r.results) >= total, round=r.number, wrong=wrong)

    def retry_wrong(self, r: Round) -> Round | None:
        """A new round with the questions missed in this one; None if none were missed."""
        missed = [w["id"] for w in self.score(r).wrong]
        if not missed:
            return None
        again = Round(learner=r.learner, topic=r.topic, length=len(missed), number=r.number + 1, pending=missed)
        again.current = self._pick(again)
        return again

    def _pick(self, r: Round) -> dict[str, Any] | None:
        """The next question: a retry round's missed ones in order, else the scheduler's choice. When every
        question is answered and not yet due, a round in progress ends early; a new one says when to return."""
        if r.pending:
            q = self.bank_question(r.pending.pop(0))
        else:
            try:
                q = self.learners.next_question(r.learner, r.topic)
            except InputError:
                if not r.asked:
                    raise
                r.length = len(r.results)
                return None
        r.asked.append(q["id"])
        return q

    def bank_question(self, question_id: str) -> dict[str, Any]:
        """A bank question in next_question's shape (its options in the order LearnerService grades)."""
        b = self._by_id[question_id]
        return {"id": b.id, "topic": b.topic, "question": b.question, "choices": list(b.options), "due": False,
                "section": b.section}


TRACK = {"machine-learning": "ml", "ml-then-dl": "ml", "deep-learning": "dl"}  # what the learner starts with


def save_recommendation(learners: Any, learner: str, rec: Recommendation) -> None:
    """Keep the recommended track and its learning path (steps to tick off) in the learner store."""
    learners.set_track(learner, TRACK[rec.track], [step.title for step in rec.learning_path])
