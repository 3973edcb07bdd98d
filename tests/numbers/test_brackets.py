"""Brackets around a number: an aside in the prose, or a copied Keras shape."""

from __future__ import annotations

import pytest

from grader.numbers.brackets import in_brackets, in_keras_shape


def at(text: str, number: str) -> int:
    return text.rindex(number)


@pytest.mark.parametrize(
    ("text", "number", "aside"),
    [
        ("320 (288 weights + 32 biases)", "288", True),
        ("320 (288 weights + 32 biases)", "320", False),
        ("(a) first part, then 4352", "4352", False),
        ("weights (3 x 3 x 32) + (32 biases)", "32 biases", True),
        (r"r_0 = 1, \left( r = 1 + 2 = 8 ⇒ 8x8 pixels", "8x8", False),
        ("(unclosed on the line before\n4352", "4352", False),
        ("dense (Dense)   (None, 7744)", "7744", False),
        ("(from the summary (None, 7744))", "7744", True),
        ("(or 1 if " * 3000 + "9", "9", False),
        ("(or 1) " * 3000 + "(9)", "9", True),
    ],
    ids=[
        "working",
        "result-before",
        "closed-label",
        "open-after-closed",
        "left-open-is-a-slip",
        "other-line",
        "keras-shape",
        "shape-inside-aside",
        "thousands-left-open",
        "thousands-closed",
    ],
)
def test_in_brackets(text: str, number: str, aside: bool) -> None:
    assert in_brackets(text, at(text, number)) is aside


@pytest.mark.parametrize(
    ("text", "number", "shape"),
    [("dense (Dense)   (None, 7744)   991,232", "7744", True), ("(None, 7744)   991,232", "991,232", False),
     ("( None ,26, 26, 32)", "26", True), ("(7744, None)", "7744", False)],
    ids=["summary-row", "after-the-shape", "spaced", "none-last"],
)  # fmt: skip
def test_in_keras_shape(text: str, number: str, shape: bool) -> None:
    assert in_keras_shape(text, at(text, number)) is shape
