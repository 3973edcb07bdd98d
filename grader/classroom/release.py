"""Withholding and release: what each assignment's rubric keeps from students (`withhold:`) until the
instructor runs `grader release OUT`, recorded in `OUT/release.json`.

The policy is read from the rubrics when a grading run is first published (the rubric paths are those of that
run), so later commands, run from anywhere, apply the same policy. Reports in the gradebook keep everything;
the students' feedback files (`students/**/*.md`), HTML pages and exports are rendered without what is
withheld until release, and rendered again on release.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.classroom.store import FILE, Gradebook
from grader.errors import GraderError
from grader.io.files import atomic_write, student_path, write_student
from grader.models.report import Report
from grader.models.rubric import Rubric, part_id
from grader.render.withhold import withhold

RELEASE_FILE = "release.json"


@dataclass(frozen=True, kw_only=True)
class Policy:
    """Per assignment: what its rubric withholds, the rubric's hint texts per part, and when it was released."""

    run: int = 0  # the grading run the policy was read for
    withhold: dict[str, list[str]] = field(default_factory=dict)
    hints: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    released: dict[str, str] = field(default_factory=dict)  # assignment -> ISO time

    def hidden(self, assignment: str) -> list[str]:
        """What students of `assignment` may not see yet."""
        return [] if assignment in self.released else self.withhold.get(assignment, [])

    def apply(self, report: Report) -> Report:
        """`report` as its student may see it now."""
        return withhold(report, self.hidden(report.assignment), self.hints.get(report.assignment, {}))

    def dump(self) -> dict[str, Any]:
        """The JSON form."""
        return {"run": self.run, "withhold": self.withhold, "hints": self.hints, "released": self.released}


def read_policy(out: Path) -> Policy:
    """The policy recorded in OUT (nothing withheld when none is)."""
    path = out / RELEASE_FILE
    if not path.is_file():
        return Policy()
    data = json.loads(path.read_text(encoding="utf-8"))
    return Policy(run=data.get("run", 0), withhold=data.get("withhold", {}), hints=data.get("hints", {}),
                  released=data.get("released", {}))  # fmt: skip


def hint_texts(rubric: Rubric) -> dict[str, list[str]]:
    """Per part id, the rubric's feedback texts by status (what `hints` withholds besides concepts' hints)."""
    texts = {}
    for question, part in rubric.parts():
        found = [t for t in (part.feedback.correct, part.feedback.partial, part.feedback.incorrect,
                             part.feedback.unanswered) if t]  # fmt: skip
        if found:
            texts[part_id(question, part)] = found
    return texts


def student_view(report: Report, rubric: Rubric, *, released: bool) -> Report:
    """`report` as its student may see it while a class is being graded, before the run's policy is recorded:
    what `rubric` withholds is held back unless its assignment was released, so no feedback file written on
    the way shows more than the policy will allow."""
    hidden = [] if released else list(rubric.withhold)
    return withhold(report, hidden, hint_texts(rubric) if "hints" in hidden else {})


def record_policy(out: Path) -> Policy:
    """Read what the latest run's rubrics withhold into OUT/release.json, once per run (a rubric that cannot be
    read any more keeps what was recorded for its assignment). Releases stay recorded."""
    from grader.io.loaders import load_rubric

    policy = read_policy(out)
    if not (out / FILE).is_file():
        return policy
    with Gradebook.of(out) as book:
        rows = book.db.execute(
            "SELECT assignment, rubric_path FROM run_rubrics WHERE run_id = (SELECT max(id) FROM runs)"
        ).fetchall()
        latest = book.db.execute("SELECT coalesce(max(id), 0) FROM runs").fetchone()[0]
    if latest == policy.run:
        return policy
    withheld, hints = dict(policy.withhold), dict(policy.hints)
    for assignment, path in rows:
        try:
            rubric = load_rubric(path)
        except GraderError:
            continue
        withheld[assignment] = list(rubric.withhold)
        hints[assignment] = hint_texts(rubric) if "hints" in rubric.withhold else {}
    updated = Policy(run=latest, withhold=withheld, hints=hints, released=policy.released)
    if any(updated.withhold.values()) or (out / RELEASE_FILE).is_file():
        atomic_write(out / RELEASE_FILE, json.dumps(updated.dump(), indent=2, ensure_ascii=False) + "\n")
    return updated


def student_files(out: Path, policy: Policy, *, assignments: set[str] | None = None) -> list[Path]:
    """Rewrite the students' feedback files of assignments that withhold something (or of `assignments`)
    as the policy allows now. The feedback files written."""
    from grader.classroom.overrides import apply_overrides
    from grader.render import render

    chosen = assignments if assignments is not None else {a for a in policy.withhold if policy.hidden(a)}
    if not chosen:
        return []
    written = []
    # The final reports as `review.final_reports` makes them (review writes the gradebook files through
    # `outputs`, which calls this: importing it here would close a cycle).
    with Gradebook.of(out) as book:
        decisions = book.decisions()
        for entry in book.submissions():
            if entry["report"] is None or entry["assignment"] not in chosen:
                continue
            report = Report.model_validate_json(entry["report"])
            report = apply_overrides(report, decisions.get((report.assignment, report.student.id), {}))
            if report.assignment in chosen:
                write_student(out, report, render(policy.apply(report), "markdown"))
                written.append(student_path(out / "students", report.assignment, report.student.id, ".md"))
    return written


def mark_released(out: Path, assignments: list[str] | None, at: str) -> tuple[Policy, list[str]]:
    """Record the release of `assignments` (all that withhold something when None) at `at`; the policy and
    the assignments released."""
    policy = record_policy(out)
    chosen = assignments if assignments is not None else [a for a, what in policy.withhold.items() if what]
    unknown = sorted(set(chosen) - set(policy.withhold))
    if unknown:
        from grader.errors import InputError

        known = ", ".join(sorted(policy.withhold)) or "none"
        raise InputError(f"no graded assignment {', '.join(map(repr, unknown))} in {out} (graded: {known})")
    updated = Policy(run=policy.run, withhold=policy.withhold, hints=policy.hints,
                     released=policy.released | {a: policy.released.get(a, at) for a in chosen})  # fmt: skip
    atomic_write(out / RELEASE_FILE, json.dumps(updated.dump(), indent=2, ensure_ascii=False) + "\n")
    return updated, chosen
