"""Print a resolved tree as canonical text: what a student sees as "read as", and what parses back.

Matrix products print as `·`, elementwise products as `*` (or `⊙` when a matrix takes part, so that the
text reads back the same way), concatenations as `[a, b]`, sums and products over a range as
`∑_{j=1}^{n} a_j` and `∏_{j=t - k + 1}^{t} f_j`. The body of ∑ and ∏ runs to the next `+` or `-`, so a sum
or product is parenthesized wherever a factor could follow it.
"""

from __future__ import annotations

from grader.math.nodes import (
    BigOp,
    BinOp,
    Call,
    Chain,
    Component,
    Const,
    Diff,
    Func,
    Neg,
    Node,
    Num,
    Transpose,
    ValueKind,
    Var,
    Vec,
)

FUNCTION_NAMES = {"sigmoid": "σ", "abs": "abs"}
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "@": 2, "/": 2, "^": 4}
NEG = 1  # a leading minus binds like a subtraction: -x*y is -(x*y), so (-x)*y needs its parentheses
BIG = 2  # ∑ and ∏ take every factor that follows: a product's right operand, or parenthesized
ATOM = 5
BIG_SIGNS = {"sum": "∑", "prod": "∏"}


def show(node: Node | Chain) -> str:
    """Canonical text of a resolved node or chain."""
    if isinstance(node, Chain):
        return " = ".join(show(link) for link in node.links)
    return _show(node)


def kind_of(node: Node) -> ValueKind:
    """The kind of a resolved node, recomputed from its symbols."""
    match node:
        case Var(_, kind):
            return kind
        case Num() | Const():
            return ValueKind.SCALAR
        case Vec() | Call():
            return ValueKind.VECTOR
        case Neg(arg) | Transpose(arg) | Diff(arg, _):
            return kind_of(arg)
        case Func("norm", _, _) | Component():
            return ValueKind.SCALAR
        case Func(name, args, _):
            return ValueKind.VECTOR if name == "softmax" else max(kind_of(arg) for arg in args)
        case BinOp("@", left, right):
            return ValueKind.MATRIX if kind_of(left) == kind_of(right) == ValueKind.MATRIX else ValueKind.VECTOR
        case BinOp(_, left, right):
            return max(kind_of(left), kind_of(right))
        case BigOp(_, _, _, _, body):
            return kind_of(body)
    return ValueKind.VECTOR


def precedence(node: Node, table: dict[str, int] = PRECEDENCE) -> int:
    """How tightly a node binds when printed with the operator precedences of `table`."""
    if isinstance(node, BinOp):
        return table[node.op]
    if isinstance(node, Neg):
        return NEG
    if isinstance(node, Num) and node.text.startswith("-"):
        return NEG
    if isinstance(node, BigOp):
        return BIG
    return ATOM


def _wrap(node: Node, minimum: int) -> str:
    text = _show(node)
    return f"({text})" if precedence(node) < minimum else text


def _show(node: Node) -> str:
    match node:
        case Num(text):
            return text
        case Var(name, _):
            return name.text()
        case Const(name):
            return "π" if name == "pi" else "e"
        case Neg(arg):
            return "-" + _wrap(arg, PRECEDENCE["*"])
        case Vec(items):
            return "[" + ", ".join(_show(item) for item in items) + "]"
        case Transpose(arg):
            return _wrap(arg, ATOM) + "^T"
        case Component(arg, index):
            return _wrap(arg, ATOM) + "_" + (index if len(index) == 1 else "{" + index + "}")
        case Func("norm", (arg, *order), 0):
            return f"‖{_show(arg)}‖" + ("_1" if order else "")
        case Func(name, args, prime):
            spelled = FUNCTION_NAMES.get(name, name) + "'" * prime
            return f"{spelled}(" + ", ".join(_show(arg) for arg in args) + ")"
        case Call(name, args):
            return f"{name.text()}(" + ", ".join(_show(arg) for arg in args) + ")"
        case Diff(arg, var):
            return f"diff({_show(arg)}, {var.text()})"
        case BinOp(op, left, right):
            return _show_binop(op, left, right)
        case BigOp(op, index, lower, upper, body):
            return f"{BIG_SIGNS[op]}_{{{index}={_show(lower)}}}^{{{_show(upper)}}} {_wrap(body, PRECEDENCE['*'])}"
    raise TypeError(f"cannot print {type(node).__name__}")  # pragma: no cover - resolved trees only


def _mixes(op: str, operand: Node) -> bool:
    return isinstance(operand, BinOp) and {op, operand.op} == {"*", "@"}


def _show_binop(op: str, left: Node, right: Node) -> str:
    level = PRECEDENCE[op]
    if op == "^":
        base = f"({_show(left)})" if _is_derivative(left) else _wrap(left, ATOM)
        exponent = _show(right)
        if precedence(right) < ATOM or len(exponent) > 1:
            exponent = "{" + exponent + "}"
        return f"{base}^{exponent}"
    # Left-associative: the right operand needs parentheses at the same level. A matrix product inside an
    # elementwise one (or the reverse) gets them too, for the reader's sake, and a sum or product on the left
    # of a factor, which would otherwise take the factor into its body.
    tight = _mixes(op, left) or (isinstance(left, BigOp) and level >= BIG)
    lhs = _wrap(left, level + 1) if tight else _wrap(left, level)
    rhs = _wrap(right, level + 1)
    if op in ("+", "-"):
        return f"{lhs} {op} {rhs}"
    if op == "@":
        return f"{lhs}·{rhs}"
    if op == "*":
        elementwise = ValueKind.MATRIX in (kind_of(left), kind_of(right))
        return f"{lhs} ⊙ {rhs}" if elementwise else f"{lhs}*{rhs}"
    return f"{lhs}/({rhs})" if _is_derivative(right) else f"{lhs}/{rhs}"


def _is_derivative(node: Node) -> bool:
    """A derivative symbol `∂E/∂c_t`: parenthesized after `/` and before `^`, for the reader's sake."""
    return isinstance(node, Var) and node.name.base.startswith("\\frac{∂")
