"""The numbers found in an answer (`Candidate`, with its `Rank`), the one chosen (`Choice`), and what
may be read two ways (`Exclaimed`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from fractions import Fraction

from grader.errors import LimitError
from grader.math.arith import Number


class Rank(IntEnum):
    """How strongly the text marks a number as the student's result."""

    REJECTED = 0  # `(not 18,624)`
    ASIDE = 1  # in brackets after another number, or a condition such as `at x = 0`
    PLAIN = 2
    RESULT = 3  # the end of an equation, or followed by a unit word of the rubric
    LABELLED = 4  # `Total:`, `so`, `i.e.`, `→`, `Σ =`, `... in total`


class TooLarge(LimitError):
    """An answer holds arithmetic too large to evaluate; its result cannot be judged."""


@dataclass(frozen=True)
class Exclaimed:
    """The other reading of a number written with `!` at the end of a sentence (`24!`): as a factorial."""

    value: Number | None  # None: too large to compute
    source: str  # `24!`


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A number found in an answer: its value, the text it was read from, how it is marked, and other ways the
    same text can be read."""

    value: Number
    source: str
    rank: Rank
    position: int
    approximate: Fraction | None = None  # `≈1.05M`: its half-width (the value is within value ± this)
    strong: bool = False  # named the total or the answer in so many words
    note: str | None = None  # how it was read, when that is worth saying (`20.362 read as 20,362`)
    others: tuple[tuple[Number, str], ...] = ()  # other readings of the same text, each with how it was read
    exclaimed: Exclaimed | None = None
    hedged: bool = False  # followed by a question mark (`18624 too?`): the student is not sure
    concluded: bool = False  # introduced as a conclusion (`so`, `i.e.`, `which is`): what working leads to
    referred: bool = False  # a number the answer refers to (`for 5 steps`, `same as 18,816`), never its result
    offered: bool = False  # offered as another answer (`18,816 (or maybe 18,624)`, `or 18,624`)
    links: tuple[Number, ...] = ()  # the value of every link of the equation chain it ends (`a + b = c`)
    printed: bool = False  # the output of a console session (`>>> sum(p.numel() …)` then `320`)


@dataclass(frozen=True, kw_only=True)
class Choice:
    """The number picked as the answer, or why none can be (`candidate` None: the reason and whether the answer
    holds something a grader should read)."""

    candidate: Candidate | None = None
    reason: str = ""
    unreadable: bool = False  # digits or number words were there but could not be read or picked
    ambiguous: bool = False  # numbers were read, but which one is the answer cannot be told
    candidates: list[Candidate] = field(default_factory=list)
