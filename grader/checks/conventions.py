"""Equivalence up to a rubric's conventions: one expected answer serves every textbook's notation.

A part may declare symbols free (`free: [W_*, U_*, b_*]`): their names are a convention, so an answer is
right when some consistent renaming of its own free symbols (one to one, a matrix for a matrix, a vector for
a vector) makes it equivalent to an expected answer. D2L's `W_{xz} x_t + W_{hz} h_{t-1}`, Goodfellow's
`U_z x_t + W_z h_{t-1}` (the letters swapped) and PyTorch's `W_{iz}` all match `W_z x_t + U_z h_{t-1}`.
Under free names a matrix times a concatenation is one matrix per piece (`W [h, x]` = `W¹ h + W² x`, a
block matrix), on either side. With `row_vectors`, products may also be written in the reverse order
(`x_t W`, `[h, x] W`), as for row vectors.

Renaming never joins two symbols into one or drops one, so an answer that shares one matrix where the
expected answer has two, or leaves out a term, stays wrong. The renamings tried are bounded
(`MAX_RENAMINGS`); an answer beyond that goes to a grader rather than being judged wrong.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from grader.checks.mathdiagnosis import judged_equal, mapped, substituted_chain, walk
from grader.math.nodes import BinOp, Chain, Name, Node, Num, ValueKind, Var, Vec, symbols
from grader.math.printer import show
from grader.models.checks import EquationCheck, ExpressionCheck

if TYPE_CHECKING:
    from grader.checks.mathreading import Statement

MAX_RENAMINGS = 720  # consistent renamings tried for one answer, over all its readings and expected answers
SPLIT = "|"  # marks the block of a split matrix in its subscript (`W_{z|1}`): no written subscript holds it


@dataclass(frozen=True)
class Renaming:
    """How an answer matched under the conventions: the expected answer's index and what was done."""

    target: int
    how: str
    tried_all: bool = True


def under_conventions(
    chosen: Statement, targets: list[Chain], check: ExpressionCheck | EquationCheck, *, equation: bool, budget: float
) -> Renaming | None:
    """How one reading of the answer equals an expected answer under the part's `free` and `row_vectors`."""
    capped = None
    for reading, _ in chosen.readings:
        found = matched(reading, targets, check.free, check.row_vectors, equation=equation, budget=budget,
                        rhs_only=chosen.rhs_only)  # fmt: skip
        if found is not None and found.tried_all:
            return found
        capped = capped or found
    return capped


def near_miss_under_conventions(
    chosen: Statement, targets: list[Chain], check: ExpressionCheck | EquationCheck, *, equation: bool, budget: float
) -> str:
    """How the answer is an expected one without its biases, under the part's conventions (`W_z [h_{t-1}, x_t]`
    for `W_z x_t + U_z h_{t-1} + b_z`), as text; "" when it is not. Whether a bias may be left out is the
    course's call: such an answer goes to a grader, as it does without conventions."""
    unbiased = []
    for target in targets:
        biases = {
            name: Num("0")
            for name, kind in _free_symbols(target, check.free).items()
            if name.base == "b" and kind is not ValueKind.MATRIX
        }
        if biases:
            unbiased.append(substituted_chain(target, dict(biases)))
    if not unbiased:
        return ""
    found = under_conventions(chosen, unbiased, check, equation=equation, budget=budget)
    if found is None or not found.tried_all:
        return ""
    return "without its bias, under the rubric's conventions" + (f" ({found.how})" if found.how else "")


def is_free(name: Name, patterns: list[str]) -> bool:
    """Whether a symbol's name is a convention the part declares free (`W_*`: W with any subscript, `b`: b)."""
    if name.decor or name.prefix or name.prime:
        return False
    for pattern in patterns:
        base, _, star = pattern.partition("_")
        if name.base == base and (star == "*" or name.sub is None or SPLIT in name.sub):
            return True
    return False


def matched(
    chain: Chain,
    targets: list[Chain],
    patterns: list[str],
    row_vectors: bool,
    *,
    equation: bool,
    budget: float,
    rhs_only: bool,
) -> Renaming | None:
    """The first expected answer the answer equals under the part's conventions, with how; None when none does.
    A Renaming with `tried_all=False` means the renamings were too many to try them all and none matched yet."""
    variants = [(chain, "")]
    if row_vectors:
        variants.append((reversed_chain(chain), "read as row vectors"))
    capped = False
    tried = 0  # judgements made, over every expected answer and reading: MAX_RENAMINGS in all
    for index, target in enumerate(targets):
        split_target = Chain(tuple(_split(link, patterns) for link in target.links))
        wanted = _free_symbols(split_target, patterns)
        for variant, reading in variants:
            split = Chain(tuple(_split(link, patterns) for link in variant.links))
            split, merged = _absorbed(split, _free_symbols(split, patterns), wanted, budget)
            have = _free_symbols(split, patterns)
            for mapping in _renamings(have, wanted):
                if mapping is None or tried >= MAX_RENAMINGS:
                    capped = True
                    break
                if not mapping and not reading and split == chain:
                    continue  # the answer as written was judged already
                tried += 1
                renamed = substituted_chain(split, mapping)
                if judged_equal(split_target, renamed, equation, budget, rhs_only=rhs_only):
                    return Renaming(index, _described(mapping, reading, split != variant, merged))
    return Renaming(-1, "", tried_all=False) if capped else None


def _absorbed(
    chain: Chain, have: dict[Name, ValueKind], wanted: dict[Name, ValueKind], budget: float
) -> tuple[Chain, list[tuple[Name, Name]]]:
    """The answer with free symbols that only ever act as one merged: where it has more of a kind than the
    expected answer, a symbol e is merged into another p of its kind when the answer does not change with
    p → p + e, e → 0 (two biases `b_{iz} + b_{hz}` are one free bias; two matrices on different inputs are
    not). Returns the answer with each merged e set to 0, and the (e, p) pairs merged."""
    merged: list[tuple[Name, Name]] = []
    for kind in sorted(set(have.values())):
        mine = sorted((name for name, k in have.items() if k is kind), key=Name.text)
        extra = len(mine) - sum(1 for k in wanted.values() if k is kind)
        for gone, into in itertools.permutations(mine, 2):
            if extra <= 0:
                break
            if any(gone in pair or into == pair[0] for pair in merged):
                continue
            moved: dict[Name, Node] = {gone: Num("0"), into: BinOp("+", Var(into, kind), Var(gone, kind))}
            if judged_equal(chain, substituted_chain(chain, moved), False, budget):
                chain = substituted_chain(chain, {gone: Num("0")})
                merged.append((gone, into))
                extra -= 1
    return chain, merged


def _described(mapping: dict[Name, Node], reading: str, split: bool, merged: list[tuple[Name, Name]]) -> str:
    renamed = [
        f"{old.text()} as {show(Chain((new,)))}"
        for old, new in sorted(mapping.items(), key=lambda item: item[0].text())
        if not (isinstance(new, Var) and new.name == old)
    ]
    parts = [reading] if reading else []
    if split:
        parts.append("a matrix times a concatenation read as one matrix per piece")
    if merged:
        parts.append(", ".join(f"{gone.text()} + {into.text()} read as one {into.text()}" for gone, into in merged))
    if renamed:
        parts.append("your " + ", ".join(renamed))
    return "; ".join(parts)


def _free_symbols(chain: Chain, patterns: list[str]) -> dict[Name, ValueKind]:
    found: dict[Name, ValueKind] = {}
    stack: list[object] = list(chain.links)
    while stack:
        node = stack.pop()
        if isinstance(node, Var):
            if is_free(node.name, patterns):
                found[node.name] = node.kind
            continue
        for value in getattr(node, "__dataclass_fields__", {}):
            item = getattr(node, value)
            if isinstance(item, tuple):
                stack.extend(item)
            elif hasattr(item, "__dataclass_fields__") and not isinstance(item, Name):
                stack.append(item)
    return found


def _renamings(have: dict[Name, ValueKind], wanted: dict[Name, ValueKind]) -> Iterator[dict[Name, Node] | None]:
    """Every one-to-one renaming of the answer's free symbols onto the expected answer's, kind for kind (None
    once MAX_RENAMINGS is reached). Nothing when their numbers differ."""
    kinds = sorted(set(have.values()) | set(wanted.values()))
    groups = []
    for kind in kinds:
        mine = sorted((name for name, k in have.items() if k is kind), key=Name.text)
        theirs = sorted((name for name, k in wanted.items() if k is kind), key=Name.text)
        if len(mine) != len(theirs):
            return
        groups.append((mine, theirs, kind))
    for tried, choice in enumerate(itertools.product(*(itertools.permutations(theirs) for _, theirs, _ in groups))):
        if tried >= MAX_RENAMINGS:
            yield None
            return
        mapping: dict[Name, Node] = {}
        for (mine, _, kind), order in zip(groups, choice, strict=True):
            mapping.update({old: Var(new, kind) for old, new in zip(mine, order, strict=True)})
        yield mapping


def rows_accepted(targets: list[Chain]) -> bool:
    """Whether the expected answers accept products written for row vectors: one of them multiplies a vector
    by a matrix on its right (`x_t W_{xz} + h_{t-1} W_{hz} + b_z`, `(r_t ⊙ h_{t-1}) W_{hh}`)."""
    return any(
        isinstance(node, BinOp)
        and node.op == "@"
        and isinstance(node.right, Var)
        and node.right.kind is ValueKind.MATRIX
        and not (isinstance(node.left, Var) and node.left.kind is ValueKind.MATRIX)
        for target in targets
        for node in walk(target)
    )


def reversed_chain(chain: Chain) -> Chain:
    """The chain with every link's matrix products in the reverse order (row vectors read as columns)."""
    return Chain(tuple(reversed_products(link) for link in chain.links))


def reversed_products(node: Node) -> Node:
    """The tree with every matrix product in the reverse order: `x W` becomes `W x` (row vectors to columns)."""
    if isinstance(node, BinOp):
        left, right = reversed_products(node.left), reversed_products(node.right)
        return BinOp(node.op, right, left) if node.op == "@" else replace(node, left=left, right=right)
    return mapped(node, reversed_products)


def _split(node: Node, patterns: list[str]) -> Node:
    """`W [a, b]` with W free as `W¹ a + W² b` (and `[a, b] W` as `a W¹ + b W²`): a block matrix is a free
    matrix per block."""
    if isinstance(node, BinOp) and node.op == "@":
        left, right = _split(node.left, patterns), _split(node.right, patterns)
        if isinstance(left, Var) and is_free(left.name, patterns) and isinstance(right, Vec):
            return _sum([BinOp("@", _piece(left, i), item) for i, item in enumerate(right.items, 1)])
        if isinstance(right, Var) and is_free(right.name, patterns) and isinstance(left, Vec):
            return _sum([BinOp("@", item, _piece(right, i)) for i, item in enumerate(left.items, 1)])
        return BinOp("@", left, right)
    return mapped(node, lambda child: _split(child, patterns))


def _piece(matrix: Var, index: int) -> Var:
    sub = f"{matrix.name.sub or ''}{SPLIT}{index}"
    return Var(replace(matrix.name, sub=sub), matrix.kind)


def _sum(terms: list[Node]) -> Node:
    total = terms[0]
    for term in terms[1:]:
        total = BinOp("+", total, term)
    return total


WEIGHT_NAMES = ["W_*", "U_*", "b_*"]  # what one textbook calls W_z another calls W_{xz}, U_z or W_iz


def renamed_weights(
    chosen: Statement, targets: list[Chain], *, equation: bool, budget: float, rows: bool = False
) -> str:
    """How the answer is an expected one once its weights and biases are named as the rubric names them, for a
    part that does not declare those names free (`W_h x + r ⊙ (U_h h + b_rh) + b_h` for PyTorch's
    `W_in x + b_in + r ⊙ (W_hn h + b_hn)`), and, where the rubric writes products for row vectors too (`rows`),
    its products read in the other order (`x·W_h + r ⊙ (h·U_h + b_rh) + b_h`), as text; "" when it is not."""
    for reading, _ in chosen.readings:
        found = matched(reading, targets, WEIGHT_NAMES, rows, equation=equation, budget=budget,
                        rhs_only=chosen.rhs_only)  # fmt: skip
        if found is not None and found.tried_all:
            return "with other names for its weights and biases" + (f" ({found.how})" if found.how else "")
    return ""


@lru_cache(maxsize=256)
def subscripted_weights(chain: Chain) -> bool:
    """Whether every weight and bias of an answer has a subscript (bare `W`, `U`, `b` are the notation's
    `weight_names` convention, not a renaming)."""
    names = _free_symbols(chain, WEIGHT_NAMES)
    return bool(names) and all(name.sub for name in names)


def equal_renamed(chain: Chain, target: Chain, *, equation: bool, budget: float, rhs_only: bool) -> bool:
    """Whether an answer equals `target` once its weights and biases are renamed (every renaming tried)."""
    found = matched(chain, [target], WEIGHT_NAMES, False, equation=equation, budget=budget, rhs_only=rhs_only)
    return found is not None and found.tried_all


def equal_renamed_unbiased(chain: Chain, target: Chain, *, equation: bool, budget: float, rhs_only: bool) -> bool:
    """Whether an answer without biases equals `target` with its biases left out, once the answer's weights are
    renamed (`tanh(W [h_{t-1}, x_t])` for `tanh(W_h x_t + U_h h_{t-1} + b_h)`): the two conventions together."""
    biases = {
        name: Num("0")
        for name, kind in _free_symbols(target, WEIGHT_NAMES).items()
        if name.base == "b" and kind is not ValueKind.MATRIX
    }
    if not biases or any(name.base == "b" for name in _free_symbols(chain, WEIGHT_NAMES)):
        return False
    return equal_renamed(chain, substituted_chain(target, dict(biases)), equation=equation, budget=budget,
                         rhs_only=rhs_only)  # fmt: skip


def one_gate_named(chain: Chain) -> bool:
    """Whether the weights and biases of an answer all carry one letter in their subscripts, as one gate's do
    (`W_{xr}`, `W_{hr}`, `b_r`; PyTorch's `W_{in}`, `b_{hn}`), or none (`W`, `U`, `b`): renaming them is a matter
    of notation. An answer that mixes two gates' weights (`W_r x_t + U_z h_{t-1}`: the update gate's U in the
    reset gate) is not."""
    return not _subscript_letters(chain) or bool(_gate_letters(chain))  # `W x + U h + b`: no gate named, none mixed


def _subscript_letters(chain: Chain) -> list[set[str]]:
    """The letters of each subscripted weight's and bias's subscript (`{x, z}` of `W_{xz}`)."""
    return [set(name.sub) - set("0123456789{},_ ") for name in _free_symbols(chain, WEIGHT_NAMES) if name.sub]


def _gate_letters(chain: Chain) -> set[str]:
    """The letters every subscripted weight and bias of a chain carries (`z` of `W_{xz}`, `W_{hz}`, `b_z`)."""
    subscripts = _subscript_letters(chain)
    return set.intersection(*subscripts) if subscripts else set()


def keeps_gate(
    chain: Chain, targets: list[Chain] | tuple[Chain, ...], source: str = "", aliases: Mapping[Name, Name] | None = None
) -> bool:
    """Whether an answer's weights name the gate its part asks about, as one of the part's own answers names it
    (`W_{xz}`, `U_z` for the update gate) or as the answer names what it computes (`g_t = tanh(W_{ig} x_t + …)`,
    PyTorch's cell gate; `source` is the answer as written), or no gate: `z_t = σ(W_r x_t + U_r h_{t-1} + b_r)`
    is the reset gate's equation, not another name for the update gate's weights."""
    mine = _gate_letters(chain)
    gates = set().union(*(_gate_letters(target) for target in targets))
    written = _WRITTEN_SUBJECT.match(_LATEX_COMMAND.sub("", source)) if "=" in source else None
    if written is not None:
        gates.add(written.group(1).lower())
    subject = targets[0].links[0] if targets and targets[0].is_equation else None
    for alias, named in (aliases or {}).items():  # Ng's `Γ_u` for the input gate i: his W_u, b_u name it
        if isinstance(subject, Var) and named.base == subject.name.base:
            letter = alias.sub if alias.sub and len(alias.sub) == 1 else alias.base if len(alias.base) == 1 else ""
            gates.add(letter.lower())
    return not mine or not gates or bool(mine & gates) or not mine & _GATES


_GATES = frozenset("fiozr")  # the gates of an LSTM and a GRU by their usual letters: the ones answers swap
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_WRITTEN_SUBJECT = re.compile(r"[^A-Za-z=]*([A-Za-z])")  # `g_t = …`, `\tilde{c}_t = …`, `C~_t = …`: its letter


def names_by_example(targets: tuple[Chain, ...], equation: bool, budget: float) -> bool:
    """Whether a part's own expected answers name the same weights in two ways: one of them equals another only
    once its weights are renamed (Goodfellow's `U_z x_t + W_z h_{t-1}` beside `W_z x_t + U_z h_{t-1}`). The rubric
    then treats weight names as a convention without saying `free`, and an answer right under another renaming
    (`W_{xh} x_t + W_{hh} (r_t ⊙ h_{t-1})`) is right as its own alternatives are. Computed once per part."""
    for index, later in enumerate(targets[1:], 1):
        for earlier in targets[:index]:
            if not _renaming_only(earlier, later) or judged_equal(earlier, later, equation, budget):
                continue  # other symbols besides the weights (cheap to see): no renaming of each other
            if equal_renamed(later, earlier, equation=equation, budget=budget, rhs_only=False):
                return True
    return False


def _renaming_only(one: Chain, other: Chain) -> bool:
    """Whether two expected answers may differ in their weights' and biases' names only: the same other symbols,
    as many weights and biases (`W_z`, `U_z`, `b_z` beside Goodfellow's swapped `U_z`, `W_z`, `b_z`)."""
    mine, theirs = _free_symbols(one, WEIGHT_NAMES), _free_symbols(other, WEIGHT_NAMES)
    return symbols(one) - set(mine) == symbols(other) - set(theirs) and len(mine) == len(theirs)
