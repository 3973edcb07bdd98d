"""Human decisions applied to a report: `apply_overrides(report, decisions) -> Report`, pure.

A decision replaces a part's score and sets its status from that score (full marks `correct`, none
`incorrect`, else `partial`); the machine's feedback stays, after a first line that says who decided what
and what the machine had given. Question and submission totals are recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping

from grader.models.report import Override, PartResult, Report, Status, shown, total


def apply_overrides(report: Report, decisions: Mapping[str, Override]) -> Report:
    """`report` with each part named in `decisions` (by part id) scored as decided."""
    if not decisions:
        return report
    questions = []
    for question in report.questions:
        parts = [_apply(part, decisions[part.id]) if part.id in decisions else part for part in question.parts]
        questions.append(question.model_copy(update={"parts": parts, "score": total([p.score for p in parts])}))
    return report.model_copy(update={"questions": questions, "score": total([q.score for q in questions])})


def _apply(part: PartResult, decision: Override) -> PartResult:
    said = f": {decision.comment}" if decision.comment else "."
    machine = f"the machine gives {shown(part.score)}, {part.status.value}"
    if changed(part, decision):
        machine += (
            f"; it gave {shown(decision.automatic_score)}, {decision.automatic_status.value}, when this was decided"
        )
    line = (
        f"Score set by {decision.by} on {decision.at[:10]}: {shown(decision.score)}/{shown(part.max_score)}"
        f"{said} ({machine[0].upper()}{machine[1:]}.)"
    )
    return part.model_copy(
        update={
            "score": decision.score,
            "status": Status.of(decision.score / part.max_score if part.max_score else 1.0),
            "feedback": f"{line}\n{part.feedback}",
            "override": decision,
        }
    )


def changed(part: PartResult, decision: Override) -> bool:
    """Whether the machine's verdict on `part` (the automatic result) moved since the human decided."""
    return moved_since(part.score, part.status.value, decision)


def moved_since(score: float, status: str, decision: Override) -> bool:
    """Whether a machine verdict (`score`, `status`) differs from the one the human saw when deciding."""
    return score != decision.automatic_score or status != decision.automatic_status.value
