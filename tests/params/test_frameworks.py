"""The calculator against PyTorch itself, on randomly generated layers and models (Keras: test_frameworks_keras.py).

Each random layer is built with torch.nn and run on an input of the sampled shape: grader's count must be
`sum(p.numel() for p in m.parameters())` and its output shape the tensor's (without the batch axis); where
PyTorch refuses the layer or the input (a kernel larger than the input, a padding over half the kernel, heads
that do not divide the width), grader must refuse it too. The random models chain layers, the shapes
flowing from one to the next. The constructors' signatures are compared with `inspect.signature`.

Optional: runs where PyTorch is installed (`pip install torch==2.13.0` on a CPU machine); elsewhere the
whole module is one skip. The committed reference table (test_reference.py) runs everywhere.
"""

from __future__ import annotations

import inspect
import random
import warnings
from typing import Any

import pytest

from grader.errors import ModelError
from grader.params import ModelSpec, count_model
from grader.params.pytorch import LAYERS

torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install torch==2.13.0)")
nn = torch.nn

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # nested tensors, padding='same' copies

SEED = 20261124
# Modules given an unbatched input (their batch_first then does not matter); the others get a batch of one.
UNBATCHED = {"RNN", "LSTM", "GRU", "MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer",
             "Transformer", "TransformerEncoder", "TransformerDecoder"}  # fmt: skip
KINDS = ["Embedding", "Linear", "RNN", "LSTM", "GRU", "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d",
         "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
         "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "LayerNorm", "BatchNorm1d", "BatchNorm2d", "InstanceNorm1d",
         "InstanceNorm2d", "GroupNorm", "MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer",
         "Transformer", "TransformerEncoder", "TransformerDecoder"]  # fmt: skip

Entry = dict[str, Any]
Case = tuple[Entry, list[int]]  # a layer and an input shape (without the batch axis) to run it on


def _transformer_args(rng: random.Random) -> dict[str, Any]:
    heads = rng.randint(1, 4)
    args: dict[str, Any] = {"d_model": heads * rng.randint(1, 6), "nhead": heads, "bias": rng.random() < 0.8,
                            "norm_first": rng.random() < 0.3}  # fmt: skip
    if rng.random() < 0.9:  # else the default 2048
        args["dim_feedforward"] = rng.randint(1, 40)
    if rng.random() < 0.05:
        args["nhead"] = heads + 1  # often does not divide d_model: both refuse
    return args


def _spatial(rng: random.Random, rank: int, low: int = 1) -> list[int]:
    return [rng.randint(low, 24) for _ in range(rank)]


def _convolution(kind: str, rng: random.Random, rank: int) -> Case:
    groups = rng.choice([1, 1, 2, 4])
    channels = groups * rng.randint(1, 6)
    kernel: Any = rng.randint(1, 5) if rng.random() < 0.5 else [rng.randint(1, 5) for _ in range(rank)]
    args: dict[str, Any] = {"in_channels": channels, "out_channels": groups * rng.randint(1, 6), "kernel_size": kernel,
                            "groups": groups, "bias": rng.random() < 0.8}  # fmt: skip
    if rng.random() < 0.5:
        args["stride"] = rng.randint(1, 3)
    if rng.random() < 0.4:
        args["dilation"] = rng.randint(1, 2)
    if kind.startswith("ConvTranspose"):
        if rng.random() < 0.5:
            args["padding"] = rng.randint(0, 2)
        if rng.random() < 0.4:
            args["output_padding"] = rng.randint(0, 2)  # must be below stride or dilation
    else:
        if rng.random() < 0.5:
            args["padding"] = rng.choice([0, 1, 2, "same", "valid", [1, 0] if rank == 2 else [1]])
        if rng.random() < 0.2:
            args["padding_mode"] = rng.choice(["reflect", "replicate", "circular"])
    return {kind: args}, [channels, *_spatial(rng, rank)]


def _pooling(kind: str, rng: random.Random, rank: int) -> Case:
    if kind.startswith("Adaptive"):
        wanted: Any = rng.randint(1, 6)
        if rank == 2 and rng.random() < 0.6:
            wanted = [rng.choice([None, rng.randint(1, 6)]) for _ in range(rank)]  # None keeps the input's size
        return {kind: {"output_size": wanted}}, [rng.randint(1, 6), *_spatial(rng, rank)]
    args: dict[str, Any] = {"kernel_size": rng.randint(1, 4) if rng.random() < 0.6 else
                            [rng.randint(1, 4) for _ in range(rank)]}  # fmt: skip
    if rng.random() < 0.6:
        args["stride"] = rng.randint(1, 3)
    if rng.random() < 0.4:
        args["padding"] = rng.randint(0, 2)  # over half the kernel: both refuse
    if kind.startswith("MaxPool") and rng.random() < 0.3:
        args["dilation"] = rng.randint(1, 2)
    if rng.random() < 0.4:
        args["ceil_mode"] = True
    return {kind: args}, [rng.randint(1, 6), *_spatial(rng, rank)]


def _pytorch_case(rng: random.Random) -> Case:
    size = lambda: rng.randint(1, 24)  # noqa: E731 - a local shorthand
    kind = rng.choice(KINDS)
    if kind == "Embedding":
        return {kind: {"num_embeddings": size() * 10, "embedding_dim": size()}}, [size()]
    if kind == "Linear":
        inputs = size()
        shape = [inputs] if rng.random() < 0.5 else [size(), inputs]
        return {kind: {"in_features": inputs, "out_features": size(), "bias": rng.random() < 0.8}}, shape
    if kind in ("RNN", "LSTM", "GRU"):
        hidden = rng.randint(2, 16)
        args: dict[str, Any] = {"input_size": size(), "hidden_size": hidden, "num_layers": rng.randint(1, 3),
                                "bias": rng.random() < 0.8, "bidirectional": rng.random() < 0.5}  # fmt: skip
        if kind == "LSTM" and rng.random() < 0.3:
            args["proj_size"] = rng.randint(1, hidden - 1)
        if kind == "RNN" and rng.random() < 0.3:
            args["nonlinearity"] = "relu"
        return {kind: args}, [size(), args["input_size"]]
    if kind.startswith(("Conv1d", "Conv2d", "ConvTranspose")):
        return _convolution(kind, rng, int(kind[-2]))
    if "Pool" in kind:
        return _pooling(kind, rng, int(kind[-2]))
    if kind == "LayerNorm":
        normalized: Any = size() if rng.random() < 0.6 else [size(), size()]
        args = {"normalized_shape": normalized, "elementwise_affine": rng.random() < 0.8, "bias": rng.random() < 0.8}
        return {kind: args}, [size(), normalized] if isinstance(normalized, int) else normalized
    if kind in ("BatchNorm1d", "BatchNorm2d", "InstanceNorm1d", "InstanceNorm2d"):
        channels, rank = size(), int(kind[-2])
        args = {"num_features": channels, "affine": rng.random() < (0.8 if kind.startswith("Batch") else 0.5)}
        if rng.random() < 0.2:
            args["bias"] = False
        spatial = _spatial(rng, rank, low=2) if rank == 2 or rng.random() < 0.5 else []
        if kind == "InstanceNorm1d" and not spatial:
            spatial = [rng.randint(2, 24)]
        return {kind: args}, [channels, *spatial]
    if kind == "GroupNorm":
        groups = rng.randint(1, 4)
        channels = groups * rng.randint(1, 6) + (1 if rng.random() < 0.1 else 0)  # not divisible: both refuse
        args = {"num_groups": groups, "num_channels": channels, "affine": rng.random() < 0.8}
        return {kind: args}, [channels, *_spatial(rng, rng.randint(1, 2), low=2)]
    if kind == "MultiheadAttention":
        heads = rng.randint(1, 4)
        args = {"embed_dim": heads * rng.randint(1, 8), "num_heads": heads, "bias": rng.random() < 0.8,
                "add_bias_kv": rng.random() < 0.3}  # fmt: skip
        if rng.random() < 0.4:
            args["kdim"], args["vdim"] = size(), size()
        return {kind: args}, [size(), args["embed_dim"]]
    layer = _transformer_args(rng)
    shape = [rng.randint(1, 8), layer["d_model"]]
    if kind in ("TransformerEncoderLayer", "TransformerDecoderLayer"):
        return {kind: layer}, shape
    if kind == "Transformer":
        args = {**layer, "num_encoder_layers": rng.randint(1, 2), "num_decoder_layers": rng.randint(1, 2)}
        if rng.random() < 0.2:
            inner = {"TransformerEncoderLayer": dict(layer)}
            args["custom_encoder"] = {"TransformerEncoder": {"encoder_layer": inner, "num_layers": 1}}
        return {kind: args}, shape
    inner_kind, name = ("TransformerEncoderLayer", "encoder_layer") if kind == "TransformerEncoder" else (
        "TransformerDecoderLayer", "decoder_layer")  # fmt: skip
    args = {name: {inner_kind: layer}, "num_layers": rng.randint(1, 3)}
    if rng.random() < 0.5:
        args["norm"] = {"LayerNorm": {"normalized_shape": layer["d_model"], "bias": rng.random() < 0.8}}
    return {kind: args}, shape


def _pytorch_layer(rng: random.Random) -> Entry:
    """One random layer that grader counts without an input shape and torch.nn builds from its arguments alone
    (no layer written in place): bench/params_counts.py times the calculator on these."""
    while True:
        entry, _ = _pytorch_case(rng)
        if any(isinstance(value, dict) for value in next(iter(entry.values())).values()):
            continue
        try:
            count_model(ModelSpec(framework="pytorch", layers=[entry]))
        except ModelError:
            continue
        return entry


def _build(entry: Entry) -> Any:
    """The torch.nn module of an entry, layers given as arguments built too."""
    ((name, args),) = entry.items()
    built = {
        key: _build(value) if isinstance(value, dict) else tuple(value) if isinstance(value, list) else value
        for key, value in (args or {}).items()
    }
    module = getattr(nn, name)(**built)
    return module.eval()


def _run(name: str, module: Any, args: dict[str, Any], x: Any) -> Any:
    """The module's output on x; the sequence modules' x is unbatched."""
    if name == "MultiheadAttention":
        length = x.shape[0]
        key = torch.zeros(length + 1, args.get("kdim") or args["embed_dim"])
        value = torch.zeros(length + 1, args.get("vdim") or args["embed_dim"])
        return module(x, key, value)[0]
    if name in ("RNN", "LSTM", "GRU"):
        return module(x)[0]
    if name in ("TransformerDecoderLayer", "Transformer", "TransformerDecoder"):
        return module(x, x)
    return module(x)


def _input(name: str, shape: list[int]) -> Any:
    if name == "Embedding":
        return torch.zeros(1, *shape, dtype=torch.long)
    return torch.zeros(*shape) if name in UNBATCHED else torch.zeros(1, *shape)


def _output_shape(name: str, output: Any) -> tuple[int, ...]:
    return tuple(output.shape) if name in UNBATCHED else tuple(output.shape[1:])


def _parameters(module: Any) -> int:
    return sum(p.numel() for p in module.parameters())


REFUSED = (RuntimeError, ValueError, AssertionError, TypeError, IndexError)
PYTORCH_CASES = [_pytorch_case(random.Random(SEED + i)) for i in range(800)]


@pytest.mark.parametrize(
    ("entry", "shape"), PYTORCH_CASES, ids=[f"{next(iter(e))}-{i}" for i, (e, _) in enumerate(PYTORCH_CASES)]
)
def test_pytorch_modules_have_the_counted_parameters_and_output_shape(entry: Entry, shape: list[int]) -> None:
    ((name, args),) = entry.items()
    spec = ModelSpec(framework="pytorch", input_shape=shape, layers=[entry])
    try:
        module = _build(entry)
        with torch.no_grad():
            output = _output_shape(name, _run(name, module, args, _input(name, shape)))
    except REFUSED:
        with pytest.raises(ModelError):
            count_model(spec)
        return

    counted = count_model(spec).layers[0]

    assert (counted.params, counted.output) == (_parameters(module), output), counted.formula


def _cnn_model(rng: random.Random) -> Case:
    """A random CNN: convolutions, normalizations, activations and pooling, then a Linear head."""
    rank = rng.choice([1, 2, 2])
    channels = rng.randint(1, 4)
    shape = [channels, *(rng.randint(8, 40) for _ in range(rank))]
    layers: list[Entry] = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(["Conv", "Conv", "ConvTranspose", "MaxPool", "AvgPool", "BatchNorm", "GroupNorm",
                           "InstanceNorm", "ReLU", "GELU", "Dropout"])  # fmt: skip
        if kind in ("Conv", "ConvTranspose"):
            entry, _ = _convolution(f"{kind}{rank}d", rng, rank)
            ((name, args),) = entry.items()
            args["in_channels"] = channels
            args["groups"] = 1
            channels = args["out_channels"]
            layers.append({name: args})
        elif kind in ("MaxPool", "AvgPool"):
            entry, _ = _pooling(f"{kind}{rank}d", rng, rank)
            layers.append(entry)
        elif kind in ("BatchNorm", "InstanceNorm"):
            layers.append({f"{kind}{rank}d": {"num_features": channels, "affine": rng.random() < 0.7}})
        elif kind == "GroupNorm":
            groups = rng.choice([g for g in (1, 2, 3, 4) if channels % g == 0])
            layers.append({kind: {"num_groups": groups, "num_channels": channels}})
        elif kind == "Dropout":
            layers.append({f"Dropout{rank}d": {"p": 0.1}})
        else:
            layers.append({kind: {}})
    if rng.random() < 0.5:
        layers += [{f"AdaptiveAvgPool{rank}d": {"output_size": 1}}, {"Flatten": {}}]
        features = channels
    else:  # flattened: the Linear's in_features is the size PyTorch reaches, which grader must reach too
        layers.append({"Flatten": {}})
        try:
            with torch.no_grad(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                features = nn.Sequential(*map(_build, layers))(torch.zeros(1, *shape)).shape[1]
        except REFUSED:
            features = 1
    layers.append({"Linear": {"in_features": features, "out_features": rng.randint(1, 10)}})
    return {"layers": layers}, shape


def _transformer_model(rng: random.Random) -> Case:
    """A random Transformer stack: a Linear into d_model, encoder layers and stacks, norms, a Linear head."""
    args = _transformer_args(rng)
    args["nhead"] = args["nhead"] if args["d_model"] % args["nhead"] == 0 else 1
    model = args["d_model"]
    features = rng.randint(1, 20)
    layers: list[Entry] = [{"Linear": {"in_features": features, "out_features": model}}]
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["TransformerEncoderLayer", "TransformerEncoder", "LayerNorm", "Dropout", "GELU"])
        if kind == "TransformerEncoderLayer":
            layers.append({kind: dict(args)})
        elif kind == "TransformerEncoder":
            norm = {"norm": {"LayerNorm": {"normalized_shape": model}}} if rng.random() < 0.5 else {}
            layers.append({kind: {"encoder_layer": {"TransformerEncoderLayer": dict(args)},
                                  "num_layers": rng.randint(1, 3), **norm}})  # fmt: skip
        elif kind == "LayerNorm":
            layers.append({kind: {"normalized_shape": model}})
        else:
            layers.append({kind: {}})
    layers.append({"Linear": {"in_features": model, "out_features": rng.randint(1, 10)}})
    return {"layers": layers}, [rng.randint(1, 10), features]


MODELS = [("cnn", *_cnn_model(random.Random(SEED + 10_000 + i))) for i in range(150)] + [
    ("transformer", *_transformer_model(random.Random(SEED + 20_000 + i))) for i in range(60)
]


@pytest.mark.parametrize(("kind", "model", "shape"), MODELS, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(MODELS)])
def test_random_pytorch_models_agree_layer_by_layer(kind: str, model: dict[str, Any], shape: list[int]) -> None:
    spec = ModelSpec(framework="pytorch", input_shape=shape, layers=model["layers"])
    x = torch.zeros(*shape) if kind == "transformer" else torch.zeros(1, *shape)
    expected = []
    try:
        with torch.no_grad():
            for module in map(_build, model["layers"]):
                x = module(x)
                expected.append((_parameters(module), tuple(x.shape) if kind == "transformer" else tuple(x.shape[1:])))
    except REFUSED:
        with pytest.raises(ModelError):
            count_model(spec)
        return

    counted = count_model(spec)

    assert [(layer.params, layer.output) for layer in counted.layers] == expected


def _torch_signature(name: str) -> inspect.Signature | None:
    signature = inspect.signature(getattr(nn, name).__init__)
    kinds = {parameter.kind for parameter in signature.parameters.values()}
    return None if inspect.Parameter.VAR_POSITIONAL in kinds else signature  # RNN, LSTM, GRU: *args


@pytest.mark.parametrize("name", sorted(name for name in LAYERS if _torch_signature(name)))
def test_layer_signatures_are_torch_nns(name: str) -> None:
    signature = _torch_signature(name)
    assert signature is not None
    parameters = [p for p in signature.parameters.values() if p.name != "self"]
    ours = LAYERS[name].signature

    positional = tuple(p.name for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD)
    keyword_only = {p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}
    required = {p.name for p in parameters if p.default is inspect.Parameter.empty}
    defaults = {p.name: p.default for p in parameters}

    assert (ours.positional, set(ours.others), set(ours.required)) == (positional, keyword_only, required)
    assert {key: defaults[key] for key in ours.defaults} == dict(ours.defaults)


def test_every_layer_with_parameters_or_sizes_is_sampled() -> None:
    sampled = {next(iter(entry)) for entry, _ in PYTORCH_CASES}

    assert set(KINDS) <= sampled
    for name in set(LAYERS) - set(KINDS):  # activations, dropout, Flatten, Identity: nothing to learn, shape kept
        assert _parameters(getattr(nn, name)()) == 0
        assert count_model(ModelSpec(framework="pytorch", input_shape=[3, 4], layers=[name])).total == 0
