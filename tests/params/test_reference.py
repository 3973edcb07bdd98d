"""The calculator against counts taken from the real frameworks (tests/data/params_reference.json, made by
tests/params/make_reference.py with Keras 3 and PyTorch), and PyTorch's output shapes where a case has an input
shape: checked everywhere, frameworks or not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from grader.params import ModelSpec, count_model

from ..conftest import DATA

REFERENCE = json.loads((DATA / "params_reference.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = REFERENCE["cases"]


def test_the_reference_covers_every_layer_of_both_frameworks() -> None:
    used = {(case["spec"]["framework"], next(iter(entry))) for case in CASES for entry in case["spec"]["layers"]}
    keras = {"Embedding", "Dense", "SimpleRNN", "LSTM", "GRU", "Bidirectional", "Conv1D", "Conv2D",
             "BatchNormalization", "LayerNormalization", "Flatten", "Dropout", "TimeDistributed"}  # fmt: skip
    pytorch = {"Embedding", "Linear", "RNN", "LSTM", "GRU", "Conv1d", "Conv2d", "LayerNorm", "BatchNorm1d",
               "MultiheadAttention", "ConvTranspose1d", "ConvTranspose2d", "MaxPool1d", "MaxPool2d", "AvgPool1d",
               "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d",
               "BatchNorm2d", "InstanceNorm1d", "InstanceNorm2d", "GroupNorm", "TransformerEncoderLayer",
               "TransformerDecoderLayer", "Transformer", "TransformerEncoder", "TransformerDecoder"}  # fmt: skip
    assert {("keras", name) for name in keras} <= used
    assert {("pytorch", name) for name in pytorch} <= used


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_counts_equal_the_frameworks(case: dict[str, Any]) -> None:
    counted = count_model(ModelSpec.model_validate(case["spec"]))

    assert [layer.params for layer in counted.layers] == case["layers"]
    assert counted.total == case["total"]
    if "outputs" in case:  # each layer's output, without the batch axis
        assert [list(layer.output) for layer in counted.layers] == case["outputs"]
