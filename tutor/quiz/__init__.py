"""Quizzes: "ML or DL first?" recommendations with cited reasons, and knowledge checks with feedback."""
from tutor.quiz.service import QuizService
from tutor.quiz.types import (Feedback, PathStep, Question, QuizInputError, Reason, Recommendation, RecommendQuestion,
                              Score)

__all__ = ["QuizService", "Question", "Feedback", "Score", "Reason", "PathStep", "Recommendation",
           "RecommendQuestion", "QuizInputError"]
