"""A student's submission: which assignment, who, and the answers as the student wrote them."""

from __future__ import annotations

import re
import unicodedata

from pydantic import Field, field_validator

from grader.models.common import Id, Model

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` with lone surrogates (half an emoji cut by a tool; not Unicode, so no file could hold them)
    replaced by U+FFFD, the replacement character."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def clean_name(text: str) -> str:
    """An id or a name as one spelling: surrogates replaced, NFC (`café` typed or pasted is one student)."""
    return unicodedata.normalize("NFC", clean_text(text))


class Student(Model):
    """Who handed the submission in."""

    id: str = Field(
        min_length=1, max_length=200, description="The student's id, e.g. a matriculation number (read as NFC)."
    )
    name: str | None = Field(None, max_length=500, description="The student's name, if known.")

    @field_validator("id", "name", mode="before")
    @classmethod
    def _one_spelling(cls, value: object) -> object:
        return clean_name(value) if isinstance(value, str) else value


class Submission(Model):
    """Answers to one assignment, keyed `<question id>.<part id>`, as text the student wrote."""

    assignment: Id = Field(description="The id of the assignment's rubric: letters, digits, '-' and '_'.")
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
            return {clean_text(key) if isinstance(key, str) else key: _text(item) for key, item in value.items()}
        return value


def _text(item: object) -> object:
    if isinstance(item, int | float) and not isinstance(item, bool):
        return str(item)
    return clean_text(item) if isinstance(item, str) else item
