"""Exports in the formats of Canvas, Moodle and Gradescope: golden files from the two seed submissions,
one part decided by a human; and the format rules each system documents."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from grader import grade, load_rubric, load_submission
from grader.classroom.exports import canvas_csv, gradescope_results, moodle_csv, summary_line
from grader.classroom.outputs import gradebook_csv
from grader.classroom.overrides import apply_overrides
from grader.classroom.records import Row, RowStatus
from grader.models.report import Override, Report, Status

from ..conftest import GOLDEN, RUBRICS, SUBMISSIONS, invoke

DECISION = Override(score=2, by="ta1", at="2026-11-24T10:00:00Z", comment="the chain rule is right",
                    automatic_score=0, automatic_status=Status.INCORRECT)  # fmt: skip


@cache
def reports() -> tuple[Report, ...]:
    seed000 = grade(
        load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml"), load_submission(SUBMISSIONS / "000_bbf2462fc864e187.json")
    )
    seed003 = grade(
        load_rubric(RUBRICS / "rnn-lstm-theory.yaml"), load_submission(SUBMISSIONS / "003_b7196c77d5787463.json")
    )
    return apply_overrides(seed000, {"q3.gradient": DECISION}), seed003


def class_rows() -> list[Row]:
    seed000, seed003 = reports()
    rows = [Row.from_report("000.json", seed000), Row.from_report("003.json", seed003)]
    rows.append(
        Row.failed(
            "broken.json", "not valid JSON", student_id="s9", name="Broken Student", assignment="rnn-lstm-theory"
        )
    )
    return rows


COLUMNS = {"dl-rnn-vs-lstm": "Homework 2 (4821)", "rnn-lstm-theory": "Homework 3"}


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("export-canvas.csv", lambda: canvas_csv(class_rows(), COLUMNS)),
        ("export-moodle.csv", lambda: moodle_csv(class_rows(), COLUMNS,
                                                 {f"{r.student.id}\0{r.assignment}": summary_line(r) for r in reports()})),
        ("export-gradescope-000.json", lambda: json.dumps(gradescope_results(reports()[0]), indent=2, ensure_ascii=False)),
    ],
    ids=["canvas", "moodle", "gradescope"],
)  # fmt: skip
def test_exports_match_their_golden_files(name: str, make: object, update_golden: bool) -> None:
    from ..conftest import check_golden

    text = make()  # type: ignore[operator]
    if name.endswith(".csv"):
        assert text.count("\n") == text.count("\r\n")  # CSV lines end in CRLF (RFC 4180), as LMS exports do
        text = text.replace("\r\n", "\n")
    check_golden(GOLDEN / name, text if name.endswith(".csv") else text + "\n", update_golden)


def test_the_canvas_file_has_the_import_columns_and_a_points_possible_row() -> None:
    table = list(csv.reader(io.StringIO(canvas_csv(class_rows(), COLUMNS))))

    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Homework 2 (4821)", "Homework 3"]
    assert table[1][0].strip() == "Points Possible"
    assert table[1][5:] == ["34", "32"]
    by_sis = {line[2]: line for line in table[2:]}
    assert by_sis["223737856"][5] == "27"  # the human decision counted: 25 from the machine + 2
    assert by_sis["s9"][5:] == ["", ""]  # not graded: left empty, so Canvas keeps what it has


def test_gradescope_results_have_one_test_per_part_with_the_documented_fields() -> None:
    results = gradescope_results(reports()[0])

    assert set(results) >= {"score", "tests"}
    assert results["score"] == sum(test["score"] for test in results["tests"]) == reports()[0].score
    assert len(results["tests"]) == len(reports()[0].parts())
    for test in results["tests"]:
        assert set(test) == {"name", "number", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] == "visible"
    gradient = next(test for test in results["tests"] if test["name"] == "q3.gradient")
    assert gradient["score"] == 2
    assert gradient["output"].startswith("Score set by instructor: 2/3\n")
    assert "The machine read: " in gradient["output"]
    assert "Not equivalent" not in gradient["output"]  # the decision, not the machine's verdict


def test_check_in_an_autograder_writes_results_even_for_an_unreadable_submission(tmp_path: Path) -> None:

    from grader.cli import EXIT_BAD_INPUT

    submission, results = tmp_path / "submission.json", tmp_path / "results.json"
    submission.write_text("{not json", encoding="utf-8")

    result = invoke("check", submission, "--rubrics-dir", RUBRICS, "-f", "gradescope",
                                      "-o", results)  # fmt: skip

    assert result.exit_code == EXIT_BAD_INPUT
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["score"] == 0
    assert data["tests"] == []
    assert data["output"].startswith("grader could not grade this submission:")
    assert "not valid JSON" in data["output"]


@pytest.mark.parametrize(
    "make",
    [
        lambda rows: canvas_csv(rows, {"hw": "=Homework"}),
        lambda rows: moodle_csv(rows, {"hw": "@Homework"}, {"=1\0hw": "=feedback"}),
        gradebook_csv,
    ],
    ids=["canvas", "moodle", "gradebook"],
)
def test_no_csv_cell_opens_as_a_spreadsheet_formula(make: Any) -> None:
    rows = [
        Row(
            file="a.json",
            student_id="=1",
            name='=HYPERLINK("http://x.invalid","click me")',
            status=RowStatus.OK,
            message="",
            assignment="hw",
            total=2.0,
            max_total=4.0,
        ),
        Row(
            file="b.json",
            student_id="f2",
            name="@SUM(1+1)*cmd|' /C calc'!A0",
            status=RowStatus.OK,
            message="",
            assignment="hw",
            total=1.0,
            max_total=4.0,
        ),
        Row.failed("-2+3.json", "+bad", student_id="f3", name="\t=1+1", assignment="hw"),
    ]

    text = make(rows)

    cells = [value for line in csv.reader(io.StringIO(text)) for value in line]
    assert not [value for value in cells if value.lstrip(" ")[:1] in ("=", "+", "-", "@") or value[:1] in ("\t", "\r")]
    assert "'=1" in cells


def review_rows() -> list[Row]:
    """The class with the first submission still awaiting a human's review on some part."""
    import dataclasses

    first, *rest = class_rows()
    return [dataclasses.replace(first, status=RowStatus.NEEDS_REVIEW), *rest]


@pytest.mark.parametrize(
    "export",
    [
        pytest.param(lambda rows, **kw: canvas_csv(rows, COLUMNS, **kw), id="canvas"),
        pytest.param(lambda rows, **kw: moodle_csv(rows, COLUMNS, {}, **kw), id="moodle"),
    ],
)
def test_a_platform_export_refuses_scores_still_in_review(export: Any) -> None:
    from grader.errors import PendingReviewError

    with pytest.raises(PendingReviewError, match=r"1 submission\(s\) still have parts in review: 223737856"):
        export(review_rows())
    assert export(review_rows(), allow_pending=True)  # provisional scores, when asked for


def test_moodle_says_a_provisional_score_is_provisional() -> None:
    table = list(csv.reader(io.StringIO(moodle_csv(review_rows(), COLUMNS, {}, allow_pending=True))))
    line = next(row for row in table if row[0] == "223737856")
    assert any(cell.startswith("PROVISIONAL: parts await a human's review") for cell in line)
