"""Judging a statement of math against the expected one (`judge`, on the part that is graded), and what a
wrong or unsure one looks like: a broken step in a derivation chain, a near miss (biases left out, an
unsubscripted weight), symbols the answer uses that the question does not."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import math
import re
from typing import TYPE_CHECKING

from grader.errors import GraderError
from grader.math.nodes import (
    BinOp,
    Chain,
    Component,
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
    symbols,
)
from grader.math.printer import show

if TYPE_CHECKING:
    from collections.abc import Callable

    from grader.math.context import Context
    from grader.math.equivalence import Judgement
    from grader.models.common import Notation


def broken_step(chain: Chain, budget: float) -> str | None:
    """The first step `a = b` of a chain that does not hold, if any."""
    from grader.math.equivalence import Verdict, same_expression

    links = list(chain.links)
    if len(links) < 3:
        return None
    if lone(links[0]) is not None:
        links = links[1:]
    for left, right in itertools.pairwise(links):
        if symbols(Chain((right,))) - symbols(Chain((left,))):
            continue  # a substitution brings in symbols (`δc_{t-1} f_{t-1} = δc_t f_t f_{t-1}`): not checkable alone
        if same_expression(left, right, budget).verdict is not Verdict.NOT_EQUIVALENT:
            continue
        if not given_value(left, right, budget) and not _holds_for_shorthand(left, right, budget):
            return f"“{show(left)} = {show(right)}”"
    return None


_SIGMA = Name("sigma")


def _holds_for_shorthand(left: Node, right: Node, budget: float) -> bool:
    """Whether a step holds with a bare σ read as σ of the one variable beside it (`σ · e^{-x}/(1 + e^{-x}) =
    σ(1 − σ)`: the shorthand everybody writes for σ(x)), not as a symbol of its own."""
    from grader.math.equivalence import Verdict, same_expression

    names = symbols(Chain((left, right)))
    others = [name for name in names if name != _SIGMA]
    if _SIGMA not in names or len(others) != 1:
        return False
    variable = next(node for node in walk(Chain((left, right))) if isinstance(node, Var) and node.name == others[0])
    meant: dict[Name, Node] = {_SIGMA: Func("sigmoid", (variable,))}
    return same_expression(substituted(left, meant), substituted(right, meant), budget).verdict is Verdict.EQUIVALENT


def given_value(left: Node, right: Node, budget: float) -> bool:
    """Whether a step holds once a symbol it drops takes the value 0 or 1 (`f_t c_{t-1} + i_t g_t = 0·c_{t-1} +
    i_t g_t` where the question sets f_t = 0): a step under the question's condition, not a broken one."""
    from grader.math.equivalence import Verdict, same_expression

    dropped = sorted(symbols(Chain((left,))) - symbols(Chain((right,))), key=lambda name: name.text())
    if not dropped or len(dropped) > 2:
        return False
    for values in itertools.product((Num("0"), Num("1")), repeat=len(dropped)):
        given: dict[Name, Node] = dict(zip(dropped, values, strict=True))
        if same_expression(substituted(left, given), right, budget).verdict is Verdict.EQUIVALENT:
            return True
    return False


def mapped(node: Node, change: Callable[[Node], Node]) -> Node:
    """`node` rebuilt with `change` applied to each subtree directly below it (a rewrite recurses through it)."""
    changes: dict[str, object] = {}
    for item in dataclasses.fields(node):
        value = getattr(node, item.name)
        if isinstance(value, tuple):
            changes[item.name] = tuple(change(v) if is_node(v) else v for v in value)
        elif is_node(value):
            changes[item.name] = change(value)
    return dataclasses.replace(node, **changes)  # type: ignore[arg-type]


def substituted(node: Node, values: dict[Name, Node]) -> Node:
    """`node` with the symbols named in `values` replaced by those nodes."""
    if isinstance(node, Var):
        return values.get(node.name, node)
    return mapped(node, lambda child: substituted(child, values))


def substituted_chain(chain: Chain, values: dict[Name, Node]) -> Chain:
    """`chain` with the symbols named in `values` replaced by those nodes in every link."""
    return Chain(tuple(substituted(link, values) for link in chain.links))


def judged_equal(target: Chain, chain: Chain, equation: bool, budget: float, *, rhs_only: bool = False) -> bool:
    """Whether `judge` finds `chain` equal to `target`; one it cannot judge (too large, unreadable) is not."""
    with contextlib.suppress(GraderError):
        return judge(target, chain, equation, budget, rhs_only=rhs_only).equivalent
    return False


def is_node(value: object) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, Name | type)


@dataclasses.dataclass(frozen=True)
class Convention:
    """How an answer equals an expected one by the notation's conventions: weights and biases named without
    their subscripts (`W for W_h`), biases left out (`b_z`)."""

    renamed: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    untimed: tuple[str, ...] = ()  # `h for h_{t-1}`: a letter written without the one time it stands at

    def text(self) -> str:
        """`with W for W_h, U for U_h and without its bias b_h`."""
        named = (*self.untimed, *self.renamed)
        parts = [f"with {', '.join(named)}"] if named else []
        if self.left_out:
            parts.append(f"without its {'bias' if len(self.left_out) == 1 else 'biases'} {', '.join(self.left_out)}")
        return " and ".join(parts)


_WEIGHT_LETTERS = frozenset({"W", "U", "V", "b"})


def by_convention(
    chain: Chain,
    targets: list[Chain],
    equation: bool,
    budget: float,
    *,
    rhs_only: bool,
    notation: Notation,
    untimed: bool = False,
) -> Convention | None:
    """How the answer equals an expected answer once its weights and biases without a subscript are read as
    the expected answer's (`notation.weight_names` optional: `h̃_t = tanh(W x_t + U (r_t ⊙ h_{t-1}) + b)`, as Cho
    et al. 2014 write the candidate) and once every bias it lacks is 0 (`notation.biases` optional: `z_t =
    σ(W_z x_t + U_z h_{t-1})`, as Cho et al. and colah's blog write gates), lacking nothing else; None otherwise.
    A bare name stands for one weight of the answer only (`W` for W_h, never for both W_z and W_h), and a symbol
    of another kind (`h` for h_{t-1}) or a bias of its own beside biases left out is no convention, unless the
    answer writes no time index at all (`untimed`, `notation.time_indices` optional): then a letter without one
    stands for the one time the expected answer writes it at on its right side (`z = σ(W_z x + U_z h + b_z)`;
    `h = (1 − z) h + z h̃`, an assignment, whose left side is read as the symbol asked)."""
    biases, names = notation.biases == "optional", notation.weight_names == "optional"
    times = untimed and notation.time_indices == "optional"
    if not (biases or names or times):
        return None
    have = symbols(chain)
    for target in targets:
        wanted = symbols(target)
        missing = wanted - have
        values: dict[Name, Node] = {}
        renamed, used = [], set()
        timed = []
        # the right side's times: the left side is the symbol asked, `h = (1 − z) h + z h̃` an assignment
        right = symbols(Chain(target.links[1:])) if equation and not rhs_only and target.is_equation else wanted
        for name in sorted(missing, key=Name.text) if times else ():
            bare = dataclasses.replace(name, sub=None)
            at_one_time = [other for other in right if dataclasses.replace(other, sub=None) == bare] == [name]
            if _AT_TIME.fullmatch(name.sub or "") and at_one_time and bare in have and bare not in wanted:
                values[name] = Var(bare, kind_of(target, name))
                timed.append(f"{bare.text()} for {name.text()}")
                used.add(bare)
        missing -= values.keys()
        for name in sorted(missing, key=Name.text) if names else ():
            bare = dataclasses.replace(name, sub=None)
            weight = name.base in _WEIGHT_LETTERS or kind_of(target, name) is ValueKind.MATRIX
            same_base = [other for other in missing if dataclasses.replace(other, sub=None) == bare]
            if weight and name.sub and not name.decor and bare in have and bare not in wanted and len(same_base) == 1:
                values[name] = Var(bare, kind_of(target, name))
                renamed.append(f"{bare.text()} for {name.text()}")
                used.add(bare)
        rest = missing - values.keys()
        dropped = {name for name in rest if name.base == "b" and not name.decor}
        own_bias = any(name.base == "b" for name in have - used)
        if rest - dropped or (dropped and (not biases or own_bias)) or not (values or dropped):
            continue
        values |= {name: Num("0") for name in dropped}
        if judged_equal(substituted_chain(target, values), chain, equation, budget, rhs_only=rhs_only):
            return Convention(tuple(renamed), tuple(sorted(name.text() for name in dropped)), tuple(timed))
    return None


_AT_TIME = re.compile(r"t(?:[+-]\d+)?")


@functools.lru_cache(maxsize=1024)
def written_untimed(source: str) -> bool:
    """Whether a statement as written has no time index at all (`z = σ(W_z x + U_z h)`), not even one in
    brackets (`z(t)`) or in a code name (`h_prev`)."""
    from grader.math.parser import parse_one

    try:
        names = symbols(parse_one(source))
    except GraderError:
        return False
    return not any(name.base == "t" or _TIMED.search(name.sub or "") for name in names)


_TIMED = re.compile(r"(?:^|[^a-z])(?:t|prev|tm\d|next)(?:$|[^a-z])")


def untimed(chain: Chain) -> Chain:
    """A chain with its time indices left out (`h_t = o_t ⊙ c_t` as `h = o ⊙ c`): how an answer that writes none
    states it."""
    values: dict[Name, Node] = {
        name: Var(dataclasses.replace(name, sub=None), kind_of(chain, name))
        for name in symbols(chain)
        if name.sub is not None and _AT_TIME.fullmatch(name.sub)
    }
    return substituted_chain(chain, values) if values else chain


def near_miss(
    chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool, declared: frozenset[str]
) -> str:
    """How the answer differs from an expected answer it equals once biases it lacks (b, b_z) are left out of the
    expected one and its symbols without their subscript (W for W_h) are named so (`h̃_t = tanh(W x_t + U (r_t ⊙
    h_{t-1}))` for `tanh(W_h x_t + U_h (r_t ⊙ h_{t-1}) + b_h)`), as text; "" when it does not. Courses differ on
    whether a bias may be left out or a gate's weights left unnamed: neither confidently right nor wrong."""
    for target in targets:
        values, how = _as_written(chain, target)
        if values and judged_equal(substituted_chain(target, values), chain, equation, budget, rhs_only=rhs_only):
            return how
    return (
        _renamed_letter(chain, targets, equation, budget, rhs_only=rhs_only, declared=declared)
        or _bias_added(chain, targets, equation, budget, rhs_only=rhs_only)
        or channels_left_out(chain, targets)
        or _transposes_aside(chain, targets, equation, budget, rhs_only=rhs_only)
        or _factor_left_out(chain, targets, equation, budget, rhs_only=rhs_only)
        or _time_shifted(chain, targets, equation, budget, rhs_only=rhs_only)
    )


def _bias_added(chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool) -> str:
    """How an answer equals an expected answer once a bias of its own that the expected one lacks is taken off its
    result (`h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t + b`: an interpolation has no bias), as text; "" otherwise."""
    have = symbols(chain)
    for target in targets:
        extra = [name for name in have - symbols(target) if name.base == "b" and not name.decor]
        if len(extra) != 1:
            continue
        biased = BinOp("+", target.links[-1], Var(extra[0], kind_of(chain, extra[0])))
        if judged_equal(Chain((*target.links[:-1], biased)), chain, equation, budget, rhs_only=rhs_only):
            return f"with a bias {extra[0].text()} it does not have"
    return ""


def _time_shifted(chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool) -> str:
    """How an answer equals an expected answer once one of its symbols is read at the time step the expected one
    has it (`h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_{t-1}` for `… + z_t ⊙ h̃_t`: the candidate of the step before),
    as text; "" otherwise. One time index off is a slip or a misunderstanding: the corpus keyers gave such answers
    half the points or more, where the rubric lists no such mistake."""
    have = symbols(chain)
    for target in targets:
        wanted = _wanted(target, rhs_only=rhs_only)
        for mine in sorted(have - wanted, key=Name.text):
            if not _AT_TIME.fullmatch(mine.sub or ""):
                continue
            for theirs in sorted(wanted - have, key=Name.text):
                if theirs.sub == mine.sub or not _AT_TIME.fullmatch(theirs.sub or ""):
                    continue
                if dataclasses.replace(theirs, sub=mine.sub) != mine:
                    continue
                values: dict[Name, Node] = {mine: Var(theirs, kind_of(target, theirs))}
                if judged_equal(target, substituted_chain(chain, values), equation, budget, rhs_only=rhs_only):
                    return f"but for {mine.text()}, where it has {theirs.text()}"
    return ""


def renamed_factor_left_out(
    chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool
) -> str:
    """How an answer equals an expected answer once its symbols are named without their subscript (W for W_h), its
    biases left out and a factor inside it left out as well (`tanh(W x_t + r_t ⊙ h_{t-1} + b)` for `tanh(W_h x_t +
    U_h (r_t ⊙ h_{t-1}) + b_h)`: the recurrent weights left out). Tried after the rubric's known mistakes, which
    may name such an answer (`tanh(W x + U h)`: the reset gate left out); "" when it does not."""
    for target in targets:
        values, how = _as_written(chain, target)
        if not values:
            continue
        factor = _factor_left_out(chain, [substituted_chain(target, values)], equation, budget, rhs_only=rhs_only)
        if factor:
            return f"{how} and {factor}"
    return ""


def _as_written(chain: Chain, target: Chain) -> tuple[dict[Name, Node], str]:
    """The expected answer's symbols the answer writes without their subscript (W for W_h, when no other W_… is
    missing) and its biases the answer leaves out (set to 0), as a substitution into the expected answer, and how
    that reads ("with W for W_h and without its bias b_h"); empty when there are none."""
    have, wanted = symbols(chain), symbols(target)
    values: dict[Name, Node] = {}
    renamed: list[str] = []
    for name in wanted - have:
        bare = dataclasses.replace(name, sub=None)
        same_base = [other for other in wanted - have if dataclasses.replace(other, sub=None) == bare]
        if name.sub and bare in have and bare not in wanted and len(same_base) == 1:
            values[name] = Var(bare, kind_of(target, name))
            renamed.append(f"{bare.text()} for {name.text()}")
    biases = [name for name in wanted - have - values.keys() if name.base == "b" and not name.decor]
    values |= {name: Num("0") for name in biases}
    parts = [f"with {', '.join(sorted(renamed))}"] if renamed else []
    if biases:
        word = "bias" if len(biases) == 1 else "biases"
        parts.append(f"without its {word} {', '.join(sorted(name.text() for name in biases))}")
    return values, " and ".join(parts)


def _untransposed(node: Node) -> Node:
    """`node` with every transpose left out (`Q K^T` as `Q K`)."""
    if isinstance(node, Transpose):
        return _untransposed(node.arg)
    return mapped(node, _untransposed)


def _transposed(chain: Chain) -> bool:
    return any(_has_transpose(link) for link in chain.links)


def _has_transpose(node: Node) -> bool:
    return isinstance(node, Transpose) or any(_has_transpose(child) for child in children(node))


def _transposes_aside(chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool) -> str:
    """How an answer equals an expected answer once every transpose is left out of both (`softmax(QK/√d_k) V`
    for `softmax(QKᵀ/√d_k) V`): a transpose forgotten or misplaced, which the corpus keyers scored from a sixth to
    two thirds of the points, never nothing; "" when it does not, or when neither writes a transpose."""
    written = _transposed(chain)
    compared = [target for target in targets if written or _transposed(target)]
    if not compared:
        return ""
    plain = Chain(tuple(_untransposed(link) for link in chain.links))
    for target in compared:
        bare = Chain(tuple(_untransposed(link) for link in target.links))
        if judged_equal(bare, plain, equation, budget, rhs_only=rhs_only):
            return "but for a transpose left out or misplaced"
    return ""


def _factor_left_out(chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool) -> str:
    """How an answer equals an expected answer once a factor is left out: of the expected product, a one-symbol
    factor (`softmax(QKᵀ/√d_k)` for `softmax(QKᵀ/√d_k) V`: the weights without the values they average); of one
    term of the expected sum of two, either factor (`h_t = h_{t-1} + z_t ⊙ h̃_t` for `(1 − z_t) ⊙ h_{t-1} + z_t ⊙
    h̃_t`: a gate left out); of a product inside it, a one-symbol factor (`tanh(W_h x_t + r_t ⊙ h_{t-1} + b_h)`:
    the recurrent weights left out). The corpus keyers gave such answers a third to two thirds of the points,
    never nothing; "" when it does not. A symbol alone (`V`) is no such answer."""
    for target in targets:
        whole = target.links[-1]
        where = "its factor {}" if _is_product(whole) else "the factor {} of one term"
        found = [(kept, out, where) for kept, out in _without_a_factor(whole)]
        found += [(kept, out, "the factor {} inside it") for kept, out in _without_an_inner_symbol(whole)]
        for kept, left_out, said in found:
            if judged_equal(Chain((*target.links[:-1], kept)), chain, equation, budget, rhs_only=rhs_only):
                return "without " + said.format(show(Chain((left_out,))))
    return ""


def _is_product(node: Node) -> bool:
    return isinstance(node, BinOp) and node.op in ("*", "@")


def _without_a_factor(node: Node) -> list[tuple[Node, Node]]:
    """`node` with one factor left out, and that factor: a one-symbol factor of a product that is not a symbol
    itself, or either factor of a product term of a sum of two terms."""
    if _is_product(node):
        assert isinstance(node, BinOp)
        pairs = ((node.left, node.right), (node.right, node.left))
        return [(kept, out) for kept, out in pairs if isinstance(out, Var) and not isinstance(kept, Var)]
    if not (isinstance(node, BinOp) and node.op in ("+", "-")):
        return []
    found: list[tuple[Node, Node]] = []
    for first, term in ((True, node.left), (False, node.right)):
        if isinstance(term, BinOp) and term.op in ("*", "@"):
            for kept, out in ((term.right, term.left), (term.left, term.right)):
                whole = BinOp(node.op, kept, node.right) if first else BinOp(node.op, node.left, kept)
                found.append((whole, out))
    return found


def _without_an_inner_symbol(node: Node) -> list[tuple[Node, Node]]:
    """`node` with a one-symbol factor left out of a product inside it whose other factor is no symbol
    (`tanh(W_h x_t + r_t ⊙ h_{t-1} + b_h)` for `tanh(W_h x_t + U_h (r_t ⊙ h_{t-1}) + b_h)`), and that factor."""
    found: list[tuple[Node, Node]] = []
    for item in dataclasses.fields(node):
        value = getattr(node, item.name)
        items = list(value) if isinstance(value, tuple) else [value]
        for index, child in enumerate(items):
            if not is_node(child):
                continue
            inner = _without_a_factor(child) if _is_product(child) else []
            for kept, out in [*inner, *_without_an_inner_symbol(child)]:
                changed: object = kept
                if isinstance(value, tuple):
                    changed = (*value[:index], kept, *value[index + 1 :])
                found.append((dataclasses.replace(node, **{item.name: changed}), out))  # type: ignore[arg-type]
    return found


def channels_left_out(chain: Chain, targets: list[Chain]) -> str:
    """How a shape answer equals an expected shape of three or more axes once its last axis (the channels of a
    Keras shape) is left out (`13x13` for (13, 13, 32)); "" otherwise. Instructors give such a shape part of the
    points or none, never full marks: the rubric's `channels_left_out` share, or a grader's call where it is 0."""
    answer = chain.links[-1]
    for target in targets:
        right = target.links[-1]
        if not (isinstance(answer, Vec) and isinstance(right, Vec) and len(right.items) >= 3):
            continue
        if all(isinstance(item, Num) for item in right.items) and answer.items == right.items[:-1]:
            return f"without the last axis of ({_shape_text(right)}), the channels"
    return ""


def _shape_text(shape: Vec) -> str:
    return ", ".join(item.text for item in shape.items if isinstance(item, Num))


def renamed_variable(chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool) -> str:
    """How the answer equals an expected answer that is a function of one variable once the answer's own one
    variable is read as the expected one's (`σ(z)(1 − σ(z))`, `σ'(z) = σ(z)(1 − σ(z))` for σ(x)(1 − σ(x))), as
    text; "" otherwise. Both variables must stand only as arguments of functions: the formula is then a function
    of its variable, which a name does not change, unlike a letter of a formula of several quantities read as
    another (`_renamed_letter`, a grader's call). An expression is its chain's final value: the derivative named
    before it (`dσ/da = σ(a)(1 − σ(a))`) is no symbol of the formula."""
    if not equation and len(chain.links) > 1:
        chain = Chain((chain.links[-1],))
    have = symbols(chain)
    if len(have) != 1 or not _only_argument(chain, next(iter(have))):
        return ""
    (mine,) = have
    for target in targets:
        wanted = symbols(target)
        if len(wanted) != 1 or wanted == have or not _only_argument(target, next(iter(wanted))):
            continue
        (theirs,) = wanted
        values: dict[Name, Node] = {mine: Var(theirs, kind_of(target, theirs))}
        if judged_equal(target, substituted_chain(chain, values), equation, budget, rhs_only=rhs_only):
            return f"with your variable {mine.text()} read as the question's {theirs.text()}"
    return ""


def _only_argument(chain: Chain, name: Name) -> bool:
    """Whether every use of the symbol in the chain is a whole argument of a function, or its negative (`σ(z)`,
    `σ(−z)`; not `σ(2z)`, `z`)."""

    def bare(node: Node, argument: bool) -> bool:
        if isinstance(node, Var):
            return node.name == name and not argument
        inside = isinstance(node, Func) or (argument and isinstance(node, Neg))
        return any(bare(child, inside) for child in children(node))

    return not any(bare(link, False) for link in chain.links)


def _renamed_letter(
    chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool, declared: frozenset[str]
) -> str:
    """How the answer equals an expected answer once one letter of its own, which the question never uses
    (`declared`: the letters of its notation and expected answers),
    is read as the one letter of the question it lacks, in every symbol it names and names after it (`u_t`,
    `W_u` for z_t, W_z: Goodfellow's update gate); "" otherwise. Another textbook's name, or another quantity:
    a grader's call."""
    have = symbols(chain)
    for target in targets:
        wanted = _wanted(target, rhs_only=rhs_only)
        extra = {name.base for name in have - wanted} - {name.base for name in wanted}
        missing = {name.base for name in wanted - have} - {name.base for name in have}
        if len(extra) != 1 or len(missing) != 1 or extra & declared:
            continue  # `c_{t-1}` for h_{t-1`: another symbol of the question, a mistake of its own
        (mine,), (theirs,) = extra, missing
        values: dict[Name, Node] = {}
        for name in have:  # `u_t` and the weights named after it, `W_u`, `b^u`
            if name.base == mine or name.sub == mine:
                other = dataclasses.replace(name, base=theirs) if name.base == mine else name
                other = dataclasses.replace(other, sub=theirs) if name.sub == mine else other
                values[name] = Var(other, kind_of(target, other))
        if judged_equal(target, substituted_chain(chain, values), equation, budget, rhs_only=rhs_only):
            return f"with your {mine} read as the question's {theirs}"
    return _renamed_symbol(chain, targets, equation, budget, rhs_only=rhs_only, declared=declared)


def _wanted(target: Chain, *, rhs_only: bool) -> frozenset[Name]:
    """The symbols of an expected answer that an answer is compared with: those of its right-hand side alone for
    an answer that gives only that (`q - y`, `dZ = A - Y` read so, for ∂L/∂z = p - y)."""
    return frozenset(symbols(Chain((target.links[-1],)) if rhs_only else target))


def _renamed_symbol(
    chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool, declared: frozenset[str]
) -> str:
    """How the answer equals an expected answer once its symbols of letters the question never uses are read,
    one for one, as the symbols it lacks (Ng's `Γ_f`, `a_{t-1}` for f_t, h_{t-1}; up to four), and its symbols
    of the question's letters with another subscript as those it lacks of the same letter (Ng's `W_u`, `b_u` for
    W_z, b_z); "" otherwise."""
    have = symbols(chain)
    for target in targets:
        wanted = _wanted(target, rhs_only=rhs_only)
        extra, missing = sorted(have - wanted, key=Name.text), sorted(wanted - have, key=Name.text)
        bases = {name.base for name in wanted}
        known = [name for name in extra if name.base in declared or name.base in bases]
        foreign = [name for name in extra if name not in known]
        groups = _same_letter_groups(known, missing) if foreign and all(map(_parameter, known)) else None
        if groups is None:
            continue
        rest = [name for name in missing if not any(name in theirs for _, theirs in groups)]
        tries = math.prod(math.factorial(len(theirs)) for _, theirs in groups) * math.factorial(len(rest))
        if len(foreign) != len(rest) or len(foreign) > 4 or tries > MAX_RENAMINGS:
            continue
        for order in itertools.product(*(itertools.permutations(theirs) for _, theirs in groups),
                                       itertools.permutations(rest)):  # fmt: skip
            mine = [name for group, _ in groups for name in group] + foreign
            theirs = [name for part in order for name in part]
            values: dict[Name, Node] = {a: Var(b, kind_of(target, b)) for a, b in zip(mine, theirs, strict=True)}
            if judged_equal(target, substituted_chain(chain, values), equation, budget, rhs_only=rhs_only):
                read = ", ".join(name.text() for name in mine)
                return f"with your {read} read as the question's {', '.join(name.text() for name in theirs)}"
    return ""


MAX_RENAMINGS = 144  # one-for-one readings tried at most (4! foreign symbols times 3! weights of one letter)


def _parameter(name: Name) -> bool:
    """A weight or bias named by a label (`W_u`, `b_c`), not a symbol at another time step (`h_{t-2}`)."""
    return name.base in ("W", "U", "V", "b") and bool(name.sub) and str(name.sub).isalpha() and name.sub != "t"


def _same_letter_groups(known: list[Name], missing: list[Name]) -> list[tuple[list[Name], list[Name]]] | None:
    """The answer's symbols of the question's letters (`W_u`) grouped with the symbols it lacks of the same letter
    and decoration (`W_z`), as many of each; None when a group cannot pair one for one."""
    groups: dict[tuple[str, tuple[str, ...]], tuple[list[Name], list[Name]]] = {}
    for name in known:
        groups.setdefault((name.base, name.decor), ([], []))[0].append(name)
    for name in missing:
        if (name.base, name.decor) in groups:
            groups[(name.base, name.decor)][1].append(name)
    if any(len(mine) != len(theirs) or len(mine) > 3 for mine, theirs in groups.values()):
        return None
    return list(groups.values())


ENTRY_INDICES = frozenset("ijklmn")  # letters that number the entries of a vector (not t, a time)


def renamed_index(chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool) -> str:
    """How the answer equals an expected answer written per entry once its entry index is renamed
    (`∂L/∂z_j = p_j − y_j` for `∂L/∂z_i = p_i − y_i`): an index bound for every entry is any letter. "" when
    no one-to-one renaming of one index letter the question does not write makes it equal."""
    have = _entry_indices(chain)
    for target in targets:
        wanted = _entry_indices(target)
        extra, missing = have - wanted, wanted - have
        if len(extra) != 1 or len(missing) != 1 or any(name.base in extra for name in symbols(chain)):
            continue
        (mine,), (theirs,) = extra, missing
        values: dict[Name, Node] = {
            name: Var(_with_index(name, mine, theirs), kind_of(chain, name)) for name in symbols(chain)
        }
        if judged_equal(target, substituted_chain(chain, values), equation, budget, rhs_only=rhs_only):
            return f"with your entry index {mine} read as {theirs}"
    return _per_entry(chain, targets, equation, budget, rhs_only=rhs_only)


def _per_entry(chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool) -> str:
    """How the answer is an expected answer without indices written entry by entry (`∂L/∂z_i = p_i − y_i`,
    `∂L/∂z_c = p_c − y_c` for `∂L/∂z = p − y`): every symbol carries one and the same entry index, and read
    without it they are the answer. "" otherwise."""
    entries = [node for node in walk(chain) if isinstance(node, Component)]  # `softmax(z)_j`: its z has no index
    inside = set().union(*(symbols(Chain((entry.arg,))) for entry in entries))
    names = symbols(chain) - inside
    indices = {name.sub if name.sub else _differentiated_by(name) for name in names} | {e.index for e in entries}
    if not (equation and chain.is_equation) or len(indices) != 1 or not indices <= ENTRY_INDICES | {"c"}:
        return ""
    (mine,) = indices
    values: dict[Name, Node] = {name: Var(_with_index(name, mine, None), kind_of(chain, name)) for name in names}
    plain = substituted_chain(Chain(tuple(_whole(link, mine) for link in chain.links)), values)
    for target in targets:
        if not _entry_indices(target) and judged_equal(target, plain, equation, budget, rhs_only=rhs_only):
            return f"written entry by entry (index {mine})"
    return ""


def _whole(node: Node, index: str) -> Node:
    """`node` with each entry at `index` of a value read as the whole value (`softmax(z)_j` as softmax(z))."""
    if isinstance(node, Component) and node.index == index:
        return _whole(node.arg, index)
    return mapped(node, lambda child: _whole(child, index))


# Letters that name one entry of a vector in an answer about one case: an index, or the class (`z_c`, `p_y`, `z_k`).
_CASE_INDICES = ENTRY_INDICES | frozenset("cy")


def one_case(
    chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool, one_class: bool = False
) -> str:
    """How the answer, written for one entry (`∂L/∂z_c = p_c − 1`), equals an expected answer in one case of it:
    one of its symbols set to 1 or 0 (`p − y` with y = 1, the true class of a one-hot label), the entry index left
    out; or, written without an index where the answer says it is about one class (`one_class`: `p − 1 for the
    correct class`), the label (y) set to 1. "" when no such case makes it equal. One entry of the answer is neither
    the answer nor wrong: a grader weighs it."""
    indexed: dict[Name, Node] = {
        name: Var(without_index(name), kind_of(chain, name))
        for name in symbols(chain)
        if name.sub in _CASE_INDICES or _case_derivative(name)
    }
    if not indexed and not one_class:
        return ""
    plain = substituted_chain(chain, indexed)
    index = sorted({name.sub or _case_derivative(name) for name in indexed})[0] if indexed else ""
    written = f", written for the entry {index}" if index else ", for the one class your answer names"
    for target in targets:
        for name in sorted(symbols(Chain((target.links[-1],))), key=lambda n: n.text()):
            if not indexed and name.base not in _LABELS:
                continue  # `1 − y for the correct class` is no case of p − y: the class names the label's entry
            for value in ("1", "0") if indexed else ("1",):
                case = substituted_chain(target, {name: Num(value)})
                if judged_equal(case, plain, equation, budget, rhs_only=rhs_only):
                    return f"in one case, with {name.text()} = {value}{written}"
    return ""


_LABELS = frozenset({"y", "t"})  # the one-hot label's usual letters (`p − y`, `p − t`)
# Words that say an answer is about one class: `for the correct class`, `since y is one-hot`, `where y = 1`.
ONE_CLASS = re.compile(
    r"\b(?:correct|true|right|target|actual|ground[- ]truth)[ \t]+(?:class|label|category|logit)\b|\bone[- ]?hot\b"
    r"|\by[ \t]*=[ \t]*1\b",
    re.IGNORECASE,
)


# Prose that takes a general result back to one class: `p − y, but only for the correct class`, `only the true class
# gets a gradient`, `for the other classes the gradient is 0` (there it is p_i), `… and 0 for the other classes`, `0
# otherwise`. Not `y_i = 0 there`, not a step of working (`with one-hot y, only the true class c stays: L = −log p_c`).
_ONE_CLASS_ONLY = re.compile(
    r"\bonly(?:[ \t]+\w+){0,2}?[ \t]+for[ \t]+(?:[a-z][ \t]*=[ \t]*)?(?:the[ \t]+)?(?:correct|true|right|target|good)"
    r"[ \t]+(?:class|label|logit)"
    r"|\bonly[ \t]+the[ \t]+(?:correct|true|right|target)[ \t]+class[ \t]+(?:\w+[ \t]+)?gets?\b"
    r"|\bother[ \t]+(?:classes|logits|entries|components|ones)\b[^.;]{0,50}?\b(?:is|are|be|it'?s|gets?)[ \t]+"
    r"(?:just[ \t]+|simply[ \t]+|equal[ \t]+to[ \t]+)?(?:0|zero)\b(?![.,]?\d)"
    r"|\b(?:and|,)[ \t]*(?:0|zero)[ \t]+(?:for[ \t]+(?:all[ \t]+)?(?:the[ \t]+)?other|otherwise)\b",
    re.IGNORECASE,
)


def one_class_only(answer: str) -> str:
    """The words of an answer that take a result for every class back to one (`but only for the correct class`, `for
    the other classes the gradient is 0`), or "": beside a right `p − y` they contradict it, and a grader weighs
    that (the keyers gave such answers a third to two thirds of the points)."""
    found = _ONE_CLASS_ONLY.search(answer)
    return found.group() if found else ""


def _case_derivative(name: Name) -> str:
    """The entry index of what a derivative name differentiates by (`∂L/∂z_c`: c), or ""."""
    index = _differentiated_by(name)
    return index if index in _CASE_INDICES else ""


def without_index(name: Name) -> Name:
    """`name` without its entry index: `p_c` as p, `∂L/∂z_c` as ∂L/∂z."""
    base = _DERIVATIVE_INDEX.sub("}", name.base) if _case_derivative(name) else name.base
    return dataclasses.replace(name, base=base, sub=None if name.sub in _CASE_INDICES else name.sub)


def _differentiated_by(name: Name) -> str:
    """The one-letter index of what a derivative name differentiates by (`∂L/∂z_i`: i), or ""."""
    found = _DERIVATIVE_INDEX.search(name.base)
    return found.group(1) if found else ""


def _entry_indices(chain: Chain) -> set[str]:
    found = set()
    for name in symbols(chain):
        found |= {index for index in (name.sub, _differentiated_by(name)) if index in ENTRY_INDICES}
    return found


def _with_index(name: Name, mine: str, theirs: str | None) -> Name:
    """`name` with its entry index `mine` read as `theirs` (`p_j` as p_i, `∂L/∂z_j` as ∂L/∂z_i), or left out when
    `theirs` is None (`p_i` as p, `∂L/∂z_i` as ∂L/∂z); other names as they are."""
    written = "}" if theirs is None else f"_{theirs}}}"
    base = _DERIVATIVE_INDEX.sub(lambda m: written if m.group(1) == mine else m.group(), name.base)
    return dataclasses.replace(name, base=base, sub=theirs if name.sub == mine else name.sub)


_DERIVATIVE_INDEX = re.compile(r"_([a-z])\}$")  # `\frac{∂L}{∂z_j}`: the entry index of what is differentiated by


def kind_of(chain: Chain, name: Name) -> ValueKind:
    """The kind the chain gives the symbol `name`."""
    found = [node.kind for node in walk(chain) if isinstance(node, Var) and node.name == name]
    return found[0] if found else ValueKind.VECTOR


def walk(chain: Chain) -> list[Node]:
    nodes: list[Node] = []
    pending: list[object] = list(chain.links)
    while pending:
        node = pending.pop()
        if not is_node(node):
            continue
        nodes.append(node)  # type: ignore[arg-type]
        for item in dataclasses.fields(node):  # type: ignore[arg-type]
            value = getattr(node, item.name)
            pending.extend(value if isinstance(value, tuple) else [value])
    return nodes


def time_index(name: Name) -> bool:
    """Whether a symbol's subscript is a time index (`t`, `t-1`, `t+2`): a question that writes c_t and c_{t-2}
    writes c at every time, c_{t-1} included."""
    return name.sub is not None and re.fullmatch(r"[a-z](?:[+-]\d+)?", name.sub) is not None


def symbol_hints(chain: Chain, targets: list[Chain], *, rhs_only: bool = False) -> list[str]:
    """Which symbols the answer has that no expected answer has, and which of the expected answer it lacks (of
    its right-hand side, when the answer was read as one)."""
    used = {name.text() for name in symbols(chain)}
    graded = Chain((targets[0].links[-1],)) if rhs_only else targets[0]
    expected = {name.text() for name in symbols(graded)}
    anywhere = set().union(*({name.text() for name in symbols(target)} for target in targets))
    hints = []
    extra = sorted(used - anywhere)
    missing = sorted(expected - used)
    if extra:
        hints.append(f"Symbols that are not in the expected answer: {', '.join(extra)}.")
    if missing:
        hints.append(f"Symbols of the expected answer that yours lacks: {', '.join(missing)}.")
    return hints


def entry_of(subject: Node, node: Node) -> bool:
    """Whether `node` is a symbol for one entry of the symbol `subject` (`∂L/∂z_i` for ∂L/∂z)."""
    mine, theirs = lone(subject), lone(node)
    return (
        mine is not None and theirs is not None and theirs.name != mine.name and without_index(theirs.name) == mine.name
    )


def lone(node: Node) -> Var | None:
    return node if isinstance(node, Var) else None


def graded_part(chain: Chain, target: Chain, equation: bool, *, rhs_only: bool = False) -> Chain:
    """The part of a chain that is graded: the final value, or the equation first = last (for an expression
    given as an equation's right-hand side, the expected left-hand side = the expression)."""
    if not equation:
        return Chain((chain.links[-1],))
    if rhs_only:
        return Chain((target.links[0], chain.links[-1]))
    return Chain((chain.links[0], chain.links[-1]))


def judge(target: Chain, chain: Chain, equation: bool, budget: float, *, rhs_only: bool = False) -> Judgement:
    from grader.math.equivalence import same_equation, same_expression

    if not equation or rhs_only:
        return same_expression(target.links[-1], chain.links[-1], budget)
    t_lhs, t_rhs = target.links[0], target.links[-1]
    first, last = chain.links[0], chain.links[-1]
    if lone(t_lhs) is not None and first == t_lhs:
        return same_expression(t_rhs, last, budget)
    if lone(t_lhs) is not None and last == t_lhs:
        return same_expression(t_rhs, first, budget)
    return same_equation((t_lhs, t_rhs), (first, last), budget)


def rooted(chain: Chain) -> set[Name]:
    """The symbols an expected answer takes the square root of, alone (`√d_k`): scalars, such as a dimension."""
    return {
        node.args[0].name
        for node in walk(chain)
        if isinstance(node, Func) and node.name == "sqrt" and len(node.args) == 1 and isinstance(node.args[0], Var)
    }


def declared_letters(context: Context) -> frozenset[str]:
    """The letters a question's notation and expected answers use (`c`, `h`, `W`), whatever their subscripts."""
    names = {*context.matrices, *context.scalars, *context.known, *context.aliases, *context.aliases.values()}
    return frozenset(name.base for name in names)
