"""The calculator against Keras 3 itself (on the PyTorch backend), on randomly generated models.

Optional: runs where PyTorch and Keras 3 are installed (`pip install torch==2.13.0 keras`); elsewhere the
whole module is one skip.
"""

from __future__ import annotations

import os
import random
from typing import Any

import pytest

from grader.params import ModelSpec, count_model

pytest.importorskip("torch", reason="Keras runs on the PyTorch backend here: pip install torch==2.13.0 keras")
os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras", reason="Keras 3 is not installed (pip install keras)")

SEED = 20261124


def _keras_model(rng: random.Random) -> dict[str, Any]:
    steps, features = rng.choice([None, rng.randint(2, 9)]), rng.randint(1, 12)
    layers: list[dict[str, Any]] = []
    sequence = True
    for _ in range(rng.randint(1, 4)):
        units = rng.randint(1, 12)
        kind = rng.choice(["SimpleRNN", "LSTM", "GRU", "Bidirectional", "Dense", "LayerNormalization"])
        if kind in ("SimpleRNN", "LSTM", "GRU") and sequence:
            args: dict[str, Any] = {
                "units": units,
                "return_sequences": rng.random() < 0.5,
                "use_bias": rng.random() < 0.8,
            }
            if kind == "GRU":
                args["reset_after"] = rng.random() < 0.5
            layers.append({kind: args})
            sequence = args["return_sequences"]
        elif kind == "Bidirectional" and sequence:
            inner = rng.choice(["SimpleRNN", "LSTM", "GRU"])
            back = rng.random() < 0.5
            layers.append({kind: {"layer": {inner: {"units": units, "return_sequences": back}},
                                  "merge_mode": rng.choice(["concat", "sum", "ave", "mul"])}})  # fmt: skip
            sequence = back
        elif kind == "LayerNormalization":
            layers.append({kind: {"center": rng.random() < 0.7, "scale": rng.random() < 0.7}})
        else:
            layers.append({"Dense": {"units": units, "use_bias": rng.random() < 0.8}})
    return {"framework": "keras", "input_shape": [steps, features], "layers": layers}


KERAS_MODELS = [_keras_model(random.Random(SEED - i)) for i in range(60)]


@pytest.mark.parametrize("spec", KERAS_MODELS, ids=[f"keras-{i}" for i in range(len(KERAS_MODELS))])
def test_keras_models_have_the_counted_parameters(spec: dict[str, Any]) -> None:
    def build(entry: dict[str, Any]) -> Any:
        ((name, args),) = entry.items()
        args = dict(args)
        if "layer" in args:
            args["layer"] = build(args["layer"])
        return getattr(keras.layers, name)(**args)

    model = keras.Sequential([keras.Input(shape=tuple(spec["input_shape"])), *map(build, spec["layers"])])

    counted = count_model(ModelSpec.model_validate(spec))
    assert [layer.params for layer in counted.layers] == [layer.count_params() for layer in model.layers]
