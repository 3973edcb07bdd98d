"""The `shape` check: the expected shape computed from the model, read in any form, wrong shapes diagnosed."""

from __future__ import annotations

from typing import Any

import pytest

from grader.checks.base import PartContext
from grader.checks.shape import ShapeChecker
from grader.models.checks import ShapeCheck
from grader.models.report import Status
from grader.models.rubric import Mistake

CHECKER = ShapeChecker()
MNIST = {
    "keras_code": "model.add(Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)))\n"
    "model.add(MaxPooling2D((2, 2)))\nmodel.add(Conv2D(64, (3, 3), activation='relu'))\n"
    "model.add(Flatten())\nmodel.add(Dense(10))"
}
TORCH = {
    "input_shape": [1, 28, 28],
    "pytorch_code": "model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3, stride=2, padding=1))",
}


def check(layer: int | str, model: dict[str, Any] = MNIST, **extra: Any) -> ShapeCheck:
    return ShapeCheck.model_validate({"type": "shape", "model": model, "layer": layer, **extra})


def grade(shape: ShapeCheck, answer: str, mistakes: tuple[Mistake, ...] = ()) -> tuple[Status, float, str]:
    outcome = CHECKER.grade(shape, answer, PartContext(points=2, mistakes=mistakes))
    return outcome.status, outcome.fraction, outcome.note


@pytest.mark.parametrize(
    ("layer", "model", "expected"),
    [
        pytest.param("conv2d", MNIST, "(26, 26, 32)", id="keras-conv"),
        pytest.param("MaxPooling2D", MNIST, "(13, 13, 32)", id="keras-pool-by-type"),
        pytest.param("conv2d_1", MNIST, "(11, 11, 64)", id="keras-second-conv"),
        pytest.param("Flatten", MNIST, "(7744,)", id="keras-flatten"),
        pytest.param(-1, MNIST, "(10,)", id="keras-last-by-index"),
        pytest.param(0, TORCH, "(32, 26, 26)", id="pytorch-channels-first"),
        pytest.param(-1, TORCH, "(64, 13, 13)", id="pytorch-stride-and-padding"),
    ],
)
def test_the_expected_shape_comes_from_the_model(layer: int | str, model: dict[str, Any], expected: str) -> None:
    assert CHECKER.expected(check(layer, model)) == f"{expected} (without the batch axis)"
    assert grade(check(layer, model), expected)[0] is Status.CORRECT


def test_the_input_of_a_layer_is_the_output_of_the_one_before() -> None:
    assert grade(check("Flatten", of="input"), "(11, 11, 64)")[0] is Status.CORRECT


@pytest.mark.parametrize(
    ("layer", "model", "answer", "note"),
    [
        pytest.param("conv2d", MNIST, "(28, 28, 32)", "mistake:same-padding", id="same-padding"),
        pytest.param("conv2d_1", MNIST, "(13, 13, 64)", "mistake:same-padding", id="same-padding-at-this-layer"),
        pytest.param("conv2d_1", MNIST, "(14, 14, 64)", "mistake:same-padding", id="same-padding-everywhere"),
        pytest.param("MaxPooling2D", MNIST, "(25, 25, 32)", "mistake:stride-forgotten", id="pool-stride-forgotten"),
        pytest.param("MaxPooling2D", MNIST, "(26, 26, 32)", "mistake:pool-ignored", id="pool-did-nothing"),
        pytest.param("conv2d_1", MNIST, "(24, 24, 64)", "mistake:pool-ignored", id="pool-ignored"),
        pytest.param("conv2d", MNIST, "(32, 26, 26)", "mistake:channels-first", id="channels-first"),
        pytest.param("conv2d", MNIST, "(26, 26)", "mistake:channels-missing", id="channels-missing"),
        pytest.param("conv2d", MNIST, "21632", "mistake:flattened", id="flattened"),
        pytest.param(0, TORCH, "(26, 26, 32)", "mistake:channels-last", id="pytorch-channels-last"),
        pytest.param(-1, TORCH, "(64, 26, 26)", "mistake:stride-forgotten", id="pytorch-stride-forgotten"),
        pytest.param(-1, TORCH, "(64, 12, 12)", "mistake:valid-padding", id="pytorch-padding-forgotten"),
        pytest.param("conv2d", MNIST, "(25, 25, 32)", "wrong_value", id="just-wrong"),
    ],
)
def test_a_wrong_shape_is_diagnosed(layer: int | str, model: dict[str, Any], answer: str, note: str) -> None:
    status, fraction, got = grade(check(layer, model), answer)
    assert (status, fraction, got) == (Status.INCORRECT, 0.0, note)


def test_partial_credit_and_accepted_conventions_come_from_the_rubric() -> None:
    shape = check("conv2d", partial={"same-padding": 1}, accept=["channels-first"])
    assert grade(shape, "(28, 28, 32)") == (Status.PARTIAL, 0.5, "mistake:same-padding")
    assert grade(shape, "(32, 26, 26)") == (Status.CORRECT, 1.0, "convention:channels-first")


def test_the_rubrics_own_mistakes_come_first() -> None:
    mistake = Mistake(answer="(25, 25, 32)", feedback="off by one", note="off-by-one", score=1)
    assert grade(check("conv2d"), "25x25x32", (mistake,)) == (Status.PARTIAL, 0.5, "mistake:off-by-one")


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("(26, 26, 32) or (28, 28, 32)", Status.NEEDS_REVIEW, "ambiguous_shape", id="two-shapes"),
        pytest.param("it shrinks", Status.INCORRECT, "no_shape", id="no-shape"),
        pytest.param("25x25x32?", Status.INCORRECT, "wrong_value", id="wrong-and-hedged"),
    ],
)
def test_what_cannot_be_read_with_confidence_is_not_guessed(answer: str, status: Status, note: str) -> None:
    assert grade(check("conv2d"), answer)[::2] == (status, note)


def test_a_right_shape_marked_unsure_is_right() -> None:
    assert grade(check("conv2d"), "26x26x32? I think")[::2] == (Status.CORRECT, "correct")


@pytest.mark.parametrize(
    ("settings", "path", "message"),
    [
        pytest.param({"layer": "nope"}, "check.layer", "no layer named", id="unknown-layer"),
        pytest.param({"layer": "Conv2D"}, "check.layer", "names 2 layers", id="two-layers"),
        pytest.param({"layer": 9}, "check.layer", "does not exist", id="index-out-of-range"),
        pytest.param({"layer": 0, "partial": {"same-padding": 2}}, "check.partial.same-padding", "accept", id="full"),
    ],
)
def test_rubric_problems(settings: dict[str, Any], path: str, message: str) -> None:
    shape = ShapeCheck.model_validate({"type": "shape", "model": MNIST, **settings})
    problems = CHECKER.validate(shape, PartContext(points=2))
    assert any(where == path and message in text for where, text in problems), problems


def test_the_devset_cnn_rubric_rewritten_with_shapes_passes_every_test() -> None:
    """The devset's CNN rubric with shapes and the receptive field computed from the model and errors carried
    forward: all its tests pass, the KNOWN FAILURE ones of the original (26×26×32, a tuple in prose, 8x8) too."""
    from grader.authoring.selftest import self_test
    from grader.io.loaders import load_rubric
    from tests.conftest import DATA

    results = self_test(load_rubric(DATA / "devset_free" / "dl-cnn.yaml"))
    assert [r for r in results if not r.passed] == []
    assert sum("KNOWN FAILURE" in (r.name or "") for r in results) >= 6
