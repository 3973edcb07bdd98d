"""The rubric models: the single schema of rubric files."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pydantic import ValidationError

from grader.rubric import Notation, NumberCheck, Part, Rubric


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
    assert NumberCheck.model_validate({"type": "number", "expected": expected}).value == value


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
    assert check.allowed_error(check.value) == pytest.approx(allowed)


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


def test_notation_merge_adds_declarations_and_inner_aliases_win() -> None:
    outer = Notation(matrices=["W"], aliases={"c": ["C"], "g": ["G"]})
    merged = outer.merged(Notation(matrices=["U"], aliases={"g": ["h"]}))
    assert merged.matrices == ["W", "U"]
    assert merged.aliases == {"c": ["C"], "g": ["h"]}


def test_max_score_and_parts_in_order() -> None:
    rubric = Rubric.model_validate(minimal())
    assert rubric.max_score == 1
    assert [(q.id, p.id) for q, p in rubric.parts()] == [("q1", "a")]


def test_json_schema_describes_every_check_type() -> None:
    schema = Rubric.model_json_schema()
    text = str(schema)
    for kind in ("number", "expression", "equation", "text", "set", "choice"):
        assert f"'{kind}'" in text
