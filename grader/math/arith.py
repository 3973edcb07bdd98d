"""Exact arithmetic on parsed math: the value of `4*((16+1)*32+32^2)` without any CAS or `eval`.

Numbers are exact fractions; a result that cannot be exact (a square root of 2) is a float. Every
operation is bounded before it runs: no power or factorial can produce a number too large to hold.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from grader.errors import LimitError, NotationError
from grader.math.caps import MAX_FACTORIAL, MAX_RESULT_DIGITS
from grader.math.nodes import BinOp, Chain, Func, Neg, Node, Num
from grader.math.parser import parse_one

Number = Fraction | float


def number_of(value: int | float) -> Fraction:
    """An exact value of a rubric number (`0.1` is exactly 1/10)."""
    return Fraction(value) if isinstance(value, int) else Fraction(repr(value))


def evaluate_text(text: str) -> Number:
    """The value of an arithmetic expression such as `4*(32*(16+32)+32)`."""
    chain = parse_one(text)
    if chain.is_equation:
        raise NotationError("expected a single value, not an equation")
    return evaluate(chain.links[0])


def evaluate_chain(chain: Chain) -> list[Number]:
    """The value of every link of a chain such as `4 × 1568 = 6272`."""
    return [evaluate(link) for link in chain.links]


def evaluate(node: Node) -> Number:
    """The value of an arithmetic tree. Raises NotationError for symbols, LimitError for huge results."""
    match node:
        case Num(text):
            return Fraction(text)
        case Neg(arg):
            return -evaluate(arg)
        case BinOp(op, left, right):
            return _binop(op, evaluate(left), evaluate(right))
        case Func(name, (arg,), 0) if name in _FUNCTIONS:
            return _FUNCTIONS[name](evaluate(arg))
        case Func("binomial", (top, bottom), 0):
            return _binomial(evaluate(top), evaluate(bottom))
    raise NotationError(f"not a number: {_describe(node)}")


def _describe(node: Node) -> str:
    from grader.math.nodes import Sym

    if isinstance(node, Sym):
        return f"it contains the symbol {node.name.text()}"
    if isinstance(node, Func):
        return f"the function {node.name} is not evaluated here"
    return f"a {type(node).__name__.lower()} is not arithmetic"


def _binop(op: str, a: Number, b: Number) -> Number:
    if op in ("*", "⊙"):
        return a * b
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "/":
        if b == 0:
            raise NotationError("division by zero")
        return a / b
    return power(a, b)


def power(base: Number, exponent: Number) -> Number:
    """`base ** exponent`, refused before it runs if the result would be too large."""
    if isinstance(base, Fraction) and isinstance(exponent, Fraction) and exponent.denominator == 1:
        if base == 0 and exponent < 0:
            raise NotationError("division by zero")
        if base not in (0, 1, -1):
            size = max(abs(base.numerator), base.denominator)
            digits = abs(exponent) * math.log10(size)
            if digits > MAX_RESULT_DIGITS:
                raise LimitError(
                    f"the power {_short(base)}^{_short(exponent)} has about {digits:,.0f} digits; too large to check"
                )
        return base ** int(exponent)
    try:
        result = float(base) ** float(exponent)
    except (OverflowError, ZeroDivisionError) as error:
        raise LimitError(f"the power {_short(base)}^{_short(exponent)} cannot be computed: {error}") from None
    if isinstance(result, complex) or math.isinf(result) or math.isnan(result):
        raise NotationError(f"the power {_short(base)}^{_short(exponent)} is not a real number")
    return _exact_if_integer(result)


def _short(value: Number) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _exact_if_integer(value: float) -> Number:
    return Fraction(int(value)) if value.is_integer() and abs(value) < 2**53 else value


def _sqrt(value: Number) -> Number:
    if value < 0:
        raise NotationError("square root of a negative number")
    if isinstance(value, Fraction):
        num, den = math.isqrt(value.numerator), math.isqrt(value.denominator)
        if num * num == value.numerator and den * den == value.denominator:
            return Fraction(num, den)
    return math.sqrt(value)


def _factorial(value: Number) -> Number:
    if not (isinstance(value, Fraction) and value.denominator == 1 and value >= 0):
        raise NotationError("factorial of a number that is not a whole number ≥ 0")
    if value > MAX_FACTORIAL:
        raise LimitError(f"the factorial of {value} is too large to check (at most {MAX_FACTORIAL}!)")
    return Fraction(math.factorial(int(value)))


def _binomial(top: Number, bottom: Number) -> Number:
    whole = all(isinstance(v, Fraction) and v.denominator == 1 and v >= 0 for v in (top, bottom))
    if not whole:
        raise NotationError("a binomial coefficient of numbers that are not whole numbers ≥ 0")
    if top > MAX_FACTORIAL:
        raise LimitError(f"the binomial coefficient of {top} is too large to check (at most {MAX_FACTORIAL})")
    return Fraction(math.comb(int(top), int(bottom)))


def _sign(value: Number) -> Number:
    return Fraction((value > 0) - (value < 0))


def _abs(value: Number) -> Number:
    return abs(value) if isinstance(value, Fraction) else abs(float(value))


_FUNCTIONS: dict[str, Callable[[Number], Number]] = {
    "sqrt": _sqrt,
    "abs": _abs,
    "factorial": _factorial,
    "sign": _sign,
}
