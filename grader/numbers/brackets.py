"""Brackets around a number in prose: an aside (`320 (288 weights + 32 biases)`) or a Keras shape `(None, 7744)`."""

from __future__ import annotations

import re
from functools import lru_cache


def in_brackets(text: str, start: int) -> bool:
    """Whether `start` lies inside brackets opened in the prose on its line (not inside its own arithmetic). A
    Keras shape `(None, 7744)` is not an aside: a copied `model.summary()` row states it."""
    return start < len(text) and _asides(text)[start]


@lru_cache(maxsize=4)
def _asides(text: str) -> list[bool]:
    """For each position of `text`, whether a bracket opened before it on its line, not yet closed and not a
    Keras shape, encloses it: one pass, so that a long line of brackets costs no more than its length."""
    inside = [False] * len(text)
    opened: list[bool] = []  # for each bracket open on this line: whether it is an aside
    asides = 0
    for index, char in enumerate(text):
        inside[index] = asides > 0
        if char == "\n":
            opened.clear()
            asides = 0
        elif char == "(":
            aside = _KERAS_SHAPE.match(text, index + 1) is None
            opened.append(aside)
            asides += aside
        elif char == ")" and opened:
            asides -= opened.pop()
    return inside


_KERAS_SHAPE = re.compile(r"\s*None")


def in_keras_shape(text: str, start: int) -> bool:
    """Whether `start` lies inside a Keras shape `(None, ...)`."""
    opening = text.rfind("(", 0, start)
    return opening >= 0 and ")" not in text[opening:start] and _KERAS_SHAPE.match(text, opening + 1) is not None
