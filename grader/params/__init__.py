"""Parameter counts computed from a model's architecture, in Keras's, PyTorch's or the textbook's convention.

`spec` (the model spec) → `model` (layers bound, shapes flowing, counts) from the tables in `keras`,
`pytorch`, `textbook`; `code` reads a model written as code; `diagnose` names the counting mistake behind a
wrong number.
"""

from grader.params.model import LayerCount, ModelCount, count_model
from grader.params.spec import ModelSpec

__all__ = ["LayerCount", "ModelCount", "ModelSpec", "count_model"]
