"""Resolved trees as SymPy expressions, for symbolic proofs of equivalence.

Imported only when a proof is attempted: SymPy is slow to import and most wrong answers are decided
by evaluation without it. Matrix products and concatenations are SymPy functions whose argument order
matters; elementwise products are ordinary (commutative) products.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy as sp

from grader.errors import LimitError
from grader.math.arith import power
from grader.math.caps import MAX_FACTORIAL, MAX_SYMBOLIC_EXPONENT
from grader.math.nodes import BinOp, Call, Const, Diff, Func, Neg, Node, Num, Transpose, Var, Vec

Expr = Any  # sympy.Expr; SymPy ships no usable type information


class sigmoid(sp.Function):
    """The logistic function 1 / (1 + e^-x)."""

    def _eval_rewrite_as_exp(self, x: Expr, **kwargs: object) -> Expr:
        return 1 / (1 + sp.exp(-x))

    def fdiff(self, argindex: int = 1) -> Expr:
        return sigmoid(self.args[0]) * (1 - sigmoid(self.args[0]))


class relu(sp.Function):
    """max(0, x), elementwise."""


class softmax(sp.Function):
    """The softmax of a vector."""


class Concat(sp.Function):
    """Concatenation [a, b]: ordered, opaque."""


class MatMul(sp.Function):
    """The ordered matrix product, linear in each argument."""

    @classmethod
    def eval(cls, *args: Expr) -> Expr | None:
        flat: list[Expr] = []
        for arg in args:
            flat.extend(arg.args if isinstance(arg, MatMul) else [arg])
        coefficient = sp.Integer(1)
        plain = []
        for arg in flat:
            factor, rest = arg.as_coeff_Mul()
            coefficient *= factor
            plain.append(rest)
        for index, arg in enumerate(plain):
            if isinstance(arg, sp.Add):
                return sp.Add(*(coefficient * MatMul(*plain[:index], term, *plain[index + 1 :]) for term in arg.args))
        if coefficient != 1 or len(plain) != len(args) or any(a is not b for a, b in zip(plain, args, strict=False)):
            return coefficient * (plain[0] if len(plain) == 1 else MatMul(*plain))
        return None


class Tr(sp.Function):
    """The transpose."""

    @classmethod
    def eval(cls, arg: Expr) -> Expr | None:
        if isinstance(arg, Tr):
            return arg.args[0]
        if arg.is_Number:
            return arg
        if isinstance(arg, sp.Add):
            return sp.Add(*(Tr(term) for term in arg.args))
        if isinstance(arg, MatMul):
            return MatMul(*(Tr(factor) for factor in reversed(arg.args)))
        factor, rest = arg.as_coeff_Mul()
        if factor != 1:
            return factor * Tr(rest)
        return None


_FUNCTIONS = {
    "sigmoid": sigmoid, "tanh": sp.tanh, "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "abs": sp.Abs,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sinh": sp.sinh, "cosh": sp.cosh, "asin": sp.asin,
    "acos": sp.acos, "atan": sp.atan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc, "coth": sp.coth,
    "sech": sp.sech, "csch": sp.csch, "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
    "relu": relu, "softmax": softmax, "max": sp.Max, "min": sp.Min, "sign": sp.sign, "binomial": sp.binomial,
    "norm": sp.Function("norm"),
}  # fmt: skip


def build(node: Node) -> Expr:
    """The SymPy expression of a resolved tree."""
    match node:
        case Num(text):
            return sp.Rational(Fraction(text).numerator, Fraction(text).denominator)
        case Var(name, _):
            return sp.Symbol(name.text())
        case Const(name):
            return sp.pi if name == "pi" else sp.E
        case Neg(arg):
            return -build(arg)
        case Vec(items):
            return Concat(*(build(item) for item in items))
        case Transpose(arg):
            return Tr(build(arg))
        case Call(name, args):
            return sp.Function(name.text())(*(build(arg) for arg in args))
        case Func(name, args, prime):
            return _function(name, [build(arg) for arg in args], prime)
        case BinOp(op, left, right):
            return _binop(op, build(left), build(right))
        case Diff(arg, var):
            return sp.diff(build(arg), sp.Symbol(var.text()))
    raise TypeError(f"cannot build {type(node).__name__}")  # pragma: no cover - resolved trees only


def _function(name: str, args: list[Expr], prime: int) -> Expr:
    if name == "factorial":
        (arg,) = args
        if arg.is_Number and arg > MAX_FACTORIAL:
            raise LimitError(f"the factorial of {arg} is too large to check")
        result = sp.factorial(arg)
    else:
        result = _FUNCTIONS[name](*args)
    for _ in range(prime):
        (arg,) = args
        variable = sp.Dummy("x")
        result = sp.diff(result.subs(arg, variable), variable).subs(variable, arg)
    return result


def _binop(op: str, a: Expr, b: Expr) -> Expr:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "@":
        return MatMul(a, b)
    if op == "/":
        return a / b
    if b.is_Rational and abs(b) > MAX_SYMBOLIC_EXPONENT:
        raise LimitError(f"the exponent {b} is too large to check")
    if a.is_Rational and b.is_Integer:
        value = power(Fraction(int(a.p), int(a.q)), Fraction(int(b.p)))  # refuses results too large
        return sp.Rational(Fraction(value).numerator, Fraction(value).denominator)
    return a**b


def proves_zero(difference: Expr) -> bool:
    """Whether `difference` simplifies to 0 (expand first, then a full simplify)."""
    if difference == 0:
        return True
    if sp.expand(difference) == 0:
        return True
    rewritten = difference.rewrite(sp.exp) if difference.has(sigmoid) else difference
    return bool(sp.simplify(rewritten) == 0)
