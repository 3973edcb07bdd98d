"""Polynomial identities with huge exponents, decided exactly modulo large random primes.

`(x-a)^6000` against `(a-x)^6000` has integers of thousands of digits at any rational point, too large for
the evaluator of `numeric`. When both sides are rational functions of their symbols with rational
coefficients (numbers, symbols, `+ - * /` elementwise, and powers whose exponents are whole constants of
at most `MAX_EXPONENT`), each side is evaluated at random integer points modulo a random prime p near
2^61 instead: powers with `pow(base, e, p)`, so no number larger than p² is ever formed, whatever the
exponent. Matrix products, concatenations, functions (σ, exp, ...), constants and symbolic exponents are
not in this class; such math is left to the other layers as before.

Why a verdict is sound:

- A residue that differs proves that the two values differ at that point (both sides are evaluated
  exactly, and equal rationals have equal residues): `not_equivalent` is certain.
- If the two sides differ as rational functions, the numerator of their difference is a nonzero
  polynomial of degree d at most twice `MAX_DEGREE` (bounded from the trees). By Schwartz–Zippel it
  vanishes at a random point modulo p with probability at most d/p < 10^-10, unless p divides all of its
  coefficients; for math of at most 1,500 tokens with 40-digit numbers those have at most a few billion
  bits, so fewer than 10^8 of the ~10^16 primes near 2^61 divide them all, and a prime drawn at random
  does with probability below 10^-8. `DRAWS` independent draws, each with a fresh prime and point, all
  agree by accident with probability below 10^-40.
- A point where a denominator vanishes modulo p says nothing; it is drawn again.

The primes and points are seeded by the pair compared, like the points of `numeric`: reproducible, yet
not a fixed public set an answer could be tuned to.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from grader.errors import GraderError
from grader.math.arith import evaluate as constant_value
from grader.math.caps import MAX_DEGREE, MAX_EXPONENT, MAX_REDRAWS
from grader.math.nodes import BinOp, Name, Neg, Node, Num, ValueKind, Var

DRAWS = 5
PRIME_BITS = 61
_WITNESSES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)  # decide primality exactly below 3.3·10^24


@dataclass(frozen=True)
class Degrees:
    """Bounds on the degrees of the numerator and the denominator of a rational function, and its largest
    exponent."""

    numerator: int
    denominator: int
    exponent: int = 0

    @property
    def total(self) -> int:
        """A bound on the degree of anything this function is compared with through its numerator."""
        return self.numerator + self.denominator


class _Outside(Exception):
    """The tree is not a rational function this module decides."""


def degrees(node: Node) -> Degrees | None:
    """Degree bounds of a tree that is a rational function of its symbols, or None if it is not one
    (or its degree is over `MAX_DEGREE`)."""
    try:
        return _degrees(node)
    except _Outside:
        return None


def _degrees(node: Node) -> Degrees:
    match node:
        case Num():
            return Degrees(0, 0)
        case Var(_, kind) if kind is not ValueKind.MATRIX:
            return Degrees(1, 0)
        case Neg(arg):
            return _degrees(arg)
        case BinOp("^", base, power):
            inner, e = _degrees(base), _exponent(power)
            up, down = (inner.numerator, inner.denominator) if e >= 0 else (inner.denominator, inner.numerator)
            return _checked(Degrees(abs(e) * up, abs(e) * down, max(abs(e), inner.exponent)))
        case BinOp(op, left, right) if op in ("+", "-", "*", "/"):
            a, b = _degrees(left), _degrees(right)
            largest = max(a.exponent, b.exponent)
            if op in ("+", "-"):
                top = max(a.numerator + b.denominator, b.numerator + a.denominator)
                return _checked(Degrees(top, a.denominator + b.denominator, largest))
            if op == "*":
                return _checked(Degrees(a.numerator + b.numerator, a.denominator + b.denominator, largest))
            return _checked(Degrees(a.numerator + b.denominator, a.denominator + b.numerator, largest))
    raise _Outside


def _exponent(node: Node) -> int:
    """A whole constant exponent of at most `MAX_EXPONENT`, computed with the caps of exact arithmetic."""
    try:
        value = constant_value(node)
    except (GraderError, ArithmeticError, ValueError):
        raise _Outside from None
    if not isinstance(value, Fraction) or value.denominator != 1 or abs(value) > MAX_EXPONENT:
        raise _Outside
    return int(value)


def _checked(found: Degrees) -> Degrees:
    if found.total > MAX_DEGREE:
        raise _Outside
    return found


class _Pole(Exception):
    """A denominator vanishes modulo p at this point."""


def residue(node: Node, values: Callable[[Name], int], prime: int) -> int:
    """The value of a rational-function tree modulo `prime`, each symbol taking `values(name)`.
    Raises _Pole where a denominator vanishes."""
    match node:
        case Num(text):
            number = Fraction(text)
            if number.denominator % prime == 0:
                raise _Pole
            return number.numerator * pow(number.denominator, -1, prime) % prime
        case Var(name, _):
            return values(name) % prime
        case Neg(arg):
            return -residue(arg, values, prime) % prime
        case BinOp("^", base, power):
            b, e = residue(base, values, prime), _exponent(power)
            if b == 0 and e < 0:
                raise _Pole
            return pow(b, e, prime)
        case BinOp(op, left, right):
            a, b = residue(left, values, prime), residue(right, values, prime)
            if op == "+":
                return (a + b) % prime
            if op == "-":
                return (a - b) % prime
            if op == "*":
                return a * b % prime
            if b == 0:
                raise _Pole
            return a * pow(b, -1, prime) % prime
    raise _Outside  # pragma: no cover - `degrees` admitted the tree


def is_prime(n: int) -> bool:
    """Miller–Rabin with the witnesses that make it exact for every n below 3.3·10^24."""
    if n < 2:
        return False
    for p in _WITNESSES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in _WITNESSES:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def random_prime(rng: random.Random) -> int:
    """A random prime between 2^60 and 2^61."""
    candidate = rng.randrange(2 ** (PRIME_BITS - 1), 2**PRIME_BITS) | 1
    while not is_prime(candidate):
        candidate += 2
    return candidate


@dataclass(frozen=True)
class Draw:
    """One prime and a way to give every symbol a random residue modulo it."""

    prime: int
    seed: int

    def point(self, index: int) -> Callable[[Name], int]:
        """The values of the symbols at the `index`-th point of this draw."""
        cache: dict[Name, int] = {}

        def value(name: Name) -> int:
            if name not in cache:
                cache[name] = random.Random(repr((self.seed, index, name))).randrange(self.prime)
            return cache[name]

        return value


def draws(salt: int) -> list[Draw]:
    """`DRAWS` independent primes, seeded by `salt`."""
    return [Draw(random_prime(random.Random(salt * 7919 + i)), salt * 7919 + i) for i in range(DRAWS)]


def residues(nodes: tuple[Node, ...], draw: Draw, index: int) -> tuple[int, ...] | None:
    """The residues of `nodes` at one point of `draw`, or None if a denominator vanishes there."""
    values = draw.point(index)
    try:
        return tuple(residue(node, values, draw.prime) for node in nodes)
    except _Pole:
        return None


def agree_everywhere(
    nodes: tuple[Node, ...], same: Callable[[list[tuple[int, ...]], int], bool], points: int, salt: int
) -> bool | None:
    """Whether `same(residues at `points` points, prime)` holds for every draw: True, False (one draw where
    it does not), or None when too many points hit a pole."""
    for draw in draws(salt):
        found: list[tuple[int, ...]] = []
        index = 0
        while len(found) < points:
            if index >= MAX_REDRAWS:
                return None
            values = residues(nodes, draw, index)
            index += 1
            if values is not None:
                found.append(values)
        if not same(found, draw.prime):
            return False
    return True
