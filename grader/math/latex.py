"""Print a resolved tree as LaTeX: the reading of an answer as a reader would typeset it.

Elementwise products of vectors print as `\\odot`, products with a scalar as `\\cdot`, matrix products by
juxtaposition (`W_f \\left[h_{t-1}, x_t\\right]`), quotients as `\\frac`, derivatives as
`\\frac{\\partial}{\\partial x}`, sums and products over a range as `\\sum_{j=1}^{n}` and `\\prod`. The result
reads back to the same tree.
"""

from __future__ import annotations

from grader.math.lexer import GREEK
from grader.math.nodes import (
    BigOp,
    BinOp,
    Call,
    Chain,
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
from grader.math.printer import ATOM, BIG, kind_of, precedence

GLYPH_COMMANDS = {glyph: f"\\{name}" for name, glyph in GREEK.items()}
FUNCTION_COMMANDS = {
    "sigmoid": "\\sigma", "tanh": "\\tanh", "exp": "\\exp", "log": "\\log", "sin": "\\sin", "cos": "\\cos",
    "tan": "\\tan", "sinh": "\\sinh", "cosh": "\\cosh", "coth": "\\coth", "cot": "\\cot", "sec": "\\sec",
    "csc": "\\csc", "asin": "\\arcsin", "acos": "\\arccos", "atan": "\\arctan", "max": "\\max", "min": "\\min",
}  # fmt: skip
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "@": 2, "/": 3, "^": 4}  # \\frac needs no parentheses around it


def latex(node: Node | Chain) -> str:
    """LaTeX of a resolved node or chain."""
    if isinstance(node, Chain):
        return " = ".join(latex(link) for link in node.links)
    return _latex(node)


def name_latex(name: Name) -> str:
    """LaTeX of a symbol name: `\\tilde{c}_{t-1}`, `\\delta c_t`, `\\frac{\\partial E}{\\partial c_t}`."""
    if name.base.startswith("\\frac{∂"):
        body = name.base.replace("∂", "\\partial ")
        for glyph, command in GLYPH_COMMANDS.items():
            body = body.replace(glyph, command + " ")
    elif name.base in GREEK:
        body = f"\\{name.base}"
    elif len(name.base) > 1 and not name.base[1:].isdigit():
        body = f"\\text{{{name.base}}}"
    else:
        body = name.base
    body = name.dress(body)
    if name.prefix is not None:
        body = f"\\{name.prefix} {body}"
    return body


def _wrap(node: Node, minimum: int) -> str:
    text = _latex(node)
    return f"\\left({text}\\right)" if precedence(node, PRECEDENCE) < minimum else text


def _args(args: tuple[Node, ...]) -> str:
    return "\\left(" + ", ".join(_latex(arg) for arg in args) + "\\right)"


def _latex(node: Node) -> str:
    match node:
        case Num(text):
            return text
        case Var(name, _):
            return name_latex(name)
        case Const(name):
            return "\\pi" if name == "pi" else "e"
        case Neg(arg):
            return "-" + _wrap(arg, PRECEDENCE["*"])
        case Vec(items):
            return "\\left[" + ", ".join(_latex(item) for item in items) + "\\right]"
        case Transpose(arg):
            return "{" + _wrap(arg, ATOM) + "}^\\top"
        case Func("sqrt", (arg,), 0):
            return f"\\sqrt{{{_latex(arg)}}}"
        case Func("abs", (arg,), 0):
            return f"\\left|{_latex(arg)}\\right|"
        case Func("norm", (arg, *order), 0):
            return f"\\left\\|{_latex(arg)}\\right\\|" + ("_1" if order else "")
        case Func("binomial", (top, bottom), 0):
            return f"\\binom{{{_latex(top)}}}{{{_latex(bottom)}}}"
        case Component(arg, index):
            return "{" + _wrap(arg, ATOM) + "}_{" + index + "}"
        case Func(name, args, prime):
            command = FUNCTION_COMMANDS.get(name, f"\\operatorname{{{name}}}")
            return command + "'" * prime + _args(args)
        case Call(name, args):
            return name_latex(name) + _args(args)
        case Diff(arg, var):
            return f"\\frac{{\\partial}}{{\\partial {name_latex(var)}}}\\left({_latex(arg)}\\right)"
        case BinOp(op, left, right):
            return _binop(op, left, right)
        case BigOp(op, index, lower, upper, body):
            return f"\\{op}_{{{index}={_latex(lower)}}}^{{{_latex(upper)}}} {_wrap(body, PRECEDENCE['*'])}"
    raise TypeError(f"cannot print {type(node).__name__}")  # pragma: no cover - resolved trees only


def _binop(op: str, left: Node, right: Node) -> str:
    if op == "/":
        return f"\\frac{{{_latex(left)}}}{{{_latex(right)}}}"
    if op == "^":
        return "{" + _wrap(left, ATOM) + "}^{" + _latex(right) + "}"
    level = PRECEDENCE[op]
    # A sum or product on the left of a factor would take the factor into its body.
    lhs = _wrap(left, level + 1 if isinstance(left, BigOp) and level >= BIG else level)
    rhs = _wrap(right, level + 1)
    if op in ("+", "-"):
        return f"{lhs} {op} {rhs}"
    if op == "@":
        return f"{lhs} {rhs}"
    scalar = ValueKind.SCALAR in (kind_of(left), kind_of(right)) or isinstance(left, Num) or isinstance(right, Num)
    return f"{lhs} \\cdot {rhs}" if scalar else f"{lhs} \\odot {rhs}"
