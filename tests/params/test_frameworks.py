"""The calculator against PyTorch itself, on randomly generated layers (Keras: test_frameworks_keras.py).

Optional: runs where PyTorch is installed (`pip install torch==2.13.0` on a CPU machine); elsewhere the
whole module is one skip. The committed reference table (test_reference.py) runs everywhere.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from grader.params import ModelSpec, count_model

nn = pytest.importorskip("torch.nn", reason="PyTorch is not installed (pip install torch==2.13.0)")

SEED = 20261124


def _pytorch_layer(rng: random.Random) -> dict[str, Any]:
    size = lambda: rng.randint(1, 24)  # noqa: E731 - a local shorthand
    kind = rng.choice(["Embedding", "Linear", "RNN", "LSTM", "GRU", "Conv1d", "Conv2d", "LayerNorm", "BatchNorm1d",
                       "MultiheadAttention"])  # fmt: skip
    if kind == "Embedding":
        return {kind: {"num_embeddings": size() * 10, "embedding_dim": size()}}
    if kind == "Linear":
        return {kind: {"in_features": size(), "out_features": size(), "bias": rng.random() < 0.8}}
    if kind in ("RNN", "LSTM", "GRU"):
        hidden = rng.randint(2, 16)
        args: dict[str, Any] = {"input_size": size(), "hidden_size": hidden, "num_layers": rng.randint(1, 3),
                                "bias": rng.random() < 0.8, "bidirectional": rng.random() < 0.5}  # fmt: skip
        if kind == "LSTM" and rng.random() < 0.3:
            args["proj_size"] = rng.randint(1, hidden - 1)
        if kind == "RNN" and rng.random() < 0.3:
            args["nonlinearity"] = "relu"
        return {kind: args}
    if kind in ("Conv1d", "Conv2d"):
        groups = rng.choice([1, 1, 2, 4])
        kernel: Any = (
            rng.randint(1, 5) if kind == "Conv1d" or rng.random() < 0.5 else [rng.randint(1, 5), rng.randint(1, 5)]
        )
        return {kind: {"in_channels": groups * rng.randint(1, 6), "out_channels": groups * rng.randint(1, 6),
                       "kernel_size": kernel, "groups": groups, "bias": rng.random() < 0.8}}  # fmt: skip
    if kind == "LayerNorm":
        shape: Any = size() if rng.random() < 0.6 else [size(), size()]
        return {kind: {"normalized_shape": shape, "elementwise_affine": rng.random() < 0.8, "bias": rng.random() < 0.8}}
    if kind == "BatchNorm1d":
        return {kind: {"num_features": size(), "affine": rng.random() < 0.8}}
    heads = rng.randint(1, 4)
    args = {"embed_dim": heads * rng.randint(1, 8), "num_heads": heads, "bias": rng.random() < 0.8,
            "add_bias_kv": rng.random() < 0.3}  # fmt: skip
    if rng.random() < 0.4:
        args["kdim"], args["vdim"] = size(), size()
    return {kind: args}


PYTORCH_LAYERS = [_pytorch_layer(random.Random(SEED + i)) for i in range(300)]


@pytest.mark.parametrize("entry", PYTORCH_LAYERS, ids=[f"{next(iter(e))}-{i}" for i, e in enumerate(PYTORCH_LAYERS)])
def test_pytorch_modules_have_the_counted_parameters(entry: dict[str, Any]) -> None:
    ((name, args),) = entry.items()

    module = getattr(nn, name)(**args)

    expected = sum(p.numel() for p in module.parameters())
    assert count_model(ModelSpec(framework="pytorch", layers=[entry])).total == expected
