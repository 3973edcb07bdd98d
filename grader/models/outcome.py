"""What a check concluded about one answer: the contract between a check kind and grading.

Grading turns an `Outcome` into a report's `PartResult` (points, the part's own feedback); the verdict
cache stores outcomes, so this module imports nothing a check needs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from grader.models.report import Status


@dataclass(frozen=True)
class Outcome:
    """What a check concluded about one answer."""

    status: Status
    fraction: float  # of the part's points
    feedback: tuple[str, ...]
    interpreted_as: str | None
    expected: str
    note: str  # a `Note` (grader/models/report.py), or `mistake:<slug>` for a known mistake of the rubric
    interpreted_latex: str | None = None  # the reading as LaTeX, for math answers
    confidence: float | None = None  # for explanations: how sure the verdict is, 0 to 1

    def with_feedback(self, *lines: str) -> Outcome:
        """The same outcome with more feedback lines."""
        return replace(self, feedback=(*self.feedback, *(line for line in lines if line)))
