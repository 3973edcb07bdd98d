"""The names the command line offers as choices (output formats, what `grader compare` compares), in a
module that imports nothing: the command line builds its options from them without loading any model."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """Output formats of a report."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    GRADESCOPE = "gradescope"


class ExportFormat(StrEnum):
    """What `grader export` writes."""

    CSV = "csv"
    CANVAS = "canvas"
    MOODLE = "moodle"
    GRADESCOPE = "gradescope"


class Kind(StrEnum):
    """What `grader compare` compares: the check kinds that read one piece of math or one number."""

    EXPRESSION = "expression"
    EQUATION = "equation"
    NUMBER = "number"
