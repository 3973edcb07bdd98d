"""The registry of check kinds agrees with the rubric schema; a check never raises for a student's answer."""

from __future__ import annotations

import typing

import pytest

from grader.checks import CHECKERS, context_for, run_check
from grader.models.checks import Check
from grader.models.common import Notation
from grader.models.report import Status
from grader.models.rubric import CHECK_TYPES, Part


def test_registry_matches_the_rubric_union() -> None:
    (union, _) = typing.get_args(Check)
    literals = {typing.get_args(model.model_fields["type"].annotation)[0] for model in typing.get_args(union)}
    assert set(CHECKERS) == literals == set(CHECK_TYPES)


@pytest.mark.parametrize(
    "check",
    [
        pytest.param({"type": "number", "expected": 5}, id="number"),
        pytest.param({"type": "expression", "expected": "x + 1"}, id="expression"),
        pytest.param({"type": "equation", "expected": "y = x + 1"}, id="equation"),
        pytest.param(
            {"type": "text", "concepts": [{"id": "a", "description": "a", "points": 1, "phrasings": ["a"]}]}, id="text"
        ),
        pytest.param({"type": "set", "items": [{"name": "a"}]}, id="set"),
        pytest.param(
            {"type": "params", "model": {"keras_code": "model.add(Dense(4, input_shape=(3,)))"}, "layers": "all"},
            id="params",
        ),
        pytest.param(
            {"type": "shape", "model": {"keras_code": "model.add(Conv2D(4, 3, input_shape=(8, 8, 1)))"}, "layer": 0},
            id="shape",
        ),
        pytest.param(
            {
                "type": "receptive_field",
                "model": {"keras_code": "model.add(Conv2D(4, 3, input_shape=(8, 8, 1)))"},
                "layer": 0,
            },
            id="receptive_field",
        ),
        pytest.param(
            {
                "type": "choice",
                "answer": "a",
                "options": [{"id": "a", "phrasings": ["a"]}, {"id": "b", "phrasings": ["b"]}],
            },
            id="choice",
        ),
    ],
)
@pytest.mark.parametrize(
    "answer",
    ["", "\x00\x01", "((((((((((", "$$ $$", "\\frac{", "é" * 50, "9^9^9^9", "1" * 60, "∂∂∂", "[[[]]]" * 10],
    ids=[
        "empty",
        "control",
        "open-parens",
        "empty-math",
        "broken-latex",
        "non-ascii",
        "tower",
        "long-int",
        "partials",
        "brackets",
    ],
)
def test_no_answer_makes_a_check_raise(check: dict[str, object], answer: str) -> None:
    part = Part.model_validate({"id": "p", "points": 1, "check": check})
    outcome = run_check(part, answer, context_for(part, Notation(), time_limit=2))
    # garbage earns nothing: blank, wrong, or a human's to read, never credit
    assert outcome.status in {Status.UNANSWERED, Status.INCORRECT, Status.NEEDS_REVIEW}
    assert outcome.fraction == 0
