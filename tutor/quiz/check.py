"""One learner's knowledge check: a round of questions, answered one at a time, then the wrong ones again.

Plain state with no locking; QuizService guards it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from tutor.quiz.choices import parse_choice
from tutor.quiz.schema import BankQuestion
from tutor.quiz.types import Feedback, Question, QuizInputError, Score


@dataclass
class CheckSession:
    questions: list[BankQuestion]  # this round, in order
    options: list[list[str]]  # each question's options in the order shown (shuffled; True/False kept)
    source: str  # the document the bank cites
    round: int = 1
    position: int = 0  # index of the question to answer now
    results: list[bool] = field(default_factory=list)  # one per answered question of this round

    @classmethod
    def start(cls, pool: list[BankQuestion], n: int, seed: int | None, source: str) -> CheckSession:
        rng = random.Random(seed)
        questions = rng.sample(pool, min(n, len(pool)))
        return cls(questions=questions, options=[_shuffled(q, rng) for q in questions], source=source)

    @property
    def finished(self) -> bool:
        return self.position >= len(self.questions)

    def current(self) -> Question | None:
        if self.finished:
            return None
        q = self.questions[self.position]
        return Question(id=q.id, topic=q.topic, kind=q.kind, text=q.question,
                        options=list(self.options[self.position]), number=self.position + 1,
                        total=len(self.questions), round=self.round)

    def answer(self, choice: object) -> Feedback:
        if self.finished:
            raise QuizInputError("This round is over. Ask for your score, retry the ones you missed, "
                                 "or start a new quiz.")
        q, options = self.questions[self.position], self.options[self.position]
        chosen = options[parse_choice(options, choice)]  # raises QuizInputError before any state changes
        correct = chosen == q.answer
        self.results.append(correct)
        self.position += 1
        return Feedback(question_id=q.id, correct=correct, chosen=chosen, correct_answer=q.answer,
                        explanation=q.explanation, section=q.section, score=sum(self.results),
                        answered=len(self.results), total=len(self.questions), finished=self.finished,
                        source=self.source)

    def wrong(self) -> list[BankQuestion]:
        return [q for q, ok in zip(self.questions, self.results) if not ok]

    def score(self) -> Score:
        wrong = [{"id": q.id, "question": q.question, "correct_answer": q.answer, "section": q.section}
                 for q in self.wrong()]
        return Score(correct=sum(self.results), answered=len(self.results), total=len(self.questions),
                     finished=self.finished, round=self.round, wrong=wrong)

    def retry_wrong(self) -> CheckSession | None:
        """A new round with the questions missed in this one (None if there are none)."""
        if not self.finished:
            raise QuizInputError("Finish this round first; then you can retry the ones you missed.")
        missed = [(q, opts) for q, opts, ok in zip(self.questions, self.options, self.results) if not ok]
        if not missed:
            return None
        return CheckSession(questions=[q for q, _ in missed], options=[o for _, o in missed], source=self.source,
                            round=self.round + 1)


def _shuffled(q: BankQuestion, rng: random.Random) -> list[str]:
    """Options in a random order, so the right answer is not always in the written position."""
    return list(q.options) if q.kind == "tf" else rng.sample(q.options, len(q.options))
