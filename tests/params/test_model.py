"""Keras layers counted by hand: parameters, formula and output shape of each, the problems named, and the
names Keras gives layers. tests/params/test_frameworks_keras.py checks the same tables against Keras itself."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from grader.errors import ModelError
from grader.params import ModelSpec, count_model
from grader.params.keras import ALIASES, LAYERS
from grader.params.model import _auto_name, read_layers

# (layer, input shape without the batch, parameters, formula, output shape)
LAYER_CASES: list[Any] = [
    pytest.param({"MultiHeadAttention": {"num_heads": 4, "key_dim": 8}}, [10, 16], 2160,
                 "3 × (16 × 4 × 8 + 4 × 8) + 4 × 8 × 16 + 16", (10, 16), id="mha"),
    pytest.param({"MultiHeadAttention": {"num_heads": 2, "key_dim": 4, "value_dim": 6, "output_shape": 20,
                                         "use_bias": False}}, [None, 16], 688,
                 "2 × 16 × 2 × 4 + 16 × 2 × 6 + 2 × 6 × 20", (None, 20), id="mha-value-dim-output-shape-no-bias"),
    pytest.param({"MultiHeadAttention": {"num_heads": 2, "key_dim": 4, "use_gate": True}}, [5, 16], 688,
                 "4 × (16 × 2 × 4 + 2 × 4) + 2 × 4 × 16 + 16", (5, 16), id="mha-gate"),
    pytest.param({"MultiHeadAttention": {"num_heads": 2, "key_dim": 4, "output_shape": [3, 2]}}, [5, 16], 462,
                 "3 × (16 × 2 × 4 + 2 × 4) + 2 × 4 × 3 × 2 + 3 × 2", (5, 3, 2), id="mha-output-axes"),
    pytest.param({"MultiHeadAttention": {"num_heads": 2, "key_dim": 4}}, [16], 552,
                 "3 × (16 × 2 × 4 + 2 × 4) + 2 × 4 × 16 + 16", (16,), id="mha-on-vectors"),
    pytest.param({"Attention": {}}, [5, 16], 0, "0", (5, 16), id="attention"),
    pytest.param({"Attention": {"use_scale": True, "score_mode": "concat"}}, [5, 16], 2,
                 "1 (scale) + 1 (concat score weight)", (5, 16), id="attention-scale-concat"),
    pytest.param({"AdditiveAttention": {}}, [5, 16], 16, "16 (scale)", (5, 16), id="additive-attention"),
    pytest.param({"AdditiveAttention": {"use_scale": False}}, [5, 16], 0, "0", (5, 16), id="additive-no-scale"),
    pytest.param({"Reshape": {"target_shape": [4, -1]}}, [5, 16], 0, "0", (4, 20), id="reshape-minus-one"),
    pytest.param({"Reshape": {"target_shape": [2, 40]}}, [5, 16], 0, "0", (2, 40), id="reshape"),
    pytest.param({"Reshape": {"target_shape": [4, -1]}}, [None, 16], 0, "0", (4, None), id="reshape-unknown-length"),
    pytest.param({"SeparableConv2D": {"filters": 16, "kernel_size": 3}}, [28, 28, 3], 91,
                 "3 × 3 × 3 + 3 × 16 + 16", (26, 26, 16), id="separable"),
    pytest.param({"SeparableConv2D": {"filters": 16, "kernel_size": 3, "depth_multiplier": 2, "strides": 2,
                                      "padding": "same"}}, [28, 28, 3], 166,
                 "3 × 3 × 3 × 2 + 3 × 2 × 16 + 16", (14, 14, 16), id="separable-multiplier-same"),
    pytest.param({"SeparableConv1D": {"filters": 4, "kernel_size": 5, "use_bias": False}}, [20, 6], 54,
                 "5 × 6 + 6 × 4", (16, 4), id="separable-1d-no-bias"),
    pytest.param({"DepthwiseConv2D": {"kernel_size": 3, "depth_multiplier": 2}}, [28, 28, 8], 160,
                 "3 × 3 × 8 × 2 + 8 × 2", (26, 26, 16), id="depthwise-multiplier"),
    pytest.param({"DepthwiseConv2D": {"kernel_size": [3, 5], "padding": "same"}}, [10, 10, 4], 64,
                 "3 × 5 × 4 + 4", (10, 10, 4), id="depthwise-same"),
    pytest.param({"Conv2DTranspose": {"filters": 32, "kernel_size": 3, "strides": 2, "padding": "same"}},
                 [7, 7, 64], 18464, "3 × 3 × 64 × 32 + 32", (14, 14, 32), id="transpose-same"),
    pytest.param({"Conv2DTranspose": {"filters": 32, "kernel_size": 3, "strides": 2}}, [7, 7, 64], 18464,
                 "3 × 3 × 64 × 32 + 32", (15, 15, 32), id="transpose-valid"),
    pytest.param({"Conv2DTranspose": {"filters": 1, "kernel_size": 3, "strides": 2, "output_padding": 1}},
                 [7, 7, 1], 10, "3 × 3 × 1 × 1 + 1", (16, 16, 1), id="transpose-valid-output-padding"),
    pytest.param({"Conv2DTranspose": {"filters": 1, "kernel_size": 3, "strides": 2, "padding": "same",
                                      "output_padding": 1}}, [7, 7, 1], 10, "3 × 3 × 1 × 1 + 1", (14, 14, 1),
                 id="transpose-same-output-padding"),
    pytest.param({"Conv2DTranspose": {"filters": 2, "kernel_size": 2, "strides": 3}}, [4, None, 1], 10,
                 "2 × 2 × 1 × 2 + 2", (12, None, 2), id="transpose-stride-over-kernel"),
    pytest.param({"Conv1DTranspose": {"filters": 2, "kernel_size": 3, "dilation_rate": 2}}, [10, 3], 20,
                 "3 × 3 × 2 + 2", (14, 2), id="transpose-1d-dilated"),
    pytest.param({"Conv3D": {"filters": 8, "kernel_size": 3}}, [16, 16, 16, 1], 224, "3 × 3 × 3 × 1 × 8 + 8",
                 (14, 14, 14, 8), id="conv3d"),
    pytest.param({"Conv3DTranspose": {"filters": 2, "kernel_size": 2, "strides": 2}}, [4, 4, 4, 3], 50,
                 "2 × 2 × 2 × 3 × 2 + 2", (8, 8, 8, 2), id="transpose-3d"),
    pytest.param({"Conv1D": {"filters": 3, "kernel_size": 3, "padding": "causal", "strides": 2}}, [9, 2], 21,
                 "3 × 2 × 3 + 3", (5, 3), id="conv1d-causal"),
    pytest.param({"MaxPooling3D": {}}, [8, 8, 9, 2], 0, "0", (4, 4, 4, 2), id="max-pooling-3d"),
    pytest.param({"AveragePooling3D": {"pool_size": 3, "padding": "same"}}, [8, 8, 9, 2], 0, "0", (3, 3, 3, 2),
                 id="average-pooling-3d-same"),
    pytest.param({"MaxPool2D": {"pool_size": [2, 3], "strides": 1}}, [5, 5, 1], 0, "0", (4, 3, 1), id="max-pool-alias"),
    pytest.param({"GlobalAveragePooling3D": {}}, [4, 4, 4, 5], 0, "0", (5,), id="global-average-3d"),
    pytest.param({"GlobalMaxPooling2D": {"keepdims": True}}, [4, 4, 5], 0, "0", (1, 1, 5), id="global-max-keepdims"),
    pytest.param({"UpSampling2D": {}}, [7, 7, 3], 0, "0", (14, 14, 3), id="upsampling-2d"),
    pytest.param({"UpSampling1D": {"size": 3}}, [7, 3], 0, "0", (21, 3), id="upsampling-1d"),
    pytest.param({"UpSampling3D": {"size": [1, 2, 3]}}, [2, 2, 2, 1], 0, "0", (2, 4, 6, 1), id="upsampling-3d"),
    pytest.param({"ZeroPadding2D": {"padding": [[1, 2], [3, 4]]}}, [5, 5, 1], 0, "0", (8, 12, 1),
                 id="zero-padding-pairs"),
    pytest.param({"ZeroPadding2D": {}}, [5, 5, 1], 0, "0", (7, 7, 1), id="zero-padding-default"),
    pytest.param({"ZeroPadding1D": {"padding": [0, 3]}}, [5, 2], 0, "0", (8, 2), id="zero-padding-1d"),
    pytest.param({"ZeroPadding3D": {"padding": [1, 0, 2]}}, [2, 2, 2, 1], 0, "0", (4, 2, 6, 1),
                 id="zero-padding-3d"),
    pytest.param({"Cropping2D": {"cropping": [[1, 1], [2, 2]]}}, [8, 8, 3], 0, "0", (6, 4, 3), id="cropping-2d"),
    pytest.param({"Cropping1D": {}}, [8, 3], 0, "0", (6, 3), id="cropping-1d-default"),
    pytest.param({"Cropping3D": {"cropping": 1}}, [4, 5, 6, 1], 0, "0", (2, 3, 4, 1), id="cropping-3d"),
    pytest.param({"Softmax": {}}, [5, 16], 0, "0", (5, 16), id="softmax"),
    pytest.param({"Permute": {"dims": [2, 1]}}, [5, 16], 0, "0", (16, 5), id="permute"),
    pytest.param({"RepeatVector": {"n": 3}}, [16], 0, "0", (3, 16), id="repeat-vector"),
    pytest.param({"LeakyReLU": {"alpha": 0.1}}, [16], 0, "0", (16,), id="leaky-relu-keras-2-name"),
    pytest.param({"PReLU": {}}, [4, 5], 20, "4 × 5 (alpha)", (4, 5), id="prelu"),
    pytest.param({"PReLU": {"shared_axes": [1, 2]}}, [None, 6, 5], 5, "5 (alpha)", (None, 6, 5),
                 id="prelu-shared"),
    pytest.param({"GroupNormalization": {"groups": 4}}, [5, 16], 32, "2 × 16 (gamma and beta)", (5, 16),
                 id="group-normalization"),
    pytest.param({"GroupNormalization": {"groups": -1, "center": False}}, [5, 16], 16, "1 × 16", (5, 16),
                 id="instance-normalization"),
    pytest.param({"RMSNormalization": {}}, [5, 16], 16, "16 (scale)", (5, 16), id="rms-normalization"),
    pytest.param({"Normalization": {}}, [5, 16], 33, "2 × 16 + 1 (mean, variance and count)", (5, 16),
                 id="normalization"),
    pytest.param({"SpatialDropout2D": {"rate": 0.2}}, [5, 5, 2], 0, "0", (5, 5, 2), id="spatial-dropout-2d"),
    pytest.param({"TimeDistributed": {"layer": {"Conv2D": {"filters": 4, "kernel_size": 3}}}}, [6, 8, 8, 3], 112,
                 "3 × 3 × 3 × 4 + 4", (6, 6, 6, 4), id="time-distributed-conv2d"),
]  # fmt: skip


@pytest.mark.parametrize(("layer", "shape", "params", "formula", "output"), LAYER_CASES)
def test_a_keras_layer_counted_by_hand(
    layer: dict[str, Any], shape: list[int | None], params: int, formula: str, output: tuple[int | None, ...]
) -> None:
    (counted,) = count_model(ModelSpec(input_shape=shape, layers=[layer])).layers

    assert (counted.params, counted.formula, counted.output) == (params, formula, output)


# (layer, input shape, the problem named)
PROBLEM_CASES: list[Any] = [
    pytest.param({"Reshape": {"target_shape": [4, 7]}}, [5, 16],
                 "Reshape: target_shape (4, 7) holds 28 values, but the input (None, 5, 16) holds 80",
                 id="reshape-size"),
    pytest.param({"Reshape": {"target_shape": [3, -1]}}, [5, 16], "80 is not a multiple of 3",
                 id="reshape-minus-one-does-not-divide"),
    pytest.param({"Reshape": {"target_shape": [-1, -1]}}, [5, 16], "only one size of target_shape can be -1",
                 id="reshape-two-unknowns"),
    pytest.param({"Reshape": {"target_shape": 80}}, [5, 16], "target_shape must be sizes", id="reshape-not-a-list"),
    pytest.param({"Reshape": {}}, [5, 16], "Reshape needs target_shape", id="reshape-missing"),
    pytest.param({"Conv2D": {"filters": 3, "kernel_size": 3, "strides": 2, "dilation_rate": 2}}, [9, 9, 2],
                 "strides above 1 cannot go with dilation_rate above 1", id="conv-strides-and-dilation"),
    pytest.param({"Conv2D": {"filters": 3, "kernel_size": 3, "padding": "causal"}}, [9, 9, 2],
                 "Conv2D: padding must be 'valid' or 'same', got 'causal'", id="conv2d-causal"),
    pytest.param({"Conv2D": {"filters": 3, "kernel_size": 30}}, [9, 9, 2],
                 "Conv2D: a window of 30 does not fit in 9 positions with padding='valid'", id="kernel-too-large"),
    pytest.param({"Conv1D": {"filters": 3, "kernel_size": 4, "dilation_rate": 3}}, [9, 2],
                 "a window of 4 dilated by 3 (spanning 10) does not fit in 9 positions", id="dilated-kernel-too-large"),
    pytest.param({"Conv2DTranspose": {"filters": 3, "kernel_size": 3, "strides": 2, "output_padding": 2}},
                 [4, 4, 1], "Conv2DTranspose: output_padding 2 must be below the strides", id="output-padding"),
    pytest.param({"Conv2DTranspose": {"filters": 3, "kernel_size": 3, "padding": "full"}}, [4, 4, 1],
                 "padding must be 'valid' or 'same', got 'full'", id="transpose-padding"),
    pytest.param({"DepthwiseConv2D": {"kernel_size": 3, "data_format": "channels_first"}}, [3, 9, 9],
                 "only data_format='channels_last' is supported", id="channels-first"),
    pytest.param({"SeparableConv2D": {"filters": 3}}, [9, 9, 2], "SeparableConv2D needs kernel_size",
                 id="separable-without-kernel"),
    pytest.param({"SeparableConv2D": {"filters": 3, "kernel_size": 3, "depth_multiplier": 0}}, [9, 9, 2],
                 "depth_multiplier must be a positive whole number, got 0", id="separable-multiplier"),
    pytest.param({"Cropping2D": {"cropping": 3}}, [5, 6, 2],
                 "Cropping2D: cropping 3 + 3 leaves nothing of the 5 positions", id="cropping-too-much"),
    pytest.param({"ZeroPadding2D": {"padding": [1, 2, 3]}}, [5, 6, 2],
                 "ZeroPadding2D: padding must be a number, 2 numbers or 2 pairs of whole numbers", id="padding-form"),
    pytest.param({"MaxPooling2D": {}}, [10, 16],
                 "MaxPooling2D needs inputs of 3 axes (size, size, channels) without the batch, got 2",
                 id="pooling-2d-on-a-sequence"),
    pytest.param({"GlobalAveragePooling1D": {}}, [16], "GlobalAveragePooling1D needs inputs of 2 axes",
                 id="global-pooling-on-a-vector"),
    pytest.param({"GroupNormalization": {}}, [5, 16], "GroupNormalization: groups=32 must divide the 16 channels",
                 id="group-normalization-groups"),
    pytest.param({"PReLU": {}}, [None, 16], "PReLU needs every input size, but the input is (None, None, 16)",
                 id="prelu-unknown-size"),
    pytest.param({"MultiHeadAttention": {"num_heads": 0, "key_dim": 4}}, [5, 16],
                 "MultiHeadAttention: num_heads must be a positive whole number, got 0", id="mha-heads"),
    pytest.param({"MultiHeadAttention": {"num_heads": 2}}, [5, 16], "MultiHeadAttention needs key_dim",
                 id="mha-without-key-dim"),
    pytest.param({"MultiHeadAttention": {"num_heads": 2, "key_dim": 4, "key_size": 4}}, [5, 16],
                 "MultiHeadAttention has no argument 'key_size'; did you mean 'key_dim'", id="mha-misspelt"),
    pytest.param({"Attention": {"score_mode": "add"}}, [5, 16],
                 "Attention: score_mode must be 'dot' or 'concat', got 'add'", id="attention-score-mode"),
    pytest.param({"Permute": {"dims": [0, 1]}}, [5, 16],
                 "Permute: dims must order the axes 1 to 2 of (None, 5, 16), got [0, 1]", id="permute-from-zero"),
    pytest.param({"RepeatVector": {"n": 3}}, [5, 16],
                 "RepeatVector repeats a vector, but the input is (None, 5, 16)", id="repeat-a-sequence"),
]  # fmt: skip


@pytest.mark.parametrize(("layer", "shape", "message"), PROBLEM_CASES)
def test_a_layer_that_cannot_be_counted_is_named(layer: dict[str, Any], shape: list[int | None], message: str) -> None:
    with pytest.raises(ModelError) as caught:
        count_model(ModelSpec(input_shape=shape, layers=[layer]))

    assert message in str(caught.value)


# Keras 3's own names (keras.layers.X().name), checked against Keras by test_frameworks_keras.py.
KERAS_NAMES = {
    "Dense": "dense", "Embedding": "embedding", "SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru",
    "Conv1D": "conv1d", "Conv2D": "conv2d", "Conv3D": "conv3d", "Conv1DTranspose": "conv1d_transpose",
    "Conv2DTranspose": "conv2d_transpose", "Conv3DTranspose": "conv3d_transpose",
    "SeparableConv1D": "separable_conv1d", "SeparableConv2D": "separable_conv2d",
    "DepthwiseConv1D": "depthwise_conv1d", "DepthwiseConv2D": "depthwise_conv2d",
    "MaxPooling1D": "max_pooling1d", "MaxPooling2D": "max_pooling2d", "MaxPooling3D": "max_pooling3d",
    "AveragePooling2D": "average_pooling2d", "GlobalAveragePooling1D": "global_average_pooling1d",
    "GlobalAveragePooling2D": "global_average_pooling2d", "GlobalMaxPooling3D": "global_max_pooling3d",
    "UpSampling2D": "up_sampling2d", "ZeroPadding2D": "zero_padding2d", "Cropping2D": "cropping2d",
    "BatchNormalization": "batch_normalization", "LayerNormalization": "layer_normalization",
    "GroupNormalization": "group_normalization", "RMSNormalization": "rms_normalization",
    "MultiHeadAttention": "multi_head_attention", "Attention": "attention", "AdditiveAttention": "additive_attention",
    "SpatialDropout1D": "spatial_dropout1d", "ReLU": "re_lu", "LeakyReLU": "leaky_re_lu", "PReLU": "p_re_lu",
    "ELU": "elu", "RepeatVector": "repeat_vector", "Bidirectional": "bidirectional",
    "TimeDistributed": "time_distributed",
    # aliases are the same class: the canonical name
    "MaxPool2D": "max_pooling2d", "Convolution2D": "conv2d", "GlobalAvgPool2D": "global_average_pooling2d",
}  # fmt: skip


@pytest.mark.parametrize(("layer_type", "name"), KERAS_NAMES.items(), ids=list(KERAS_NAMES))
def test_layers_are_named_as_keras_names_them(layer_type: str, name: str) -> None:
    assert _auto_name(ALIASES.get(layer_type, layer_type), Counter()) == name
    assert layer_type in LAYERS or layer_type in ALIASES


def test_repeated_and_wrapped_layers_are_numbered_as_in_keras() -> None:
    spec = ModelSpec(
        input_shape=[5, 8],
        layers=[
            {"Bidirectional": {"layer": {"LSTM": {"units": 4, "return_sequences": True}}}},
            {"LSTM": {"units": 3, "return_sequences": True}},
            {"TimeDistributed": {"layer": {"Dense": {"units": 2}}}},
            {"Dense": {"units": 3}},
            {"Dense": {"units": 3, "name": "head"}},
            {"MaxPooling1D": {}},
        ],
    )

    _, layers, _ = read_layers(spec)

    # Keras makes the wrapped LSTM and Dense first: they are lstm and dense, the next ones lstm_1 and dense_1
    assert [layer.name for layer in layers] == [
        "bidirectional", "lstm_1", "time_distributed", "dense_1", "head", "max_pooling1d"
    ]  # fmt: skip


def test_input_dim_before_a_layer_that_reads_a_sequence_is_one_step() -> None:
    spec = ModelSpec(input_dim=16, layers=[{"MultiHeadAttention": {"num_heads": 2, "key_dim": 8}},
                                           {"SeparableConv1D": {"filters": 4, "kernel_size": 3}}])  # fmt: skip

    counted = count_model(spec)

    assert [(layer.input, layer.output) for layer in counted.layers] == [
        ((None, 16), (None, 16)), ((None, 16), (None, 4))
    ]  # fmt: skip


def test_a_rubric_selects_layers_by_their_keras_names() -> None:
    from grader.checks.params import counted

    spec = ModelSpec(
        keras_code="model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3), "
        "layers.MaxPooling2D(), layers.Conv2DTranspose(4, 3, strides=2), layers.GlobalAveragePooling2D()])"
    )

    _, _, count, chosen = counted(spec, ["max_pooling2d", "conv2d_transpose", "global_average_pooling2d"])

    assert chosen == [1, 2, 3]
    assert count.select(chosen) == 3 * 3 * 8 * 4 + 4
