"""Small helpers of the parser that need no parser state: the bracket that closes another (`_closing`), a token
list split at its top-level commas (`_split_commas`), a subscript's text and canonical index arithmetic
(`_label_text`, `_index_text`, `_is_time_index`), the places a time index may be written loose (`c_t-1`,
`ht-1`), the source of a factor as written (`_written_run`), and two helpers on parsed nodes: the differential
`dE` (`_d_word`) and a node written inside brackets (`_grouped`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeGuard

from grader.math.lexer import GREEK, Token
from grader.math.nodes import Apply, BinOp, Func, Name, Node, Sym, index_variable

CLOSERS = {"(": ")", "[": "]", "{": "}"}


def _closing(tokens: list[Token], start: int) -> int | None:
    """The index of the bracket that closes the one at `start` (same kind), or None when none does."""
    opener = tokens[start].text
    closer, level = CLOSERS[opener], 0
    for k in range(start, len(tokens)):
        token = tokens[k]
        if token.kind == "OP" and token.text == opener:
            level += 1
        elif token.kind == "OP" and token.text == closer:
            level -= 1
            if level == 0:
                return k
    return None


def _split_commas(tokens: list[Token], separators: tuple[str, ...] = (",",)) -> list[list[Token]]:
    """Split a token list at top-level commas (or the other `separators`)."""
    items: list[list[Token]] = [[]]
    level = 0
    for token in tokens:
        if token.kind == "OP" and token.text in ("(", "[", "{"):
            level += 1
        elif token.kind == "OP" and token.text in (")", "]", "}"):
            level -= 1
        if level == 0 and token.kind == "OP" and token.text in separators:
            items.append([])
        else:
            items[-1].append(token)
    return items


def _label_text(tokens: list[Token]) -> str:
    """A subscript label as written, without spaces: `xh`, `f`, `i,j`."""
    return "".join(("\\" if t.kind == "CMD" else "") + t.text for t in tokens)


def _index_text(tokens: list[Token]) -> str | None:
    """A subscript that is index arithmetic, canonical: `t - 1`, `-1+t` and `t−1` all give `t-1`."""
    if not any(t.kind == "OP" and t.text in ("+", "-") for t in tokens):
        return _label_text(tokens) if all(t.kind in ("NAME", "NUM") for t in tokens) and len(tokens) == 1 else None
    coefficients: dict[str, int] = {}
    constant = 0
    sign = 1
    expect_term = True
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "OP" and token.text in ("+", "-"):
            step = -1 if token.text == "-" else 1
            sign = sign * step if expect_term else step  # a unary sign compounds; a binary one starts a term
            expect_term = True
            i += 1
            continue
        if not expect_term:
            return None
        if token.kind == "NUM" and token.text.isdigit():
            value = int(token.text)
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.kind == "NAME" and len(nxt.text) == 1:
                coefficients[nxt.text] = coefficients.get(nxt.text, 0) + sign * value
                i += 2
            else:
                constant += sign * value
                i += 1
        elif token.kind == "NAME" and len(token.text) == 1:
            coefficients[token.text] = coefficients.get(token.text, 0) + sign
            i += 1
        else:
            return None
        sign, expect_term = 1, False
    if expect_term:
        return None
    text = ""
    for letter in sorted(coefficients):
        coefficient = coefficients[letter]
        if coefficient == 0:
            continue
        magnitude = "" if abs(coefficient) == 1 else str(abs(coefficient))
        text += ("-" if coefficient < 0 else "+" if text else "") + magnitude + letter
    if constant or not text:
        text += ("-" if constant < 0 else "+" if text else "") + str(abs(constant))
    return text


def _is_time_index(tokens: list[Token]) -> bool:
    """`t`, `t-1`, `k+2`: a single letter with an optional integer offset, as in `h^{(t-1)}`."""
    index = _index_text(tokens)
    return index is not None and index_variable(index) is not None


def _loose_time_indices(tokens: Sequence[Token]) -> list[str]:
    """Places like `c_t-1` where a subscript without braces is followed by ±number with no spaces."""
    sites = []
    for i in range(1, len(tokens) - 3):
        sub, op, number = tokens[i], tokens[i + 1], tokens[i + 2]
        if tokens[i - 1].text == "_" and tokens[i - 1].kind == "OP" and sub.kind == "NAME" and glued_offset(op, number):
            sites.append(f"_{sub.text}{op.text}{number.text}")
    for i in range(len(tokens) - 2):
        if _glued_index(tokens[i], tokens[i + 1], tokens[i + 2]) and (i == 0 or tokens[i - 1].text != "_"):
            sites.append(f"{tokens[i].text}{tokens[i + 1].text}{tokens[i + 2].text}")
    return sites


def _glued_index(name: Token, op: Token, number: Token) -> bool:
    """`ht-1`: two letters then ±number with no spaces, which may be h_{t-1} written without an underscore."""
    return name.kind == "NAME" and len(name.text) == 2 and name.text.isalpha() and glued_offset(op, number)


def glued_offset(op: Token, number: Token) -> bool:
    """`-1` of `t-1`: a plus or minus and a whole number written with no space before either."""
    return (
        op.kind == "OP"
        and op.text in ("+", "-")
        and not op.space
        and number.kind == "NUM"
        and not number.space
        and number.text.isdigit()
    )


def _written_run(text: str, start: int) -> str:
    """The source from `start` up to the next space or operator outside brackets: `√2x` of `√2x + 1`."""
    level, end = 0, start + 1
    while end < len(text):
        char = text[end]
        level += (char in "([{") - (char in ")]}")
        if level < 0 or (level == 0 and (char.isspace() or char in "+-−=*/,·×")):
            break
        end += 1
    return text[start:end]


def _d_greek(node: Node) -> Name | None:
    """`dσ`: the letter d before a Greek letter, which the lexer reads as two symbols; the Greek letter's name."""
    match node:
        case BinOp("*", Sym(Name("d", (), None, None, 0)), Sym(Name(base, _, _, None, _) as greek)) if base in GREEK:
            return greek
    return None


def _d_applied(node: Node) -> Func | None:
    """`d σ(x)`, `d sigmoid(x)`: the letter d before a function applied to one symbol; that application."""
    match node:
        case BinOp("*", Sym(Name("d", (), None, None, 0)), Func(_, (Sym(),), 0) as applied):
            return applied
    return None


def _d_word(node: Node) -> TypeGuard[Sym]:
    """`dE`, `dc_t`, `dw1`: a name that reads as the differential of a symbol (a letter and letters, or a letter and
    digits, as `w1` is written for w_1)."""
    if not isinstance(node, Sym):
        return False
    name = node.name
    rest = name.base[1:]
    plain = rest.isalpha() or (len(rest) > 1 and rest[0].isalpha() and rest[1:].isdigit())
    return name.base.startswith("d") and len(name.base) > 1 and plain and not name.prefix


def _grouped(node: Node) -> Node:
    """A node written inside brackets: a product that only resolving reveals (`(QK)`, `(x(y+1))`) stays whole
    under a power or transpose written after the brackets."""
    if isinstance(node, Sym | Apply):
        return replace(node, grouped=True)
    return node
