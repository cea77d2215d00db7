"""The learner store: who the learner is, what they asked, what they answered, and what is due for review."""
from tutor.learners.service import LearnerInputError, LearnerService

__all__ = ["LearnerInputError", "LearnerService"]
