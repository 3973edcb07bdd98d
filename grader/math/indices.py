"""Index arithmetic in subscripts: `f_{t-j}` with j = 2 is `f_{t-2}`, and with t = 5 too it is `f_3`.

The parser writes a subscript that is index arithmetic in one canonical spelling (`c_{t - 1}`, `c_{-1+t}` and
`cₜ₋₁` are all `t-1`): whole multiples of single letters, sorted, then a whole constant. This module reads
such a spelling back as a linear form, substitutes whole numbers or other linear forms for its letters and
spells the result the way the parser would, so that a member of an indexed family named through a sum's
index (`f_j` at j = t-1) is the very symbol written out elsewhere (`f_{t-1}`). A subscript that is a label
(`W_{xh}`) is not index arithmetic; whether it mentions a letter is all that is asked of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from grader.math.nodes import Name

_TERM = re.compile(r"([+-]?)(\d*)([A-Za-z]?)")
_DERIVATIVE = "\\frac{∂"


@dataclass(frozen=True)
class Linear:
    """`sum(coefficient * letter) + constant`, with whole coefficients and constant."""

    coefficients: Mapping[str, int]
    constant: int = 0

    def plus(self, other: Linear, factor: int = 1) -> Linear:
        """self + factor * other."""
        merged = dict(self.coefficients)
        for letter, coefficient in other.coefficients.items():
            merged[letter] = merged.get(letter, 0) + factor * coefficient
        return Linear({k: v for k, v in merged.items() if v}, self.constant + factor * other.constant)

    def substitute(self, values: Mapping[str, Linear]) -> Linear:
        """The form with each letter of `values` replaced by its form."""
        result = Linear({k: v for k, v in self.coefficients.items() if k not in values}, self.constant)
        for letter, coefficient in self.coefficients.items():
            if letter in values:
                result = result.plus(values[letter], coefficient)
        return result

    def text(self) -> str:
        """The parser's canonical spelling: `t-1`, `-k+t+1`, `2t`, `0`."""
        text = ""
        for letter in sorted(self.coefficients):
            coefficient = self.coefficients[letter]
            if coefficient == 0:
                continue
            magnitude = "" if abs(coefficient) == 1 else str(abs(coefficient))
            text += ("-" if coefficient < 0 else "+" if text else "") + magnitude + letter
        if self.constant or not text:
            text += ("-" if self.constant < 0 else "+" if text else "") + str(abs(self.constant))
        return text


def number(value: int) -> Linear:
    """A constant form."""
    return Linear({}, value)


def linear(text: str) -> Linear | None:
    """The linear form of a canonical subscript such as `t-1` or `-j+t`, or None for a label such as `xh`."""
    if not text:
        return None
    coefficients: dict[str, int] = {}
    constant = 0
    position = 0
    while position < len(text):
        match = _TERM.match(text, position)
        if match is None or match.end() == position or (position and not match.group(1)):
            return None
        sign, digits, letter = match.groups()
        if not digits and not letter:
            return None
        size = (-1 if sign == "-" else 1) * (int(digits) if digits else 1)
        if letter:
            coefficients[letter] = coefficients.get(letter, 0) + size
        else:
            constant += size
        position = match.end()
    return Linear({k: v for k, v in coefficients.items() if v}, constant)


def substitute_subscript(text: str, values: Mapping[str, Linear]) -> tuple[str, frozenset[str]]:
    """The subscript with the letters of `values` replaced, each comma-separated part (`i,j`) on its own, and
    the letters of `values` that parts which are not index arithmetic (labels) mention, left as they are."""
    parts = []
    stuck: set[str] = set()
    for part in text.split(","):
        form = linear(part)
        if form is None:
            stuck |= {letter for letter in values if letter in part}
            parts.append(part)
        else:
            parts.append(form.substitute(values).text())
    return ",".join(parts), frozenset(stuck)


def mentions(name: Name, letter: str) -> bool:
    """Whether a symbol's name may depend on `letter`: it is the letter, or its subscript or the inside of a
    derivative name has it (conservatively: anywhere)."""
    if name.base == letter:
        return True
    if name.sub is not None and letter in name.sub:
        return True
    return name.base.startswith(_DERIVATIVE) and letter in name.base[len(_DERIVATIVE) :]


def substitute_name(name: Name, values: Mapping[str, Linear]) -> tuple[Name, frozenset[str]]:
    """`name` with the letters of `values` replaced in its subscript, and the letters it mentions where they
    cannot be replaced (a label such as `xh`, the inside of a derivative name): those are left as they are."""
    stuck: frozenset[str] = frozenset()
    if name.base.startswith(_DERIVATIVE):
        stuck = frozenset(letter for letter in values if letter in name.base[len(_DERIVATIVE) :])
    if name.sub is None:
        return name, stuck
    sub, unreplaced = substitute_subscript(name.sub, values)
    return replace(name, sub=sub), stuck | unreplaced
