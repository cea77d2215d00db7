"""The learner store: learners, conversations and turns, quiz attempts, mastery, reviews, learning path.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

from tutor.learners.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _owner() -> sa.Column:
    return sa.Column("learner_id", sa.String(200), sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "learners",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("display_name", sa.String(200)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("track", sa.String(8)),
    )
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("session", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("learner_id", "session"),
    )
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.Integer, sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("standalone", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("sources", sa.JSON, nullable=False),
        sa.Column("coverage", sa.String(32)),
        sa.Column("timings", sa.JSON, nullable=False),
    )
    op.create_index("ix_turns_conversation_id", "turns", ["conversation_id"])
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("section", sa.Text, nullable=False),
        sa.Column("choice", sa.Integer, nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_attempts_learner_time", "attempts", ["learner_id", "answered_at"])
    op.create_table(
        "mastery",
        _owner(),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("p_known", sa.Float, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("learner_id", "topic"),
    )
    op.create_table(
        "reviews",
        _owner(),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("box", sa.Integer, nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("learner_id", "question_id"),
    )
    op.create_table(
        "path_steps",
        _owner(),
        sa.Column("step_index", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("learner_id", "step_index"),
    )


def downgrade() -> None:
    for table in ("path_steps", "reviews", "mastery", "attempts", "turns", "conversations", "learners"):
        op.drop_table(table)
