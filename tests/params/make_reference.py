"""Write tests/data/params_reference.json: parameter counts of real Keras and PyTorch models.

Run where the frameworks are installed (CPU PyTorch, Keras 3 on the torch backend):
    KERAS_BACKEND=torch python tests/params/make_reference.py
The suite then checks grader's calculator against these counts everywhere, frameworks or not. A PyTorch case
with an input shape also stores each layer's output shape (without the batch axis), from running the modules.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

OUT = Path(__file__).resolve().parents[1] / "data" / "params_reference.json"

KERAS: list[tuple[str, dict[str, Any]]] = [
    (
        "seed-text-classifier",
        {
            "input_shape": [200],
            "layers": [
                {"Embedding": {"input_dim": 1000, "output_dim": 16}},
                {"LSTM": {"units": 32, "dropout": 0.1}},
                {"Dense": {"units": 256, "activation": "sigmoid"}},
                {"Dense": {"units": 1}},
            ],
        },
    ),
    ("dense-no-bias", {"input_shape": [20], "layers": [{"Dense": {"units": 7, "use_bias": False}}]}),
    ("simplernn", {"input_shape": [None, 20], "layers": [{"SimpleRNN": {"units": 128}}, {"Dense": {"units": 10}}]}),
    ("simplernn-no-bias", {"input_shape": [5, 8], "layers": [{"SimpleRNN": {"units": 4, "use_bias": False}}]}),
    (
        "lstm-stack",
        {
            "input_shape": [None, 16],
            "layers": [{"LSTM": {"units": 32, "return_sequences": True}}, {"LSTM": {"units": 8}}],
        },
    ),
    ("gru-reset-after", {"input_shape": [None, 16], "layers": [{"GRU": {"units": 32}}]}),
    ("gru-reset-before", {"input_shape": [None, 16], "layers": [{"GRU": {"units": 32, "reset_after": False}}]}),
    ("gru-no-bias", {"input_shape": [None, 10], "layers": [{"GRU": {"units": 6, "use_bias": False}}]}),
    (
        "bilstm-concat",
        {
            "input_shape": [50],
            "layers": [
                {"Embedding": {"input_dim": 500, "output_dim": 32}},
                {"Bidirectional": {"layer": {"LSTM": {"units": 16}}}},
                {"Dense": {"units": 3}},
            ],
        },
    ),
    (
        "bigru-sum-sequences",
        {
            "input_shape": [None, 12],
            "layers": [
                {"Bidirectional": {"layer": {"GRU": {"units": 10, "return_sequences": True}}, "merge_mode": "sum"}},
                {"TimeDistributed": {"layer": {"Dense": {"units": 4}}}},
            ],
        },
    ),
    (
        "bisimplernn-ave",
        {
            "input_shape": [None, 6],
            "layers": [
                {"Bidirectional": {"layer": {"SimpleRNN": {"units": 5}}, "merge_mode": "ave"}},
                {"Dense": {"units": 2}},
            ],
        },
    ),
    (
        "conv1d",
        {
            "input_shape": [100, 16],
            "layers": [
                {"Conv1D": {"filters": 32, "kernel_size": 5, "activation": "relu"}},
                {"GlobalMaxPooling1D": {}},
                {"Dense": {"units": 1}},
            ],
        },
    ),
    (
        "conv1d-groups-same",
        {
            "input_shape": [40, 8],
            "layers": [
                {"Conv1D": {"filters": 12, "kernel_size": 3, "groups": 4, "padding": "same"}},
                {"Flatten": {}},
                {"Dense": {"units": 2}},
            ],
        },
    ),
    (
        "conv2d-cnn",
        {
            "input_shape": [28, 28, 1],
            "layers": [
                {"Conv2D": {"filters": 32, "kernel_size": 3, "activation": "relu"}},
                {"MaxPooling2D": {"pool_size": 2}},
                {"Conv2D": {"filters": 64, "kernel_size": [3, 3], "use_bias": False}},
                {"Flatten": {}},
                {"Dropout": {"rate": 0.5}},
                {"Dense": {"units": 10}},
            ],
        },
    ),
    (
        "conv2d-strides-same",
        {
            "input_shape": [32, 32, 3],
            "layers": [
                {"Conv2D": {"filters": 16, "kernel_size": 5, "strides": 2, "padding": "same"}},
                {"BatchNormalization": {}},
                {"GlobalAveragePooling2D": {}},
                {"Dense": {"units": 5}},
            ],
        },
    ),
    (
        "batchnorm-no-scale",
        {
            "input_shape": [10],
            "layers": [{"Dense": {"units": 20}}, {"BatchNormalization": {"scale": False}}, {"Dense": {"units": 1}}],
        },
    ),
    (
        "layernorm",
        {
            "input_shape": [None, 24],
            "layers": [
                {"LSTM": {"units": 24, "return_sequences": True}},
                {"LayerNormalization": {}},
                {"LayerNormalization": {"center": False}},
                {"LayerNormalization": {"rms_scaling": True}},
            ],
        },
    ),
    ("timedistributed", {"input_shape": [7, 9], "layers": [{"TimeDistributed": {"layer": {"Dense": {"units": 3}}}}]}),
    (
        "embedding-gru-dense",
        {
            "input_shape": [80],
            "layers": [
                {"Embedding": {"input_dim": 20000, "output_dim": 128}},
                {"GRU": {"units": 64, "return_sequences": True}},
                {"GRU": {"units": 32}},
                {"Dense": {"units": 64, "activation": "relu"}},
                {"Dropout": {"rate": 0.2}},
                {"Dense": {"units": 1}},
            ],
        },
    ),
    (
        "pooling-1d",
        {
            "input_shape": [60, 4],
            "layers": [
                {"Conv1D": {"filters": 8, "kernel_size": 3, "strides": 2}},
                {"AveragePooling1D": {"pool_size": 3}},
                {"Flatten": {}},
                {"Dense": {"units": 2}},
            ],
        },
    ),
    (  # the layers added for CNN and attention courses, with every layer's output shape
        "cnn-grid",
        {
            "input_shape": [32, 32, 3],
            "layers": [
                {"Conv2D": {"filters": 16, "kernel_size": 3, "padding": "same"}},
                {"SeparableConv2D": {"filters": 32, "kernel_size": 3}},
                {"DepthwiseConv2D": {"kernel_size": 3, "depth_multiplier": 2}},
                {"MaxPooling2D": {"pool_size": 2}},
                {"Conv2DTranspose": {"filters": 8, "kernel_size": 3, "strides": 2, "padding": "same"}},
                {"UpSampling2D": {"size": 2}},
                {"ZeroPadding2D": {"padding": 1}},
                {"GlobalAveragePooling2D": {}},
                {"Dense": {"units": 10}},
                {"Softmax": {}},
            ],
        },
    ),
    (
        "conv3d-reshape",
        {
            "input_shape": [8, 8, 8, 1],
            "layers": [
                {"Conv3D": {"filters": 4, "kernel_size": 3}},
                {"MaxPooling3D": {"pool_size": 2}},
                {"Reshape": {"target_shape": [-1, 4]}},
                {"LayerNormalization": {}},
            ],
        },
    ),
]

PYTORCH: list[tuple[str, dict[str, Any]]] = [
    (
        "seed-text-classifier",
        {
            "layers": [
                {"Embedding": {"num_embeddings": 1000, "embedding_dim": 16}},
                {"LSTM": {"input_size": 16, "hidden_size": 32, "batch_first": True}},
                {"Linear": {"in_features": 32, "out_features": 256}},
                {"Linear": {"in_features": 256, "out_features": 1}},
            ]
        },
    ),
    ("rnn-2-layers", {"layers": [{"RNN": {"input_size": 20, "hidden_size": 128, "num_layers": 2}}]}),
    (
        "rnn-relu-no-bias",
        {"layers": [{"RNN": {"input_size": 5, "hidden_size": 7, "nonlinearity": "relu", "bias": False}}]},
    ),
    (
        "lstm-bidirectional-3",
        {"layers": [{"LSTM": {"input_size": 10, "hidden_size": 20, "num_layers": 3, "bidirectional": True}}]},
    ),
    ("lstm-proj", {"layers": [{"LSTM": {"input_size": 16, "hidden_size": 32, "proj_size": 8, "num_layers": 2}}]}),
    (
        "lstm-proj-bi",
        {
            "layers": [
                {"LSTM": {"input_size": 4, "hidden_size": 6, "proj_size": 3, "bidirectional": True, "num_layers": 2}}
            ]
        },
    ),
    (
        "gru-bi-no-bias",
        {"layers": [{"GRU": {"input_size": 12, "hidden_size": 9, "bias": False, "bidirectional": True}}]},
    ),
    ("conv1d", {"layers": [{"Conv1d": {"in_channels": 16, "out_channels": 32, "kernel_size": 5}}]}),
    (
        "conv1d-groups",
        {"layers": [{"Conv1d": {"in_channels": 8, "out_channels": 12, "kernel_size": 3, "groups": 4, "bias": False}}]},
    ),
    ("conv2d", {"layers": [{"Conv2d": {"in_channels": 3, "out_channels": 16, "kernel_size": [3, 5]}}]}),
    (
        "layernorm",
        {
            "layers": [
                {"LayerNorm": {"normalized_shape": 64}},
                {"LayerNorm": {"normalized_shape": [4, 8]}},
                {"LayerNorm": {"normalized_shape": 10, "elementwise_affine": False}},
                {"LayerNorm": {"normalized_shape": 10, "bias": False}},
            ]
        },
    ),
    (
        "batchnorm",
        {"layers": [{"BatchNorm1d": {"num_features": 32}}, {"BatchNorm1d": {"num_features": 32, "affine": False}}]},
    ),
    ("attention", {"layers": [{"MultiheadAttention": {"embed_dim": 64, "num_heads": 8}}]}),
    (
        "attention-kdim-vdim",
        {"layers": [{"MultiheadAttention": {"embed_dim": 32, "num_heads": 4, "kdim": 16, "vdim": 24}}]},
    ),
    (
        "attention-no-bias-bias-kv",
        {"layers": [{"MultiheadAttention": {"embed_dim": 16, "num_heads": 2, "bias": False, "add_bias_kv": True}}]},
    ),
    (
        "mlp",
        {
            "layers": [
                {"Linear": {"in_features": 784, "out_features": 128}},
                {"ReLU": {}},
                {"Dropout": {"p": 0.1}},
                {"Linear": {"in_features": 128, "out_features": 10, "bias": False}},
            ]
        },
    ),
    # With an input shape, each layer's output shape (without the batch axis) is stored too.
    (
        "cnn-norms-pools",
        {
            "input_shape": [3, 32, 32],
            "layers": [
                {"Conv2d": {"in_channels": 3, "out_channels": 16, "kernel_size": 3, "padding": 1}},
                {"BatchNorm2d": {"num_features": 16}},
                {"ReLU": {}},
                {"MaxPool2d": {"kernel_size": 2}},
                {"Conv2d": {"in_channels": 16, "out_channels": 32, "kernel_size": 3, "stride": 2, "groups": 2}},
                {"GroupNorm": {"num_groups": 4, "num_channels": 32}},
                {"GELU": {}},
                {"AvgPool2d": {"kernel_size": 2, "ceil_mode": True}},
                {"AdaptiveMaxPool2d": {"output_size": [None, 2]}},
                {"AdaptiveAvgPool2d": {"output_size": 1}},
                {"Flatten": {}},
                {"Dropout": {"p": 0.5}},
                {"Linear": {"in_features": 32, "out_features": 10}},
            ],
        },
    ),
    (
        "depthwise-separable",
        {
            "input_shape": [8, 20, 20],
            "layers": [
                {"Conv2d": {"in_channels": 8, "out_channels": 8, "kernel_size": 3, "groups": 8, "padding": "same"}},
                {"Conv2d": {"in_channels": 8, "out_channels": 16, "kernel_size": 1, "bias": False}},
                {"BatchNorm2d": {"num_features": 16, "affine": False}},
                {"BatchNorm2d": {"num_features": 16, "bias": False}},
                {"InstanceNorm2d": {"num_features": 16}},
                {"InstanceNorm2d": {"num_features": 16, "affine": True}},
                {"MaxPool2d": {"kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2}},
            ],
        },
    ),
    (
        "conv-transpose-decoder",
        {
            "input_shape": [16, 7, 7],
            "layers": [
                {"ConvTranspose2d": {"in_channels": 16, "out_channels": 8, "kernel_size": 4, "stride": 2, "padding": 1}},
                {"LeakyReLU": {"negative_slope": 0.2}},
                {"ConvTranspose2d": {"in_channels": 8, "out_channels": 3, "kernel_size": 3, "stride": 2,
                                     "output_padding": 1, "bias": False}},
                {"Sigmoid": {}},
            ],
        },
    ),
    (
        "conv1d-pools",
        {
            "input_shape": [4, 50],
            "layers": [
                {"Conv1d": {"in_channels": 4, "out_channels": 8, "kernel_size": 5, "dilation": 2}},
                {"MaxPool1d": {"kernel_size": 3, "stride": 2, "ceil_mode": True}},
                {"AvgPool1d": {"kernel_size": 2, "padding": 1}},
                {"AdaptiveAvgPool1d": {"output_size": 4}},
                {"ConvTranspose1d": {"in_channels": 8, "out_channels": 2, "kernel_size": 3, "groups": 2}},
                {"BatchNorm1d": {"num_features": 2}},
                {"InstanceNorm1d": {"num_features": 2, "affine": True, "bias": False}},
                {"AdaptiveMaxPool1d": {"output_size": 1}},
                {"Flatten": {}},
            ],
        },
    ),
    ("transformer-encoder-layer", {"input_shape": [10, 512],
                                   "layers": [{"TransformerEncoderLayer": {"d_model": 512, "nhead": 8}}]}),
    (
        "transformer-decoder-layer-no-bias",
        {
            "input_shape": [10, 64],
            "layers": [{"TransformerDecoderLayer": {"d_model": 64, "nhead": 4, "dim_feedforward": 256,
                                                    "bias": False, "norm_first": True}}],
        },
    ),
    ("transformer-defaults", {"input_shape": [10, 512], "layers": [{"Transformer": {}}]}),
    (
        "transformer-small-custom-encoder",
        {
            "input_shape": [6, 32],
            "layers": [
                {"Transformer": {"d_model": 32, "nhead": 4, "num_decoder_layers": 2, "dim_feedforward": 64,
                                 "custom_encoder": {"TransformerEncoder": {
                                     "encoder_layer": {"TransformerEncoderLayer": {"d_model": 32, "nhead": 2}},
                                     "num_layers": 1}}}},
            ],
        },
    ),
    (
        "transformer-stacks",
        {
            "input_shape": [12, 20],
            "layers": [
                {"Linear": {"in_features": 20, "out_features": 128}},
                {"TransformerEncoder": {
                    "encoder_layer": {"TransformerEncoderLayer": {"d_model": 128, "nhead": 4, "dim_feedforward": 512,
                                                                  "activation": "gelu"}},
                    "num_layers": 3, "norm": {"LayerNorm": {"normalized_shape": 128}}}},
                {"TransformerDecoder": {
                    "decoder_layer": {"TransformerDecoderLayer": {"d_model": 128, "nhead": 8, "dim_feedforward": 256}},
                    "num_layers": 2}},
                {"Linear": {"in_features": 128, "out_features": 5}},
            ],
        },
    ),
]  # fmt: skip

# Modules run on an unbatched input (batch_first then does not matter); a model with one runs all unbatched.
UNBATCHED = {"RNN", "LSTM", "GRU", "MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer",
             "Transformer", "TransformerEncoder", "TransformerDecoder"}  # fmt: skip
TWO_INPUTS = {"TransformerDecoderLayer", "Transformer", "TransformerDecoder"}  # (target, memory), (source, target)


def keras_counts(spec: dict[str, Any]) -> tuple[int, list[int], list[list[int | None]]]:
    import keras

    def build(entry: dict[str, Any]) -> Any:
        ((name, args),) = entry.items()
        args = dict(args)
        if "layer" in args:
            args["layer"] = build(args["layer"])
        return getattr(keras.layers, name)(**args)

    model = keras.Sequential([keras.Input(shape=tuple(spec["input_shape"])), *map(build, spec["layers"])])
    outputs = [list(layer.output.shape[1:]) for layer in model.layers]
    return model.count_params(), [layer.count_params() for layer in model.layers], outputs


def pytorch_build(entry: dict[str, Any]) -> Any:
    """The torch.nn module of an entry; a layer given as an argument (encoder_layer, norm) is built too."""
    from torch import nn

    ((name, args),) = entry.items()
    built = {
        key: pytorch_build(value) if isinstance(value, dict) else tuple(value) if isinstance(value, list) else value
        for key, value in args.items()
    }
    return getattr(nn, name)(**built).eval()


def pytorch_counts(spec: dict[str, Any]) -> tuple[int, list[int], list[list[int]] | None]:
    import torch

    modules = [(next(iter(entry)), pytorch_build(entry)) for entry in spec["layers"]]
    counts = [sum(p.numel() for p in module.parameters()) for _, module in modules]
    if "input_shape" not in spec:
        return sum(counts), counts, None
    unbatched = any(name in UNBATCHED for name, _ in modules)
    x = torch.zeros(*spec["input_shape"]) if unbatched else torch.zeros(1, *spec["input_shape"])
    outputs = []
    with torch.no_grad():
        for name, module in modules:
            x = module(x, x) if name in TWO_INPUTS else module(x)
            outputs.append(list(x.shape) if unbatched else list(x.shape[1:]))
    return sum(counts), counts, outputs


def main() -> None:
    import keras
    import torch

    cases = []
    counters: tuple[tuple[str, Any, Any], ...] = (("keras", KERAS, keras_counts), ("pytorch", PYTORCH, pytorch_counts))
    for framework, table, counter in counters:
        for name, spec in table:
            total, layers, outputs = counter(spec)
            case = {"id": f"{framework}-{name}", "spec": {"framework": framework, **spec}, "total": total,
                    "layers": layers}  # fmt: skip
            cases.append(case if outputs is None else {**case, "outputs": outputs})
    versions = {"keras": keras.__version__, "torch": torch.__version__}
    OUT.write_text(json.dumps({"generated_with": versions, "cases": cases}, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases written to {OUT}")


if __name__ == "__main__":
    main()
