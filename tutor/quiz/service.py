"""QuizService: the one quiz API the engine, the CLI, the web UI and the Discord bot call.

Knowledge-check state is kept per session id, behind a lock (the UI and Discord call from threads),
and the oldest sessions are dropped beyond `max_sessions`.
"""
from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cachetools import LRUCache

from tutor.quiz import profile
from tutor.quiz.check import CheckSession
from tutor.quiz.recommend import score as score_answers
from tutor.quiz.schema import load_bank, load_recommend
from tutor.quiz.types import Feedback, Question, QuizInputError, Recommendation, RecommendQuestion, Score

if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.llm.base import LLM

MAX_QUESTIONS = 50


class QuizService:
    """Recommendation ("ML or DL first?") and knowledge-check quizzes."""

    def __init__(self, settings: Settings | None = None, llm: LLM | None = None,
                 *, max_sessions: int = 1000) -> None:
        """`llm` maps free-text profiles (it loads its weights on first use); without one, keywords do."""
        self.spec = load_recommend()
        self.bank = load_bank()
        self.prompts_dir = settings.prompts_dir if settings is not None else None  # None: the packaged prompts
        self.llm = llm
        self._sessions: LRUCache[str, CheckSession] = LRUCache(maxsize=max_sessions)  # oldest dropped beyond it
        self._lock = threading.RLock()

    # --- knowledge checks ---------------------------------------------------------------
    def topics(self) -> list[dict[str, Any]]:
        """[{"id", "title", "count"}] for every topic with questions."""
        counts: dict[str, int] = {}
        for q in self.bank.questions:
            counts[q.topic] = counts.get(q.topic, 0) + 1
        return [{"id": t, "title": title, "count": counts.get(t, 0)} for t, title in self.bank.topics.items()]

    def start_check(self, session_id: str, topic: str | None = None, n: int = 5, seed: int | None = None) -> Question:
        """Start (or restart) a knowledge check for this session and return its first question."""
        if topic is not None and topic not in self.bank.topics:
            raise QuizInputError(f"Unknown topic {topic!r}; choose one of {', '.join(self.bank.topics)}.")
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_QUESTIONS:
            raise QuizInputError(f"The number of questions must be between 1 and {MAX_QUESTIONS}.")
        pool = [q for q in self.bank.questions if topic is None or q.topic == topic]
        session = CheckSession.start(pool, n, seed, self.bank.source)
        with self._lock:
            self._sessions[session_id] = session
            return session.current()  # type: ignore[return-value]  # a round is never empty

    def answer(self, session_id: str, choice: str | int) -> Feedback:
        """Grade the current question. `choice`: a letter, a 1-based number or the option text (str),
        or a 0-based index (int). A bad choice raises QuizInputError (a re-prompt) and changes nothing."""
        with self._lock:
            return self._session(session_id).answer(choice)

    def next(self, session_id: str) -> Question | None:
        """The question to answer now (the same one until it is answered); None when the round is over."""
        with self._lock:
            return self._session(session_id).current()

    def score(self, session_id: str) -> Score:
        with self._lock:
            return self._session(session_id).score()

    def retry_wrong(self, session_id: str) -> Question | None:
        """Start a round with the questions missed in the finished one; None if none were missed."""
        with self._lock:
            retry = self._session(session_id).retry_wrong()
            if retry is None:
                return None
            self._sessions[session_id] = retry
            return retry.current()

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def _session(self, session_id: str) -> CheckSession:
        session = self._sessions.get(session_id)  # a read counts as a use
        if session is None:
            raise QuizInputError("There is no quiz in progress; start one first.")
        return session

    # --- recommendation ------------------------------------------------------------------
    def recommend_questions(self) -> list[RecommendQuestion]:
        return [RecommendQuestion(id=q.id, text=q.text, options=[{"id": o.id, "text": o.text} for o in q.options])
                for q in self.spec.questions]

    def recommend(self, answers: Mapping[str, str | None]) -> Recommendation:
        """Score answers {question id: option id | "unknown" | None}; a bad id raises QuizInputError."""
        return score_answers(self.spec, answers)

    def recommend_from_text(self, text: str, llm: LLM | None = None,
                            mode: profile.Mode = profile.DEFAULT_MODE) -> Recommendation:
        """Map a free-text profile onto the answers (model and keywords, see quiz.profile), then score it.
        Uses `llm`, else the service's model, else keywords only. Bad text raises QuizInputError."""
        text = profile.clean_profile(text)
        model = llm if llm is not None else (self.llm if mode != "keywords" else None)
        answers, origin = profile.map_profile(self.spec, text, model, self.prompts_dir, mode)
        result = score_answers(self.spec, answers)
        result.origin = origin
        return result
