"""A check's model, counted once per spec, the layers a check names (`layers:`, `layer:`), and the rubric
checks on both: what the `params`, `shape` and `receptive_field` checks share."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from grader.errors import GraderError, ModelError
from grader.math.arith import Number, evaluate_text, number_of
from grader.models.rubric import Mistake
from grader.params.model import Layer, ModelCount, count_layers, read_layers
from grader.params.spec import ModelSpec

Problems = list[tuple[str, str]]  # (where in the part, what is wrong), as a check's `validate` returns them


class LayerSelectionError(ValueError):
    """`layers:` names layers the model does not have."""


def model_problems(model: str | ModelSpec, layer_field: str, count: Callable[[], object]) -> Problems:
    """What keeps a check's model from being counted: a name `models:` does not define, a spec that cannot be
    counted, layers (at `layer_field`) the model does not have; `count` does the counting."""
    if isinstance(model, str):
        return [("check.model", f"no model named {model!r}: define it under `models:` or write the spec here")]
    try:
        count()
    except ModelError as error:
        return [(f"check.model.{problem.path}", problem.message) for problem in error.problems]
    except LayerSelectionError as error:
        return [(layer_field, str(error))]
    return []


def mistake_value(mistake: Mistake) -> Number:
    """The number a known mistake's `answer` states (a count or an expression of one)."""
    answer = mistake.answer
    return evaluate_text(answer) if isinstance(answer, str) else number_of(answer)


def number_mistake_problems(mistakes: Sequence[Mistake]) -> Problems:
    """Known mistakes whose answer is not a number."""
    problems = []
    for index, mistake in enumerate(mistakes):
        try:
            mistake_value(mistake)
        except GraderError as error:
            problems.append((f"mistakes[{index}].answer", f"not a number: {error}"))
    return problems


def partial_problems(partial: Iterable[tuple[str, float]], points: float, hint: str = "") -> Problems:
    """Partial credit (`check.partial.items()`) that is not partial: as many points as the part has, or more
    (`hint` says what to do instead)."""
    return [
        (f"check.partial.{kind}", f"gives {given} points, not less than the part's {points}{hint}")
        for kind, given in partial
        if given >= points
    ]


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
