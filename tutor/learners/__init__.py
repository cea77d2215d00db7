"""The learner store: who the learner is, what they asked, what they answered, and what is due for review."""
from __future__ import annotations

from typing import Any

from tutor.learners.errors import LearnerInputError, LearnerStoreError

__all__ = ["LearnerInputError", "LearnerService", "LearnerStoreError"]


def __getattr__(name: str) -> Any:
    # the service loads SQLAlchemy (0.65 s measured under load): only for the commands that use the store
    if name == "LearnerService":
        from tutor.learners.service import LearnerService

        return LearnerService
    raise AttributeError(f"module 'tutor.learners' has no attribute {name!r}")
