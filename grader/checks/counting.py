"""A check's model, counted once per spec, and the layers a check names (`layers:`, `layer:`): what the
`params`, `shape` and `receptive_field` checks share."""

from __future__ import annotations

import json
from functools import lru_cache

from grader.errors import ModelError
from grader.params.model import Layer, ModelCount, count_layers, read_layers
from grader.params.spec import ModelSpec


class LayerSelectionError(ValueError):
    """`layers:` names layers the model does not have."""


def counted(
    model: str | ModelSpec, which: int | str | list[int | str]
) -> tuple[list[Layer], tuple[int | None, ...], ModelCount, list[int]]:
    """A check's model counted (once per spec), with the indexes of the layers `which` names: the bound
    layers, the input shape, the count and the selection. Raises ModelError (an unknown model name is
    reported by `validate`) or LayerSelectionError."""
    if not isinstance(model, ModelSpec):
        raise ModelError([])
    return _counted(model.model_dump_json(), json.dumps(which))


@lru_cache(maxsize=64)
def _counted(spec_json: str, layers_json: str) -> tuple[list[Layer], tuple[int | None, ...], ModelCount, list[int]]:
    framework, layers, shape = read_layers(ModelSpec.model_validate_json(spec_json))
    count = count_layers(framework, layers, shape, {})
    return layers, shape, count, select(json.loads(layers_json), layers)


def select(which: int | str | list[int | str], layers: list[Layer]) -> list[int]:
    """The indexes `layers:` names. Raises LayerSelectionError."""
    if which == "all":
        return [layer.index for layer in layers]
    items = which if isinstance(which, list) else [which]
    chosen: list[int] = []
    for item in items:
        if isinstance(item, int):
            if not -len(layers) <= item < len(layers):
                raise LayerSelectionError(
                    f"layer {item} does not exist: the model has {len(layers)} layers (0 to {len(layers) - 1})"
                )
            chosen.append(item % len(layers))
        elif ":" in item:
            start, _, end = item.partition(":")
            try:
                span = range(len(layers))[slice(int(start) if start else None, int(end) if end else None)]
            except ValueError:
                raise LayerSelectionError(f"{item!r} is not a range such as 1:3") from None
            if not span:
                raise LayerSelectionError(f"the range {item!r} holds no layer")
            chosen.extend(span)
        else:
            named = [layer.index for layer in layers if item in (layer.name, layer.type)]
            if not named:
                names = ", ".join(layer.name for layer in layers)
                raise LayerSelectionError(f"no layer named or of type {item!r}; the layers are {names}")
            chosen.extend(named)
    return sorted(set(chosen))


def layer_index(model: ModelSpec | str, layer: int | str) -> int:
    """The index of the one layer `layer` names. Raises LayerSelectionError when it names none or several."""
    layers, _, _, selected = counted(model, layer)
    if len(selected) != 1:
        names = ", ".join(layers[i].name for i in selected)
        raise LayerSelectionError(f"{layer!r} names {len(selected)} layers ({names}): name one")
    return selected[0]
