"""Sizes a rubric writes as plain text, read without the math engine: a tuple of whole numbers `(13, 13, 32)`,
or a whole number or product of them `11 * 11 * 64`. Cheap enough to decide, before any check runs, which
parts may carry an error forward (grader/grading.py)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.models.checks import Check

_TUPLE = re.compile(r"\s*[(\[]\s*(\d+(?:\s*,\s*\d+)+)\s*[)\]]\s*")
_PRODUCT = re.compile(r"\s*(\d+(?:\s*[*×x·]\s*\d+)*)\s*")


def tuple_sizes(text: str) -> tuple[int, ...] | None:
    """A tuple of whole numbers written `(26, 26, 32)` or `[26, 26, 32]`, or None."""
    found = _TUPLE.fullmatch(text)
    return tuple(int(size) for size in found.group(1).split(",")) if found else None


def product_value(text: str) -> int | None:
    """A whole number or a product of them written `7744` or `11 * 11 * 64`, or None."""
    found = _PRODUCT.fullmatch(text)
    return math.prod(int(size) for size in re.split(r"[*×x·]", found.group(1))) if found else None


def sized(check: Check) -> tuple[int, ...] | None:
    """The sizes a part asks for as plain text: an `expression` part's tuple, a `number` part's whole number or
    product (`11 * 11 * 64` is (7744,)); None for any other part."""
    if check.type == "expression":
        return tuple_sizes(check.expected)
    if check.type == "number":
        value = product_value(str(check.expected))
        return (value,) if value else None
    return None
