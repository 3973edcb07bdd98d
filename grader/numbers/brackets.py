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
    """For each position of `text`, whether a bracket opened before it on its line, closed later on that line
    and not a Keras shape, encloses it. A bracket never closed on its line is a slip (`\\left(` without
    `\\right)`), not an aside. Two passes, so that a long line of brackets costs no more than its length."""
    closed = _closed(text)
    inside = [False] * len(text)
    opened: list[bool] = []  # for each bracket open on this line: whether it is an aside
    asides = 0
    for index, char in enumerate(text):
        inside[index] = asides > 0
        if char == "\n":
            opened.clear()
            asides = 0
        elif char == "(":
            aside = index in closed and _KERAS_SHAPE.match(text, index + 1) is None
            opened.append(aside)
            asides += aside
        elif char == ")" and opened:
            asides -= opened.pop()
    return inside


def _closed(text: str) -> set[int]:
    """Where the brackets that close on their own line open."""
    closed: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "\n":
            opened.clear()
        elif char == "(":
            opened.append(index)
        elif char == ")" and opened:
            closed.add(opened.pop())
    return closed


_KERAS_SHAPE = re.compile(r"\s*None")


def in_keras_shape(text: str, start: int) -> bool:
    """Whether `start` lies inside a Keras shape `(None, ...)`."""
    opening = text.rfind("(", 0, start)
    return opening >= 0 and ")" not in text[opening:start] and _KERAS_SHAPE.match(text, opening + 1) is not None
