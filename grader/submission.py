"""A student's submission: which assignment, who, and the answers as the student wrote them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Model(BaseModel):
    """Base of the submission models: frozen, unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Student(Model):
    """Who handed the submission in."""

    id: str = Field(min_length=1, description="The student's id, e.g. a matriculation number.")
    name: str | None = Field(None, description="The student's name, if known.")


class Submission(Model):
    """Answers to one assignment, keyed `<question id>.<part id>`, as text the student wrote."""

    assignment: str = Field(min_length=1, description="The id of the assignment's rubric.")
    student: Student
    answers: dict[str, str] = Field(
        default_factory=dict,
        description="Answer text by part id. Plain ASCII math, Unicode, LaTeX or prose; a missing or blank "
        "answer is `unanswered`.",
    )

    @field_validator("answers", mode="before")
    @classmethod
    def _numbers_are_text(cls, value: object) -> object:
        # A tool may write a bare number; it is the same answer as its text.
        if isinstance(value, dict):
            return {
                key: str(item) if isinstance(item, int | float) and not isinstance(item, bool) else item
                for key, item in value.items()
            }
        return value
