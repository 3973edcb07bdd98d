"""Name the counting mistake behind a wrong parameter count.

Each known misconception is applied to the model (one layer at a time, or to every selected layer for a
missing bias) and the count it leads to is computed with the same calculator. A student's number that
matches one of them is that mistake; a number that several misconceptions produce is reported with all
of them, never as one guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from grader.errors import ModelError
from grader.params.base import Tweak
from grader.params.model import Layer, LayerCount, ModelCount, count_layers

RECURRENT = {"SimpleRNN", "LSTM", "GRU", "RNN", "VanillaRNN"}
WITH_BIAS = RECURRENT | {
    "Dense", "Linear", "Bidirectional", "TimeDistributed",
    "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D",
    "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D", "MultiHeadAttention",
    "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "MultiheadAttention",
}  # fmt: skip


@dataclass(frozen=True)
class Misconception:
    """A counting mistake, the count it leads to, and what the student should have done."""

    kind: str
    value: int
    computed: str  # the wrong count's formula over the selected layers
    explanation: str


def candidates(
    framework: str,
    layers: list[Layer],
    shape: tuple[int | None, ...],
    selected: Sequence[int],
    time_steps: Sequence[int] = (),
) -> list[Misconception]:
    """Every misconception's count over the selected layers, in a stable order, without the correct count."""
    right = count_layers(framework, layers, shape, {})
    expected = right.select(selected)
    found: list[Misconception] = []

    def add(kind: str, tweaks: dict[int, Tweak], explanation: str) -> None:
        try:
            wrong = count_layers(framework, layers, shape, tweaks)
        except ModelError:
            return
        value = wrong.select(selected)
        if value != expected:
            found.append(Misconception(kind, value, _formula(wrong, selected), explanation))

    for index in selected:
        layer, counted = layers[index], right.layers[index]
        _layer_misconceptions(framework, layers, right, layer, counted, add)
    for index in selected:
        found += _biases_per_input(framework, layers, shape, right, index, expected)
    with_bias = [i for i in selected if layers[i].type in WITH_BIAS]
    if len(with_bias) > 1:
        add("bias-missing", dict.fromkeys(with_bias, Tweak(bias="none")), "Every layer has biases; they are missing.")
    for steps in sorted({*time_steps, *_lengths(shape)}):
        if steps > 1:
            found.append(
                Misconception(
                    "times-steps",
                    expected * steps,
                    f"{steps} × {expected:,} = {expected * steps:,}",
                    f"The count was multiplied by {steps} time steps, but the same weights are used at every step: "
                    "parameters do not grow with the length of the sequence.",
                )
            )
    return found


Add = Callable[[str, dict[int, Tweak], str], None]


def _layer_misconceptions(
    framework: str, layers: list[Layer], right: ModelCount, layer: Layer, counted: LayerCount, add: Add
) -> None:
    index, kind = layer.index, layer.type
    inner = layer.inner[0] if layer.inner else None
    core = inner or kind
    label = _label(layer)
    correct = f"{counted.formula} = {counted.params:,}"
    if kind in WITH_BIAS and core != "Embedding":
        add("bias-missing", {index: Tweak(bias="none")}, f"The biases of {label} are missing: {correct}.")
    if core in ("MultiheadAttention", "MultiHeadAttention"):
        add("bias-missing", {index: Tweak(bias="no-output-bias")},
            f"The bias of {label}'s output projection is missing: {correct}.")  # fmt: skip
        add("bias-missing", {index: Tweak(bias="no-input-bias")},
            f"The biases of {label}'s query, key and value projections are missing: {correct}.")  # fmt: skip
    if core in ("SimpleRNN", "LSTM", "GRU") and framework == "keras":
        reset_after = core == "GRU" and (layer.inner[2] if layer.inner else layer.args).get("reset_after", True)
        if reset_after:
            add(
                "one-bias",
                {index: Tweak(bias="single")},
                f"Keras's GRU has reset_after=True by default: two bias vectors per gate. {label}: {correct}.",
            )
        else:
            add(
                "two-biases",
                {index: Tweak(bias="double")},
                f"Two biases per gate is PyTorch's convention (b_ih and b_hh); Keras has one. {label}: {correct}.",
            )
    if core in ("RNN", "LSTM", "GRU") and framework == "pytorch":
        add(
            "one-bias",
            {index: Tweak(bias="single")},
            f"One bias per gate is Keras's convention; PyTorch has two, b_ih and b_hh. {label}: {correct}.",
        )
    if core == "Embedding":
        add("bias-added", {index: Tweak(bias="added")}, f"An Embedding is a lookup table with no bias: {correct}.")
        for length in _lengths(counted.input):
            note = f"The input length ({length}) does not change an Embedding's count: it is one table, {correct}."
            add("embedding-input-length", {index: Tweak(length=length)}, note)
            add("embedding-input-length", {index: Tweak(input_size=length)}, note)
    if core == "LSTM":
        add(
            "wrong-gate-count",
            {index: Tweak(gates=3)},
            f"An LSTM has 4 weight sets (input, forget and output gates, and the candidate): {correct}.",
        )
    if core == "GRU":
        add(
            "wrong-gate-count",
            {index: Tweak(gates=4)},
            f"A GRU has 3 weight sets (update and reset gates, and the candidate): {correct}.",
        )
    if core in RECURRENT:
        add(
            "recurrent-missing",
            {index: Tweak(recurrent=False)},
            f"The recurrent (hidden-to-hidden) weights of {label} are missing - they make it recurrent: {correct}.",
        )
    if kind == "Bidirectional" or (framework == "pytorch" and layer.args.get("bidirectional")):
        add(
            "bidirectional-not-doubled",
            {index: Tweak(single_direction=True)},
            f"{label} holds two copies of its weights, one per direction: {correct}.",
        )
    _input_misconceptions(layers, right, layer, counted, label, correct, add)


PER_OUTPUT_BIAS = {"Dense", "Linear", "Conv1D", "Conv2D", "Conv3D", "Conv1d", "Conv2d", "Conv3d"}


def _biases_per_input(
    framework: str, layers: list[Layer], shape: tuple[int | None, ...], right: ModelCount, index: int, expected: int
) -> list[Misconception]:
    """A Dense or convolution layer counted with its weights right and one bias per input feature or channel
    instead of one per output (`3·3·32·64 + 32` for Conv2D(64) on 32 channels)."""
    layer, counted = layers[index], right.layers[index]
    inputs = counted.input[-1] if counted.input else None
    if layer.type not in PER_OUTPUT_BIAS or not inputs:
        return []
    try:
        weights = count_layers(framework, layers, shape, {index: Tweak(bias="none")}).layers[index].params
    except ModelError:
        return []
    biases = counted.params - weights
    value = expected - counted.params + weights + inputs
    if biases <= 0 or inputs == biases or value == expected:
        return []
    label, correct = _label(layer), f"{counted.formula} = {counted.params:,}"
    return [
        Misconception(
            "bias-miscounted",
            value,
            f"{weights:,} + {inputs:,} = {weights + inputs:,}",
            f"The weights of {label} are right, but it has one bias per output ({biases:,}), not one per input "
            f"({inputs:,}): {correct}.",
        )
    ]


def _input_misconceptions(
    layers: list[Layer], right: ModelCount, layer: Layer, counted: LayerCount, label: str, correct: str, add: Add
) -> None:
    index = layer.index
    if not counted.input or counted.input[-1] is None or layer.type in ("Embedding",):
        return
    actual = counted.input[-1]
    before = right.layers[index - 1] if index > 0 else None
    source = f"the {actual}-dimensional output of {_label(layers[before.index])}" if before else "the model's input"
    if before is not None and _doubles(layers[before.index]):
        add(
            "next-not-doubled",
            {index: Tweak(input_size=actual // 2)},
            f"{label} receives the bidirectional layer's two directions concatenated, {actual} features "
            f"({actual // 2} per direction): {correct}.",
        )
    seen = {actual}
    for earlier in reversed(right.layers[: max(index - 1, 0)]):
        size = earlier.output[-1] if earlier.output else None
        if size is None or size in seen:
            continue
        seen.add(size)
        what = "the embedding size" if earlier.type == "Embedding" else f"the output size of {earlier.name}"
        add(
            "wrong-input-size",
            {index: Tweak(input_size=size)},
            f"{label} was counted with {size} inputs ({what}); it receives {source}: {correct}.",
        )
    first = right.layers[0].input[-1] if right.layers and right.layers[0].input else None
    if first is not None and first not in seen and index > 0:
        add(
            "wrong-input-size",
            {index: Tweak(input_size=first)},
            f"{label} was counted with {first} inputs (the model's input size); it receives {source}: {correct}.",
        )


def _doubles(layer: Layer) -> bool:
    if layer.type == "Bidirectional":
        return bool(layer.args.get("merge_mode", "concat") == "concat")
    return bool(layer.args.get("bidirectional"))


def _lengths(shape: tuple[int | None, ...]) -> list[int]:
    """A sequence length the input shape gives (token ids `(200,)`, steps `(200, 16)`)."""
    return [shape[0]] if shape and shape[0] is not None and len(shape) <= 2 and shape[0] > 1 else []


def _formula(count: ModelCount, selected: Sequence[int]) -> str:
    """`16 × 256 + 256 = 4,352`, or per layer `(16 × 256 + 256 = 4,352) + (256 × 1 + 1 = 257)`."""
    layers = [count.layers[i] for i in selected if count.layers[i].params]
    parts = [f"{layer.formula} = {layer.params:,}" for layer in layers]
    if len(parts) == 1:
        return parts[0]
    return " + ".join(f"({part})" for part in parts) + f" = {count.select(selected):,}"


def matching(value: int, found: list[Misconception]) -> list[Misconception]:
    """The misconceptions that give exactly `value`, one per kind and explanation."""
    unique: dict[tuple[str, str], Misconception] = {}
    for item in found:
        if item.value == value:
            unique.setdefault((item.kind, item.explanation), item)
    return list(unique.values())


MAIN_SIZE = ("units", "filters", "output_dim", "out_features", "hidden_size", "out_channels", "embedding_dim")


def _label(layer: Layer) -> str:
    """`Dense(256)`, `Bidirectional(LSTM(32))`: a layer as the question writes it."""

    def call(kind: str, args: dict[str, object]) -> str:
        size = next((args[key] for key in MAIN_SIZE if key in args), None)
        return f"{kind}({size})" if size is not None else kind

    if layer.inner:
        return f"{layer.type}({call(layer.inner[0], layer.inner[2])})"
    return call(layer.type, layer.args)
