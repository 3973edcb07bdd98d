"""Resolve a parsed tree against a notation: canonical symbols, constants, calls and kinds of products.

The declarations it reads against are a `Context` (grader/math/context.py). After resolution every symbol is
a `Var` with its canonical name (aliases applied, free indices dropped) and kind; `name(args)` is a declared
function call, the time index `h(t-1)` = h_{t-1} of a symbol the expected answers write so, or a product; a
power or transpose written after a product without operator (`QK^T`) takes its last factor; `*` between a
matrix and anything but a number becomes the ordered matrix product `@`, every other product is elementwise
and commutes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from enum import Enum
from fractions import Fraction
from types import MappingProxyType

from grader.errors import NotationError
from grader.math.caps import MAX_MATRIX_POWER
from grader.math.context import Context
from grader.math.nodes import (
    Apply,
    BigOp,
    BinOp,
    Call,
    Chain,
    Component,
    Const,
    Deriv,
    Diff,
    Func,
    Name,
    Neg,
    Node,
    Num,
    Partial,
    Sym,
    Transpose,
    ValueKind,
    Var,
    Vec,
    symbols,
)

PREVIOUS = {"prev", "previous", "old", "last", "tm1"}  # `h_prev`, Keras's `h_tm1`: the symbol at t-1
CURRENT = {"new", "cur", "curr", "current"}  # `h_new = (1 - z) * n + z * h`: the symbol at t, the step's result
_KERAS_STEPS_BACK = re.compile(r"tm([1-9])")  # `c_tm2`: c_{t-2}, as Keras writes `h_tm1` for h_{t-1}
_GLUED_STEPS_BACK = re.compile(r"t([1-9])|[-−]([1-9])")  # `f_t1`, `h₋₁`: f_{t-1}, h_{t-1} with t or - left out
CANDIDATE = {"cand", "candidate", "tilde"}  # `h_cand`, `c_tilde`: the candidate h̃_t, c̃_t
# `y_true`, `y_onehot` (Keras's and code's names): the target y; `y_pred`, `y_prob`: the prediction ŷ
TARGET = {"true", "onehot", "target", "label", "labels"}
PREDICTED = {"pred", "prob", "probs", "predicted"}
VECTOR_FUNCTIONS = {"softmax"}
SCALAR_FUNCTIONS = {"norm"}


def resolve(chain: Chain, context: Context) -> Chain:
    """The chain with every node resolved."""
    return Chain(tuple(resolve_node(link, context)[0] for link in chain.links))


def resolve_node(node: Node, context: Context) -> tuple[Node, ValueKind]:
    """A resolved node and its kind."""
    match node:
        case Num():
            return node, ValueKind.SCALAR
        case Sym(name, word):
            return _symbol(name, context, word=word)
        case Var(_, kind):
            return node, kind
        case Const():
            return node, ValueKind.SCALAR
        case Deriv(num, den):
            canonical = context.canonical_derivative(
                _steps_back(context.canonical(num), context), _steps_back(context.canonical(den), context)
            )
            return Var(canonical, context.kind(canonical)), context.kind(canonical)
        case Diff(arg, var):
            inner, kind = resolve_node(arg, context)
            canonical = context.canonical(var)
            if context.kind(canonical) is ValueKind.MATRIX:
                raise NotationError(f"a derivative with respect to the matrix {canonical.text()} is not supported")
            return Diff(inner, canonical), kind
        case Partial(_, pos):
            raise NotationError("'∂' must be written as part of a derivative ∂A/∂B", position=pos)
        case Neg(arg):
            inner, kind = resolve_node(arg, context)
            return Neg(inner), kind
        case Vec(items):
            return Vec(tuple(resolve_node(item, context)[0] for item in items)), ValueKind.VECTOR
        case Component(arg, index):
            if index in context.indices:  # `softmax(z)_i` with i a free index: the vector softmax(z)
                return resolve_node(arg, context)
            inner, _ = resolve_node(arg, context)
            return Component(inner, index), ValueKind.SCALAR
        case Transpose(arg):
            split = _juxtaposed(arg, context)
            if split is not None:  # `QK^T` is Q·K^T: the transpose takes the last factor
                return _binop("*", split[0], Transpose(split[1]), context)
            inner, kind = resolve_node(arg, context)
            return Transpose(inner), kind
        case Func("factorial", (arg,), 0) if (split := _juxtaposed(arg, context)) is not None:
            return _binop("*", split[0], Func("factorial", (split[1],)), context)  # `n(n-1)!` is n·(n-1)!
        case Func(name, args, prime):
            resolved = [resolve_node(arg, context) for arg in args]
            kind = ValueKind.VECTOR if name in VECTOR_FUNCTIONS else max(k for _, k in resolved)
            kind = ValueKind.SCALAR if name in SCALAR_FUNCTIONS else kind
            return Func(name, tuple(n for n, _ in resolved), prime), kind
        case Call():
            return node, ValueKind.VECTOR
        case Apply():
            return _apply(node, context)
        case BinOp(op, left, right):
            return _binop(op, left, right, context)
        case BigOp():
            return _big_operator(node, context)
    raise NotationError(f"cannot read {type(node).__name__}")  # pragma: no cover - every node is matched


def _big_operator(node: BigOp, context: Context) -> tuple[Node, ValueKind]:
    """A sum or product: bounds that are not matrices, and a body where the index is itself, never an alias,
    a constant (`e`) or a declared symbol."""
    index = Name(node.index)
    bounds = []
    for bound in (node.lower, node.upper):
        resolved, kind = resolve_node(bound, context)
        if kind is ValueKind.MATRIX:
            raise NotationError("the bounds of a sum or product must be numbers or letters, not matrices")
        if node.index in {name.base for name in symbols(resolved) if name == Name(name.base)}:
            raise NotationError(f"the index {node.index} cannot appear in its own bounds")
        bounds.append(resolved)
    aliases = {name: target for name, target in context.aliases.items() if name != index}
    inside = replace(
        context,
        aliases=MappingProxyType(aliases),
        known=context.known | {index},
        matrices=context.matrices - {index},
        scalars=context.scalars - {index},
    )
    body, kind = resolve_node(node.body, inside)
    return BigOp(node.op, node.index, bounds[0], bounds[1], body), kind


def _symbol(name: Name, context: Context, *, word: bool = False) -> tuple[Node, ValueKind]:
    if name.base == "sum" and name.sub and not name.decor:  # `\sum_j` outside an equation for one unit
        raise NotationError(r"\sum needs its index and first value, as in \sum_{j=1}^{n}", f"sum_{name.sub}", 0)
    canonical = context.canonical(name)
    if word and not context.allow_words and not context.is_declared(canonical):
        glued = _glued(name, context) or _delta_word(name, context) or _doubled(name, context)
        if glued is not None:
            return _symbol(glued, context)
        return _split_word(name, canonical, context)
    dropped = _dropped_index(canonical, context)
    if dropped is not None:
        canonical = dropped
    canonical = _steps_back(canonical, context)
    canonical = _described(canonical, context)
    if canonical.sub in CANDIDATE and not canonical.decor:
        tilde = context.canonical(replace(canonical, decor=("tilde",), sub=None))
        if context.indexes(tilde, "t"):  # `h_cand` where the question writes \tilde{h}_t
            canonical = replace(tilde, sub="t")
    plain = not (canonical.decor or canonical.sub or canonical.prefix or canonical.prime)
    if plain and canonical.base in ("e", "E", "pi") and not context.is_declared(canonical):
        return Const("pi" if canonical.base == "pi" else "e"), ValueKind.SCALAR
    kind = context.kind(canonical)
    return Var(canonical, kind), kind


def _described(name: Name, context: Context) -> Name:
    """`y_true`, `y_onehot` where the question writes a bare y and no `y_true`: y; `y_pred` where it writes ŷ (or
    an alias of it, such as p): ŷ; the name as it was otherwise."""
    if name.decor or name.prefix or name.prime or name in context.known:
        return name
    bare = context.canonical(replace(name, sub=None))
    if name.sub in TARGET and bare in context.known:
        return bare
    hatted = context.canonical(replace(name, sub=None, decor=("hat",)))
    if name.sub in PREDICTED and hatted in context.known:
        return hatted
    return name


def _steps_back(name: Name, context: Context) -> Name:
    """`h_prev` where the question writes h_{t-1}, and Keras's `h_tm1` (`c_tm2` in its style, whatever the letter):
    the symbol at t-1, t-2, and `f_t1`, `c_t2`, `h₋₁` where the question writes f_{t-1}, c_{t-2}, h_{t-1} (no f_{t1});
    `h_new` where it writes h_t: the symbol at t; the name as it was otherwise."""
    if name.sub in PREVIOUS and context.indexes(name.stem, "t-1"):
        return replace(name, sub="t-1")
    if name.sub in CURRENT and context.indexes(name.stem, "t"):
        return replace(name, sub="t")
    sub = name.sub or ""
    steps_back = _KERAS_STEPS_BACK.fullmatch(sub)
    if steps_back:
        return replace(name, sub=f"t-{steps_back.group(1)}")
    if len(sub) > 2 and (sub[0], sub[-1]) in (("(", ")"), ("<", ">")):  # `h₍ₜ₋₁₎`, `h_{⟨t−1⟩}`: the step in brackets
        bare = replace(name, sub=sub[1:-1])
        if context.canonical(bare) in context.known:
            return bare
    glued = _GLUED_STEPS_BACK.fullmatch(sub)
    if glued:  # only where the question writes that symbol at that step, and never a t1 of its own
        back = replace(name, sub=f"t-{glued.group(1) or glued.group(2)}")
        if context.canonical(back) in context.known and context.canonical(name) not in context.known:
            return back
    return name


def _dropped_index(name: Name, context: Context) -> Name | None:
    """`c = i*g` where the question writes c_t = i_t ⊙ g_t: a bare letter the question never writes alone is
    that letter (and decoration) at time t when that is the only way the question writes it; None otherwise
    (c_t and c_{t-1} both written: in `z = σ(W x + U h)` the h is h_{t-1}, in `h = …` h_t)."""
    if context.allow_words or name.sub or name.prefix or name.prime or len(name.base) != 1:
        return None
    if name in context.written or context.kind(name) is not ValueKind.VECTOR:
        return None
    same = {known for known in context.known if known.base == name.base and known.sub and known.decor == name.decor
            and not known.prefix and not known.prime}  # fmt: skip
    only = next(iter(same)) if len(same) == 1 else None
    return only if only is not None and only.sub == "t" else None


def _glued(name: Name, context: Context) -> Name | None:
    """`Wz`, `bf`, `Wxh`, `xt`: letters written together that are a symbol of the question with its subscript
    (W_z, b_f, W_xh, x_t) written without the underscore; None when they are not."""
    letters = name.base
    if name.sub is not None or name.decor or name.prefix or name.prime or not letters.isalpha() or len(letters) > 4:
        return None
    glued = context.canonical(replace(name, base=letters[0], sub=letters[1:]))
    exact = glued in context.known or glued in context.matrices or glued in context.scalars
    return glued if exact else None  # only a symbol the question writes so: `ab` is no a_b where b is a symbol


def _doubled(name: Name, context: Context) -> Name | None:
    """`hh`, `hh_t`: the candidate h̃_t as Keras's GRU cell names it, a letter written twice where the question
    writes that letter's candidate (decorated with a tilde) at time t; None otherwise."""
    letters = name.base
    if len(letters) != 2 or letters[0] != letters[1] or not letters.isalpha() or name.sub not in (None, "t"):
        return None
    if name.decor or name.prefix or name.prime:
        return None
    tilde = context.canonical(Name(letters[0], sub="t", decor=("tilde",)))
    return tilde if tilde in context.known else None


def _as_product(node: Node, resolved: Node, kind: ValueKind, context: Context) -> tuple[Node, ValueKind]:
    """A matrix written as letters run together (`Uh` read as the question's U_h) as the product of its letters
    (U·h) when a vector is added to it (`Wx + Uh`); the matrix as it was otherwise."""
    if kind is not ValueKind.MATRIX or not (isinstance(node, Sym) and node.word):
        return resolved, kind
    try:
        product, product_kind = _split_word(node.name, context.canonical(node.name), context)
    except NotationError:
        return resolved, kind
    return (product, product_kind) if product_kind is ValueKind.VECTOR else (resolved, kind)


def _delta_word(name: Name, context: Context) -> Name | None:
    """`dc_t`, `dC_{t-2}`, `deltaC_{t-1}`: the gradient δc_t as code or a typist names it (`dc`, `dh`, `deltaC`),
    where the question writes δ before that symbol; None otherwise."""
    letters = name.base
    head = "delta" if letters.startswith("delta") and len(letters) == 6 else "d"
    if len(letters) != len(head) + 1 or not letters.startswith(head) or name.decor or name.prefix or name.prime:
        return None
    delta = context.canonical(replace(name, base=letters[-1], prefix="delta"))
    written = {replace(known, sub=None) for known in context.known if known.prefix == "delta"}
    return delta if replace(delta, sub=None) in written else None


def _split_word(name: Name, canonical: Name, context: Context) -> tuple[Node, ValueKind]:
    """A run of letters that is not a symbol of the question: a product of known letters, or an error."""
    return resolve_node(_product(_word_parts(name, canonical, context)), context)


def _word_parts(name: Name, canonical: Name, context: Context) -> list[Name]:
    """The known letters a run of letters is a product of (the last one keeps the subscript), or an error."""
    letters = name.base
    if letters.isalpha() and not (name.decor or name.prefix or name.prime):
        names = [Name(letter) for letter in letters[:-1]] + [replace(name, base=letters[-1])]
        if all(context.is_declared(context.canonical(part)) for part in names):
            return names
        weight = _glued_weight(name, context)
        if weight is not None:
            return [weight]
    raise NotationError(
        f"“{canonical.text()}” is not a symbol of this question: write products with * (x*y), "
        f"or \\text{{{name.base}}} for a named quantity"
    )


def _glued_weight(name: Name, context: Context) -> Name | None:
    """`Wu`, `bc`, `Uf`: a weight or bias with its subscript typed without `_` (Ng's slides typed on a phone), when
    the letters are no product of the question's symbols: a matrix letter of the notation or `b`, then one to
    three lower-case letters; None otherwise."""
    letters = name.base
    head, rest = letters[:1], letters[1:]
    matrix = head in {known.base for known in context.matrices}
    if name.sub is None and 1 <= len(rest) <= 3 and rest.isalpha() and rest.islower() and (matrix or head == "b"):
        return Name(head, sub=rest)
    return None


def _product(names: list[Name]) -> Node:
    node: Node = Sym(names[0])
    for part in names[1:]:
        node = BinOp("*", node, Sym(part))
    return node


def _juxtaposed(node: Node, context: Context) -> tuple[Node, Node] | None:
    """A product written without an operator that a power, transpose or factorial was written after, split into
    its leading factors and its last factor: the operator belongs to the last factor only (`ab^2` is a·b²,
    `QK^T` is Q·Kᵀ, `x(y+1)^2` is x·(y+1)²), as it would with the factors written apart."""
    if isinstance(node, Sym | Apply) and node.grouped:
        return None
    if isinstance(node, Sym) and node.word and not context.allow_words:
        canonical = context.canonical(node.name)
        if not context.is_declared(canonical) and _glued(node.name, context) is None:
            parts = _word_parts(node.name, canonical, context)
            return _product(parts[:-1]), Sym(parts[-1])
    if isinstance(node, Apply) and _apply_kind(node, context) is _Applied.PRODUCT:
        return _left_factor(node, context), _argument(node.args)
    return None


class _Applied(Enum):
    """What `name(args)` is: a call of a declared function, a time index, or a product with a known symbol."""

    CALL = "call"
    INDEX = "index"
    PRODUCT = "product"
    UNKNOWN = "unknown"


def _apply_kind(node: Apply, context: Context) -> _Applied:
    name = _delta_word(node.name, context) or node.name  # `dc[t-1]`: δc_{t-1}
    canonical = context.canonical(name)
    if not node.square and (canonical.text() in context.functions or name.text() in context.functions):
        return _Applied.CALL
    index = _index_of(node.args[0]) if len(node.args) == 1 else None
    if index is not None and context.indexes(name, index) is True:
        return _Applied.INDEX
    if node.square or context.is_declared(canonical):
        return _Applied.PRODUCT
    glued = _glued(name, context)  # `Uh(r ⊙ h)`: the question's matrix U_h written without its underscore
    if glued is not None and context.kind(glued) is ValueKind.MATRIX:
        return _Applied.PRODUCT
    return _Applied.UNKNOWN


def _left_factor(node: Apply, context: Context) -> Sym:
    """The symbol before the bracket of `name(args)` read as a product: the name, or the question's matrix it is
    written for without its underscore (`Uh(r ⊙ h)`: U_h)."""
    declared = node.square or context.is_declared(context.canonical(node.name))
    return Sym((None if declared else _glued(node.name, context)) or node.name)


def _index_of(node: Node) -> str | None:
    """`t`, `t-1`, `t+1` (or `1+t`) as the index text a subscript would have; None for anything else."""
    match node:
        case Sym(Name(base, (), None, None, 0), False) if len(base) == 1 and base.isalpha():
            return base
        case BinOp("+" | "-" as op, Sym() as letter, Num(digits)) if digits.isdigit():
            variable = _index_of(letter)
            offset = int(digits)
            if variable is None:
                return None
            return variable if offset == 0 else f"{variable}{op}{offset}"
        case BinOp("+", Num(digits), Sym() as letter) if digits.isdigit():
            return _index_of(BinOp("+", letter, Num(digits)))
    return None


def _argument(args: tuple[Node, ...]) -> Node:
    """The factor `(a)` or `(a, b)` stands for in a product: the value, or the concatenation."""
    return args[0] if len(args) == 1 else Vec(args)


# `concat(h_prev, x_t)`, `cat([h, x])`: code's names for the concatenation `[h_{t-1}, x_t]`
CONCATENATIONS = frozenset({"concat", "concatenate", "cat", "hstack"})


def _apply(node: Apply, context: Context) -> tuple[Node, ValueKind]:
    name, args = node.name, node.args
    if name.base in CONCATENATIONS and name == Name(name.base) and args and name.base not in context.functions:
        items = args[0].items if len(args) == 1 and isinstance(args[0], Vec) else args
        return resolve_node(Vec(items), context)
    kind = _apply_kind(node, context)
    if kind is _Applied.CALL:
        return Call(context.canonical(name), tuple(resolve_node(arg, context)[0] for arg in args)), ValueKind.VECTOR
    if kind is _Applied.INDEX:  # `h(t-1)` where the question writes h_{t-1}
        index = _index_of(args[0])
        return _symbol(replace(_delta_word(name, context) or name, sub=index), context)
    if kind is _Applied.PRODUCT:
        return _binop("*", _left_factor(node, context), _argument(args), context)
    written = name.text()
    raise NotationError(
        f"{written}(...) is not a known function: write {written}*(...) for a product, "
        f"or the rubric must declare {written} a function",
        position=node.pos,
    )


def _binop(op: str, left: Node, right: Node, context: Context) -> tuple[Node, ValueKind]:
    if op == "^" and (split := _juxtaposed(left, context)) is not None:
        return _binop("*", split[0], BinOp("^", split[1], right), context)
    if op == "^" and (labelled := _superscript_label(left, right, context)) is not None:
        return _symbol(labelled, context)
    lnode, lkind = resolve_node(left, context)
    rnode, rkind = resolve_node(right, context)
    if op in ("+", "-") and {lkind, rkind} == {ValueKind.MATRIX, ValueKind.VECTOR}:
        (lnode, lkind), (rnode, rkind) = (
            _as_product(left, lnode, lkind, context),
            _as_product(right, rnode, rkind, context),
        )
    widest = max(lkind, rkind)  # after `Uh` became U·h: `Wx + Uh + b` is a vector, not a matrix plus b
    if op in ("+", "-"):
        if {lkind, rkind} == {ValueKind.MATRIX, ValueKind.VECTOR}:  # `W x + U_h`: `Uh` is U·h, not the matrix U_h
            raise NotationError("a matrix is added to a vector; write the product the term stands for (U*h)")
        return BinOp(op, lnode, rnode), widest
    if op == "⊙":
        return BinOp("*", lnode, rnode), widest
    if op == "@":  # NumPy's `@`: two vectors give their dot product, a number, never the elementwise product
        if lkind is rkind is ValueKind.VECTOR:
            raise NotationError("`@` between two vectors is their dot product (a number), not the elementwise product")
        op = "*"
    if op == "*":
        if ValueKind.MATRIX in (lkind, rkind) and ValueKind.SCALAR not in (lkind, rkind):
            kind = ValueKind.MATRIX if lkind == rkind == ValueKind.MATRIX else ValueKind.VECTOR
            return BinOp("@", lnode, rnode), kind
        return BinOp("*", lnode, rnode), widest
    if op == "/":
        if rkind is ValueKind.MATRIX:
            raise NotationError("dividing by a matrix is not defined; multiply by its inverse explicitly")
        return BinOp("/", lnode, rnode), widest
    if op == "^":
        if rkind is ValueKind.MATRIX:
            raise NotationError("a matrix cannot be an exponent")
        if lkind is ValueKind.MATRIX:
            return _matrix_power(lnode, rnode), ValueKind.MATRIX
        return BinOp("^", lnode, rnode), widest
    raise NotationError(f"unknown operator {op!r}")  # pragma: no cover - the parser emits no other


def _superscript_label(left: Node, right: Node, context: Context) -> Name | None:
    """`W^u`, `U^r`, `b^z` (Goodfellow et al.'s notation): a letter above a weight matrix or a bias names it, as
    a subscript does (W_u); a matrix has no power by a letter other than its transpose T."""
    if not (isinstance(left, Sym) and isinstance(right, Sym)) or right.grouped or left.grouped:
        return None
    name, label = left.name, right.name
    if name.sub or name.prime or name.prefix or label.sub or label.decor or label.prime or label.prefix:
        return None
    if len(label.base) != 1 or not label.base.isalpha() or label.base == "T":
        return None
    if context.canonical(label) in context.scalars:
        return None
    weight = context.kind(context.canonical(name)) is ValueKind.MATRIX or (name.base == "b" and not name.decor)
    return replace(name, sub=label.base) if weight else None


def _matrix_power(base: Node, exponent: Node) -> Node:
    count = Fraction(exponent.text) if isinstance(exponent, Num) else None
    if count is None or count.denominator != 1 or not 1 <= count <= MAX_MATRIX_POWER:
        raise NotationError(
            f"a matrix power must be a whole number from 1 to {MAX_MATRIX_POWER}; inverses are not supported"
        )
    result = base
    for _ in range(int(count) - 1):
        result = BinOp("@", result, base)
    return result
