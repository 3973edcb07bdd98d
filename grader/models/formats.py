"""The names of grader's output formats, in a module that imports nothing: the command line builds its
options from them without loading the report models."""

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
