"""Symbolic differentiation of resolved trees, for answers written with `diff(f, x)` or `d/dx`.

The rules are the textbook ones, applied elementwise (a derivative with respect to a vector symbol is
taken entry by entry). What has no elementwise derivative (a matrix product that depends on the
variable, `max`, `abs`, `relu`, softmax, a function only the rubric knows) raises `Unsupported`, which
makes the comparison `undetermined`: a human decides, nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from grader.math.caps import MAX_DERIVATIVE_NODES
from grader.math.failures import Unsupported
from grader.math.nodes import (
    BigOp,
    BinOp,
    Call,
    Component,
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
    symbols,
)

ZERO, ONE, TWO = Num("0"), Num("1"), Num("2")


def differentiate(node: Node, var: Name) -> Node:
    """The derivative of `node` with respect to the symbol `var`. Raises Unsupported."""
    result = _d(node, var)
    if _size(result) > MAX_DERIVATIVE_NODES:
        raise Unsupported(f"the derivative has more than {MAX_DERIVATIVE_NODES:,} terms")
    return result


@lru_cache(maxsize=2048)
def _d(node: Node, var: Name) -> Node:
    if not _depends(node, var):
        return ZERO
    match node:
        case Var(name, _):
            return ONE if name == var else ZERO
        case Neg(arg):
            return _neg(_d(arg, var))
        case Vec(items):
            return Vec(tuple(_d(item, var) for item in items))
        case Transpose(arg):
            return Transpose(_d(arg, var))
        case Diff(arg, inner):
            return _d(differentiate(arg, inner), var)
        case Func(name, (arg,), prime):
            return _mul(_outer(name, arg, prime), _d(arg, var))
        case BinOp(op, left, right):
            return _binop(op, left, right, var)
        case BigOp():
            raise Unsupported("the derivative of a sum or product over a range")
    raise Unsupported(f"the derivative of {_what(node)}")


def _binop(op: str, u: Node, v: Node, var: Name) -> Node:
    du, dv = _d(u, var), _d(v, var)
    if op == "+":
        return _add(du, dv)
    if op == "-":
        return _sub(du, dv)
    if op == "*":
        return _add(_mul(du, v), _mul(u, dv))
    if op == "/":
        return _sub(_div(du, v), _div(_mul(u, dv), BinOp("^", v, TWO)))
    if op == "^":
        if not _depends(v, var):
            return _mul(_mul(v, BinOp("^", u, BinOp("-", v, ONE))), du)
        log_u = Func("log", (u,))
        return _mul(BinOp("^", u, v), _add(_mul(dv, log_u), _div(_mul(v, du), u)))
    raise Unsupported("the derivative of a matrix product that depends on the variable")


def _outer(name: str, u: Node, prime: int) -> Node:
    """f'(u) for a known function f; f''(u) for one written with a prime, as σ'(u)."""
    rule = _RULES.get(name)
    if rule is None:
        raise Unsupported(f"the derivative of {name}")
    if prime == 0:
        return rule(u)
    if prime == 1:
        return _substitute(_d(rule(_PLACEHOLDER), _PLACEHOLDER.name), u)
    raise Unsupported(f"a derivative of order {prime + 1} of {name}")


_PLACEHOLDER = Var(Name("\\text{u}"), ValueKind.SCALAR)


def _substitute(node: Node, value: Node) -> Node:
    match node:
        case Var() if node == _PLACEHOLDER:
            return value
        case Neg(arg):
            return Neg(_substitute(arg, value))
        case Func(name, args, prime):
            return Func(name, tuple(_substitute(arg, value) for arg in args), prime)
        case BinOp(op, left, right):
            return BinOp(op, _substitute(left, value), _substitute(right, value))
    return node


def _sigmoid(u: Node) -> Node:
    s = Func("sigmoid", (u,))
    return BinOp("*", s, BinOp("-", ONE, s))


def _root(u: Node) -> Node:
    return BinOp("/", ONE, Func("sqrt", (BinOp("-", ONE, BinOp("^", u, TWO)),)))


_RULES: dict[str, Callable[[Node], Node]] = {
    "sigmoid": _sigmoid,
    "tanh": lambda u: BinOp("-", ONE, BinOp("^", Func("tanh", (u,)), TWO)),
    "exp": lambda u: Func("exp", (u,)),
    "log": lambda u: BinOp("/", ONE, u),
    "sqrt": lambda u: BinOp("/", ONE, BinOp("*", TWO, Func("sqrt", (u,)))),
    "sin": lambda u: Func("cos", (u,)),
    "cos": lambda u: Neg(Func("sin", (u,))),
    "tan": lambda u: BinOp("+", ONE, BinOp("^", Func("tan", (u,)), TWO)),
    "sinh": lambda u: Func("cosh", (u,)),
    "cosh": lambda u: Func("sinh", (u,)),
    "asin": _root,
    "acos": lambda u: Neg(_root(u)),
    "atan": lambda u: BinOp("/", ONE, BinOp("+", ONE, BinOp("^", u, TWO))),
    "cot": lambda u: Neg(BinOp("+", ONE, BinOp("^", Func("cot", (u,)), TWO))),
    "sec": lambda u: BinOp("*", Func("sec", (u,)), Func("tan", (u,))),
    "csc": lambda u: Neg(BinOp("*", Func("csc", (u,)), Func("cot", (u,)))),
    "coth": lambda u: BinOp("-", ONE, BinOp("^", Func("coth", (u,)), TWO)),
    "sech": lambda u: Neg(BinOp("*", Func("sech", (u,)), Func("tanh", (u,)))),
    "csch": lambda u: Neg(BinOp("*", Func("csch", (u,)), Func("coth", (u,)))),
    "asinh": lambda u: BinOp("/", ONE, Func("sqrt", (BinOp("+", BinOp("^", u, TWO), ONE),))),
    "acosh": lambda u: BinOp("/", ONE, Func("sqrt", (BinOp("-", BinOp("^", u, TWO), ONE),))),
    "atanh": lambda u: BinOp("/", ONE, BinOp("-", ONE, BinOp("^", u, TWO))),
}


def _depends(node: Node, var: Name) -> bool:
    return var in symbols(node)


def _what(node: Node) -> str:
    if isinstance(node, Func | Call):
        return str(node.name)
    return type(node).__name__.lower()


def _size(node: Node) -> int:
    count, stack = 0, [node]
    while stack:
        item = stack.pop()
        count += 1
        match item:
            case Neg(arg) | Transpose(arg) | Diff(arg, _) | Component(arg, _):
                stack.append(arg)
            case Func(_, args, _) | Call(_, args) | Vec(args):
                stack.extend(args)
            case BinOp(_, left, right):
                stack += [left, right]
            case BigOp(_, _, lower, upper, body):
                stack += [lower, upper, body]
    return count


# Constructors that drop the zeros and ones the rules produce, so that trees stay small.
def _add(a: Node, b: Node) -> Node:
    if a == ZERO:
        return b
    if b == ZERO:
        return a
    return BinOp("+", a, b)


def _sub(a: Node, b: Node) -> Node:
    if b == ZERO:
        return a
    if a == ZERO:
        return _neg(b)
    return BinOp("-", a, b)


def _neg(a: Node) -> Node:
    if a == ZERO:
        return ZERO
    return a.arg if isinstance(a, Neg) else Neg(a)


def _mul(a: Node, b: Node) -> Node:
    if ZERO in (a, b):
        return ZERO
    if a == ONE:
        return b
    if b == ONE:
        return a
    return BinOp("*", a, b)


def _div(a: Node, b: Node) -> Node:
    if a == ZERO:
        return ZERO
    return BinOp("/", a, b)
