"""The records of a graded class, as the gradebook, the summary, the review queue and the exports read them:
a row per submission (`Row`, with a `PartRow` per part), its status, and what a run did (`RunSummary`, with the
human decisions whose automatic verdict moved under them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from grader.models.report import Override, Report, Status


class RowStatus(StrEnum):
    """A submission's line in the gradebook: graded, graded with parts for a human, or not graded."""

    OK = "ok"
    NEEDS_REVIEW = "needs_review"
    ERROR = "error"


@dataclass(frozen=True, kw_only=True)
class PartRow:
    """One part's result, as the gradebook and the summary need it."""

    id: str
    status: str
    score: float
    max_score: float
    note: str
    answer: str  # how the answer was read, or `(note)` when it was not
    overridden: bool = False  # the score is a human's decision


@dataclass(frozen=True, kw_only=True)
class Row:
    """One submission's line of the gradebook."""

    file: str  # the submission's path inside the class folder
    student_id: str = ""
    name: str = ""
    status: RowStatus
    message: str
    assignment: str = ""  # only ever the id of a loaded rubric
    parts: tuple[PartRow, ...] = ()
    questions: tuple[tuple[str, float], ...] = ()
    total: float = 0.0
    max_total: float = 0.0

    @property
    def graded(self) -> bool:
        """Whether the submission was graded (status ok or needs_review)."""
        return self.status is not RowStatus.ERROR

    @classmethod
    def failed(cls, file: str, message: str, *, student_id: str = "", name: str = "", assignment: str = "") -> Row:
        """The row of a submission that could not be graded, with what went wrong."""
        return cls(file=file, student_id=student_id, name=name, status=RowStatus.ERROR, message=message,
                   assignment=assignment)  # fmt: skip

    @classmethod
    def from_report(cls, file: str, report: Report) -> Row:
        """The row of a graded report: `needs_review` when any part is."""
        review = [part.id for part in report.parts() if part.status is Status.NEEDS_REVIEW]
        parts = tuple(
            PartRow(id=p.id, status=p.status.value, score=p.score, max_score=p.max_score, note=p.note,
                    answer=p.interpreted_as or f"({p.note})", overridden=p.override is not None)
            for p in report.parts()
        )  # fmt: skip
        return cls(
            file=file, student_id=report.student.id, name=report.student.name or "",
            status=RowStatus.NEEDS_REVIEW if review else RowStatus.OK,
            message=f"review: {', '.join(review)}" if review else "", assignment=report.assignment, parts=parts,
            questions=tuple((q.id, q.score) for q in report.questions), total=report.score,
            max_total=report.max_score,
        )  # fmt: skip


@dataclass(frozen=True)
class Moved:
    """A human decision whose automatic verdict changed underneath it (the rubric or grader changed)."""

    student_id: str
    part_id: str
    decision: Override
    score: float  # the machine's score now
    status: str  # the machine's status now


@dataclass
class RunSummary:
    """What a run did: every row in file order, how many came from an earlier run, and the human decisions
    whose automatic verdict moved."""

    rows: list[Row] = field(default_factory=list)
    reused: int = 0
    moved: list[Moved] = field(default_factory=list)
