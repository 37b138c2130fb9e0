"""Training app models: acknowledgments (7.3 awareness) and courses (7.2 competence)."""

from training.models.acknowledgments import (
    Acknowledgment,
    AcknowledgmentNotice,
    Quiz,
    QuizAttempt,
    QuizQuestion,
)
from training.models.competence import CompetenceRequirement
from training.models.courses import Attendance, TrainingCourse, TrainingSession
from training.models.settings import TrainingSettings

__all__ = [
    "Acknowledgment",
    "AcknowledgmentNotice",
    "Attendance",
    "CompetenceRequirement",
    "Quiz",
    "QuizAttempt",
    "QuizQuestion",
    "TrainingCourse",
    "TrainingSession",
    "TrainingSettings",
]
