"""LearnerService: what the engine, the CLI, the web UI and the Discord bot call to remember a learner.

Plain dicts out, one short transaction per call (a crash loses at most the write in flight), safe from many
threads (one engine, a session per call). The models and the scheduling rules are in models.py and mastery.py.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from tutor.learners import mastery as model
from tutor.learners.models import NAME_CHARS, Attempt, Conversation, Learner, Mastery, PathStep, Review, Turn
from tutor.learners.errors import LearnerInputError, LearnerStoreError

if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.quiz.schema import Bank, BankQuestion

TRACKS = {"ml": "ml", "dl": "dl", "machine-learning": "ml", "deep-learning": "dl", "ml-then-dl": "ml"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _now() -> datetime:
    return datetime.now(timezone.utc)


class LearnerService:
    """The learner store: conversations, quiz attempts, mastery per topic, spaced reviews, track and path."""

    def __init__(self, settings: Settings, bank: Bank | None = None, *, now: Callable[[], datetime] = _now) -> None:
        """Nothing is opened here: the database is opened (and migrated) on first use.
        `bank`: the knowledge-check bank (default: the packaged one); `now`: the clock, for tests."""
        self.settings = settings
        self._bank = bank
        self.now = now
        self._factory: sessionmaker[Session] | None = None
        self._open_lock = threading.Lock()

    # -- plumbing ------------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        from tutor.learners.db import sqlite_url

        configured = getattr(self.settings, "database_url", None)
        if configured is not None:
            return configured.get_secret_value() if hasattr(configured, "get_secret_value") else str(configured)
        return sqlite_url(self.settings.data_dir / "learners.db")

    @property
    def bank(self) -> Bank:
        if self._bank is None:
            from tutor.quiz.schema import load_bank

            self._bank = load_bank()
        return self._bank

    def _session(self) -> Session:
        if self._factory is None:
            with self._open_lock:
                if self._factory is None:
                    self._factory = self._open()
        return self._factory()

    def _open(self) -> sessionmaker[Session]:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError, SQLAlchemyError

        from tutor.learners.db import session_factory

        try:
            shown = make_url(self.url).render_as_string(hide_password=True)
        except ArgumentError:
            raise LearnerStoreError("TUTOR_DATABASE_URL is not a database URL; use e.g. "
                                    "postgresql+psycopg://user:password@host/db") from None
        try:
            return session_factory(self.url)
        except (SQLAlchemyError, OSError) as exc:
            reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
            raise LearnerStoreError(f"Cannot open the learner store at {shown}: {reason}") from None

    def _ensure(self, db: Session, learner: str, display_name: str | None = None) -> None:
        """Create the learner if new (one statement, so two threads creating the same learner both succeed)."""
        values = {"id": learner, "display_name": display_name, "created_at": self.now()}
        db.execute(_insert(db, Learner).values(**values).on_conflict_do_nothing(index_elements=["id"]))
        if display_name is not None:
            db.get(Learner, learner).display_name = display_name  # type: ignore[union-attr]

    def _question(self, question_id: Any) -> BankQuestion:
        question = next((q for q in self.bank.questions if q.id == question_id), None) \
            if isinstance(question_id, str) else None
        if question is None:
            raise LearnerInputError(f"There is no question with id {str(question_id)[:80]!r}; "
                                    "ask for the next question to get a valid id.")
        return question

    # -- learners ------------------------------------------------------------------------------------------------
    def ensure_learner(self, learner: str, display_name: str | None = None) -> None:
        """Create the learner if new; set the display name when one is given."""
        learner = check_name(learner, "learner")
        if display_name is not None:
            display_name = check_name(display_name, "display name")
        with self._session() as db, db.begin():
            self._ensure(db, learner, display_name)

    # -- quiz ----------------------------------------------------------------------------------------------------
    def next_question(self, learner: str, topic: str | None = None) -> dict[str, Any]:
        """{"id","topic","question","choices","due","section"}: a due review first (the longest overdue), else a
        new question from the weakest topic (untried topics count at the prior P(L0)). A question answered
        before is never asked again before it is due; when every question is scheduled, LearnerInputError
        says when the next one is due."""
        learner = check_name(learner, "learner")
        if topic is not None and topic not in self.bank.topics:
            raise LearnerInputError(f"Unknown topic {str(topic)[:80]!r}; choose one of {', '.join(self.bank.topics)}.")
        now = self.now()
        with self._session() as db, db.begin():
            reviews = {r.question_id: r for r in db.scalars(select(Review).where(Review.learner_id == learner))}
            known = {m.topic: m.p_known for m in db.scalars(select(Mastery).where(Mastery.learner_id == learner))}
        pool = [q for q in self.bank.questions if topic is None or q.topic == topic]
        due = sorted((reviews[q.id].due_at, i) for i, q in enumerate(pool) if q.id in reviews
                     and reviews[q.id].due_at <= now)
        if due:
            return _shown(pool[due[0][1]], due=True)
        new = [q for q in pool if q.id not in reviews]
        if new:
            weakest = min(new, key=lambda q: known.get(q.topic, model.P_L0))  # min keeps the bank's order on ties
            return _shown(weakest, due=False)
        soonest = min(reviews[q.id].due_at for q in pool)
        where = f" on {topic}" if topic else ""
        raise LearnerInputError(f"Every question{where} is answered and scheduled; the next review is due "
                                f"{soonest:%Y-%m-%d %H:%M} UTC.")

    def answer(self, learner: str, question_id: str, choice: int) -> dict[str, Any]:
        """Grade a 0-based choice, record the attempt, update mastery and the review schedule, in one transaction.
        {"correct","answer" (the right 0-based index),"explanation","section","mastery":{topic: 0..1}}."""
        learner = check_name(learner, "learner")
        question = self._question(question_id)
        if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < len(question.options):
            raise LearnerInputError(f"Choice {str(choice)[:20]!r} is not an option of {question.id}; "
                                    f"choose 0 to {len(question.options) - 1}.")
        right = question.options.index(question.answer)
        correct = choice == right
        now = self.now()
        with self._session() as db, db.begin():
            self._ensure(db, learner)
            db.add(Attempt(learner_id=learner, question_id=question.id, topic=question.topic, section=question.section,
                           choice=choice, correct=correct, answered_at=now))
            row = self._locked(db, Mastery, learner, question.topic,
                               dict(p_known=model.P_L0, attempts=0, correct=0, updated_at=now))
            row.p_known = model.update(row.p_known, correct, len(question.options))
            row.attempts += 1
            row.correct += int(correct)
            row.updated_at = now
            review = self._locked(db, Review, learner, question.id, dict(topic=question.topic, box=0, due_at=now))
            review.box = model.next_box(review.box or None, correct)
            review.due_at = model.due_at(review.box, now)
            scores = {m.topic: round(m.p_known, 4)
                      for m in db.scalars(select(Mastery).where(Mastery.learner_id == learner))}
        return {"correct": correct, "answer": right, "explanation": question.explanation,
                "section": question.section, "mastery": scores}

    def _locked(self, db: Session, table: type, learner: str, key: str, defaults: dict[str, Any]) -> Any:
        """The (learner, key) row of a per-learner table, created if missing, locked until commit (PostgreSQL's
        FOR UPDATE; SQLite's transactions already hold the write lock), so concurrent answers never lose one."""
        columns = table.__table__.primary_key.columns.keys()  # type: ignore[attr-defined]
        ids = dict(zip(columns, (learner, key)))
        db.execute(_insert(db, table).values(**ids, **defaults).on_conflict_do_nothing(index_elements=columns))
        statement = select(table).filter_by(**ids).with_for_update()
        return db.scalars(statement.execution_options(populate_existing=True)).one()

    # -- progress ------------------------------------------------------------------------------------------------
    def progress(self, learner: str) -> dict[str, Any]:
        """{"learner","topics":[{"topic","title","mastery","mastered","attempts","correct","due"}],"track","turns",
        "due_reviews":[{"id","topic","question","due_at"}],"history":[{"day","attempts","correct"}],
        "path":[{"step","done"}],"sections":[{"section","attempts","correct"}]}. Untried topics show the prior
        P(L0) with 0 attempts; "sections" counts answers per document section the questions cite."""
        learner = check_name(learner, "learner")
        now = self.now()
        with self._session() as db, db.begin():
            person = db.get(Learner, learner)
            rows = {m.topic: m for m in db.scalars(select(Mastery).where(Mastery.learner_id == learner))}
            due = list(db.scalars(select(Review).where(Review.learner_id == learner, Review.due_at <= now)
                                  .order_by(Review.due_at)))
            attempts = list(db.execute(select(Attempt.answered_at, Attempt.correct, Attempt.section)
                                       .where(Attempt.learner_id == learner).order_by(Attempt.answered_at)))
            turns = db.scalar(select(func.count(Turn.id)).join(Conversation)
                              .where(Conversation.learner_id == learner)) or 0
            path = list(db.scalars(select(PathStep).where(PathStep.learner_id == learner)
                                   .order_by(PathStep.step_index)))
        topics = []
        for topic, title in self.bank.topics.items():
            row = rows.get(topic)
            p = row.p_known if row else model.P_L0
            topics.append({"topic": topic, "title": title, "mastery": round(p, 4), "mastered": p >= model.MASTERED,
                           "attempts": row.attempts if row else 0, "correct": row.correct if row else 0,
                           "due": sum(r.topic == topic for r in due)})
        texts = {q.id: q.question for q in self.bank.questions}
        history: dict[str, dict[str, Any]] = {}
        sections: dict[str, dict[str, Any]] = {}
        for when, correct, section in attempts:
            day = when.date().isoformat()
            for tally in (history.setdefault(day, {"day": day, "attempts": 0, "correct": 0}),
                          sections.setdefault(section, {"section": section, "attempts": 0, "correct": 0})):
                tally["attempts"] += 1
                tally["correct"] += int(correct)
        return {"learner": learner, "topics": topics, "track": person.track if person else None, "turns": turns,
                "due_reviews": [{"id": r.question_id, "topic": r.topic, "question": texts.get(r.question_id, ""),
                                 "due_at": r.due_at.isoformat()} for r in due],
                "history": list(history.values()),
                "path": [{"step": s.title, "done": s.done} for s in path],
                "sections": sorted(sections.values(), key=lambda t: t["section"])}

    # -- conversations -------------------------------------------------------------------------------------------
    def record_turn(self, learner: str, session: str, question: str, standalone: str, answer: str,
                    sources: list[dict], coverage: str | None, timings: dict) -> None:
        """Append one finished turn to conversation `session` of `learner` (both created if new)."""
        learner = check_name(learner, "learner")
        session = check_name(session, "session")
        now = self.now()
        with self._session() as db, db.begin():
            self._ensure(db, learner)
            db.execute(_insert(db, Conversation).values(learner_id=learner, session=session, created_at=now)
                       .on_conflict_do_nothing(index_elements=["learner_id", "session"]))
            conversation_id = db.scalar(select(Conversation.id).filter_by(learner_id=learner, session=session))
            db.add(Turn(conversation_id=conversation_id, created_at=now, question=question, standalone=standalone,
                        answer=answer, sources=list(sources), coverage=coverage, timings=dict(timings or {})))

    def turns(self, learner: str, session: str, limit: int = 50) -> list[dict[str, Any]]:
        """The last `limit` turns of the conversation, oldest first: question, standalone, answer, sources,
        coverage. An unknown learner or session has none."""
        learner = check_name(learner, "learner")
        session = check_name(session, "session")
        with self._session() as db, db.begin():
            rows = list(db.scalars(select(Turn).join(Conversation)
                                   .where(Conversation.learner_id == learner, Conversation.session == session)
                                   .order_by(Turn.id.desc()).limit(max(0, limit))))
        return [_turn(t) for t in reversed(rows)]

    # -- track and learning path ---------------------------------------------------------------------------------
    def set_track(self, learner: str, track: str | None, path: list[str]) -> None:
        """Store the recommendation ("ml", "dl" or None; the quiz's track names are accepted too) and its
        learning path; the steps start unticked, replacing any earlier path."""
        learner = check_name(learner, "learner")
        if track is not None and track not in TRACKS:
            raise LearnerInputError(f"Unknown track {str(track)[:40]!r}; use ml or dl.")
        with self._session() as db, db.begin():
            self._ensure(db, learner)
            db.get(Learner, learner).track = TRACKS[track] if track else None  # type: ignore[union-attr]
            db.execute(delete(PathStep).where(PathStep.learner_id == learner))
            db.add_all(PathStep(learner_id=learner, step_index=i, title=str(title), done=False)
                       for i, title in enumerate(path))

    def tick_step(self, learner: str, step_index: int, done: bool) -> None:
        """Mark step `step_index` (0-based) of the learner's path done or not done."""
        learner = check_name(learner, "learner")
        with self._session() as db, db.begin():
            step = db.get(PathStep, (learner, step_index)) if isinstance(step_index, int) else None
            if step is None:
                raise LearnerInputError(f"There is no step {str(step_index)[:20]} in {learner}'s learning path.")
            step.done = bool(done)

    # -- the learner's data is theirs ----------------------------------------------------------------------------
    def forget(self, learner: str) -> None:
        """Delete everything stored about the learner (the database cascades to every table)."""
        learner = check_name(learner, "learner")
        with self._session() as db, db.begin():
            db.execute(delete(Learner).where(Learner.id == learner))

    def export(self, learner: str) -> dict[str, Any]:
        """Everything stored about the learner, JSON-serialisable (times as ISO 8601 UTC); restore() reads it."""
        learner = check_name(learner, "learner")
        with self._session() as db, db.begin():
            person = db.get(Learner, learner)
            if person is None:
                return {"learner": learner, "display_name": None, "created_at": None, "track": None, "path": [],
                        "conversations": [], "attempts": [], "mastery": [], "reviews": []}
            return {
                "learner": person.id, "display_name": person.display_name,
                "created_at": person.created_at.isoformat(), "track": person.track,
                "path": [{"step": s.title, "done": s.done} for s in person.path],
                "conversations": [{"session": c.session, "created_at": c.created_at.isoformat(),
                                   "turns": [{**_turn(t), "timings": t.timings, "created_at": t.created_at.isoformat()}
                                             for t in c.turns]}
                                  for c in sorted(person.conversations, key=lambda c: c.id)],
                "attempts": [{"question_id": a.question_id, "topic": a.topic, "section": a.section,
                              "choice": a.choice, "correct": a.correct, "answered_at": a.answered_at.isoformat()}
                             for a in sorted(person.attempts, key=lambda a: a.id)],
                "mastery": [{"topic": m.topic, "p_known": m.p_known, "attempts": m.attempts, "correct": m.correct,
                             "updated_at": m.updated_at.isoformat()} for m in sorted(person.mastery,
                                                                                      key=lambda m: m.topic)],
                "reviews": [{"question_id": r.question_id, "topic": r.topic, "box": r.box,
                             "due_at": r.due_at.isoformat()} for r in sorted(person.reviews,
                                                                             key=lambda r: r.question_id)],
            }

    def restore(self, data: dict[str, Any]) -> None:
        """Load an export() back (replacing whatever is stored under that learner), in one transaction."""
        try:
            learner = check_name(data["learner"], "learner")
            when = datetime.fromisoformat
            with self._session() as db, db.begin():
                db.execute(delete(Learner).where(Learner.id == learner))
                person = Learner(id=learner, display_name=data["display_name"], track=data["track"],
                                 created_at=when(data["created_at"]) if data["created_at"] else self.now())
                person.path = [PathStep(step_index=i, title=s["step"], done=s["done"]) for i, s in
                               enumerate(data["path"])]
                person.conversations = [
                    Conversation(session=c["session"], created_at=when(c["created_at"]), turns=[
                        Turn(question=t["question"], standalone=t["standalone"], answer=t["answer"],
                             sources=t["sources"], coverage=t["coverage"], timings=t["timings"],
                             created_at=when(t["created_at"])) for t in c["turns"]])
                    for c in data["conversations"]]
                person.attempts = [Attempt(**{**a, "answered_at": when(a["answered_at"])}) for a in data["attempts"]]
                person.mastery = [Mastery(**{**m, "updated_at": when(m["updated_at"])}) for m in data["mastery"]]
                person.reviews = [Review(**{**r, "due_at": when(r["due_at"])}) for r in data["reviews"]]
                db.add(person)
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, LearnerInputError):
                raise
            raise LearnerInputError(f"That is not a learner export ({type(exc).__name__}: {str(exc)[:80]}).") from None


def check_name(value: Any, what: str) -> str:
    """A learner, session or display name: 1-200 printable characters, surrounding spaces removed."""
    if not isinstance(value, str) or not value.strip():
        raise LearnerInputError(f"The {what} must be a non-empty name.")
    value = value.strip()
    if len(value) > NAME_CHARS:
        raise LearnerInputError(f"The {what} is {len(value):,} characters; the limit is {NAME_CHARS}.")
    if _CONTROL.search(value) or re.search("[\ud800-\udfff]", value):
        raise LearnerInputError(f"The {what} contains control characters or invalid text; use plain text.")
    return value


def _insert(db: Session, table: type) -> Any:
    """An INSERT that can say ON CONFLICT DO NOTHING (SQLite and PostgreSQL spell it alike, with their own class):
    creating a row that may already exist stays one statement, safe when two threads create it at once."""
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _shown(question: BankQuestion, due: bool) -> dict[str, Any]:
    return {"id": question.id, "topic": question.topic, "question": question.question,
            "choices": list(question.options), "due": due, "section": question.section}


def _turn(turn: Turn) -> dict[str, Any]:
    return {"question": turn.question, "standalone": turn.standalone, "answer": turn.answer,
            "sources": turn.sources, "coverage": turn.coverage}
