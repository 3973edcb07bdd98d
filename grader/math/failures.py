"""Why a tree could not be evaluated at a point: the exceptions of `numeric`, apart so that `series` and
`calculus`, which `numeric` calls, can raise them without importing it back."""

from __future__ import annotations


class Undefined(Exception):
    """The tree has no real value at this point (division by zero, log of a negative number)."""


class NeedsReals(Exception):
    """Exact evaluation met a transcendental function or a constant: evaluate with reals instead."""


class ShapeMismatch(Exception):
    """Sizes that do not fit together (a 3-vector times a 6-vector)."""


class Unsupported(Exception):
    """The tree cannot be evaluated numerically at all."""
