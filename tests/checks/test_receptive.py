"""The `receptive_field` check: computed from kernels, strides and dilations; a square window read as its side."""

from __future__ import annotations

from typing import Any

import pytest

from grader.checks.base import PartContext
from grader.checks.receptive import ReceptiveFieldChecker
from grader.models.checks import ReceptiveFieldCheck
from grader.models.report import Status

CHECKER = ReceptiveFieldChecker()
MNIST = {
    "keras_code": "model.add(Conv2D(32, (3, 3), input_shape=(28, 28, 1)))\nmodel.add(MaxPooling2D((2, 2)))\n"
    "model.add(Conv2D(64, (3, 3)))\nmodel.add(Flatten())\nmodel.add(Dense(10))"
}
DILATED = {"keras_code": "model.add(Conv2D(8, 3, input_shape=(32, 32, 1)))\nmodel.add(Conv2D(8, 3, dilation_rate=2))"}
STRIDED = {
    "input_shape": [1, 32, 32],
    "pytorch_code": "model = nn.Sequential(nn.Conv2d(1, 8, 5, stride=2), nn.ReLU(), nn.Conv2d(8, 8, 3))",
}


def check(layer: int | str, model: dict[str, Any] = MNIST, **extra: Any) -> ReceptiveFieldCheck:
    return ReceptiveFieldCheck.model_validate({"type": "receptive_field", "model": model, "layer": layer, **extra})


@pytest.mark.parametrize(
    ("layer", "model", "side"),
    [
        pytest.param("conv2d", MNIST, 3, id="one-conv"),
        pytest.param("MaxPooling2D", MNIST, 4, id="conv-then-pool"),
        pytest.param("conv2d_1", MNIST, 8, id="conv-pool-conv"),
        pytest.param(-1, DILATED, 7, id="dilation"),
        pytest.param(-1, STRIDED, 9, id="pytorch-stride"),
    ],
)
def test_the_field_comes_from_the_model(layer: int | str, model: dict[str, Any], side: int) -> None:
    assert CHECKER.expected(check(layer, model)) == f"{side} (a {side}×{side} window of the input)"


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("8", Status.CORRECT, "correct", id="side"),
        pytest.param("8x8", Status.CORRECT, "correct", id="window"),
        pytest.param("The receptive field is 8 × 8 pixels.", Status.CORRECT, "correct", id="window-in-prose"),
        pytest.param("64", Status.INCORRECT, "wrong_value", id="area"),
        pytest.param("5", Status.INCORRECT, "mistake:pool-ignored", id="pool-ignored"),
        pytest.param("6", Status.INCORRECT, "mistake:stride-ignored", id="stride-ignored"),
        pytest.param("7x7", Status.INCORRECT, "mistake:pool-window-ignored", id="pool-window-ignored"),
        pytest.param("8 x 8. Each 3x3 convolution adds 2 pixels.", Status.CORRECT, "correct", id="a-step-added-after"),
        pytest.param("5 x 5? Each 3x3 conv adds 2 pixels", Status.INCORRECT, "mistake:pool-ignored", id="a-step-added"),
    ],
)
def test_answers(answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(check("conv2d_1"), answer, PartContext(points=2))
    assert (outcome.status, outcome.note) == (status, note)


def test_partial_credit_for_a_diagnosed_mistake() -> None:
    outcome = CHECKER.grade(check("conv2d_1", partial={"pool-ignored": 1}), "5", PartContext(points=2))
    assert (outcome.status, outcome.fraction) == (Status.PARTIAL, 0.5)


@pytest.mark.parametrize(
    ("layer", "message"),
    [
        pytest.param("dense", "mixes every position", id="after-flatten"),
        pytest.param("nope", "no layer named", id="unknown"),
    ],
)
def test_rubric_problems(layer: str, message: str) -> None:
    problems = CHECKER.validate(check(layer), PartContext(points=2))
    assert any(path == "check.layer" and message in text for path, text in problems), problems
