"""Decide whether two resolved expressions (or equations) are the same, with a three-way verdict.

Layers, cheapest first:
1. the canonical trees are identical, or their normal forms are (the same terms in another order);
2. evaluation at random points (exact fractions where possible, else 40-digit real numbers): one point
   where they differ proves `not_equivalent`; agreement at every point is `equivalent` (in exact
   arithmetic a nonzero difference of polynomials and quotients vanishes at random points with
   negligible probability; with real functions, agreement at 6 points to 30 significant digits:
   |a - b| <= 10^-30 * max(1, |a|, |b|), `numeric.AGREEMENT_DIGITS`).
   Polynomials and quotients with exponents too large for that (`(x-a)^6000`) are evaluated modulo
   random primes near 2^61 instead (see `modular`): a differing residue proves `not_equivalent`,
   agreement for every prime is `equivalent` (Schwartz–Zippel: a false agreement has probability below
   10^-40). Sums and products over a range are written out term by term (see `series`); the letters of
   their bounds take whole values, each of 1..5 and then larger ones, the same in both trees: agreement
   at every sampled value (other symbols random) is `equivalent`, one disagreement is `not_equivalent`;
3. only when numbers cannot evaluate the math at all (a construct the evaluator does not support), a
   symbolic proof with SymPy under a soft budget (`expand`, then `simplify`). Math that is undefined in
   the reals at almost every point, or too large to evaluate, is left to a human: a symbolic identity
   over the complex numbers says nothing about a real-valued answer.
`undetermined` (no usable points, sizes that do not fit, an unsupported construct) is never a guess:
the caller sends the answer to a human.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from grader.errors import GraderError
from grader.math.caps import LARGE_DEGREE, MAX_ATTEMPTS, MAX_NUMERIC_EXPONENT
from grader.math.failures import NeedsReals, ShapeMismatch, Undefined, Unsupported
from grader.math.limits import BudgetExceeded, deadline
from grader.math.modular import DRAWS, agree_everywhere, degrees
from grader.math.nodes import BinOp, Node
from grader.math.normal import normal
from grader.math.numeric import Point, evaluate, values_equal
from grader.math.series import SMALL, index_letters, index_values

POINTS_NEEDED = 6
SERIES_POINTS = SMALL + 3  # with index letters: each of 1..SMALL, then three larger values
UNDEFINED_BEFORE_POSITIVE = 3
UNDEFINED_BEFORE_UNIT = 8
PROOF_BUDGET = 0.5


class Verdict(StrEnum):
    """Whether two pieces of math are the same."""

    EQUIVALENT = "equivalent"
    NOT_EQUIVALENT = "not_equivalent"
    UNDETERMINED = "undetermined"


@dataclass(frozen=True)
class Judgement:
    """A verdict and how it was reached."""

    verdict: Verdict
    how: str
    provable: bool = False  # numbers could not evaluate it, but a symbolic proof might

    @property
    def equivalent(self) -> bool:
        """Whether the verdict is `equivalent`."""
        return self.verdict is Verdict.EQUIVALENT


def same_expression(expected: Node, answer: Node, budget: float = PROOF_BUDGET) -> Judgement:
    """Whether `answer` equals `expected` for every value of the symbols.

    Verdicts are cached by the normal forms of the two trees, so each distinct form is judged once."""
    if expected == answer:
        return Judgement(Verdict.EQUIVALENT, "identical")
    return _same_expression(normal(expected), normal(answer), budget)


@lru_cache(maxsize=4096)
def _same_expression(expected: Node, answer: Node, budget: float) -> Judgement:
    if expected == answer:
        return Judgement(Verdict.EQUIVALENT, "the same terms in another order")

    large = _modular(expected, answer, _same_residues, points=1)
    if large is not None:
        return large

    def agree(point: Point) -> bool:
        return values_equal(evaluate(expected, point), evaluate(answer, point))

    letters = index_letters(expected) | index_letters(answer)
    sampled = _sample(agree, _salt(expected, answer), letters=letters)
    if not sampled.provable:
        return sampled
    proof = _prove(lambda engine: engine.build(expected) - engine.build(answer), budget)
    return proof or sampled


def same_equation(expected: tuple[Node, Node], answer: tuple[Node, Node], budget: float = PROOF_BUDGET) -> Judgement:
    """Whether the equation `answer` says the same as `expected`: lhs − rhs equal up to a constant factor."""
    if expected == answer or expected == answer[::-1]:
        return Judgement(Verdict.EQUIVALENT, "identical")
    return _same_equation((normal(expected[0]), normal(expected[1])), (normal(answer[0]), normal(answer[1])), budget)


@lru_cache(maxsize=4096)
def _same_equation(expected: tuple[Node, Node], answer: tuple[Node, Node], budget: float) -> Judgement:
    if expected == answer or expected == answer[::-1]:
        return Judgement(Verdict.EQUIVALENT, "the same terms in another order")
    d_expected = BinOp("-", *expected)
    d_answer = BinOp("-", *answer)
    large = _modular(d_expected, d_answer, _proportional_residues, points=2)
    if large is not None:
        return large
    ratio: list[Any] = []

    def agree(point: Point) -> bool:
        a, b = evaluate(d_expected, point), evaluate(d_answer, point)
        if not ratio:
            k = _ratio(a, b)
            if k is None:
                return values_equal(a, b)  # both sides zero here: no ratio yet
            if k == 0:
                return False
            ratio.append(k)
        return values_equal(a, _scale(b, ratio[0]))

    letters = index_letters(d_expected) | index_letters(d_answer)
    sampled = _sample(agree, _salt(expected, answer), reset=ratio.clear, letters=letters)
    if not sampled.provable:
        return sampled
    for sign in (1, -1):

        def difference(engine: Any, sign: int = sign) -> Any:
            return engine.build(d_expected) - sign * engine.build(d_answer)

        proof = _prove(difference, budget)
        if proof:
            return proof
    return sampled


def _modular(
    expected: Node, answer: Node, same: Callable[[list[tuple[int, ...]], int], bool], points: int
) -> Judgement | None:
    """The verdict modulo large primes for rational functions too large to evaluate exactly, else None."""
    found = degrees(expected), degrees(answer)
    if found[0] is None or found[1] is None:
        return None
    exponent = max(found[0].exponent, found[1].exponent)
    if exponent <= MAX_NUMERIC_EXPONENT and max(found[0].total, found[1].total) <= LARGE_DEGREE:
        return None  # small enough for exact evaluation at rational points
    agreed = agree_everywhere((expected, answer), same, points, _salt(expected, answer))
    if agreed is None:
        return Judgement(Verdict.UNDETERMINED, "a denominator vanishes at most random points")
    if not agreed:
        return Judgement(Verdict.NOT_EQUIVALENT, "differs at a random point, exactly modulo a prime near 2^61")
    return Judgement(Verdict.EQUIVALENT, f"equal at random points modulo {DRAWS} random primes near 2^61, exactly")


def _same_residues(found: list[tuple[int, ...]], prime: int) -> bool:
    return all(a == b for a, b in found)


def _proportional_residues(found: list[tuple[int, ...]], prime: int) -> bool:
    """Whether the residues of two sides (lhs − rhs of two equations) fit a nonzero constant ratio."""
    if any((a == 0) != (b == 0) for a, b in found):
        return False
    return all(a1 * b2 % prime == a2 * b1 % prime for (a1, b1), (a2, b2) in itertools.pairwise(found))


def _ratio(a: Any, b: Any) -> Any:
    import numpy as np

    pairs = zip(np.atleast_1d(a).flat, np.atleast_1d(b).flat, strict=False)
    for x, y in pairs:
        if y != 0:
            return x / y
    return None


def _scale(value: Any, factor: Any) -> Any:
    return value * factor


def _salt(*trees: object) -> int:
    """A seed for the random points that depends on the pair compared: the points are reproducible,
    yet an answer cannot be tuned to a fixed, publicly known set of points."""
    return int.from_bytes(hashlib.sha256(repr(trees).encode()).digest()[:6], "big") * 1000


def _sample(
    agree: Callable[[Point], bool],
    salt: int,
    reset: Callable[[], None] | None = None,
    letters: frozenset[str] = frozenset(),
) -> Judgement:
    """Agreement at random points. The index `letters` (those of sums' bounds) take whole values: each of
    1..SMALL once, then larger ones (see `series`), so more points are needed."""
    agreed = undefined = 0
    exact = True
    attempt = 0
    problem = "it cannot be evaluated at most random points"
    needed = SERIES_POINTS if letters else POINTS_NEEDED
    seen: dict[str, set[int]] = {letter: set() for letter in letters}
    while attempt < MAX_ATTEMPTS:
        attempt += 1
        # Where the math is undefined for negative values (log, sqrt), keep to positive ones.
        # Where the math is defined only between 0 and 1 (asin, atanh), keep to that.
        positive = undefined >= UNDEFINED_BEFORE_POSITIVE
        unit = undefined >= UNDEFINED_BEFORE_UNIT
        indices = index_values(letters, salt, attempt)
        point = Point(
            seed=salt + attempt,
            exact=exact,
            small=not exact or attempt % 2 == 1,
            positive=positive,
            unit=unit,
            indices=indices,
        )
        try:
            same = agree(point)
        except NeedsReals:
            if not exact:  # pragma: no cover - real evaluation never asks for reals
                raise
            exact, agreed, attempt = False, 0, 0
            if reset:
                reset()
            continue
        except Undefined as error:
            problem = f"it cannot be evaluated at most random points ({error})"
            undefined += 1
            continue
        except ShapeMismatch as error:
            return Judgement(Verdict.UNDETERMINED, f"the sizes of vectors or matrices do not fit together ({error})")
        except Unsupported as error:
            return Judgement(Verdict.UNDETERMINED, f"cannot be evaluated: {error}", provable=True)
        except GraderError as error:
            return Judgement(Verdict.UNDETERMINED, f"cannot be evaluated: {error}")
        except (ArithmeticError, ValueError, TypeError) as error:
            return Judgement(Verdict.UNDETERMINED, f"cannot be evaluated: {error}")
        if same and point.uninformative:  # `σ(huge) = tanh(huge) = 1`: no evidence either way
            problem = "it is flat (σ or tanh at their limits) at most random points"
            undefined += 1
            continue
        if not same:
            where = ", ".join(f"{letter} = {value}" for letter, value in indices.items())
            return Judgement(Verdict.NOT_EQUIVALENT, "differs at a random point" + (f" with {where}" if where else ""))
        agreed += 1
        for letter, value in indices.items():
            seen[letter].add(value)
        if agreed >= needed:
            mode = "exactly" if exact else "to 30 digits"
            tried = "; ".join(f"{letter} = {', '.join(map(str, sorted(seen[letter])))}" for letter in sorted(seen))
            return Judgement(
                Verdict.EQUIVALENT, f"equal at {agreed} random points, {mode}" + (f", with {tried}" if tried else "")
            )
    return Judgement(Verdict.UNDETERMINED, problem)


def _prove(difference: Callable[[Any], Any], budget: float) -> Judgement | None:
    """A proof that the difference is 0 within `budget` seconds, or None."""
    from grader.math import sym

    try:
        with deadline(budget):
            if sym.proves_zero(difference(sym)):
                return Judgement(Verdict.EQUIVALENT, "proved symbolically")
    except (BudgetExceeded, GraderError, RecursionError):
        return None
    except Exception:  # SymPy fails on odd input in many ways; a failed proof is no proof
        return None
    return None
