"""Alembic's environment: always run from tutor.learners.db.migrate with an open connection (no alembic.ini)."""
from __future__ import annotations

from alembic import context

from tutor.learners.models import Base

MIGRATION_LOCK = 7_316_514  # any constant: PostgreSQL's advisory lock that serialises concurrent upgrades

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters tables by copying them
with context.begin_transaction():
    context.run_migrations()
