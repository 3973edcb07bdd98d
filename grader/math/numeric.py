"""Evaluate resolved trees at random points, with real vector and matrix semantics.

Every vector symbol is a random vector, every matrix a random matrix whose shape follows from what it
multiplies (so `W·[h, x]` gets a matrix with twice as many columns as `W·h`), concatenation stacks,
and elementwise products and functions act per component. Sums and products over a range are written out
term by term first, with the point's whole values of the letters in their bounds (see `series`). Values
are exact fractions while only
arithmetic is involved (a polynomial identity is then decided exactly) and 40-digit mpmath numbers
once a transcendental function appears. Symbol values depend only on the name and the point, so two
trees evaluated at the same point see the same symbols.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from grader.math.caps import MAX_NUMERIC_EXPONENT, MAX_NUMERIC_FACTORIAL
from grader.math.failures import NeedsReals, ShapeMismatch, Undefined, Unsupported
from grader.math.nodes import (
    BinOp,
    Call,
    Component,
    Const,
    Diff,
    Func,
    Name,
    Neg,
    Node,
    Num,
    Transpose,
    ValueKind,
    Var,
    Vec,
)
from grader.math.printer import kind_of

DIMENSION = 3
DIGITS = 40  # working precision of real numbers (mpmath)
AGREEMENT_DIGITS = 30  # two reals agree when |a - b| <= 10^-30 * max(1, |a|, |b|): 10 digits kept for rounding

Value = Any  # a Fraction, an mpf, or a numpy object array of them


@dataclass
class Point:
    """One random point: the values every symbol takes, drawn on first use."""

    seed: int
    exact: bool
    small: bool = False
    positive: bool = False
    unit: bool = False  # values in (0, 1), for math defined only there (asin, atanh, log(1 - x))
    indices: Mapping[str, int] = field(default_factory=dict)  # whole values of the letters in sums' bounds
    cache: dict[tuple[object, ...], Value] = field(default_factory=dict)
    # values given to a squashing function (σ, tanh) that kept information, and those squashed flat: where
    # every one was squashed flat, σ(a) and tanh(b) both read 1 and agree whatever a and b are
    kept: int = 0
    flattened: int = 0

    @property
    def uninformative(self) -> bool:
        """Whether every squashing function evaluated at this point was flat: agreement here proves nothing."""
        return self.flattened > 0 and self.kept == 0

    def _rng(self, *key: object) -> random.Random:
        digest = hashlib.sha256(repr((self.seed, *key)).encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def _numbers(self, count: int, *key: object) -> list[Value]:
        """`count` nonzero fractions drawn for `key` at this point: one hash gives them all (a draw per number
        through `random` cost a quarter of an equivalence check)."""
        stream = hashlib.shake_128(repr((self.seed, *key)).encode()).digest(4 * count)
        draws = [int.from_bytes(stream[4 * i : 4 * i + 4], "big") for i in range(count)]
        if self.unit:
            values = [Fraction(1 + draw % 99, 100) for draw in draws]
        else:
            limit = (3 if self.small else 40) * 7
            values = []
            for draw in draws:
                spread, rest = (
                    (draw % limit, draw // limit) if self.positive else (draw % (2 * limit), draw // (2 * limit))
                )
                numerator = spread + 1 if self.positive else (spread - limit if spread < limit else spread - limit + 1)
                values.append(Fraction(numerator, 1 + rest % 7))
        return values if self.exact else [mpmath.mpf(value.numerator) / value.denominator for value in values]

    def scalar(self, name: Name) -> Value:
        key = ("scalar", name)
        if key not in self.cache:
            self.cache[key] = self._numbers(1, *key)[0]
        return self.cache[key]

    def vector(self, name: Name) -> Value:
        key = ("vector", name)
        if key not in self.cache:
            self.cache[key] = _array(self._numbers(DIMENSION, *key))
        return self.cache[key]

    def matrix(self, name: Name, rows: int, cols: int) -> Value:
        key = ("matrix", name, rows, cols)
        if key not in self.cache:
            self.cache[key] = _array(self._numbers(rows * cols, *key)).reshape(rows, cols)
        return self.cache[key]

    def function(self, name: Name) -> Callable[[Value], Value]:
        """A fixed smooth function standing for a declared function `f`."""
        rng = self._rng("function", name)
        a, b, c = (mpmath.mpf(rng.randint(1, 9)) / 7 for _ in range(3))

        def apply(x: Value) -> Value:
            if self.exact:
                raise NeedsReals
            return a * mpmath.sin(x + b) + c * x * x

        return apply


def _array(values: list[Value]) -> Value:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def evaluate(node: Node, point: Point) -> Value:
    """The value of a resolved tree at `point`."""
    from grader.math.series import has_series, instantiate

    if point.indices or has_series(node):
        node = instantiate(node, point.indices)
    with mpmath.workdps(DIGITS):
        return _Evaluator(point).value(node, (None, None))


Shape = tuple[int | None, int | None]


class _Evaluator:
    def __init__(self, point: Point) -> None:
        self.point = point

    def value(self, node: Node, shape: Shape) -> Value:
        match node:
            case Num(text):
                value = Fraction(text)
                return value if self.point.exact else mpmath.mpf(value.numerator) / value.denominator
            case Const(name):
                if self.point.exact:
                    raise NeedsReals
                return mpmath.pi if name == "pi" else mpmath.e
            case Var(name, ValueKind.SCALAR):
                return self.point.scalar(name)
            case Var(name, ValueKind.MATRIX):
                rows, cols = shape
                return self.point.matrix(name, rows or DIMENSION, cols or DIMENSION)
            case Var(name, _):
                return self.point.vector(name)
            case Neg(arg):
                return -self.value(arg, shape)
            case Vec(items):
                parts = [np.atleast_1d(self.value(item, (None, None))) for item in items]
                if any(part.ndim != 1 for part in parts):
                    raise ShapeMismatch("only vectors can be concatenated")
                return np.concatenate(parts)
            case Component(arg, index):
                raise Unsupported(f"an entry _{index} of a vector value: what {index} ranges over is not known")
            case Transpose(arg):
                inner = self.value(arg, (shape[1], shape[0]))
                return inner.T if isinstance(inner, np.ndarray) else inner
            case Func("norm", args, prime):
                return self.norm([self.value(arg, (None, None)) for arg in args], prime)
            case Func(name, args, prime):
                return self.function(name, [self.value(arg, shape) for arg in args], prime)
            case Call(name, (arg,)):
                return _elementwise(self.point.function(name), self.value(arg, shape))
            case Diff(arg, var):
                from grader.math.calculus import differentiate

                return self.value(differentiate(arg, var), shape)
            case BinOp("@", left, right):
                return self.matmul(left, right, shape)
            case BinOp(op, left, right):
                return self.arithmetic(op, self.value(left, shape), self.value(right, shape))
        raise Unsupported(f"cannot evaluate {type(node).__name__}")

    def norm(self, args: list[Value], prime: int) -> Value:
        """The Euclidean norm (Frobenius for a matrix) or, with a second argument 1, the 1-norm."""
        if prime:
            raise Unsupported("the derivative of a norm")
        order = args[1] if len(args) == 2 else 2
        if order not in (1, 2):
            raise Unsupported(f"the {order}-norm")
        cells = list(np.atleast_1d(args[0]).flat)
        if order == 1:
            return sum((abs(cell) for cell in cells), start=cells[0] * 0)
        if self.point.exact:
            raise NeedsReals
        return mpmath.sqrt(sum(cell * cell for cell in cells))

    def matmul(self, left: Node, right: Node, shape: Shape) -> Value:
        # Evaluate the side whose size is known first, then give the matrix the shape that fits it.
        if kind_of(right) is not ValueKind.MATRIX:
            rhs = self.value(right, (None, None))
            lhs = self.value(left, (shape[0], _rows(rhs)))
        elif kind_of(left) is not ValueKind.MATRIX:
            lhs = self.value(left, (None, None))
            rhs = self.value(right, (_cols(lhs), shape[1]))
        else:
            rhs = self.value(right, (None, shape[1]))
            lhs = self.value(left, (shape[0], _rows(rhs)))
        try:
            return np.dot(lhs, rhs)
        except ValueError as error:
            raise ShapeMismatch(str(error)) from None

    def arithmetic(self, op: str, a: Value, b: Value) -> Value:
        try:
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                if _any_zero(b):
                    raise Undefined("division by zero")
                return a / b
        except ValueError as error:
            raise ShapeMismatch(str(error)) from None
        return self.power(a, b)

    def power(self, base: Value, exponent: Value) -> Value:
        if isinstance(exponent, np.ndarray):
            try:
                return _elementwise2(self.power, base, exponent)
            except ValueError as error:
                raise ShapeMismatch(str(error)) from None
        if isinstance(base, np.ndarray):
            return _elementwise(lambda x: self.power(x, exponent), base)
        if abs(exponent) > MAX_NUMERIC_EXPONENT:
            digits = str(exponent)
            shown = digits if len(digits) <= 20 else f"{digits[:12]}… ({len(str(int(exponent)))} digits)"
            raise Undefined(f"the exponent {shown} is too large to evaluate")
        if exponent == int(exponent):
            if base == 0 and exponent < 0:
                raise Undefined("division by zero")
            return base ** int(exponent)
        if self.point.exact:
            raise NeedsReals
        if base < 0:
            raise Undefined("a negative number to a fractional power")
        if base == 0 and exponent <= 0:
            raise Undefined("zero to a non-positive power")
        return mpmath.power(base, exponent)

    def function(self, name: str, args: list[Value], prime: int) -> Value:
        if name in ("max", "min"):
            if prime:
                raise Unsupported(f"the derivative of {name}")
            pick = max if name == "max" else min
            result = args[0]
            for arg in args[1:]:
                result = _elementwise2(lambda a, b: pick(a, b), result, arg)
            return result
        if name == "binomial":
            if prime:
                raise Unsupported("the derivative of a binomial coefficient")
            return _elementwise2(_binomial, args[0], args[1])
        (arg,) = args
        if name == "softmax":
            if self.point.exact:
                raise NeedsReals
            vector = np.atleast_1d(arg)
            exps = _elementwise(mpmath.exp, vector)
            return exps / sum(exps)
        scalar = _scalar_function(name, prime, self.point.exact)
        if name in _FLAT_BEYOND and not self.point.exact:
            for x in np.atleast_1d(np.asarray(arg, dtype=object)).flat:
                if abs(x) > _FLAT_BEYOND[name]:
                    self.point.flattened += 1
                else:
                    self.point.kept += 1
        return _elementwise(scalar, arg)


def _rows(value: Value) -> int | None:
    return int(value.shape[0]) if isinstance(value, np.ndarray) else None


def _cols(value: Value) -> int | None:
    if isinstance(value, np.ndarray):
        return int(value.shape[-1])
    return None


def _any_zero(value: Value) -> bool:
    if isinstance(value, np.ndarray):
        return any(item == 0 for item in value.flat)
    return bool(value == 0)


def _elementwise(function: Callable[[Value], Value], value: Value) -> Value:
    if isinstance(value, np.ndarray):
        result = np.empty(value.shape, dtype=object)
        for index, item in np.ndenumerate(value):
            result[index] = function(item)
        return result
    return function(value)


def _elementwise2(function: Callable[[Value, Value], Value], a: Value, b: Value) -> Value:
    if not isinstance(a, np.ndarray) and not isinstance(b, np.ndarray):
        return function(a, b)
    left, right = np.broadcast_arrays(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
    result = np.empty(left.shape, dtype=object)
    for index in np.ndindex(left.shape):
        result[index] = function(left[index], right[index])
    return result


def _real(value: Value) -> Value:
    if isinstance(value, mpmath.mpc):
        raise Undefined("not a real number")
    return value


def _log(x: Value) -> Value:
    if x <= 0:
        raise Undefined("log of a number that is not positive")
    return mpmath.log(x)


def _sqrt(x: Value) -> Value:
    if x < 0:
        raise Undefined("square root of a negative number")
    return mpmath.sqrt(x)


def _sigmoid(x: Value) -> Value:
    return 1 / (1 + mpmath.exp(-x))


def _factorial(x: Value) -> Value:
    """x!, and Γ(x + 1) between the whole numbers: an identity of factorials (`n! = n (n-1)!`) then holds at every
    random point, and one that holds there holds at the whole numbers too."""
    if abs(x) > MAX_NUMERIC_FACTORIAL:
        raise Undefined("a factorial too large to evaluate")
    if x == int(x) and x < 0:
        raise Undefined("factorial of a negative whole number")
    if isinstance(x, Fraction):
        if x.denominator != 1:
            raise NeedsReals
        return Fraction(math.factorial(int(x)))
    return mpmath.gamma(x + 1)


def _binomial(n: Value, k: Value) -> Value:
    """The binomial coefficient, extended to real arguments as factorials are (through Γ)."""
    if max(abs(n), abs(k)) > MAX_NUMERIC_FACTORIAL:
        raise Undefined("a binomial coefficient too large to evaluate")
    if isinstance(n, Fraction) and isinstance(k, Fraction):
        if n.denominator == k.denominator == 1 and n >= 0 and k >= 0:
            return Fraction(math.comb(int(n), int(k)))
        raise NeedsReals
    try:
        value = mpmath.binomial(n, k)
    except (ValueError, ZeroDivisionError):
        raise Undefined("a binomial coefficient at a pole") from None
    if not mpmath.isfinite(value):
        raise Undefined("a binomial coefficient at a pole")
    return value


def _sign(x: Value) -> Value:
    return x * 0 + (1 if x > 0 else -1 if x < 0 else 0)


def _relu(x: Value) -> Value:
    return x if x > 0 else x * 0


_REAL_FUNCTIONS: dict[str, Callable[[Value], Value]] = {
    "sigmoid": _sigmoid,
    "tanh": mpmath.tanh,
    "exp": mpmath.exp,
    "log": _log,
    "sqrt": _sqrt,
    "sin": mpmath.sin,
    "cos": mpmath.cos,
    "tan": mpmath.tan,
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "asin": lambda x: _real(mpmath.asin(x)),
    "acos": lambda x: _real(mpmath.acos(x)),
    "atan": mpmath.atan,
    "cot": mpmath.cot,
    "sec": mpmath.sec,
    "csc": mpmath.csc,
    "coth": mpmath.coth,
    "sech": mpmath.sech,
    "csch": mpmath.csch,
    "asinh": mpmath.asinh,
    "acosh": lambda x: _real(mpmath.acosh(x)),
    "atanh": lambda x: _real(mpmath.atanh(x)),
}
# beyond these arguments σ, tanh and their derivatives equal their limits to AGREEMENT_DIGITS digits
_FLAT_BEYOND = {"sigmoid": 72, "tanh": 36}
_EXACT_FUNCTIONS: dict[str, Callable[[Value], Value]] = {
    "abs": abs,
    "relu": _relu,
    "factorial": _factorial,
    "sign": _sign,
}
_DERIVATIVES: dict[str, Callable[[Value], Value]] = {
    "sigmoid": lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
    "tanh": lambda x: 1 - mpmath.tanh(x) ** 2,
    "exp": mpmath.exp,
    "log": lambda x: 1 / x,
}


def _scalar_function(name: str, prime: int, exact: bool) -> Callable[[Value], Value]:
    if prime > 1:
        raise Unsupported(f"a derivative of order {prime} of {name}")
    if prime:
        if name == "relu":
            return lambda x: x * 0 + (1 if x > 0 else 0)
        if name not in _DERIVATIVES:
            raise Unsupported(f"the derivative of {name}")
        if exact:
            raise NeedsReals
        return _DERIVATIVES[name]
    if name in _EXACT_FUNCTIONS:
        return _EXACT_FUNCTIONS[name]
    if name not in _REAL_FUNCTIONS:
        raise Unsupported(f"the function {name}")
    if exact:
        raise NeedsReals
    return _REAL_FUNCTIONS[name]


def values_equal(a: Value, b: Value) -> bool:
    """Whether two values agree: exactly for fractions; for reals to `AGREEMENT_DIGITS` significant digits
    (relative to the larger, absolute below 1)."""
    a_array, b_array = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    if a_array.shape != b_array.shape and a_array.ndim and b_array.ndim:
        return False
    left, right = np.broadcast_arrays(a_array, b_array)
    return all(_close(x, y) for x, y in zip(left.flat, right.flat, strict=True))


def _close(x: Value, y: Value) -> bool:
    if isinstance(x, Fraction) and isinstance(y, Fraction):
        return x == y
    scale = max(1, abs(x), abs(y))
    return bool(abs(x - y) <= mpmath.mpf(10) ** -AGREEMENT_DIGITS * scale)
