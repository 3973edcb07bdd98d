"""The `params` check: the count computed from the model, answers in any form, wrong counts diagnosed."""

from __future__ import annotations

from typing import Any

import pytest

from grader.checks.base import PartContext
from grader.checks.params import ParamsChecker
from grader.models.checks import ParamsCheck
from grader.models.report import Status
from grader.models.rubric import Mistake

CHECKER = ParamsChecker()
CLASSIFIER = {
    "keras_code": "model.add(Embedding(1000, 16, input_length=200))\nmodel.add(LSTM(32))\n"
    "model.add(Dense(256))\nmodel.add(Dense(1))"
}
AMBIGUOUS = {
    "input_shape": [None, 8],
    "layers": [{"Bidirectional": {"layer": {"LSTM": {"units": 8}}}}, {"Dense": {"units": 4}}],
}


def check(layers: Any = "all", model: dict[str, Any] = CLASSIFIER, **extra: Any) -> ParamsCheck:
    return ParamsCheck.model_validate({"type": "params", "model": model, "layers": layers, **extra})


def grade(params: ParamsCheck, answer: str, mistakes: tuple[Mistake, ...] = ()):  # type: ignore[no-untyped-def]
    return CHECKER.grade(params, answer, PartContext(points=2, mistakes=mistakes))


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("6272", id="number"),
        pytest.param("6,272 parameters", id="thousands-separator"),
        pytest.param("4*((16+1)*32+32^2)", id="arithmetic"),
        pytest.param("The LSTM has 4 × (32 × (16 + 32) + 32) = 6272 weights.", id="prose-with-equation"),
    ],
)
def test_the_computed_count_is_recognised_in_any_form(answer: str) -> None:
    outcome = grade(check("lstm"), answer)

    assert (outcome.status, outcome.note) == (Status.CORRECT, "correct")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("The LSTM has 6272 weights!", Status.CORRECT, id="exclamation-after-a-word"),
        pytest.param("4 × 1568 = 6272!", Status.CORRECT, id="exclamation-after-an-equation-that-holds"),
        pytest.param("It has 6272!", Status.NEEDS_REVIEW, id="emphasis-or-factorial"),
    ],
)
def test_an_exclamation_mark_after_a_count(answer: str, status: Status) -> None:
    assert grade(check("lstm"), answer).status is status


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        pytest.param("all", "30,977", id="all"),
        pytest.param(1, "6,272 = 4 × (32 × (16 + 32) + 32)", id="index"),
        pytest.param(-1, "257 = 256 × 1 + 1", id="negative-index"),
        pytest.param("2:4", "8,705 = (32 × 256 + 256) + (256 × 1 + 1)", id="range"),
        pytest.param(["dense", "dense_1"], "8,705 = (32 × 256 + 256) + (256 × 1 + 1)", id="names"),
        pytest.param("Dense", "8,705 = (32 × 256 + 256) + (256 × 1 + 1)", id="type"),
    ],
)
def test_layers_select_what_is_counted(layers: Any, expected: str) -> None:
    assert CHECKER.expected(check(layers)).startswith(expected)


def test_a_wrong_count_is_diagnosed_with_partial_credit_from_the_rubric() -> None:
    outcome = grade(check(["dense", "dense_1"], partial={"wrong-input-size": 1}), "Total: 4352 + 257 = 4609")

    assert (outcome.status, outcome.fraction, outcome.note) == (Status.PARTIAL, 0.5, "mistake:wrong-input-size")
    assert "(16 × 256 + 256 = 4,352) + (256 × 1 + 1 = 257) = 4,609" in outcome.feedback[-1]
    assert "32-dimensional output of LSTM(32)" in outcome.feedback[-1]


@pytest.mark.parametrize(
    ("partial", "fraction"),
    [
        pytest.param({"bias-missing": 1}, 0.5, id="earns-what-leaving-the-biases-out-earns"),
        pytest.param({"bias-missing": 1, "bias-miscounted": 0.5}, 0.25, id="or-its-own-points"),
        pytest.param({}, 0.0, id="nothing-when-neither-earns"),
    ],
)
def test_biases_counted_per_input_with_the_weights_right(partial: dict[str, float], fraction: float) -> None:
    """`3·3·32·64 + 32` for Conv2D(64) on 32 channels: the weights right, one bias per input channel."""
    model = {"keras_code": "model.add(Conv2D(64, (3, 3), input_shape=(13, 13, 32)))"}
    outcome = grade(check(0, model, partial=partial), "3*3*32*64 = 18432, + 32 biases = 18464")

    assert (outcome.fraction, outcome.note) == (fraction, "mistake:bias-miscounted")
    assert "one bias per output (64), not one per input (32)" in outcome.feedback[-1]


def test_a_count_two_mistakes_give_names_both_and_gives_the_lower_credit() -> None:
    params = check(1, AMBIGUOUS, partial={"wrong-input-size": 1, "next-not-doubled": 0.5})

    outcome = grade(params, "36")

    assert outcome.note == "mistake:next-not-doubled+wrong-input-size"
    assert outcome.fraction == 0.25
    assert "cannot be told" in outcome.feedback[1]
    assert len(outcome.feedback) == 4


def test_the_rubrics_own_mistakes_come_first() -> None:
    one_gate = Mistake(answer="32 * (16 + 32) + 32", feedback="One gate only.", note="one-gate-only")

    outcome = grade(check("lstm"), "1568", (one_gate,))

    assert outcome.note == "mistake:one-gate-only"


def test_an_unrelated_wrong_count_is_just_wrong() -> None:
    outcome = grade(check("lstm"), "5000")

    assert (outcome.status, outcome.note) == (Status.INCORRECT, "wrong_value")


@pytest.mark.parametrize(
    ("params", "path", "message"),
    [
        pytest.param(
            check(layers="lstm_7"), "check.layers", "no layer named or of type 'lstm_7'", id="unknown-layer-name"
        ),
        pytest.param(check(layers=9), "check.layers", "layer 9 does not exist", id="index-out-of-range"),
        pytest.param(
            check(model={"layers": [{"Dense": {"units": 3}}]}),
            "check.model.layers[0].Dense",
            "needs the size",
            id="no-input-size",
        ),
        pytest.param(
            check(model={"layers": [{"LSTM": {"unit": 3}}]}),
            "check.model.layers[0]",
            "did you mean 'units'",
            id="misspelt-argument",
        ),
        pytest.param(
            check(
                model={
                    "framework": "pytorch",
                    "layers": [
                        {"Linear": {"in_features": 4, "out_features": 2}},
                        {"Linear": {"in_features": 3, "out_features": 1}},
                    ],
                }
            ),
            "check.model.layers[1].Linear",
            "in_features=3, but the layer before gives 2",
            id="sizes-do-not-fit",
        ),
        pytest.param(
            check(model={"keras_code": "model.add(Foo(3))"}),
            "check.model.keras_code",
            "Foo(...) is not a keras layer",
            id="unsupported-call",
        ),
    ],
)
def test_a_model_that_cannot_be_counted_is_a_rubric_problem(params: ParamsCheck, path: str, message: str) -> None:
    problems = CHECKER.validate(params, PartContext(points=2))

    assert any(where == path and message in text for where, text in problems), problems


def test_an_unknown_model_name_is_a_rubric_problem() -> None:
    problems = CHECKER.validate(check(model="nope"), PartContext(points=2))  # type: ignore[arg-type]

    assert problems == [("check.model", "no model named 'nope': define it under `models:` or write the spec here")]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        pytest.param({"pytorch_code": "lstm = nn.LSTM(16, 32, batch_first=True)"}, "6400", id="pytorch-code"),
        pytest.param(
            {"pytorch_code": "lstm = nn.LSTM(16, 32)", "framework": "pytorch"}, "6400", id="pytorch-code-said"
        ),
        pytest.param({"keras_code": "model.add(LSTM(32, input_shape=(None, 16)))"}, "6272", id="keras-code"),
    ],
)
def test_a_model_given_as_code_needs_no_framework(model: dict[str, Any], expected: str) -> None:
    """The check counts from its spec's own dump: `pytorch_code` without `framework` must read back as PyTorch."""
    params = check(model=model)

    assert CHECKER.validate(params, PartContext(points=2)) == []
    assert grade(params, expected).status is Status.CORRECT


def test_a_rubric_with_a_pytorch_code_model_loads() -> None:
    from grader.io.loaders import rubric_from_yaml

    rubric = rubric_from_yaml(
        "assignment: pt\ntitle: PT\nmodels:\n  m:\n    pytorch_code: 'fc = nn.Linear(4, 2)'\n"
        "questions:\n  - id: q1\n    title: Q\n    parts:\n"
        "      - {id: a, points: 1, check: {type: params, model: m}, tests: [{answer: '10', status: correct}]}\n"
    )
    assert rubric.models["m"].framework == "pytorch"


SUMMARY = """Model: "sequential"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 embedding (Embedding)       (None, 200, 16)           16000

 lstm (LSTM)                 (None, 32)                6272

 dense (Dense)               (None, 256)               8448

 dense_1 (Dense)             (None, 1)                 257

=================================================================
Total params: 30,977
Trainable params: 30,977
Non-trainable params: 0
_________________________________________________________________
"""


@pytest.mark.parametrize(
    ("layers", "after", "status", "shown", "read"),
    [
        pytest.param("embedding", "", Status.CORRECT, "16,000", "rows of your copied", id="the-layers-row"),
        pytest.param([2, 3], "", Status.CORRECT, "8,705", "dense 8,448 + dense_1 257", id="rows-summed"),
        pytest.param("embedding", "embedding = 16000", Status.CORRECT, "16,000", "after your copied", id="own-words"),
        pytest.param(
            [2, 3],
            "so the dense part is 6272 + 8448 = 14720",
            Status.INCORRECT,
            "14,720",
            "after your copied",
            id="own-wrong-count-after-it",
        ),
        pytest.param("all", "", Status.CORRECT, "30,977", "Read your result 30,977", id="whole-model-total"),
    ],
)
def test_a_copied_summary_answers_a_layers_count_with_its_rows(
    layers: Any, after: str, status: Status, shown: str, read: str
) -> None:
    outcome = grade(check(layers), f"```\n{SUMMARY}```\n{after}")

    assert (outcome.status, outcome.interpreted_as) == (status, shown)
    assert read in outcome.feedback[0]
