"""The calculator against Keras 3 itself (on the PyTorch backend): randomly generated models, the layers
counted by hand in test_model.py, the constructors' signatures and the names Keras gives layers.

Optional: runs where PyTorch and Keras 3 are installed (`pip install torch==2.13.0 keras`); elsewhere the
whole module is one skip. KERAS_BACKEND is set to torch here unless it is set already.
"""

from __future__ import annotations

import inspect
import math
import os
import random
from collections import Counter
from typing import Any

import pytest

from grader.errors import ModelError
from grader.params import ModelSpec, count_model
from grader.params.keras import ALIASES, LAYERS
from grader.params.model import _auto_name, read_layers

from .test_model import KERAS_NAMES, LAYER_CASES, PROBLEM_CASES

pytest.importorskip("torch", reason="Keras runs on the PyTorch backend here: pip install torch==2.13.0 keras")
os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras", reason="Keras 3 is not installed (pip install keras)")

SEED = 20261124
TWO_INPUTS = {"MultiHeadAttention", "Attention", "AdditiveAttention"}  # called on (query, value): self-attention
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:keras")  # deprecated names, masks dropped on purpose


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


def _build(entry: dict[str, Any]) -> Any:
    ((name, args),) = entry.items()
    args = dict(args)
    if "layer" in args:
        args["layer"] = _build(args["layer"])
    return getattr(keras.layers, name)(**args)


def _keras_counts(spec: dict[str, Any]) -> list[tuple[int, tuple[int | None, ...]]]:
    """Each layer's count_params() and output shape without the batch, the model built with the functional API
    (attention layers called on the previous output as query and value)."""
    tensor = inputs = keras.Input(shape=tuple(spec["input_shape"]))
    made = []
    for entry in spec["layers"]:
        layer = _build(entry)
        name = next(iter(entry))
        if name == "MultiHeadAttention":
            tensor = layer(tensor, tensor)
        else:
            tensor = layer([tensor, tensor]) if name in TWO_INPUTS else layer(tensor)
        made.append((layer, tuple(tensor.shape[1:])))
    keras.Model(inputs, tensor)
    return [(layer.count_params(), shape) for layer, shape in made]


def _grader_counts(spec: dict[str, Any]) -> list[tuple[int, tuple[int | None, ...]]]:
    counted = count_model(ModelSpec.model_validate({"framework": "keras", **spec}))
    return [(layer.params, layer.output) for layer in counted.layers]


@pytest.mark.parametrize("spec", KERAS_MODELS, ids=[f"keras-{i}" for i in range(len(KERAS_MODELS))])
def test_keras_models_have_the_counted_parameters(spec: dict[str, Any]) -> None:
    model = keras.Sequential([keras.Input(shape=tuple(spec["input_shape"])), *map(_build, spec["layers"])])

    counted = count_model(ModelSpec.model_validate(spec))
    assert [layer.params for layer in counted.layers] == [layer.count_params() for layer in model.layers]


def _size(rng: random.Random, rank: int, low: int = 1, high: int = 3) -> Any:
    return rng.randint(low, high) if rng.random() < 0.5 else [rng.randint(low, high) for _ in range(rank)]


def _grid_layer(rng: random.Random, rank: int, channels: int) -> dict[str, Any]:
    """A random layer over a grid of `rank` axes with `channels` channels."""
    d = f"{rank}D"
    kinds = [f"Conv{d}", f"Conv{d}Transpose"] * 3 + [f"SeparableConv{d}", f"DepthwiseConv{d}"] * 2 * (rank < 3)
    kinds += [f"MaxPooling{d}", f"AveragePooling{d}", f"UpSampling{d}", f"ZeroPadding{d}", f"Cropping{d}",
              f"GlobalAveragePooling{d}", f"GlobalMaxPooling{d}", f"SpatialDropout{d}"]  # fmt: skip
    kinds += ["MultiHeadAttention", "Attention", "AdditiveAttention", "GroupNormalization"] * (rank == 1)
    kinds += ["BatchNormalization", "LayerNormalization", "Softmax", "Dense"]
    kind = rng.choice(kinds)
    if kind.startswith("SpatialDropout"):
        return {kind: {"rate": 0.1}}
    strides = rng.choice([1, 1, 2, _size(rng, rank, 1, 2)])
    dilated = rng.random() < 0.25
    steps = {"strides": strides} if not dilated else {"dilation_rate": _size(rng, rank, 1, 2)}
    padding = rng.choice(["valid", "same", "causal"] if kind == "Conv1D" else ["valid", "same"])
    bias = {"use_bias": rng.random() < 0.8}
    if kind.startswith("Conv") and not kind.endswith("Transpose"):
        groups = rng.choice([g for g in (1, 2, 3) if channels % g == 0])
        return {kind: {"filters": groups * rng.randint(1, 3), "kernel_size": _size(rng, rank), "padding": padding,
                       "groups": groups, **steps, **bias}}  # fmt: skip
    if kind.endswith("Transpose"):
        args: dict[str, Any] = {"filters": rng.randint(1, 4), "kernel_size": _size(rng, rank), "padding": padding,
                                **steps, **bias}  # fmt: skip
        if rng.random() < 0.3 and not dilated:
            largest = strides if isinstance(strides, int) else min(strides)
            args["output_padding"] = rng.randint(0, largest - 1)
        return {kind: args}
    if kind.startswith(("Separable", "Depthwise")):
        args = {"kernel_size": _size(rng, rank), "depth_multiplier": rng.randint(1, 3), "padding": padding,
                **steps, **bias}  # fmt: skip
        return {kind: {"filters": rng.randint(1, 4), **args} if kind.startswith("Separable") else args}
    if kind.startswith(("MaxPooling", "AveragePooling")):
        return {kind: {"pool_size": _size(rng, rank, 1, 3), "strides": rng.choice([None, _size(rng, rank, 1, 2)]),
                       "padding": padding}}  # fmt: skip
    if kind.startswith("Global"):
        return {kind: {"keepdims": rng.random() < 0.5}}
    if kind.startswith("UpSampling"):
        return {kind: {"size": _size(rng, rank, 1, 3) if rank > 1 else rng.randint(1, 3)}}
    if kind.startswith(("ZeroPadding", "Cropping")):
        key = "padding" if kind.startswith("Zero") else "cropping"
        form = rng.choice(["one", "each", "pairs"] if rank > 1 else ["one", "pairs"])
        pairs = [[rng.randint(0, 2), rng.randint(0, 2)] for _ in range(rank)]
        value = rng.randint(0, 2) if form == "one" else [p[0] for p in pairs] if form == "each" else pairs
        return {kind: {key: value if rank > 1 or form == "one" else pairs[0]}}
    if kind in ("MultiHeadAttention", "Attention", "AdditiveAttention"):
        return _vector_layer(rng, [None, channels], kind)
    if kind == "GroupNormalization":
        return {kind: {"groups": rng.choice([-1, *(g for g in (1, 2, 3, 4) if channels % g == 0)])}}
    if kind in ("BatchNormalization", "LayerNormalization"):
        return {kind: {"center": rng.random() < 0.7, "scale": rng.random() < 0.7}}
    if kind == "Dense":
        return {kind: {"units": rng.randint(1, 6), **bias}}
    return {kind: {}}


def _grid_model(rng: random.Random) -> dict[str, Any]:
    """Input sizes of 5 to 14 (of any size along a sequence, sometimes), 1 to 3 layers."""
    rank = rng.choice([1, 2, 3])
    sizes: list[int | None] = [rng.randint(5, 14) for _ in range(rank)]
    if rank == 1 and rng.random() < 0.2:
        sizes = [None]
    spec: dict[str, Any] = {"input_shape": [*sizes, rng.randint(1, 6)], "layers": []}
    for _ in range(rng.randint(1, 3)):
        try:
            (*grid, channels) = count_model(ModelSpec.model_validate(spec)).layers[-1].output if spec["layers"] else spec["input_shape"]  # fmt: skip
        except ModelError:
            break  # an invalid model: compared with Keras as it is
        if len(grid) != rank or channels is None:
            break  # pooled globally or flattened
        spec["layers"].append(_grid_layer(rng, rank, channels))
    return spec


PASSING = {"Activation": {"activation": "relu"}, "ReLU": {}, "GaussianNoise": {"stddev": 0.1},
           "GaussianDropout": {"rate": 0.1}, "AlphaDropout": {"rate": 0.1}, "ActivityRegularization": {},
           "Identity": {}, "Masking": {}, "Rescaling": {"scale": 0.5}}  # fmt: skip


def _vector_layer(rng: random.Random, shape: list[int | None], kind: str = "") -> dict[str, Any]:
    """A random attention, normalization, reshaping or activation layer (or one of `kind`) for inputs of `shape`."""
    known = None not in shape
    kinds = ["MultiHeadAttention"] * 3 + ["Attention", "AdditiveAttention", "LayerNormalization", "RMSNormalization",
             "UnitNormalization", "Normalization", "Dense", "Softmax", "LeakyReLU", "ELU", "Dropout", "Permute"]  # fmt: skip
    kinds += ["Reshape", "Flatten", "PReLU"] * known + ["RepeatVector"] * (len(shape) == 1) + ["Passing"] * 3
    kind = kind or rng.choice(kinds)
    if kind == "Passing":  # no weights, the same shape
        return dict([rng.choice(list(PASSING.items()))])
    if kind == "MultiHeadAttention":
        args = {"num_heads": rng.randint(1, 4), "key_dim": rng.randint(1, 6), "use_bias": rng.random() < 0.8}
        if rng.random() < 0.4:
            args["value_dim"] = rng.randint(1, 6)
        if rng.random() < 0.2:
            args["use_gate"] = True
        if len(shape) == 3 and rng.random() < 0.5:
            args["attention_axes"] = rng.choice([1, 2, [1, 2]])
        if rng.random() < 0.3:
            args["output_shape"] = rng.choice([rng.randint(1, 8), [rng.randint(1, 3), rng.randint(1, 3)]])
        return {kind: args}
    if kind == "Attention":
        return {kind: {"use_scale": rng.random() < 0.5, "score_mode": rng.choice(["dot", "concat"])}}
    if kind == "AdditiveAttention":
        return {kind: {"use_scale": rng.random() < 0.7}}
    if kind == "Dense":
        return {kind: {"units": rng.randint(1, 6), "use_bias": rng.random() < 0.8}}
    if kind == "Permute":
        return {kind: {"dims": rng.sample(range(1, len(shape) + 1), len(shape))}}
    if kind == "Reshape":
        values = math.prod(size for size in shape if size is not None)
        factor = rng.choice([f for f in range(1, values + 1) if values % f == 0])
        return {kind: {"target_shape": rng.choice([[factor, -1], [-1, factor], [values], [factor, values // factor]])}}
    if kind == "PReLU":
        return {kind: {"shared_axes": rng.sample(range(1, len(shape) + 1), rng.randint(0, len(shape)))}}
    if kind == "RepeatVector":
        return {kind: {"n": rng.randint(1, 4)}}
    if kind == "LayerNormalization":
        return {kind: {"center": rng.random() < 0.7, "scale": rng.random() < 0.7}}
    if kind == "Normalization":
        return {kind: {}}
    if kind == "Dropout":
        return {kind: {"rate": 0.1}}
    return {kind: {}}


def _vector_model(rng: random.Random) -> dict[str, Any]:
    """A sequence (of any length, sometimes), a vector or a grid of features, then 1 to 3 layers."""
    features = rng.randint(1, 12)
    shape = rng.choice([[rng.randint(2, 9), features], [None, features], [features], [rng.randint(2, 4), 3, features]])
    spec: dict[str, Any] = {"input_shape": shape, "layers": []}
    for _ in range(rng.randint(1, 3)):
        spec["layers"].append(_vector_layer(rng, shape))
        try:
            shape = list(count_model(ModelSpec.model_validate(spec)).layers[-1].output)
        except ModelError:
            break
    return spec


GRID_MODELS = [_grid_model(random.Random(SEED + 7 * i)) for i in range(240)]
VECTOR_MODELS = [_vector_model(random.Random(SEED + 11 * i)) for i in range(160)]


@pytest.mark.parametrize(
    "spec",
    VECTOR_MODELS,
    ids=[f"{'-'.join(next(iter(e)) for e in s['layers'])}-{i}" for i, s in enumerate(VECTOR_MODELS)],
)
def test_random_attention_and_reshaping_models_agree_with_keras(spec: dict[str, Any]) -> None:
    test_random_grid_and_attention_models_agree_with_keras(spec)


@pytest.mark.parametrize(
    "spec", GRID_MODELS, ids=[f"{'-'.join(next(iter(e)) for e in s['layers'])}-{i}" for i, s in enumerate(GRID_MODELS)]
)
def test_random_grid_and_attention_models_agree_with_keras(spec: dict[str, Any]) -> None:
    try:
        counted = _grader_counts(spec)
    except ModelError:  # what grader refuses, Keras refuses too
        with pytest.raises((ValueError, TypeError)):
            _keras_counts(spec)
        return

    assert counted == _keras_counts(spec)


def test_most_random_models_are_counted() -> None:
    def counts(spec: dict[str, Any]) -> bool:
        try:
            _grader_counts(spec)
        except ModelError:
            return False
        return True

    models = GRID_MODELS + VECTOR_MODELS
    counted = sum(map(counts, models))
    layers = Counter(next(iter(entry)) for spec in models for entry in spec["layers"])

    assert counted >= 0.85 * len(models)
    assert min(layers[name] for name in ("MultiHeadAttention", "Reshape", "Conv2DTranspose", "SeparableConv2D")) >= 4
    assert {name for name in LAYERS if name.endswith(("1D", "2D", "3D", "Transpose")) and "Dropout" not in name} <= set(
        layers
    )


@pytest.mark.parametrize(("layer", "shape", "params", "formula", "output"), LAYER_CASES)
def test_layers_counted_by_hand_agree_with_keras(
    layer: dict[str, Any], shape: list[int | None], params: int, formula: str, output: tuple[int | None, ...]
) -> None:
    assert _keras_counts({"input_shape": shape, "layers": [layer]}) == [(params, output)]


@pytest.mark.parametrize(("layer", "shape", "message"), PROBLEM_CASES)
def test_layers_grader_refuses_keras_refuses(layer: dict[str, Any], shape: list[int | None], message: str) -> None:
    if "channels_first" in str(layer):
        pytest.skip("Keras counts channels-first layers; grader refuses them rather than count them channels-last")
    with pytest.raises((ValueError, TypeError)):
        _keras_counts({"input_shape": shape, "layers": [layer]})


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_constructors_take_the_arguments_keras_takes(name: str) -> None:
    signature = LAYERS[name].signature
    parameters = dict(inspect.signature(getattr(keras.layers, name).__init__).parameters)
    parameters.pop("self")
    parameters.pop("kwargs", None)
    positional = [p.name for p in parameters.values() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]

    assert list(signature.positional) == positional[: len(signature.positional)]
    assert set(parameters) <= set(signature.positional) | signature.others
    for key, value in signature.defaults.items():
        if key in parameters:
            assert parameters[key].default == value, key
    for key in signature.required:
        assert parameters[key].default is inspect.Parameter.empty, key


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_aliases_are_the_same_keras_class(alias: str) -> None:
    if not hasattr(keras.layers, alias):
        pytest.skip(f"{alias} is Keras 2's")
    assert getattr(keras.layers, alias) is getattr(keras.layers, ALIASES[alias])


REQUIRED = {"units": 1, "filters": 1, "kernel_size": 1, "input_dim": 2, "output_dim": 2, "num_heads": 1, "key_dim": 1,
            "target_shape": (1,), "dims": (1,), "n": 1, "rate": 0.1, "stddev": 0.1, "scale": 1.0, "pool_size": 1,
            "activation": "relu"}  # fmt: skip


def test_default_names_are_the_ones_keras_gives() -> None:
    def name(cls: Any) -> str:
        parameters = inspect.signature(cls.__init__).parameters
        args = {key: value for key, value in REQUIRED.items() if key in parameters}
        if "layer" in parameters:
            args["layer"] = keras.layers.LSTM(1, name="wrapped")  # named: takes no number from lstm
        return str(cls(**args).name)

    keras_names, grader_names = {}, {}
    for group in (sorted(LAYERS), sorted(ALIASES)):  # an alias is its class: named apart
        keras.backend.clear_session()
        for layer_type in group:
            if hasattr(keras.layers, layer_type):
                keras_names[layer_type] = name(getattr(keras.layers, layer_type))
                grader_names[layer_type] = _auto_name(ALIASES.get(layer_type, layer_type), Counter())

    assert grader_names == keras_names
    assert {layer_type: keras_names[layer_type] for layer_type in KERAS_NAMES} == KERAS_NAMES


def test_repeated_and_wrapped_layers_are_numbered_as_keras_numbers_them() -> None:
    spec = {"input_shape": [5, 8], "layers": [
        {"Bidirectional": {"layer": {"LSTM": {"units": 4, "return_sequences": True}}}},
        {"LSTM": {"units": 3, "return_sequences": True}}, {"TimeDistributed": {"layer": {"Dense": {"units": 2}}}},
        {"Conv1D": {"filters": 2, "kernel_size": 1}}, {"Conv1D": {"filters": 2, "kernel_size": 1}},
        {"MaxPooling1D": {}}, {"Dense": {"units": 3}}, {"Dense": {"units": 3, "name": "head"}}, {"Dense": {"units": 3}},
    ]}  # fmt: skip
    keras.backend.clear_session()

    model = keras.Sequential([keras.Input(shape=(5, 8)), *map(_build, spec["layers"])])

    _, layers, _ = read_layers(ModelSpec.model_validate(spec))
    assert [layer.name for layer in layers] == [layer.name for layer in model.layers]
