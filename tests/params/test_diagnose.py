"""Mistake diagnosis: each misconception's count is recognised and named; a count two of them give is
reported with both."""

from __future__ import annotations

from typing import Any

import pytest

from grader.params import ModelSpec
from grader.params.diagnose import candidates, matching
from grader.params.model import read_layers

SEED_MODEL = {
    "framework": "keras",
    "keras_code": "model.add(Embedding(1000, 16, input_length=200))\nmodel.add(LSTM(32))\n"
    "model.add(Dense(256))\nmodel.add(Dense(1))",
}
BIDIRECTIONAL = {
    "framework": "keras",
    "input_shape": [None, 10],
    "layers": [{"Bidirectional": {"layer": {"LSTM": {"units": 8}}}}, {"Dense": {"units": 4}}],
}
GRU = {"framework": "keras", "input_shape": [None, 10], "layers": [{"GRU": {"units": 8}}]}
TORCH = {"framework": "pytorch", "layers": [{"LSTM": {"input_size": 10, "hidden_size": 8, "bidirectional": True}}]}
MHA = {"framework": "pytorch", "pytorch_code": "mha = nn.MultiheadAttention(embed_dim=512, num_heads=8)"}
CNN = {
    "framework": "keras",
    "keras_code": "model.add(Conv2D(32, (3, 3), input_shape=(28, 28, 1)))\nmodel.add(MaxPooling2D((2, 2)))\n"
    "model.add(Conv2D(64, (3, 3)))\nmodel.add(Flatten())\nmodel.add(Dense(10))",
}
RNN = {"framework": "textbook", "input_dim": 20, "layers": [{"VanillaRNN": {"hidden_size": 128, "output_size": 10}}]}


def kinds(spec: dict[str, Any], selected: list[int], value: int, time_steps: tuple[int, ...] = ()) -> set[str]:
    framework, layers, shape = read_layers(ModelSpec.model_validate(spec))
    return {item.kind for item in matching(value, candidates(framework, layers, shape, selected, time_steps))}


@pytest.mark.parametrize(
    ("spec", "selected", "value", "kind"),
    [
        pytest.param(SEED_MODEL, [2, 3], 4352 + 257, "wrong-input-size", id="dense-given-the-embedding-size"),
        pytest.param(SEED_MODEL, [1], 4 * 32 * (16 + 32), "bias-missing", id="lstm-bias-missing"),
        pytest.param(SEED_MODEL, [1], 4 * (32 * 48 + 64), "two-biases", id="lstm-pytorch-biases-in-keras"),
        pytest.param(GRU, [0], 3 * (8 * 18 + 8), "one-bias", id="gru-reset-after-forgotten"),
        pytest.param(TORCH, [0], 2 * 4 * (8 * 18 + 8), "one-bias", id="pytorch-keras-bias"),
        pytest.param(SEED_MODEL, [0], 16000 + 16, "bias-added", id="embedding-with-a-bias"),
        pytest.param(SEED_MODEL, [1], 3 * (32 * 48 + 32), "wrong-gate-count", id="lstm-three-gates"),
        pytest.param(GRU, [0], 4 * (8 * 18 + 16), "wrong-gate-count", id="gru-four-gates"),
        pytest.param(SEED_MODEL, [1], 4 * (32 * 16 + 32), "recurrent-missing", id="lstm-recurrent-missing"),
        pytest.param(RNN, [0], 20 * 128 + 128 + 1290, "recurrent-missing", id="vanilla-recurrent-missing"),
        pytest.param(SEED_MODEL, [1], 200 * 6272, "times-steps", id="lstm-times-input-length"),
        pytest.param(BIDIRECTIONAL, [0], 4 * (8 * 18 + 8), "bidirectional-not-doubled", id="bidirectional-once"),
        pytest.param(TORCH, [0], 4 * (8 * 18 + 16), "bidirectional-not-doubled", id="pytorch-bidirectional-once"),
        pytest.param(BIDIRECTIONAL, [1], 8 * 4 + 4, "next-not-doubled", id="dense-after-bidirectional"),
        pytest.param(SEED_MODEL, [0], 1000 * 16 * 200, "embedding-input-length", id="embedding-times-length"),
        pytest.param(SEED_MODEL, [0], 200 * 16, "embedding-input-length", id="embedding-rows-as-length"),
        pytest.param(MHA, [0], 4 * 512 * 512 + 3 * 512, "bias-missing", id="attention-output-bias-missing"),
        pytest.param(MHA, [0], 4 * 512 * 512 + 512, "bias-missing", id="attention-input-biases-missing"),
        pytest.param(MHA, [0], 4 * 512 * 512, "bias-missing", id="attention-every-bias-missing"),
        pytest.param(CNN, [2], 3 * 3 * 32 * 64 + 32, "bias-miscounted", id="conv-bias-per-input-channel"),
        pytest.param(SEED_MODEL, [2], 32 * 256 + 32, "bias-miscounted", id="dense-bias-per-input"),
        pytest.param(CNN, [0, 1, 2, 3, 4], 320 + 3 * 3 * 32 * 64 + 32 + 7744 * 10 + 10, "bias-miscounted",
                     id="conv-bias-per-input-channel-in-a-total"),
    ],
)  # fmt: skip
def test_each_misconception_is_named(spec: dict[str, Any], selected: list[int], value: int, kind: str) -> None:
    assert kind in kinds(spec, selected, value)


def test_time_steps_the_question_mentions_are_recognised() -> None:
    assert kinds(RNN, [0], 5 * 20362, time_steps=(5, 10)) == {"times-steps"}
    assert kinds(RNN, [0], 10 * 20362, time_steps=(5, 10)) == {"times-steps"}


def test_the_correct_count_and_unrelated_numbers_match_nothing() -> None:
    assert kinds(SEED_MODEL, [2, 3], 8705) == set()
    assert kinds(CNN, [2], 18496) == set()
    assert kinds(SEED_MODEL, [2, 3], 1234) == set()


def test_a_number_two_misconceptions_give_is_reported_with_both() -> None:
    # Dense(4) after Bidirectional(LSTM(8)) (16 features): counted with 8 inputs is both "not doubled" and
    # the size before the layer before, when that is 8 too.
    spec = {
        "framework": "keras",
        "input_shape": [None, 8],
        "layers": [{"Bidirectional": {"layer": {"LSTM": {"units": 8}}}}, {"Dense": {"units": 4}}],
    }

    assert kinds(spec, [1], 8 * 4 + 4) == {"next-not-doubled", "wrong-input-size"}
