"""The rubric models: the single schema of rubric files."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pydantic import ValidationError

from grader import RubricError, rubric_from_yaml
from grader.checks.number import expected_value
from grader.models.checks import NumberCheck
from grader.models.common import MAX_POINTS, Notation
from grader.models.rubric import Part, Rubric


def minimal(**changes: object) -> dict[str, object]:
    part = {"id": "a", "points": 1, "check": {"type": "number", "expected": 3}}
    data: dict[str, object] = {
        "assignment": "demo",
        "title": "Demo",
        "questions": [{"id": "q1", "title": "Q", "parts": [part]}],
    }
    data.update(changes)
    return data


def test_models_are_frozen_and_strict() -> None:
    rubric = Rubric.model_validate(minimal())
    with pytest.raises(ValidationError):
        rubric.title = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Rubric.model_validate(minimal(extra=1))


@pytest.mark.parametrize(
    ("expected", "value"),
    [
        pytest.param(16000, Fraction(16000), id="int"),
        pytest.param(0.1, Fraction(1, 10), id="float-read-exactly"),
        pytest.param("4*(32*(16+32)+32)", Fraction(6272), id="expression"),
        pytest.param(r"1000 \times 16", Fraction(16000), id="latex"),
    ],
)
def test_number_expected_value(expected: object, value: Fraction) -> None:
    assert expected_value(NumberCheck.model_validate({"type": "number", "expected": expected})) == value


@pytest.mark.parametrize(
    ("expected", "tolerance", "allowed"),
    [
        pytest.param(6272, None, 0.0, id="integers-exact"),
        pytest.param(0.5, None, 0.0005, id="decimals-relative"),
        pytest.param(100, {"absolute": 1, "relative": 0.05}, 5.0, id="larger-of-both"),
    ],
)
def test_allowed_error(expected: object, tolerance: object, allowed: float) -> None:
    check = NumberCheck.model_validate({"type": "number", "expected": expected, "tolerance": tolerance})
    assert check.allowed_error(expected_value(check)) == pytest.approx(allowed)


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(ValidationError):
        NumberCheck.model_validate({"type": "number", "expected": True})


def test_a_mistake_cannot_earn_full_marks() -> None:
    with pytest.raises(ValidationError, match="cannot earn full marks"):
        Part.model_validate(
            {
                "id": "a",
                "points": 1,
                "check": {"type": "number", "expected": 3},
                "mistakes": [{"answer": 4, "feedback": "no", "note": "four", "score": 1}],
            }
        )


@pytest.mark.parametrize(
    ("mistake", "problem"),
    [
        pytest.param({"accepted": True}, None, id="accepted-convention"),
        pytest.param({"accepted": True, "score": 0.5}, "leave out `score`", id="accepted-with-score"),
        pytest.param({"score": 1}, "write `accepted: true`", id="full-marks-not-accepted"),
    ],
)
def test_only_an_accepted_convention_earns_full_marks(mistake: dict[str, object], problem: str | None) -> None:
    data = {
        "id": "a",
        "points": 1,
        "check": {"type": "number", "expected": 3},
        "mistakes": [{"answer": 4, "feedback": "also fine", "note": "four", **mistake}],
    }
    if problem is None:
        assert Part.model_validate(data).mistakes[0].accepted
    else:
        with pytest.raises(ValidationError, match=problem):
            Part.model_validate(data)


def test_notation_merge_adds_declarations_and_inner_aliases_win() -> None:
    outer = Notation(matrices=["W"], aliases={"c": ["C"], "g": ["G"]})
    merged = outer.merged(Notation(matrices=["U"], aliases={"g": ["h"]}))
    assert merged.matrices == ["W", "U"]
    assert merged.aliases == {"c": ["C"], "g": ["h"]}


@pytest.mark.parametrize(
    ("indices", "problem"),
    [
        pytest.param(["i", "j"], None, id="letters"),
        pytest.param(["ij"], "an index is one letter", id="two-letters"),
        pytest.param(["1"], "an index is one letter", id="digit"),
        pytest.param(["ι"], "an index is one letter", id="non-ascii"),
    ],
)
def test_free_indices_are_single_letters(indices: list[str], problem: str | None) -> None:
    if problem is None:
        assert Notation(indices=indices).indices == indices
        assert Notation(indices=indices[:1]).merged(Notation(indices=indices[1:])).indices == indices
        return
    with pytest.raises(ValidationError, match=problem):
        Notation(indices=indices)


def test_max_score_and_parts_in_order() -> None:
    rubric = Rubric.model_validate(minimal())
    assert rubric.max_score == 1
    assert [(q.id, p.id) for q, p in rubric.parts()] == [("q1", "a")]


def test_json_schema_describes_every_check_type() -> None:
    schema = Rubric.model_json_schema()
    text = str(schema)
    for kind in ("number", "expression", "equation", "text", "set", "choice"):
        assert f"'{kind}'" in text


FINITE_BASE = """\
assignment: demo
title: Demo
points: 3
questions:
  - id: q1
    title: Q
    points: 3
    parts:
      - id: a
        points: 2
        check: {type: number, expected: 42, tolerance: {absolute: 0.5}}
        mistakes: [{answer: 41, feedback: off by one, note: off-by-one, score: 1}]
      - id: b
        points: 1
        check:
          type: text
          concepts: [{id: gate, description: a gate, points: 1, phrasings: [forget gate]}]
"""


# (edit of FINITE_BASE, the path named, words of the message): each loaded, and reports said `score: null`
NOT_FINITE = [
    pytest.param(("points: 2", "points: .inf"), "questions[0].parts[0].points", "finite number", id="inf-points"),
    pytest.param(("points: 2", "points: .nan"), "questions[0].parts[0].points", "finite number", id="nan-points"),
    pytest.param(("absolute: 0.5", "absolute: .inf"), "questions[0].parts[0].check.tolerance.absolute", "finite number", id="inf-tolerance"),
    pytest.param(("expected: 42", "expected: .inf"), "questions[0].parts[0].check.expected", "not a finite number", id="inf-expected"),
    pytest.param(("score: 1", "score: .nan"), "questions[0].parts[0].mistakes[0].score", "finite number", id="nan-mistake-score"),
    pytest.param(("points: 1, phrasings", "points: -.inf, phrasings"), "questions[0].parts[1].check.concepts[0].points", "finite number", id="inf-concept"),
    pytest.param(("    points: 3\n", "    points: .inf\n"), "questions[0].points", "finite number", id="inf-question-points"),
    pytest.param(("points: 2", "points: 1.0e+308"), "questions[0].parts[0].points", "less than or equal to 1000000", id="parts-adding-up-to-infinity"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "path", "hint"), NOT_FINITE)
def test_rubric_numbers_are_finite_and_bounded_so_that_totals_are(edit: tuple[str, str], path: str, hint: str) -> None:
    old, new = edit
    assert old in FINITE_BASE
    text = FINITE_BASE.replace(old, new, 1)
    if "e+308" in new:  # with the other part: 1e308 + 1e308 is infinity
        text = text.replace("      - id: b\n        points: 1", "      - id: b\n        points: 1.0e+308")

    with pytest.raises(RubricError) as caught:
        rubric_from_yaml(text, "demo.yaml")

    problems = {problem.path: problem.message for problem in caught.value.problems}
    assert path in problems, str(caught.value)
    assert hint in problems[path]
    assert "write an ordinary number" in problems[path] or "1000000" in problems[path]


def test_the_largest_points_allowed_add_up_to_a_finite_total() -> None:
    stated = "".join(line for line in FINITE_BASE.splitlines(keepends=True) if line.strip() != "points: 3")
    text = stated.replace("points: 1", f"points: {MAX_POINTS}").replace("points: 2", f"points: {MAX_POINTS}")

    rubric = rubric_from_yaml(text, "demo.yaml")

    assert rubric.max_score == 2 * MAX_POINTS
