"""Withholding and release: a rubric's `withhold: [expected, hints]` keeps expected answers and hints out of
students' feedback files, pages and exports until `grader release OUT`, which rewrites them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from grader.classroom.batch import grade_class
from grader.classroom.outputs import write_outputs
from grader.cli import EXIT_BAD_INPUT, EXIT_OK
from grader.models.report import PartResult, Status
from grader.render.withhold import LATER, withhold

from ..conftest import RUBRICS, invoke
from .test_batch import submission, write


def _withholding_class(tmp_path: Path) -> dict[str, Any]:
    """Two students' submissions and a copy of the seed rubric that withholds expected answers and hints."""
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    text = (RUBRICS / "dl-rnn-vs-lstm.yaml").read_text(encoding="utf-8")
    (rubrics / "dl-rnn-vs-lstm.yaml").write_text(text + "\nwithhold: [expected, hints]\n", encoding="utf-8")
    cls = tmp_path / "class"
    for student in ("s1", "s2"):
        write(cls, f"{student}.json", submission(student, **{"q3.gradient": "asdfgh"}))
    return {"class": cls, "out": tmp_path / "out", "rubrics": rubrics}


@pytest.fixture
def graded(tmp_path: Path) -> dict[str, Any]:
    """The withholding class, graded and its outputs written."""
    made = _withholding_class(tmp_path)
    write_outputs(made["out"], grade_class(made["class"], made["out"], rubrics_dir=made["rubrics"], jobs=1))
    return made


def _feedback(out: Path, student: str = "s1") -> str:
    return (out / "students" / "dl-rnn-vs-lstm" / f"{student}.md").read_text(encoding="utf-8")


def _stored(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "students" / "dl-rnn-vs-lstm" / "s1.json").read_text(encoding="utf-8"))
    return data


def test_withheld_answers_and_hints_stay_out_of_the_students_files_until_release(graded: dict[str, Any]) -> None:
    out = graded["out"]
    before = _feedback(out)
    report = invoke("report", out)

    assert "Expected:" not in before
    assert "Hint:" not in before
    assert LATER in before
    assert all(part["expected"] for q in _stored(out)["questions"] for part in q["parts"])  # the record keeps all
    assert report.exit_code == EXIT_OK, report.stderr
    page = (out / "html" / "dl-rnn-vs-lstm" / "s1.html").read_text(encoding="utf-8")
    assert "Expected</span>" not in page
    assert "Hint:" not in page

    released = invoke("release", out)

    assert released.exit_code == EXIT_OK, released.stderr
    assert "released dl-rnn-vs-lstm" in released.stdout
    after = _feedback(out)
    assert "Expected:" in after
    assert "Hint:" in after
    assert LATER not in after
    assert "Expected</span>" in (out / "html" / "dl-rnn-vs-lstm" / "s1.html").read_text(encoding="utf-8")
    assert "dl-rnn-vs-lstm" in json.loads((out / "release.json").read_text(encoding="utf-8"))["released"]


def test_a_release_holds_through_later_decisions_and_regrades(graded: dict[str, Any]) -> None:
    out = graded["out"]
    assert invoke("release", out).exit_code == EXIT_OK

    decided = invoke("override", out, "s1", "q3.gradient", "--score", "1", "--by", "ta1")
    regraded = invoke("grade", graded["class"], "--out", out, "--rubrics-dir", graded["rubrics"], "--jobs", "1")

    assert decided.exit_code == EXIT_OK, decided.stderr
    assert regraded.exit_code == EXIT_OK, regraded.stderr
    assert "Expected:" in _feedback(out, "s2")
    assert "Score set by instructor: 1/" in _feedback(out)


def test_exports_withhold_until_release(graded: dict[str, Any]) -> None:
    out = graded["out"]

    exported = invoke("export", out, "--to", "gradescope")

    assert exported.exit_code == EXIT_OK, exported.stderr
    results = (out / "exports" / "gradescope" / "dl-rnn-vs-lstm" / "s1" / "results.json").read_text(encoding="utf-8")
    assert "Hint:" not in results
    assert "Symbols of the expected answer" not in results


def test_an_unknown_assignment_is_refused(graded: dict[str, Any]) -> None:
    result = invoke("release", graded["out"], "--assignment", "nope")

    assert result.exit_code == EXIT_BAD_INPUT
    assert "nope" in result.stderr
    assert "Expected:" not in _feedback(graded["out"])


def test_a_rubric_that_withholds_nothing_changes_nothing(tmp_path: Path) -> None:
    cls, out = tmp_path / "class", tmp_path / "out"
    write(cls, "s1.json", submission("s1"))
    write_outputs(out, grade_class(cls, out, rubrics_dir=RUBRICS, jobs=1))

    assert not (out / "release.json").exists()
    assert "Expected:" in _feedback(out)


@pytest.mark.parametrize(
    ("feedback", "hidden", "shown"),
    [
        (
            "Read your result 4,609 from “4352 + 257”; expected 8,705 = 32 * 256.",
            ["expected"],
            "Read your result 4,609 from “4352 + 257”.",
        ),
        (
            "Not equivalent to the expected a + b (differs at a random point).",
            ["expected"],
            "Not equivalent to the expected answer (differs at a random point).",
        ),
        ("Symbols of the expected answer that yours lacks: b.\nOK.", ["expected"], "OK."),
        ("Missing: gates. Hint: Name the gates.", ["hints"], "Missing: gates."),
        ("Wrong.\nThink of the chain rule.", ["hints"], "Wrong."),
        ("Missing: gates. Hint: Name them.", [], "Missing: gates. Hint: Name them."),
    ],
    ids=["number", "not-equivalent", "symbols", "concept-hint", "feedback-by-status", "nothing-withheld"],
)
def test_withholding_takes_the_answer_or_hints_out_of_the_feedback(
    feedback: str, hidden: list[str], shown: str
) -> None:
    from grader import QuestionResult, Report, Student

    part = PartResult(id="q1.a", status=Status.INCORRECT, score=0, max_score=1, feedback=feedback,
                      interpreted_as=None, expected="a + b", note="x")  # fmt: skip
    report = Report(assignment="a", student=Student(id="1"), score=0, max_score=1,
                    questions=[QuestionResult(id="q1", title="Q", score=0, max_score=1, parts=[part])])  # fmt: skip

    result = withhold(report, hidden, {"q1.a": ["Think of the chain rule."]}).parts()[0]

    assert result.feedback.removesuffix("\n" + LATER) == shown
    assert (result.expected == "") == ("expected" in hidden)


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "workers"])
def test_feedback_files_hold_back_what_is_withheld_as_soon_as_they_are_written(tmp_path: Path, jobs: int) -> None:
    """A run stopped after grading and before the outputs are written (where the recorded policy is applied)
    leaves no expected answer in a student's file."""
    made = _withholding_class(tmp_path)
    out = made["out"]

    grade_class(made["class"], out, rubrics_dir=made["rubrics"], jobs=jobs)  # no write_outputs: the run stops here

    for student in ("s1", "s2"):
        said = _feedback(out, student)
        assert "Expected:" not in said
        assert "Hint:" not in said
        assert LATER in said


def test_a_released_assignment_regraded_shows_its_expected_answers_from_the_first_write(graded: dict[str, Any]) -> None:
    out = graded["out"]
    assert invoke("release", out).exit_code == EXIT_OK
    write(graded["class"], "s3.json", submission("s3", **{"q3.gradient": "asdfgh"}))

    grade_class(graded["class"], out, rubrics_dir=graded["rubrics"], jobs=1)

    assert "Expected:" in _feedback(out, "s3")
