"""Renderers: golden reports of both seed submissions in every format, and the rules each renderer keeps."""

from __future__ import annotations

import json
from functools import cache

import pytest

from grader import Format, PartResult, QuestionResult, Report, Status, Student, grade, render

from .conftest import GOLDEN, SEED_PAIRS, check_golden

SUFFIXES = {Format.TEXT: "txt", Format.JSON: "json", Format.MARKDOWN: "md", Format.GRADESCOPE: "gradescope.json"}


@cache
def _seed_report(stem: str) -> Report:
    from grader import load_rubric, load_submission

    from .conftest import RUBRICS, SUBMISSIONS

    return grade(load_rubric(RUBRICS / f"{SEED_PAIRS[stem]}.yaml"), load_submission(SUBMISSIONS / f"{stem}.json"))


@pytest.mark.parametrize("fmt", list(Format), ids=[fmt.value for fmt in Format])
@pytest.mark.parametrize("stem", SEED_PAIRS)
def test_seed_reports_match_their_golden_files(stem: str, fmt: Format, update_golden: bool) -> None:
    check_golden(GOLDEN / f"{stem}.{SUFFIXES[fmt]}", render(_seed_report(stem), fmt), update_golden)


def _report() -> Report:
    def result(identifier: str, status: Status, score: float, feedback: str, **extra: str) -> PartResult:
        return PartResult(
            id=identifier,
            status=status,
            score=score,
            max_score=2,
            feedback=feedback,
            interpreted_as=extra.get("interpreted_as"),
            expected=extra.get("expected", "6272"),
            note=extra.get("note", status.value),
        )

    parts = [
        result("q1.a", Status.CORRECT, 2, "Equivalent to the expected answer.", interpreted_as="4*(32*48+32)"),
        result("q1.b", Status.INCORRECT, 0, "Read as: 4352 = 16*256 + 256.\nYou used *16* inputs; `#` | _x_"),
        result("q1.c", Status.NEEDS_REVIEW, 0, "The check took longer than 2 s; a human will grade it."),
        result("q1.d", Status.UNANSWERED, 0, "No answer."),
    ]
    question = QuestionResult(id="q1", title="Counts", score=2, max_score=8, parts=parts)
    return Report(
        assignment="demo",
        student=Student(id="7"),
        score=2,
        max_score=8,
        questions=[question],
        unknown_answers=["q9.z"],
    )


def test_the_json_report_round_trips_into_the_model() -> None:
    report = _report()

    text = render(report, Format.JSON)

    assert Report.model_validate_json(text) == report
    assert list(json.loads(text)) == ["assignment", "student", "score", "max_score", "questions", "unknown_answers"]


def test_markdown_escapes_student_text_and_lists_unknown_answers() -> None:
    text = render(_report(), Format.MARKDOWN)

    assert text.startswith("# demo: feedback for 7\n")
    assert "**Score 2/8 · 1 part needs review (score provisional)**" in text
    assert r"You used \*16\* inputs; \`\#\` \| \_x\_" in text
    assert "## Answers the rubric does not know\n\n- `q9.z`" in text
    assert "- Expected: `6272`" in text  # an incorrect part shows what was expected
    assert text.count("Expected:") == 3  # ... every part but the correct one


def test_text_has_colour_only_when_asked_and_no_trailing_spaces() -> None:
    plain = render(_report(), Format.TEXT, width=60)
    coloured = render(_report(), Format.TEXT, color=True, width=60)

    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert all(line == line.rstrip() for line in plain.splitlines())
    assert all(len(line) <= 60 for line in plain.splitlines())
    assert "? needs review" in plain
    assert "Answers the rubric does not know: q9.z" in plain


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="pdf"):
        render(_report(), "pdf")
