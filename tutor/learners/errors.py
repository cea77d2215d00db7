"""The learner store's errors, apart from the store itself so that catching them loads no database library."""
from __future__ import annotations

from tutor.types import InputError


class LearnerInputError(InputError, ValueError):
    """A learner name, question id or choice the store cannot use; the message is one sentence, shown as is."""


class LearnerStoreError(RuntimeError):
    """The learner store cannot be opened (a bad TUTOR_DATABASE_URL, a server down); one line, no password."""
