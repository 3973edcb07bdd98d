"""The textbook vanilla RNN of the seed assignment: input→hidden, hidden→hidden and hidden→output weights,
a bias on the hidden and on the output layer. Its count does not depend on how many steps it is unrolled."""

from __future__ import annotations

from typing import Any

from grader.params.base import Counted, LayerKind, Shape, Signature, Tweak, features, flag, positive


def _vanilla(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    hidden, output = positive(args, "hidden_size", "VanillaRNN"), positive(args, "output_size", "VanillaRNN")
    inputs = tweak.input_size or features(shape, "VanillaRNN")
    bias = flag(args, "bias", "VanillaRNN") and tweak.bias != "none"
    recurrent = hidden * hidden if tweak.recurrent else 0
    params = inputs * hidden + recurrent + output * hidden + ((hidden + output) if bias else 0)
    terms = [f"{inputs} × {hidden}"] + ([f"{hidden} × {hidden}"] if tweak.recurrent else [])
    terms += [f"{hidden}"] if bias else []
    terms += [f"{hidden} × {output}"] + ([f"{output}"] if bias else [])
    return Counted(params, " + ".join(terms), (*shape[:-1], output))


LAYERS: dict[str, LayerKind] = {
    "VanillaRNN": LayerKind(
        Signature(("hidden_size", "output_size", "bias"), frozenset(), {"bias": True}, ("hidden_size", "output_size")),
        _vanilla,
    )
}
ALIASES: dict[str, str] = {}
