"""The syntax tree of math text: plain frozen dataclasses, no SymPy.

The parser builds these from tokens; `resolve` rewrites them with canonical symbol names and decides
which products are matrix products (`@`) and which are elementwise (`*`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import IntEnum

from grader.math.lexer import GREEK

DECORATIONS = ("tilde", "bar", "hat", "dot")
# `t`, `t-1`, `k+2`; and `t-k`, `t-j+1` (canonical, letters sorted: `-k+t`): time t less a number of steps
_RUNNING_INDEX = re.compile(r"([A-Za-z])(?:[+-][0-9]+)?|-[a-s]\+(t)(?:[+-][0-9]+)?")
_STEPS_BACK = re.compile(r"^-([a-s])\+t(?=[+-][0-9]+$|$)")


@dataclass(frozen=True, slots=True)
class Name:
    """A symbol's name: `\\tilde{c}_{t-1}` is base `c`, decoration `tilde`, subscript `t-1`."""

    base: str
    decor: tuple[str, ...] = ()
    sub: str | None = None
    prefix: str | None = None  # "delta" or "Delta": δc_t, the gradient with respect to c_t
    prime: int = 0

    @property
    def stem(self) -> Name:
        """The name without its subscript: what a declaration without subscript covers."""
        return replace(self, sub=None)

    @property
    def core(self) -> Name:
        """The name without subscript and without δ prefix."""
        return replace(self, sub=None, prefix=None)

    @property
    def fraction(self) -> tuple[str, str] | None:
        """A derivative's numerator and denominator as spelled (`L` and `z_i` of ∂L/∂z_i, see `derivative_name`);
        None for any other name."""
        if not self.base.startswith("\\frac{∂"):
            return None
        num, den = self.base[len("\\frac{∂") : -1].split("}{∂", 1)
        return num, den

    def text(self) -> str:
        """The canonical spelling, readable and parseable again: `\\tilde{c}_{t-1}`, `δc_t`, `σ`, `∂E/∂c_t`."""
        if (fraction := self.fraction) is not None:
            body = f"∂{fraction[0]}/∂{fraction[1]}"
        elif self.base in GREEK:
            body = GREEK[self.base]
        elif " " in self.base:
            body = f"\\text{{{self.base}}}"
        else:
            body = self.base
        body = self.dress(body)
        if self.prefix is not None:
            body = GREEK[self.prefix] + body
        return body

    def dress(self, body: str) -> str:
        """`body` (the spelled base) with the name's decorations, primes and subscript, as text and LaTeX
        both write them: `\\tilde{c}'_{t-1}`."""
        for decoration in self.decor:
            body = f"\\{decoration}{{{body}}}"
        body += "'" * self.prime
        if self.sub is not None:
            sub = _STEPS_BACK.sub(r"t-\1", self.sub)  # canonical `-k+t` as it is written, `t-k`
            body += f"_{sub}" if len(sub) == 1 else f"_{{{sub}}}"
        return body

    def __str__(self) -> str:
        return self.text()


class ValueKind(IntEnum):
    """What a resolved value is: products with a matrix are matrix products, the rest are elementwise."""

    SCALAR = 0
    VECTOR = 1
    MATRIX = 2


@dataclass(frozen=True, slots=True)
class Num:
    """A number literal as written: `16`, `0.5`, `1e-3`."""

    text: str


@dataclass(frozen=True, slots=True)
class Sym:
    """A symbol; `word` marks a name of several plain letters (`cell`), which is read only if declared or as a
    product of known letters; `grouped` marks one written inside brackets (`(QK)^T` transposes the product)."""

    name: Name
    word: bool = False
    grouped: bool = False


@dataclass(frozen=True, slots=True)
class Var:
    """A resolved symbol: canonical name and kind."""

    name: Name
    kind: ValueKind


@dataclass(frozen=True, slots=True)
class Call:
    """A resolved call of a function the rubric declared, such as `f(x)`."""

    name: Name
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Const:
    """A mathematical constant: `e` (Euler's number) or `pi`."""

    name: str


@dataclass(frozen=True, slots=True)
class Func:
    """A call of a known function: `sigmoid`, `tanh`, ...; `prime` is the derivative order (σ')."""

    name: str
    args: tuple[Node, ...]
    prime: int = 0


@dataclass(frozen=True, slots=True)
class Apply:
    """`name(args)` where `name` is not a built-in function: a call, a product or a time index (`h(t-1)`),
    decided by `resolve`; `square` marks `name[arg]`, never a call; `grouped` marks one written inside brackets
    (`(x(y+1))^2` squares the product)."""

    name: Name
    args: tuple[Node, ...]
    pos: int
    grouped: bool = False
    square: bool = False


@dataclass(frozen=True, slots=True)
class Component:
    """`softmax(z)_i`, `(W x)_i`: one entry of a vector value. It is read, never evaluated: comparing it needs to
    know what the index ranges over."""

    arg: Node
    index: str


@dataclass(frozen=True, slots=True)
class Neg:
    """Unary minus."""

    arg: Node


@dataclass(frozen=True, slots=True)
class BinOp:
    """A binary operation. Parsed: + - * ⊙ / ^; resolved: + - * @ / ^ (`@` is a matrix product)."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Vec:
    """A concatenation `[h_{t-1}, x_t]` (also written `(h_{t-1}, x_t)`)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Transpose:
    """`W^T`, `W^\\top`."""

    arg: Node


@dataclass(frozen=True, slots=True)
class Partial:
    """`∂X`: only valid as part of `∂X/∂Y`."""

    name: Name
    pos: int


@dataclass(frozen=True, slots=True)
class Deriv:
    """A derivative written as a symbol: `∂E/∂c_t`, `\\frac{\\partial E}{\\partial c_t}`."""

    num: Name
    den: Name


@dataclass(frozen=True, slots=True)
class Diff:
    """The derivative of an expression: `diff(x^2, x)`, `d/dx (x^2)`, `\\frac{d}{dx} x^2`."""

    arg: Node
    var: Name


@dataclass(frozen=True, slots=True)
class BigOp:
    """A sum or product over a range of an index: `\\sum_{j=1}^{n} a_j`, `∏_{j=t-k+1}^{t} f_j`.

    `index` is the bound letter; inside `body` it is a number, and in subscripts (`f_j`, `f_{t-j}`) it
    picks a member of an indexed family. Both bounds are included; an upper bound one below the lower is
    an empty range (a sum of 0, a product of 1)."""

    op: str  # "sum" or "prod"
    index: str
    lower: Node
    upper: Node
    body: Node


@dataclass(frozen=True, slots=True)
class Chain:
    """A statement: one expression, or an equation `a = b`, or a chain `a = b = c`."""

    links: tuple[Node, ...]

    @property
    def is_equation(self) -> bool:
        """Whether the statement has an `=`."""
        return len(self.links) > 1


Node = (
    Num
    | Sym
    | Var
    | Const
    | Func
    | Call
    | Apply
    | Neg
    | BinOp
    | Vec
    | Transpose
    | Partial
    | Deriv
    | Diff
    | BigOp
    | Component
)


def symbols(node: Node | Chain) -> set[Name]:
    """Every symbol name in a tree."""
    found: set[Name] = set()
    stack: list[Node | Chain] = [node]
    while stack:
        item = stack.pop()
        match item:
            case Sym(name) | Var(name, _):
                found.add(name)
            case Chain(links):
                stack.extend(links)
            case Func(_, args) | Apply(_, args, _) | Call(_, args):
                stack.extend(args)
            case Neg(arg) | Transpose(arg) | Component(arg, _):
                stack.append(arg)
            case Diff(arg, var):
                found.add(var)
                stack.append(arg)
            case BinOp(_, left, right):
                stack += [left, right]
            case Vec(items):
                stack.extend(items)
            case BigOp(_, _, lower, upper, body):
                stack += [lower, upper, body]
    return found


def children(node: Node) -> tuple[Node, ...]:
    """The subtrees directly below a node."""
    match node:
        case Func(_, args) | Apply(_, args, _) | Call(_, args) | Vec(args):
            return args
        case Neg(arg) | Transpose(arg) | Diff(arg, _):
            return (arg,)
        case BinOp(_, left, right):
            return (left, right)
        case BigOp(_, _, lower, upper, body):
            return (lower, upper, body)
    return ()


def derivative_name(num: Name, den: Name) -> Name:
    """The symbol name of the derivative ∂num/∂den, spelled so that it parses back to itself."""
    return Name(f"\\frac{{∂{num.text()}}}{{∂{den.text()}}}")


def index_variable(index: str) -> str | None:
    """The running variable of a subscript: `t` of `t`, `t-1`, `t+2` or `t-k` (canonical `-k+t`); None for a label
    (`xh`) or a number."""
    match = _RUNNING_INDEX.fullmatch(index)
    return (match.group(1) or match.group(2)) if match else None
