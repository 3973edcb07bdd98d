"""Parameter counts computed from a model's architecture, in Keras's, PyTorch's or the textbook's convention.

`spec` (the model spec) → `model` (layers bound, shapes flowing, counts) from the tables in `keras`,
`pytorch`, `textbook`; `code` reads a model written as code; `diagnose` names the counting mistake behind a
wrong number. The names below are imported when first used: a rubric model (`spec`) needs no layer table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.params.model import LayerCount, ModelCount, count_model
    from grader.params.spec import ModelSpec

_HOMES = {
    "LayerCount": "grader.params.model",
    "ModelCount": "grader.params.model",
    "count_model": "grader.params.model",
    "ModelSpec": "grader.params.spec",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module 'grader.params' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


__all__ = ["LayerCount", "ModelCount", "ModelSpec", "count_model"]
