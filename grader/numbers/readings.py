"""Other readings of the text of one number: `8x8` may be 64 or a side of 8, `10 × 12` 120 or a shape, `20.362`
in a count 20,362 (dots grouping thousands). The check judges each; a reading that would earn more goes to a
grader, but for a square whose side is the answer asked for."""

from __future__ import annotations

import re
from fractions import Fraction

from grader.math.arith import Number

GROUPED = "a dot grouping thousands"  # how a count's `20.362` read as 20,362 is described


def square_side(source: str) -> Fraction | None:
    """The side of a square written as a product of two equal sizes (`8x8`, `8 × 8`, or ending a chain:
    `(6+2)×(6+2) = 8×8`), else None."""
    square = re.fullmatch(r"(\d+)×\1", source.replace(" ", "").rpartition("=")[2])
    return Fraction(int(square.group(1))) if square else None


_WINDOW = re.compile(r"(\d+)\s*[x×*·✕]\s*\1")


def window_side(source: str) -> int | None:
    """The side of a square window as written (`8x8`, `8 × 8`, `8*8`, or ending a chain: `(6+2)×(6+2) = 8×8`):
    what a receptive field asked along one side reads it as; None for anything else."""
    square = _WINDOW.fullmatch(source.rpartition("=")[2].strip())
    return int(square.group(1)) if square else None


def other_readings(source: str, is_equation: bool, counts: bool) -> tuple[tuple[Number, str], ...]:
    """Other readings of the same text: `8x8` may be 64 or a side of 8, `10 × 12` 120 or a shape's size; `20.362`,
    in a count, a decimal or 20,362 (also as the result of a chain, `1000 × 16 = 16.000`)."""
    compact = source.replace(" ", "")
    side = square_side(source) if not is_equation or "=" in source else None  # `8x8`, `(6+2)×(6+2) = 8×8`
    if side is not None:
        shown = compact.rpartition("=")[2] if is_equation else source
        return ((side, f"“{shown}” read as a side of {side}"),)
    sizes = re.fullmatch(r"(\d+)×(\d+)", compact)
    if sizes and not is_equation:  # `10 × 12` may be a shape (10 rows, 12 columns) rather than 120
        first, last = sizes.groups()
        return (
            (Fraction(int(first)), f"“{source}” read as a shape, its first size {first}"),
            (Fraction(int(last)), f"“{source}” read as a shape, its last size {last}"),
        )
    result = compact.rpartition("=")[2] if is_equation else compact  # `1000 × 16 = 16.000`: its result
    decimal = re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", result)
    if decimal and counts:
        grouped = Fraction(int(result.replace(".", "")))
        return ((grouped, f"“{source}” read as {int(grouped):,} ({GROUPED})"),)
    return ()
