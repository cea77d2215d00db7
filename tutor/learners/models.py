"""The learner store's tables (SQLAlchemy 2 typed models). Alembic's migrations create them; see migrations/.

Every row hangs off `learners` with ON DELETE CASCADE, so forgetting a learner is one DELETE.
Times are stored as naive UTC and read back as aware UTC (SQLite has no time zones).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAME_CHARS = 200  # learner ids, session ids, question ids


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime in Python, a plain timestamp in the database (the same on SQLite and PostgreSQL)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the learner store takes aware datetimes only")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def _owner() -> Any:
    return ForeignKey("learners.id", ondelete="CASCADE")


class Learner(Base):
    __tablename__ = "learners"

    id: Mapped[str] = mapped_column(String(NAME_CHARS), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(NAME_CHARS))
    created_at: Mapped[datetime]
    track: Mapped[str | None] = mapped_column(String(8))  # "ml" | "dl": the recommendation quiz's result

    # ORM cascades mirror the database's, so deleting through a session and through SQL agree
    conversations: Mapped[list[Conversation]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    attempts: Mapped[list[Attempt]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    mastery: Mapped[list[Mastery]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    reviews: Mapped[list[Review]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    path: Mapped[list[PathStep]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                order_by="PathStep.step_index")


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("learner_id", "session"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[str] = mapped_column(_owner())
    session: Mapped[str] = mapped_column(String(NAME_CHARS))
    created_at: Mapped[datetime]
    turns: Mapped[list[Turn]] = relationship(cascade="all, delete-orphan", passive_deletes=True, order_by="Turn.id")


class Turn(Base):
    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    question: Mapped[str] = mapped_column(Text)
    standalone: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[Any]]
    coverage: Mapped[str | None] = mapped_column(String(32))
    timings: Mapped[dict[str, Any]]


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_learner_time", "learner_id", "answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[str] = mapped_column(_owner())
    question_id: Mapped[str] = mapped_column(String(NAME_CHARS))
    topic: Mapped[str] = mapped_column(String(NAME_CHARS))
    section: Mapped[str] = mapped_column(Text)
    choice: Mapped[int]
    correct: Mapped[bool]
    answered_at: Mapped[datetime]


class Mastery(Base):
    """P(the learner knows the topic), updated by Bayesian Knowledge Tracing (see mastery.py)."""

    __tablename__ = "mastery"

    learner_id: Mapped[str] = mapped_column(_owner(), primary_key=True)
    topic: Mapped[str] = mapped_column(String(NAME_CHARS), primary_key=True)
    p_known: Mapped[float] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(default=0)
    correct: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime]


class Review(Base):
    """Where each answered question sits in the Leitner boxes, and when it is due again."""

    __tablename__ = "reviews"

    learner_id: Mapped[str] = mapped_column(_owner(), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(NAME_CHARS), primary_key=True)
    topic: Mapped[str] = mapped_column(String(NAME_CHARS))
    box: Mapped[int]
    due_at: Mapped[datetime]


class PathStep(Base):
    """One step of the recommended learning path, which the learner ticks off."""

    __tablename__ = "path_steps"

    learner_id: Mapped[str] = mapped_column(_owner(), primary_key=True)
    step_index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(default=False)
