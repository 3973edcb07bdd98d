"""Sums and products over a range (`\\sum_{j=1}^{n} a_j`, `∏_{j=t-k+1}^{t} f_j`), evaluated term by term.

A sum or product is written out before a tree is evaluated: the index takes each whole value of its range,
in the body as a number and in subscripts as index arithmetic, so `∏_{j=t-1}^{t} f_j` becomes
`f_{t-1} ⊙ f_t`, the same symbols as an answer that writes them out. An empty range (upper bound one
below the lower) is a sum of 0 or a product of 1; a range that runs further backwards has no value at
that point. At most `MAX_TERMS` terms per sum, `TERMS_BUDGET` in a whole tree and `NODES_BUDGET` nodes
are written out: more is `undetermined`, never guessed.

Bounds with letters (`n`, `t-k+1`): every letter in a bound, outside the sums that bind it, is an *index
letter*. At each point every index letter takes a whole value, the same in both trees compared,
wherever it appears: in bounds, in subscripts (`δc_{t-k}` at t = 5, k = 2 is `δc_3`) and as a number
(`f_t^k`). The points give each index letter every value from 1 to `SMALL` once (in an order drawn per
letter, so that two letters meet in varied pairs), then random values up to `MAX_INDEX`; the other
symbols are random as usual. The rule: agreement at every sampled value (with random values of the other
symbols) is `equivalent`, one disagreement is `not_equivalent`. Known limit: a difference built to vanish
at every whole value up to `MAX_INDEX` (an added term `\\prod_{i=1}^{40} (n - i) x`) is not seen.

Soundness of the indexed family: only subscripts that are index arithmetic (`j`, `t-j`, `i,j`) are
rewritten. A symbol that mentions a sum's index in any other way (a label `W_{jx}`, the inside of a
derivative name `∂E/∂c_j`) makes the tree unsupported rather than the same symbol in every term; an index
letter inside a label outside any sum is left as written, a symbol of its own, which can only make two
answers differ, never agree.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from fractions import Fraction
from functools import lru_cache

from grader.errors import GraderError, LimitError
from grader.math.arith import evaluate as constant_value
from grader.math.caps import MAX_INDEX, MAX_TERMS
from grader.math.failures import Undefined, Unsupported
from grader.math.indices import Linear, number, substitute_name
from grader.math.nodes import (
    BigOp,
    BinOp,
    Call,
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
    children,
)
from grader.math.printer import kind_of

TERMS_BUDGET = 5000
NODES_BUDGET = 20_000
SMALL = 5


@lru_cache(maxsize=4096)
def has_series(node: Node) -> bool:
    """Whether a tree has a sum or product over a range."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, BigOp):
            return True
        stack.extend(children(item))
    return False


def index_letters(node: Node) -> frozenset[str]:
    """The free letters of the bounds of every sum and product in a tree."""
    found: set[str] = set()
    stack: list[tuple[Node, frozenset[str]]] = [(node, frozenset())]
    while stack:
        item, bound = stack.pop()
        if isinstance(item, BigOp):
            found |= {letter for side in (item.lower, item.upper) for letter in _letters(side)} - bound
            stack += [(item.lower, bound), (item.upper, bound), (item.body, bound | {item.index})]
        else:
            stack.extend((child, bound) for child in children(item))
    return frozenset(found)


def _letters(node: Node) -> Iterable[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Var) and is_letter(item.name):
            yield item.name.base
        stack.extend(children(item))


def is_letter(name: Name) -> bool:
    """Whether a name is one plain letter, as an index or a bound is written: `j`, `n`, `T`."""
    return len(name.base) == 1 and name.base.isascii() and name.base.isalpha() and name == Name(name.base)


def index_values(letters: Iterable[str], salt: int, ordinal: int) -> dict[str, int]:
    """The whole value of each index letter at the `ordinal`-th point (from 1): every value from 1 to
    `SMALL` once in the first `SMALL` points, in an order drawn per letter, then random values above."""
    values = {}
    for letter in sorted(letters):
        if 1 <= ordinal <= SMALL:
            order = list(range(1, SMALL + 1))
            random.Random(repr((salt, letter))).shuffle(order)
            values[letter] = order[ordinal - 1]
        else:
            values[letter] = random.Random(repr((salt, letter, ordinal))).randint(SMALL + 1, MAX_INDEX)
    return values


def instantiate(node: Node, values: Mapping[str, int]) -> Node:
    """The tree with each index letter replaced by its value and every sum and product written out.
    Raises Unsupported, Undefined (a range that runs backwards) or LimitError (too many terms)."""
    return _instantiate(node, tuple(sorted(values.items())))


@lru_cache(maxsize=1024)
def _instantiate(node: Node, values: tuple[tuple[str, int], ...]) -> Node:
    return _Writer().write(node, {letter: number(value) for letter, value in values}, frozenset())


class _Writer:
    def __init__(self) -> None:
        self.terms = 0
        self.nodes = 0

    def write(self, node: Node, forms: Mapping[str, Linear], bound: frozenset[str]) -> Node:
        self.nodes += 1
        if self.nodes > NODES_BUDGET:
            raise LimitError(f"sums and products that write out more than {NODES_BUDGET:,} symbols and operators")
        match node:
            case Var(name, kind):
                if is_letter(name) and name.base in forms:
                    return _constant(forms[name.base].constant)
                return Var(self.name(name, forms, bound), kind)
            case Call(name, args):
                return Call(self.name(name, forms, bound), self.all(args, forms, bound))
            case Diff(arg, var):
                if is_letter(var) and var.base in forms:
                    raise Unsupported(f"a derivative with respect to the index {var.base}")
                return Diff(self.write(arg, forms, bound), self.name(var, forms, bound))
            case BigOp():
                return self.expand(node, forms, bound)
            case Neg(arg):
                return Neg(self.write(arg, forms, bound))
            case Transpose(arg):
                return Transpose(self.write(arg, forms, bound))
            case Func(name, args, prime):
                return Func(name, self.all(args, forms, bound), prime)
            case Vec(items):
                return Vec(self.all(items, forms, bound))
            case BinOp(op, left, right):
                return BinOp(op, self.write(left, forms, bound), self.write(right, forms, bound))
            case Num() | Const():
                return node
        raise Unsupported(f"cannot evaluate {type(node).__name__}")  # pragma: no cover - resolved trees only

    def all(self, nodes: tuple[Node, ...], forms: Mapping[str, Linear], bound: frozenset[str]) -> tuple[Node, ...]:
        return tuple(self.write(item, forms, bound) for item in nodes)

    def name(self, name: Name, forms: Mapping[str, Linear], bound: frozenset[str]) -> Name:
        renamed, stuck = substitute_name(name, forms)
        if stuck & bound:
            index = min(stuck & bound)
            raise Unsupported(f"the symbol {name.text()} depends on the index {index} other than by index arithmetic")
        return renamed

    def expand(self, node: BigOp, forms: Mapping[str, Linear], bound: frozenset[str]) -> Node:
        lower = _whole(self.write(node.lower, forms, bound), "lower")
        upper = _whole(self.write(node.upper, forms, bound), "upper")
        count = upper - lower + 1
        if count < 0:
            raise Undefined(f"the range {lower}..{upper} runs backwards")
        if count > MAX_TERMS:
            raise LimitError(f"a {_WORDS[node.op]} of {count:,} terms; at most {MAX_TERMS} are written out")
        self.terms += count
        if self.terms > TERMS_BUDGET:
            raise LimitError(f"sums and products of more than {TERMS_BUDGET:,} terms in all")
        if node.op == "prod" and kind_of(node.body) is ValueKind.MATRIX:
            raise Unsupported("a product of matrices over an index (in which order?)")
        inner = bound | {node.index}
        terms = [
            self.write(node.body, {**forms, node.index: number(value)}, inner) for value in range(lower, upper + 1)
        ]
        if not terms:
            return Num("0" if node.op == "sum" else "1")
        return _balanced("+" if node.op == "sum" else "*", terms)


_WORDS = {"sum": "sum", "prod": "product"}


def _balanced(op: str, terms: list[Node]) -> Node:
    """The terms joined by an associative operator as a balanced tree, so that nested sums of hundreds of
    terms stay shallow for the recursive evaluator."""
    if len(terms) == 1:
        return terms[0]
    middle = len(terms) // 2
    return BinOp(op, _balanced(op, terms[:middle]), _balanced(op, terms[middle:]))


def _whole(node: Node, which: str) -> int:
    """The value of a bound, which must be a whole number once the index letters have their values."""
    try:
        value = constant_value(node)
    except (GraderError, ArithmeticError, ValueError) as error:
        raise Unsupported(f"the {which} bound of a sum or product is not a whole number ({error})") from None
    if not isinstance(value, Fraction) or value.denominator != 1:
        raise Unsupported(f"the {which} bound of a sum or product is not a whole number")
    return int(value)


def _constant(value: int) -> Node:
    return Num(str(value)) if value >= 0 else Neg(Num(str(-value)))
