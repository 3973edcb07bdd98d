"""The class's outputs from graded rows: `gradebook.csv` (one row per submission) and `summary.json`
(what an instructor reads first: per part, statuses, scores, the most frequent notes and answers)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from grader.classroom.records import Row, RowStatus, RunSummary
from grader.classroom.release import record_policy, student_files
from grader.io.csvfile import Cell, csv_text
from grader.io.files import atomic_write, inside
from grader.models.report import shown

BASE_COLUMNS = ["student_id", "name", "file"]
END_COLUMNS = ["total", "max", "status", "message", "overridden"]
TOP = 5


def write_outputs(out: Path, run: RunSummary) -> list[Path]:
    """Write the gradebook and summary (atomically): `gradebook.csv` and `summary.json`, or one pair per
    assignment, `gradebook-<assignment>.csv`, when the class folder holds several; then take what the rubrics
    withhold until release out of the students' feedback files. The gradebook files written."""
    assignments = sorted({row.assignment for row in run.rows if row.assignment})
    written = []
    for assignment in assignments or [""]:
        rows = [row for row in run.rows if row.assignment in (assignment, "")]
        suffix = f"-{assignment}" if len(assignments) > 1 else ""  # rows carry only ids of loaded rubrics
        csv_path = inside(out, out / f"gradebook{suffix}.csv")
        summary_path = inside(out, out / f"summary{suffix}.json")
        atomic_write(csv_path, gradebook_csv(rows))
        atomic_write(summary_path, json.dumps(summary(assignment, rows), indent=2, ensure_ascii=False) + "\n")
        written += [csv_path, summary_path]
    # Students' feedback files were written whole; what the rubric withholds until release comes out here.
    student_files(out, record_policy(out))
    return written


def _columns(rows: list[Row]) -> tuple[list[str], list[str]]:
    """Part and question ids in rubric order, from the first graded row."""
    for row in rows:
        if row.parts:
            return [p.id for p in row.parts], [q for q, _ in row.questions]
    return [], []


def gradebook_csv(rows: list[Row]) -> str:
    """One row per submission: who, each part's and question's score, total, max, status and message."""
    parts, questions = _columns(rows)
    table: list[list[Cell]] = [[*BASE_COLUMNS, *parts, *questions, *END_COLUMNS]]
    for row in rows:
        if not row.graded:
            blanks: list[Cell] = [None] * (len(parts) + len(questions) + 2)
            table.append([row.student_id, row.name, row.file, *blanks, row.status, row.message, ""])
            continue
        scores = {part.id: part.score for part in row.parts}
        totals = dict(row.questions)
        table.append(
            [row.student_id, row.name, row.file]
            + [scores.get(p) for p in parts]
            + [totals.get(q) for q in questions]
            + [row.total, row.max_total, row.status, row.message]
            + [" ".join(part.id for part in row.parts if part.overridden)]
        )
    return csv_text(table)


def summary(assignment: str, rows: list[Row]) -> dict[str, Any]:
    """Per part: count per status, mean score, score distribution, the most frequent notes and answers."""
    graded = [row for row in rows if row.graded]
    statuses = Counter(row.status for row in rows)
    parts: dict[str, Any] = {}
    for row in graded:
        for part in row.parts:
            entry = parts.setdefault(
                part.id,
                {"max_score": part.max_score, "status": Counter(), "scores": Counter(), "notes": Counter(),
                 "answers": Counter()},
            )  # fmt: skip
            entry["status"][part.status] += 1
            entry["scores"][part.score] += 1
            entry["notes"][part.note] += 1
            entry["answers"][part.answer] += 1
    return {
        "assignment": assignment,
        "submissions": len(rows),
        "graded": len(graded),
        "needs_review": statuses[RowStatus.NEEDS_REVIEW],
        "errors": statuses[RowStatus.ERROR],
        "mean_total": round(sum(r.total for r in graded) / len(graded), 3) if graded else None,
        "max_total": graded[0].max_total if graded else None,
        "errors_by_file": {row.file: row.message for row in rows if not row.graded},
        "parts": {
            part_id: {
                "max_score": entry["max_score"],
                "count": sum(entry["status"].values()),
                "status": dict(sorted(entry["status"].items())),
                "mean_score": round(sum(s * n for s, n in entry["scores"].items()) / sum(entry["scores"].values()), 3),
                "distribution": {shown(score): n for score, n in sorted(entry["scores"].items())},
                "top_notes": [{"note": note, "count": n} for note, n in entry["notes"].most_common(TOP)],
                "top_answers": [{"answer": answer, "count": n} for answer, n in entry["answers"].most_common(TOP)],
            }
            for part_id, entry in parts.items()
        },
    }
