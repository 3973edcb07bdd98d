"""An equation written for one unit i, as Goodfellow et al. write a recurrent cell, read as the vector equation
it states for every unit: `f_i^(t) = σ(b_i^f + Σ_j U^f_{i,j} x_j^(t) + Σ_j W^f_{i,j} h_j^(t-1))` is
`f_t = σ(b_f + U_f x_t + W_f h_{t-1})`.

The rewriting works on the parser's tree, before symbols are resolved, and only where the left-hand side is a
component (`f_i^(t)`, `s_i^{(t)}`, `h_i`): the left side's index i is the unit, a superscript in brackets or a
time expression is the time step (`x_j^(t)` is x_t), a letter above a symbol is its name (`U^f_{i,j}`,
`b_i^f`), and a sum over j of a matrix entry (i, j) times a vector entry j is their product. Every index must
be accounted for; an equation with an index this reading cannot place (a sum over i, `U_{j,i}`) is left as
written, for the reader that follows to refuse or a grader to read.
"""

from __future__ import annotations

from dataclasses import replace

from grader.math.nodes import Apply, BinOp, Chain, Func, Name, Node, Num, Sym, symbols

_SUMS = frozenset({"Sigma", "sum"})  # `Σ_j`, `\sum_j` without bounds: a sum over every j


class _Unplaced(Exception):
    """An index the component reading cannot place."""


def vector_form(chain: Chain) -> Chain | None:
    """The vector equation an equation for one unit states, or None when it is not written for one unit; an
    expression alone with a sum over j (`σ(b_i + Σ_j U_{i,j} x_j^(t) + …)`) is read as written for unit i."""
    if not chain.is_equation:
        if len(chain.links) != 1 or not bare_sum(chain):
            return None
        try:
            return Chain((_Rewriter("i").node(chain.links[0]),))
        except _Unplaced:
            return None
    unit = _unit(chain.links[0])
    if unit is None:
        return None
    try:
        links = tuple(_Rewriter(unit).node(link) for link in chain.links)
    except _Unplaced:
        return None
    return Chain(links)


def bare_sum(chain: Chain) -> str | None:
    """The index of a sum the chain writes by its index alone (`j` of `Σ_j`, `\\sum_j`), which only the unit
    reading places; None when it writes none."""
    return next((name.sub for name in symbols(chain) if name.base in _SUMS and name.sub), None)


def _unit(lhs: Node) -> str | None:
    """The unit index of a left-hand side written for one unit (`f_i^(t)`, `h_i`), else None."""
    if isinstance(lhs, BinOp) and lhs.op == "^" and _time(lhs.right) is not None:
        lhs = lhs.left
    if isinstance(lhs, Sym) and lhs.name.sub is not None and len(lhs.name.sub) == 1 and lhs.name.sub in "ijk":
        return lhs.name.sub
    return None


def _time(node: Node) -> str | None:
    """`t`, `t-1`, `t+1` for a superscript that is a time step: `(t)`, `(t-1)`, `{(t)}`; else None."""
    match node:
        case Sym(Name("t", (), None, None, 0)):
            return "t"
        case BinOp("+" | "-" as op, Sym(Name("t", (), None, None, 0)), Num(digits)) if digits.isdigit():
            return f"t{op}{digits}"
    return None


class _Rewriter:
    def __init__(self, unit: str) -> None:
        self.unit = unit

    def node(self, node: Node) -> Node:
        if isinstance(node, Sym):
            return self.symbol(node, None)
        if isinstance(node, BinOp) and node.op == "^":
            return self.power(node)
        if isinstance(node, BinOp) and node.op in ("*", "⊙"):
            return self.product(node)
        if isinstance(node, BinOp):
            return replace(node, left=self.node(node.left), right=self.node(node.right))
        if isinstance(node, Func):
            return replace(node, args=tuple(self.node(arg) for arg in node.args))
        if isinstance(node, Apply):
            return replace(node, args=tuple(self.node(arg) for arg in node.args))
        if isinstance(node, Num):
            return node
        raise _Unplaced

    def symbol(self, node: Sym, time: str | None, label: str | None = None) -> Sym:
        """A symbol of the unit's equation: its unit index dropped, its time step and label as its subscript."""
        name = node.name
        if name.sub is not None and name.sub != self.unit:
            raise _Unplaced  # `x_j` outside a sum over j, `U_{i,j}` outside a product with x_j
        sub = _subscript(label, time)
        if name.sub is None and sub is None:
            return node
        return replace(node, name=replace(name, sub=sub))

    def power(self, node: BinOp) -> Node:
        time = _time(node.right)
        label = _label(node.right)
        if isinstance(node.left, Sym) and time is not None:
            return self.symbol(node.left, time)  # `f_i^(t)`: f_t
        if isinstance(node.left, Sym) and label is not None and isinstance(node.right, Sym):
            inner = _under_label(node.left, node.right)
            if inner.name.sub not in (None, self.unit):
                raise _Unplaced
            return self.symbol(inner, None, label)  # `b_i^f`: b_f
        return replace(node, left=self.node(node.left), right=self.node(node.right))

    def product(self, node: BinOp) -> Node:
        factors = _factors(node)
        if not (isinstance(factors[0], Sym) and factors[0].name.base in _SUMS and factors[0].name.sub):
            rewritten = [self.node(factor) for factor in factors]
            result = rewritten[0]
            for factor in rewritten[1:]:
                result = BinOp("*", result, factor)
            return result
        summed = factors[0].name.sub  # `Σ_j U^f_{i,j} x_j^(t)`: the matrix U_f times the vector x_t
        if summed == self.unit:
            raise _Unplaced
        rest = factors[1:]
        if len(rest) != 2:
            raise _Unplaced
        matrix, vector = (self.entry(factor) for factor in rest)
        if matrix[1] != f"{self.unit},{summed}" or vector[1] != summed:
            raise _Unplaced
        return BinOp("*", matrix[0], vector[0])

    def entry(self, node: Node) -> tuple[Sym, str]:
        """A factor inside a sum: the symbol it is an entry of, and the indices of the entry."""
        time = label = None
        if isinstance(node, BinOp) and node.op == "^":
            time, label = _time(node.right), _label(node.right)
            if time is None and label is None:
                raise _Unplaced
            if label is not None and isinstance(node.right, Sym) and isinstance(node.left, Sym):
                node = _under_label(node.left, node.right)
            else:
                node = node.left
        if not isinstance(node, Sym) or node.name.sub is None:
            raise _Unplaced
        return replace(node, name=replace(node.name, sub=_subscript(label, time))), node.name.sub


def _under_label(symbol: Sym, label: Sym) -> Sym:
    """The symbol a letter stands above, with its indices whether written before or after the letter
    (`U_{i,j}^f`, `U^f_{i,j}`: the parser hangs the latter's on the letter)."""
    return replace(symbol, name=replace(symbol.name, sub=symbol.name.sub or label.name.sub))


def _subscript(label: str | None, time: str | None) -> str | None:
    """The vector form's subscript: the symbol's name letter and its time step (`f`, `t-1`), or None."""
    return ",".join(part for part in (label, time) if part) or None


def _label(node: Node) -> str | None:
    """The letter a symbol carries above it as its name (`U^f`, `b^u`), not a time step or a power."""
    if isinstance(node, Sym) and not node.grouped and len(node.name.base) == 1 and node.name.base.isalpha():
        return node.name.base if node.name.base != "t" else None
    return None


def _factors(node: Node) -> list[Node]:
    """The factors of a product written left to right."""
    if isinstance(node, BinOp) and node.op in ("*", "⊙"):
        return [*_factors(node.left), *_factors(node.right)]
    return [node]
