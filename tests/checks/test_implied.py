"""A part that asks for a layer's shape or size without naming the layer stands for the `shape` part it is."""

from __future__ import annotations

import pytest

from grader.checks.implied import implied_shape
from grader.io.loaders import load_rubric
from grader.models.checks import Check, ExpressionCheck, NumberCheck, TextCheck
from tests.conftest import ROOT

CNN = load_rubric(ROOT.parent / "shared" / "devset" / "rubrics" / "dl-cnn.yaml")
MODELS = tuple(CNN.models.values())


@pytest.mark.parametrize(
    ("check", "layer"),
    [
        pytest.param(ExpressionCheck(type="expression", expected="(26, 26, 32)"), 0, id="conv-output"),
        pytest.param(ExpressionCheck(type="expression", expected="[13, 13, 32]"), 1, id="pooled-output"),
        pytest.param(NumberCheck(type="number", expected="11 * 11 * 64"), 3, id="flatten-features"),
        pytest.param(NumberCheck(type="number", expected="10"), 4, id="dense-units"),
        pytest.param(ExpressionCheck(type="expression", expected="(12, 12, 32)"), None, id="no-layer-has-it"),
        pytest.param(ExpressionCheck(type="expression", expected="x^2"), None, id="no-tuple"),
        pytest.param(NumberCheck(type="number", expected="0.25"), None, id="not-whole"),
        pytest.param(TextCheck(type="text", concepts=[{"id": "a", "description": "b", "points": 1,
                                                       "phrasings": ["c"]}]), None, id="text"),
    ],
)  # fmt: skip
def test_the_layer_a_part_asks_about(check: Check, layer: int | None) -> None:
    found = implied_shape(check, MODELS)
    assert (found.layer if found else None) == layer


def test_a_size_two_models_have_names_no_layer() -> None:
    assert implied_shape(ExpressionCheck(type="expression", expected="(26, 26, 32)"), MODELS * 2) is None
