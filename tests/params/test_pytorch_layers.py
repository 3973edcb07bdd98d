"""PyTorch layers counted by hand: parameters, formulas, channels-first output shapes, and the arguments
PyTorch refuses. Runs without torch (test_frameworks.py checks against PyTorch itself where it is installed)."""

from __future__ import annotations

from typing import Any

import pytest

from grader.errors import ModelError
from grader.params import ModelSpec, count_model

Shape = tuple[int | None, ...]


def _one(entry: dict[str, Any], shape: list[int | None] | None = None) -> tuple[int, str, Shape]:
    layer = count_model(ModelSpec(framework="pytorch", input_shape=shape, layers=[entry])).layers[0]
    return layer.params, layer.formula, layer.output


def _refused(layers: list[Any], shape: list[int | None] | None = None) -> str:
    with pytest.raises(ModelError) as error:
        count_model(ModelSpec(framework="pytorch", input_shape=shape, layers=layers))
    return str(error.value)


@pytest.mark.parametrize(
    ("entry", "shape", "params", "output"),
    [
        pytest.param({"Conv2d": {"in_channels": 3, "out_channels": 16, "kernel_size": 3, "stride": 2, "padding": 1}},
                     [3, 32, 32], 16 * 3 * 3 * 3 + 16, (16, 16, 16), id="conv2d-stride-padding"),
        pytest.param({"Conv2d": {"in_channels": 32, "out_channels": 32, "kernel_size": 3, "groups": 32}},
                     [32, 10, 10], 32 * 1 * 3 * 3 + 32, (32, 8, 8), id="conv2d-depthwise"),
        pytest.param({"Conv2d": {"in_channels": 1, "out_channels": 4, "kernel_size": [3, 5], "padding": "same",
                                 "dilation": 2, "bias": False}},
                     [1, 9, 11], 4 * 15, (4, 9, 11), id="conv2d-same"),
        pytest.param({"Conv1d": {"in_channels": 16, "out_channels": 8, "kernel_size": 3}},
                     [50], 8 * 16 * 3 + 8, (8, None), id="conv1d-after-unknown-rank"),
        pytest.param({"ConvTranspose2d": {"in_channels": 16, "out_channels": 8, "kernel_size": 4, "stride": 2,
                                          "padding": 1}},
                     [16, 8, 8], 16 * 8 * 4 * 4 + 8, (8, 16, 16), id="conv-transpose2d-doubles"),
        pytest.param({"ConvTranspose2d": {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "stride": 2,
                                          "output_padding": 1, "groups": 2, "bias": False}},
                     [4, 5, 5], 4 * 3 * 3 * 3, (6, 12, 12), id="conv-transpose2d-groups-output-padding"),
        pytest.param({"ConvTranspose1d": {"in_channels": 2, "out_channels": 3, "kernel_size": 5, "dilation": 2}},
                     [2, 10], 2 * 3 * 5 + 3, (3, 18), id="conv-transpose1d-dilation"),
        pytest.param({"MaxPool2d": {"kernel_size": 2}}, [16, 28, 28], 0, (16, 14, 14), id="maxpool2d-halves"),
        pytest.param({"MaxPool2d": {"kernel_size": 3, "stride": 2, "ceil_mode": True}}, [1, 8, 8], 0, (1, 4, 4),
                     id="maxpool2d-ceil"),
        pytest.param({"MaxPool2d": {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}}, [1, 5, 5], 0,
                     (1, 3, 3), id="maxpool2d-ceil-window-in-padding-dropped"),
        pytest.param({"MaxPool1d": {"kernel_size": 3, "dilation": 2}}, [4, 20], 0, (4, 6), id="maxpool1d-dilation-stride-is-kernel"),
        pytest.param({"AvgPool2d": {"kernel_size": 2}}, [3, 7, 7], 0, (3, 3, 3), id="avgpool2d-floor"),
        pytest.param({"AvgPool1d": {"kernel_size": 4, "stride": 2, "padding": 2}}, [2, 9], 0, (2, 5),
                     id="avgpool1d-padding"),
        pytest.param({"AdaptiveAvgPool2d": {"output_size": 1}}, [64, 7, 7], 0, (64, 1, 1), id="adaptive-avg-1"),
        pytest.param({"AdaptiveAvgPool2d": {"output_size": [None, 3]}}, [8, 5, 7], 0, (8, 5, 3),
                     id="adaptive-avg-none-keeps"),
        pytest.param({"AdaptiveMaxPool1d": {"output_size": 4}}, [6, 30], 0, (6, 4), id="adaptive-max1d"),
        pytest.param({"BatchNorm2d": {"num_features": 16}}, [16, 8, 8], 2 * 16, (16, 8, 8), id="batchnorm2d"),
        pytest.param({"BatchNorm2d": {"num_features": 16, "affine": False}}, [16, 8, 8], 0, (16, 8, 8),
                     id="batchnorm2d-not-affine"),
        pytest.param({"BatchNorm1d": {"num_features": 10, "bias": False}}, [10], 10, (10,), id="batchnorm1d-no-bias"),
        pytest.param({"GroupNorm": {"num_groups": 4, "num_channels": 32}}, [32, 6, 6], 2 * 32, (32, 6, 6),
                     id="groupnorm"),
        pytest.param({"InstanceNorm2d": {"num_features": 8}}, [8, 4, 4], 0, (8, 4, 4), id="instancenorm2d-default"),
        pytest.param({"MultiheadAttention": {"embed_dim": 64, "num_heads": 8}}, [10, 64], 4 * 64 * 64 + 4 * 64,
                     (10, 64), id="attention"),
        pytest.param({"MultiheadAttention": {"embed_dim": 32, "num_heads": 4, "kdim": 16, "vdim": 24}}, [5, 32],
                     32 * (32 + 16 + 24) + 3 * 32 + 32 * 32 + 32, (5, 32), id="attention-kdim-vdim"),
        pytest.param({"TransformerEncoderLayer": {"d_model": 512, "nhead": 8}}, [None, 512], 3_152_384,
                     (None, 512), id="encoder-layer-512"),
        pytest.param({"TransformerEncoderLayer": {"d_model": 512, "nhead": 8, "bias": False}}, None,
                     4 * 512 * 512 + 2 * 512 * 2048 + 2 * 512, (512,), id="encoder-layer-no-bias"),
        pytest.param({"TransformerDecoderLayer": {"d_model": 512, "nhead": 8}}, [None, 512], 4_204_032,
                     (None, 512), id="decoder-layer-512"),
        pytest.param("Transformer", [None, 512], 44_140_544, (None, 512), id="transformer-defaults"),
        pytest.param({"TransformerEncoder": {"encoder_layer": {"TransformerEncoderLayer": {"d_model": 16, "nhead": 2,
                                                                                          "dim_feedforward": 8}},
                                             "num_layers": 3, "norm": {"LayerNorm": {"normalized_shape": 16}}}},
                     [7, 16], 3 * (4 * 16 * 16 + 4 * 16 + 2 * 16 * 8 + 8 + 16 + 2 * 2 * 16) + 2 * 16, (7, 16),
                     id="encoder-stack-with-norm"),
        pytest.param({"TransformerDecoder": {"decoder_layer": {"TransformerDecoderLayer": {"d_model": 8, "nhead": 2,
                                                                                          "dim_feedforward": 4}},
                                             "num_layers": 2}},
                     [3, 8], 2 * (2 * (4 * 8 * 8 + 4 * 8) + 2 * 8 * 4 + 4 + 8 + 3 * 2 * 8), (3, 8),
                     id="decoder-stack"),
    ],
)  # fmt: skip
def test_pytorch_layers_by_hand(entry: Any, shape: list[int | None] | None, params: int, output: Shape) -> None:
    counted, _, shape_out = _one(entry, shape)

    assert (counted, shape_out) == (params, output)


@pytest.mark.parametrize(
    ("entry", "formula"),
    [
        pytest.param({"ConvTranspose2d": {"in_channels": 16, "out_channels": 8, "kernel_size": 4}},
                     "16 × 8 × 4 × 4 + 8", id="conv-transpose"),
        pytest.param({"GroupNorm": {"num_groups": 2, "num_channels": 6}}, "2 × 6 (weight and bias)", id="groupnorm"),
        pytest.param({"BatchNorm2d": {"num_features": 6, "affine": False}}, "0", id="batchnorm-buffers-only"),
        pytest.param({"MultiheadAttention": {"embed_dim": 8, "num_heads": 2, "add_bias_kv": True}},
                     "3 × 8 × 8 + 3 × 8 (in_proj) + 8 × 8 + 8 (out_proj) + 2 × 8 (bias_k, bias_v)", id="attention"),
        pytest.param({"TransformerEncoderLayer": {"d_model": 8, "nhead": 2, "dim_feedforward": 32}},
                     "4 × 8 × 8 + 4 × 8 (self-attention) + 2 × 8 × 32 + 32 + 8 (feed-forward) + 2 × 2 × 8 (norms)",
                     id="encoder-layer"),
        pytest.param({"Transformer": {"d_model": 8, "nhead": 2, "num_encoder_layers": 2, "num_decoder_layers": 1,
                                      "dim_feedforward": 32}},
                     "2 × 872 (encoder layers) + 2 × 8 (encoder norm) + 1 × 1176 (decoder layers) + 2 × 8 "
                     "(decoder norm)", id="transformer"),
    ],
)  # fmt: skip
def test_pytorch_formulas_read_as_the_count(entry: dict[str, Any], formula: str) -> None:
    assert _one(entry)[1] == formula


@pytest.mark.parametrize(
    ("layers", "shape", "message"),
    [
        pytest.param([{"MultiheadAttention": {"embed_dim": 10, "num_heads": 3}}], None,
                     "MultiheadAttention: embed_dim=10 must be divisible by num_heads=3", id="attention-heads"),
        pytest.param([{"TransformerEncoderLayer": {"d_model": 10, "nhead": 4}}], None,
                     "TransformerEncoderLayer: d_model=10 must be divisible by nhead=4", id="encoder-heads"),
        pytest.param([{"TransformerEncoderLayer": {"d_model": 16, "nhead": 4}}], [5, 32],
                     "d_model=16, but the layer before gives 32 features", id="encoder-width"),
        pytest.param([{"GroupNorm": {"num_groups": 3, "num_channels": 32}}], None,
                     "GroupNorm: num_channels=32 must be divisible by num_groups=3", id="groupnorm-groups"),
        pytest.param([{"BatchNorm2d": {"num_features": 16}}], [8, 4, 4],
                     "BatchNorm2d: num_features=16, but the layer before gives (None, 8, 4, 4)", id="batchnorm-channels"),
        pytest.param([{"Conv2d": {"in_channels": 3, "out_channels": 8, "kernel_size": 3}}], [16, 28, 28],
                     "Conv2d: in_channels=3, but the layer before gives (None, 16, 28, 28): 16 channels",
                     id="conv-channels"),
        pytest.param([{"Conv2d": {"in_channels": 1, "out_channels": 8, "kernel_size": 5}}], [1, 3, 3],
                     "too small for the kernel", id="conv-kernel-over-input"),
        pytest.param([{"Conv2d": {"in_channels": 1, "out_channels": 8, "kernel_size": 3, "stride": 2,
                                  "padding": "same"}}], None, "padding='same' needs stride=1", id="conv-same-strided"),
        pytest.param([{"ConvTranspose2d": {"in_channels": 2, "out_channels": 2, "kernel_size": 3, "stride": 2,
                                           "output_padding": 2}}], None,
                     "output_padding=2 must be smaller than stride or dilation", id="transpose-output-padding"),
        pytest.param([{"MaxPool2d": {"kernel_size": 2, "padding": 2}}], None,
                     "MaxPool2d: padding=2 must be at most half of kernel_size", id="pool-padding"),
        pytest.param([{"MaxPool2d": {"kernel_size": 5}}], [1, 3, 3], "MaxPool2d: the input (3, 3) is too small",
                     id="pool-over-input"),
        pytest.param([{"AdaptiveAvgPool2d": {"output_size": 0}}], None,
                     "output_size must be a positive whole number or 2 of them", id="adaptive-zero"),
        pytest.param([{"TransformerEncoder": {"encoder_layer": {"Linear": {"in_features": 4, "out_features": 4}},
                                              "num_layers": 2}}], None,
                     "encoder_layer must be a TransformerEncoderLayer, got 'Linear'", id="stack-of-linear"),
        pytest.param([{"TransformerEncoder": {"encoder_layer": "layer", "num_layers": 2}}], None,
                     "written inside the call", id="stack-of-a-name"),
        pytest.param([{"Conv2d": {"in_channels": 1, "out_channels": 4, "kernel_size": 3}}, {"Flatten": {}},
                      {"Linear": {"in_features": 100, "out_features": 10}}], [1, 28, 28],
                     "Linear: in_features=100, but the layer before gives 2704 features", id="flattened-size"),
    ],
)  # fmt: skip
def test_arguments_pytorch_refuses_are_layer_problems(layers: list[Any], shape: list[int] | None, message: str) -> None:
    assert message in _refused(layers, shape)


def test_a_cnn_flows_channels_first_to_its_head() -> None:
    layers = [
        {"Conv2d": {"in_channels": 1, "out_channels": 32, "kernel_size": 3, "padding": 1}},
        {"BatchNorm2d": {"num_features": 32}},
        "ReLU",
        {"MaxPool2d": {"kernel_size": 2}},
        {"Conv2d": {"in_channels": 32, "out_channels": 64, "kernel_size": 3}},
        {"MaxPool2d": {"kernel_size": 2}},
        "Flatten",
        {"Linear": {"in_features": 64 * 6 * 6, "out_features": 10}},
    ]

    counted = count_model(ModelSpec(framework="pytorch", input_shape=[1, 28, 28], layers=layers))

    assert [layer.output for layer in counted.layers] == [
        (32, 28, 28), (32, 28, 28), (32, 28, 28), (32, 14, 14), (64, 12, 12), (64, 6, 6), (2304,), (10,)
    ]  # fmt: skip
    assert counted.total == 320 + 64 + 18496 + 23050


def test_a_linear_after_a_convolution_may_read_the_channels_pooled_in_forward() -> None:
    layers = [
        {"Embedding": {"num_embeddings": 1000, "embedding_dim": 16}},
        {"Conv1d": {"in_channels": 16, "out_channels": 32, "kernel_size": 3}},  # x.permute(0, 2, 1) in forward()
        {"Linear": {"in_features": 32, "out_features": 2}},  # x.max(dim=2) in forward()
    ]

    counted = count_model(ModelSpec(framework="pytorch", input_shape=[50], layers=layers))

    assert [(layer.params, layer.output) for layer in counted.layers] == [
        (16000, (50, 16)), (32 * 16 * 3 + 32, (32, 48)), (66, (2,))
    ]  # fmt: skip


def test_pytorch_code_reads_the_new_layers_by_name() -> None:
    code = (
        "import torch.nn as nn\n"
        "features = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.GroupNorm(4, 16), nn.GELU(),\n"
        "    nn.MaxPool2d(2), nn.ConvTranspose2d(16, 8, 2, stride=2), nn.BatchNorm2d(8), nn.AvgPool2d(2),\n"
        "    nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())\n"
        "head = nn.Linear(8, 64)\n"
        "encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(64, 4, 128, batch_first=True), num_layers=2)\n"
        "attention = nn.MultiheadAttention(64, 4)\n"
    )

    counted = count_model(ModelSpec(pytorch_code=code, input_shape=[3, 32, 32]))

    assert [layer.type for layer in counted.layers] == [
        "Conv2d", "GroupNorm", "GELU", "MaxPool2d", "ConvTranspose2d", "BatchNorm2d", "AvgPool2d",
        "AdaptiveAvgPool2d", "Flatten", "Linear", "TransformerEncoder", "MultiheadAttention",
    ]  # fmt: skip
    assert [layer.params for layer in counted.layers] == [
        448, 32, 0, 0, 16 * 8 * 4 + 8, 16, 0, 0, 0, 8 * 64 + 64, 2 * (4 * 64 * 64 + 4 * 64 + 2 * 64 * 128 + 128 + 64
                                                                        + 4 * 64), 4 * 64 * 64 + 4 * 64,
    ]  # fmt: skip
    assert counted.layers[4].output == (8, 32, 32)
    assert counted.layers[-1].output == (64,)


def test_pytorch_code_reads_a_stacked_layer_kept_in_a_variable() -> None:
    kept = "layer = nn.TransformerEncoderLayer(64, 4)\nencoder = nn.TransformerEncoder(layer, num_layers=2)\n"
    inline = "encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(64, 4), num_layers=2)\n"

    counted = count_model(ModelSpec(pytorch_code=kept, input_shape=[10, 64]))
    assert [layer.type for layer in counted.layers] == ["TransformerEncoder"]  # the layer is an argument, not a layer
    assert counted.total == count_model(ModelSpec(pytorch_code=inline, input_shape=[10, 64])).total


def test_pytorch_code_may_be_the_layer_alone() -> None:
    assert count_model(ModelSpec(pytorch_code="nn.LSTM(16, 32, batch_first=True)")).total == 6400
