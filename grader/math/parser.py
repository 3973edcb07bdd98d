"""Parse tokens into a syntax tree: our own recursive-descent parser, never `eval` or `sympify`.

Grammar, loosest binding first:

    statement := expr ('=' expr)* ['∈' space] (',' … '∈' space)*    the spaces are read and set aside
    expr      := ['+'|'-'] product (('+'|'-') product)*
    product   := power ((('*'|'⊙'|'/') signed) | power)*        juxtaposition is a product
    power     := postfix ['^' exponent]                           right-associative
    postfix   := atom ['_' index] ['!']*                          `softmax(z)_i`: an entry
    atom      := number | symbol | function | '(' list ')' | '[' list ']' | '{' expr '}' | '|' expr '|'
                 | '‖' expr '‖' | '||' expr '||' | \\frac{..}{..} | \\sqrt[..]{..} | '√' postfix | ∂symbol
                 | '∇_' symbol atom
                 | bigop ['+'|'-'] product                        the body of ∑ or ∏ runs to the next + or -
    bigop     := (\\sum | \\prod | ∑ | ∏ | sum | prod | Σ | Π) '_{' letter '=' expr ['..' expr] '}' ['^' bound]
                 | (sum | prod) '(' expr ',' letter '=' expr '..' expr ')'

A symbol is a name with decorations (`\\tilde{c}`, `c̃`, `c~`), primes, a subscript (`c_{t-1}`, `W_xh`,
`c_(t-1)`) and an optional δ prefix (`δc_t`, `\\delta c_t`). `(a, b)` and `[a, b]` are concatenations;
`h(t-1)` and `h[t-1]` are decided when resolving (a call, a product, or the time index h_{t-1}).

The body of ∑ or ∏ written without parentheses runs to the next + or - (the textbook convention), which is
not always what was meant: `∏_{j=1}^{n} f_j ⊙ x` is often meant as (∏ f_j) ⊙ x, and `∑_{j=1}^{n} a_j + b_j`
as ∑(a_j + b_j). `parse` returns those readings too, and a grade that depends on the choice goes to review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NoReturn, TypeGuard

from grader.errors import LimitError, NotationError
from grader.math.caps import MAX_BACKTRACKS, MAX_DEPTH
from grader.math.indices import mentions
from grader.math.lexer import GREEK, Token, tokenize
from grader.math.nodes import (
    DECORATIONS,
    Apply,
    BigOp,
    BinOp,
    Chain,
    Component,
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
    Vec,
    children,
    derivative_name,
    index_variable,
)

FUNCTIONS = {
    "sigma": "sigmoid", "sigmoid": "sigmoid", "logistic": "sigmoid", "tanh": "tanh", "exp": "exp",
    "log": "log", "ln": "log", "sqrt": "sqrt", "abs": "abs", "sin": "sin", "cos": "cos", "tan": "tan",
    "sinh": "sinh", "cosh": "cosh", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "asin": "asin",
    "acos": "acos", "atan": "atan", "cot": "cot", "sec": "sec", "csc": "csc", "coth": "coth", "sech": "sech",
    "csch": "csch", "asinh": "asinh", "acosh": "acosh", "atanh": "atanh", "arcsinh": "asinh",
    "arccosh": "acosh", "arctanh": "atanh", "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh",
    "log2": "log2", "log10": "log10", "lg": "log10",
    "softmax": "softmax", "relu": "relu", "sigm": "sigmoid", "ReLU": "relu", "max": "max", "min": "min",
    "factorial": "factorial", "sign": "sign", "sgn": "sign", "binomial": "binomial", "binom": "binomial",
    "root": "root", "norm": "norm",
}  # fmt: skip
# How many arguments a function takes, where it is not one: `log(x, b)` is the logarithm to base b (as in Python and
# SymPy), `root(x, n)` the n-th root, `norm(x, 1)` the 1-norm.
ARITY = {"max": (1, 99), "min": (1, 99), "log": (1, 2), "binomial": (2, 2), "root": (2, 2), "norm": (1, 2)}
BINOMIALS = {"binom", "dbinom", "tbinom"}
# Words that are functions only when a parenthesis follows: in prose ("the root of", "its sign") they are words.
CALL_ONLY = {"sign", "sgn", "binomial", "binom", "root", "norm"}
# Functions that may take their argument without parentheses, as in `\tanh c_t`.
BARE_ARGUMENT = {
    "tanh", "exp", "log", "sin", "cos", "tan", "sinh", "cosh", "asin", "acos", "atan", "cot", "sec", "csc", "coth",
    "sech", "csch", "asinh", "acosh", "atanh", "log2", "log10",
}  # fmt: skip
# `sin^{-1}(x)` is the inverse function, not a reciprocal.
INVERSES = {"sin": "asin", "cos": "acos", "tan": "atan", "sinh": "asinh", "cosh": "acosh", "tanh": "atanh"}
FONT_COMMANDS = {
    "mathbf", "boldsymbol", "bm", "mathrm", "mathit", "mathsf", "mathtt", "text", "textrm", "textit", "textbf",
    "textsf", "operatorname", "mathnormal", "pmb", "mathcal", "mathscr",
}  # fmt: skip
DECORATION_COMMANDS = {
    "tilde": "tilde", "widetilde": "tilde", "bar": "bar", "overline": "bar", "hat": "hat", "widehat": "hat",
    "dot": "dot", "vec": None, "overrightarrow": None,
}  # fmt: skip
TRANSPOSE_MARKS = {"T", "\\top", "\\intercal", "\\mathsf{T}"}
# Sums and products over a range: LaTeX commands (and ∑ ∏, which the lexer reads as them), words before `_`,
# `^` or `(`, and the capital Greek letters before a subscript with `=`.
BIG_OPERATOR_COMMANDS = {"sum": "sum", "prod": "prod"}
BIG_OPERATOR_WORDS = {"sum": "sum", "Sum": "sum", "prod": "prod", "Prod": "prod", "product": "prod", "Product": "prod"}
BIG_OPERATOR_LETTERS = {"Sigma": "sum", "Pi": "prod"}
# How far the body of ∑ and ∏ reaches: to the next + or - (the textbook convention), or as far as a reader may
# have meant it, with the assumption each alternative reading states.
Reach = Literal["textbook", "narrow", "wide"]
NARROW_PRODUCT = "∏ read as applying to the factors up to the last one with its index"
WIDE_BODY = "∑ or ∏ read as applying up to the end of the expression, where its index appears again"
ASSUMED_REACH: dict[Reach, str] = {"narrow": NARROW_PRODUCT, "wide": WIDE_BODY}
FRACTIONS = {"frac", "dfrac", "tfrac"}
_SPELLED_DECORATION = re.compile(r"([A-Za-z])(tilde|bar|hat)")
RADICALS = {"√": 2, "∛": 3, "∜": 4}
SETS = {"ℝ", "ℕ", "ℤ", "ℚ", "ℂ"}


@dataclass(frozen=True)
class Reading:
    """One way of reading a piece of math, and what was assumed to read it so."""

    chain: Chain
    assumption: str | None = None


Indexed = Callable[[Name, str], bool | None]


def parse(text: str, indexed: Indexed | None = None) -> list[Reading]:
    """Every plausible reading of `text` (usually one). Raises NotationError if none is possible.

    `indexed(h, "t-1")` says whether the question writes `h` with that time index (h_t, h_{t-1}): then `h^(t-1)`
    is h_{t-1}; when it says False (the question writes `t` as a symbol) a power; when it does not know (None),
    a power, and the time index in the second reading. The second reading reads every such place the other way
    (`c_t-1` as c_{t-1}, `√2x` as √(2x)); its assumption names them."""
    tokens = tokenize(text)
    readings = _index_readings(text, tokens, indexed)
    if not any(_is_big_operator_head(token) for token in tokens):
        return readings
    others: list[Reading] = []
    for reach, assumed in ASSUMED_REACH.items():
        for alternative, reading in zip((False, True), readings, strict=False):
            try:
                chain = _Parser(text, tokens, alternative=alternative, indexed=indexed, reach=reach).statement()
            except NotationError:
                continue
            if chain != reading.chain and chain not in (other.chain for other in others):
                both = assumed if reading.assumption is None else f"{reading.assumption}; {assumed}"
                others.append(Reading(chain, both))
    return readings + others


def _is_big_operator_head(token: Token) -> bool:
    if token.kind == "CMD":
        return token.text in BIG_OPERATOR_COMMANDS
    return token.kind == "NAME" and (token.text in BIG_OPERATOR_WORDS or token.text in BIG_OPERATOR_LETTERS)


def _index_readings(text: str, tokens: list[Token], indexed: Indexed | None) -> list[Reading]:
    """The literal reading, and the other one if it differs: loose time indices (`c_t-1`) joined, `h^(t)` and
    `√2x` read the other way."""
    literal = _Parser(text, tokens, alternative=False, indexed=indexed)
    readings = [Reading(literal.statement())]
    loose = _loose_time_indices(tokens)
    sites = ([f"{', '.join(loose)} read as a time index"] if loose else []) + literal.shared.sites
    if sites:
        try:
            other = _Parser(text, tokens, alternative=True, indexed=indexed).statement()
        except NotationError:
            return readings
        if other != readings[0].chain:
            readings.append(Reading(other, "; ".join(sites)))
    return readings


def parse_one(text: str) -> Chain:
    """The literal reading of `text` (`c_t-1` is c_t − 1)."""
    return _Parser(text, tokenize(text), alternative=False).statement()


def parse_name(text: str) -> Name:
    """A symbol name such as `\\tilde{c}_t` or `W_f`, as written in a rubric declaration."""
    chain = parse_one(text)
    node = chain.links[0]
    if chain.is_equation or not isinstance(node, Sym | Deriv):
        raise NotationError(f"{text!r} is not a single symbol")
    if isinstance(node, Deriv):
        return derivative_name(node.num, node.den)
    return node.name


def _loose_time_indices(tokens: Sequence[Token]) -> list[str]:
    """Places like `c_t-1` where a subscript without braces is followed by ±number with no spaces."""
    sites = []
    for i in range(1, len(tokens) - 3):
        sub, op, number = tokens[i], tokens[i + 1], tokens[i + 2]
        if (
            tokens[i - 1].text == "_"
            and tokens[i - 1].kind == "OP"
            and sub.kind == "NAME"
            and op.kind == "OP"
            and op.text in ("+", "-")
            and not op.space
            and number.kind == "NUM"
            and not number.space
            and number.text.isdigit()
        ):
            sites.append(f"_{sub.text}{op.text}{number.text}")
    for i in range(len(tokens) - 2):
        if _glued_index(tokens[i], tokens[i + 1], tokens[i + 2]) and (i == 0 or tokens[i - 1].text != "_"):
            sites.append(f"{tokens[i].text}{tokens[i + 1].text}{tokens[i + 2].text}")
    return sites


def _glued_index(name: Token, op: Token, number: Token) -> bool:
    """`ht-1`: two letters then ±number with no spaces, which may be h_{t-1} written without an underscore."""
    return (
        name.kind == "NAME"
        and len(name.text) == 2
        and name.text.isalpha()
        and op.kind == "OP"
        and op.text in ("+", "-")
        and not op.space
        and number.kind == "NUM"
        and not number.space
        and number.text.isdigit()
    )


@dataclass
class _Shared:
    """What the parsers of one text share: the places read two ways (`h^(t)`), and how many more times `||` may
    be read again as two absolute values after failing as a norm (a bound: nested bars would be exponential)."""

    sites: list[str] = field(default_factory=list)
    backtracks: int = MAX_BACKTRACKS


class _Parser:
    def __init__(
        self,
        text: str,
        tokens: Sequence[Token],
        *,
        alternative: bool,
        indexed: Indexed | None = None,
        shared: _Shared | None = None,
        depth: int = 0,
        reach: Reach = "textbook",
    ) -> None:
        self.text = text
        self.tokens = list(tokens)
        self.i = 0
        self.alternative = alternative  # read the places with two readings the other way (`c_t-1`, `h^(t)`, `√2x`)
        self.indexed = indexed
        self.shared = _Shared() if shared is None else shared  # with the parsers of inner groups
        self.depth = depth
        self.reach = reach
        # Inside ‖…‖ a double bar closes, inside |…| a bar does; elsewhere they open a factor (`2‖x‖`, `2||x||`).
        self.norms = 0
        self.absolutes = 0

    # -- token helpers -------------------------------------------------------------------------------
    def peek(self, offset: int = 0) -> Token:
        index = min(self.i + offset, len(self.tokens) - 1)
        return self.tokens[index]

    def advance(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, text: str, kind: str = "OP") -> bool:
        token = self.peek()
        return token.kind == kind and token.text == text

    def accept(self, text: str, kind: str = "OP") -> bool:
        if self.at(text, kind):
            self.i += 1
            return True
        return False

    def expect(self, text: str, context: str) -> Token:
        if not self.at(text):
            self.fail(f"expected '{text}' {context}")
        return self.advance()

    def fail(self, message: str, token: Token | None = None) -> NoReturn:
        token = token or self.peek()
        found = "the end" if token.kind == "END" else f"'{token.text}'"
        raise NotationError(f"{message}, found {found}", self.text, token.pos)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LimitError(f"the math is nested more than {MAX_DEPTH} levels deep", self.text, self.peek().pos)

    def group(self, opener: str = "{", closer: str = "}") -> list[Token]:
        """The tokens between a bracket and its match, brackets consumed."""
        start = self.expect(opener, "to open a group")
        level, begin = 1, self.i
        while True:
            token = self.advance()
            if token.kind == "END":
                raise NotationError(f"'{opener}' is never closed", self.text, start.pos)
            if token.kind == "OP" and token.text == opener:
                level += 1
            elif token.kind == "OP" and token.text == closer:
                level -= 1
                if level == 0:
                    return self.tokens[begin : self.i - 1]

    def sub_parser(self, tokens: list[Token]) -> _Parser:
        end = Token("END", "", tokens[-1].pos + len(tokens[-1].text) if tokens else self.peek().pos)
        return _Parser(
            self.text,
            [*tokens, end],
            alternative=self.alternative,
            indexed=self.indexed,
            shared=self.shared,
            depth=self.depth,
            reach=self.reach,
        )

    def parse_tokens(self, tokens: list[Token], what: str) -> Node:
        if not tokens:
            self.fail(f"empty {what}")
        parser = self.sub_parser(tokens)
        node = parser.expr()
        if parser.peek().kind != "END":
            parser.fail(f"unexpected symbol in {what}")
        return node

    # -- grammar ---------------------------------------------------------------------------------------
    def statement(self) -> Chain:
        links = [self.expr()]
        while self.accept("="):
            links.append(self.expr())
        stated = self.memberships()
        if self.peek().kind != "END":
            self.fail("unexpected symbol")
        if stated and len(links) == 1 and isinstance(links[0], Sym):
            raise NotationError(
                f"“{self.text.strip()}” states the space {links[0].name.text()} lives in; that is not graded"
            )
        return Chain(tuple(links))

    def memberships(self) -> bool:
        """`… ∈ ℝ^{64}`, `…, h_t ∈ ℝ^{n×d}`, `… (h_t ∈ ℝ^{64})`: statements of where a value lives, read and set
        aside (they say nothing about its value). Whether there was one."""
        found = False
        while True:
            if self.accept("∈"):
                self.domain()
            elif self.at(",") and self.membership_follows():
                while not self.at("∈"):
                    self.advance()
                continue
            elif self.at("(") and self.states_space():
                self.group("(", ")")
            else:
                return found
            found = True

    def states_space(self) -> bool:
        """Whether the group that opens here is `(h_t ∈ ℝ^{64})`: a `∈` at its own level."""
        level = 0
        for token in self.tokens[self.i :]:
            if token.kind == "OP" and token.text in ("(", "[", "{"):
                level += 1
            elif token.kind == "OP" and token.text in (")", "]", "}"):
                level -= 1
                if level == 0:
                    return False
            elif level == 1 and token.kind == "OP" and token.text == "∈":
                return True
        return False

    def membership_follows(self) -> bool:
        """Whether a `∈` follows at this level, with no `=` before it (`, h_t, c_t ∈ ℝ^n`)."""
        level = 0
        for token in self.tokens[self.i + 1 :]:
            if token.kind == "OP" and token.text in ("(", "[", "{"):
                level += 1
            elif token.kind == "OP" and token.text in (")", "]", "}"):
                level -= 1
            elif level == 0 and token.kind == "OP" and token.text in ("=", "∈"):
                return token.text == "∈"
        return False

    def domain(self) -> None:
        """A space such as `ℝ`, `\\mathbb{R}^{n \\times d}`, `[0, 1]^n`, `ℝ^n × ℝ^m`: checked for shape, not kept."""
        while True:
            token = self.peek()
            if token.kind == "OP" and token.text in SETS:
                self.advance()
            elif token.kind == "CMD" and token.text in ("mathbb", "mathbf", "mathrm", "Bbb"):
                self.advance()
                self.argument_tokens()
            elif token.kind == "OP" and token.text in ("(", "["):
                self.group(token.text, ")" if token.text == "(" else "]")
            else:
                self.fail("expected a space such as ℝ^n after ∈")
            if self.accept("^"):  # `ℝ^n`, `ℝ^{n×d}`, `ℝ^(n×d)`
                if self.at("{") or self.at("("):
                    self.group(self.peek().text, ")" if self.at("(") else "}")
                elif self.peek().kind in ("NUM", "NAME"):
                    self.advance()
                else:
                    self.fail("expected the dimension after ^, as in ℝ^n")
            if not (self.accept("*") or self.accept("⊙")):  # `ℝ^n × ℝ^m`
                return

    def expr(self) -> Node:
        self.enter()
        if self.peek().kind == "END" or self.at("="):
            self.fail("expected an expression")
        node = self.signed()
        while self.peek().kind == "OP" and self.peek().text in ("+", "-"):
            op = self.advance().text
            node = BinOp(op, node, self.signed())
        self.depth -= 1
        return node

    def signed(self) -> Node:
        if self.accept("-"):
            return Neg(self.signed())
        if self.accept("+"):
            return self.signed()
        return self.product()

    def product(self) -> Node:
        node = self.power()
        while True:
            token = self.peek()
            if token.kind == "OP" and token.text in ("*", "⊙", "/"):
                self.advance()
                # `r ⊙ U h` is r ⊙ (U h): factors written together bind tighter than a written product (as
                # every paper means it); not after `/`, where `1/2 x` is x/2
                right = self.signed_factor() if token.text == "/" else self.juxtaposed()
                node = self.combine(token.text, node, right, token)
            elif self.starts_factor(token):
                if token.kind == "NUM":
                    self.fail("a number follows without an operator; write the '*' or '·' explicitly")
                node = self.combine("*", node, self.power(), token)
            else:
                return node

    def combine(self, op: str, left: Node, right: Node, token: Token) -> Node:
        if op == "/" and isinstance(left, Partial) and isinstance(right, Partial):
            return Deriv(left.name, right.name)
        if op == "/" and _d_word(left) and _d_word(right):  # `dE/dc_t`, the ASCII derivative
            return Deriv(replace(left.name, base=left.name.base[1:]), replace(right.name, base=right.name.base[1:]))
        for side in (left, right):
            if isinstance(side, Partial):
                raise NotationError("'∂' must be written as part of a derivative ∂A/∂B", self.text, side.pos)
        return BinOp(op, left, right)

    def juxtaposed(self) -> Node:
        """A factor and the factors written right after it without an operator (`U h` in `r ⊙ U h`)."""
        node = self.signed_factor()
        while self.starts_factor(self.peek()) and self.peek().kind != "NUM":
            node = self.combine("*", node, self.power(), self.peek())
        return node

    def signed_factor(self) -> Node:
        # `a * -b` and `a / -b` are common enough to accept.
        if self.accept("-"):
            return Neg(self.signed_factor())
        return self.power()

    def starts_factor(self, token: Token) -> bool:
        if token.kind in ("NUM", "NAME", "CMD"):
            return True
        if token.kind == "OP" and token.text in ("‖", "|"):
            return not self.norms and (token.text == "‖" or (not self.absolutes and self.double_bar(1)))
        if token.kind == "OP" and token.text == "(" and self.states_space():  # `… (h_t ∈ ℝ^{64})` is no factor
            return False
        return token.kind == "OP" and (token.text in ("(", "[", "{", "∂", "∇") or token.text in RADICALS)

    def power(self) -> Node:
        return self.superscript(self.postfix())

    def superscript(self, base: Node) -> Node:
        """`base` with what is written above it: a transpose, prime or index (after which more may follow, as in
        `h^{(t)}^T`), or an exponent."""
        if not self.at("^"):
            return base
        caret = self.advance()
        if self.at("{"):
            inner = self.group()
            special = self.special_superscript(base, inner)
            if special is not None:
                return self.superscript(special)
            exponent = self.parse_tokens(inner, "exponent")
        else:
            token = self.peek()
            if (token.kind == "NAME" and token.text == "T") or (
                token.kind == "CMD" and token.text in ("top", "intercal")
            ):
                self.advance()
                return self.superscript(Transpose(base))
            if token.kind == "NAME" and token.text[0] == "T" and token.text[1:].isalpha():
                # `Q^TK`, `x^Tx`: a superscript without braces is one letter, the transpose; the rest is a factor
                self.advance()
                self.tokens.insert(self.i, Token("NAME", token.text[1:], token.pos + 1))
                return Transpose(base)
            python_power = self.text.startswith("**", caret.pos)  # `x**(t)` is always a power
            if token.kind == "OP" and token.text in ("(", "<") and not python_power:
                closer = ")" if token.text == "(" else ">"
                saved = self.i
                inner = self.group(token.text, closer)
                special = self.special_superscript(base, [token, *inner, Token("OP", closer, token.pos)], braced=False)
                if special is not None:
                    return self.superscript(special)
                self.i = saved
            if token.kind == "OP" and token.text == "'":
                self.advance()
                return self.superscript(self.add_prime(base, caret))
            exponent = self.signed_exponent()
        return BinOp("^", base, exponent)

    def signed_exponent(self) -> Node:
        if self.accept("-"):
            return Neg(self.signed_exponent())
        if self.accept("+"):
            return self.signed_exponent()
        if self.at("{"):
            return self.parse_tokens(self.group(), "exponent")
        return self.power()

    def special_superscript(self, base: Node, inner: list[Token], *, braced: bool = True) -> Node | None:
        """`^T`, `^{\\top}` (transpose), `^{(t)}`, `^{<t>}` (a time index), `^{\\prime}` (prime)."""
        spelled = "".join(("\\" if t.kind == "CMD" else "") + t.text for t in inner)
        if spelled in TRANSPOSE_MARKS:
            return Transpose(base)
        last = inner[-1] if len(inner) > 1 else None
        if last is not None and ("\\" if last.kind == "CMD" else "") + last.text in TRANSPOSE_MARKS:
            indexed = self.special_superscript(base, inner[:-1], braced=braced)  # `h^{(t)T}`, `h⁽ᵗ⁾ᵀ`
            return None if indexed is None else Transpose(indexed)
        if spelled in ("'", "''"):
            result: Node = base
            for token in inner:
                result = self.add_prime(result, token)
            return result
        if len(inner) >= 3 and (inner[0].text, inner[-1].text) in (("(", ")"), ("<", ">"), ("[", "]")):
            return self.index_superscript(base, inner, braced=braced)
        return None

    def index_superscript(self, base: Node, inner: list[Token], *, braced: bool) -> Node | None:
        """`h^{(t)}`, `h^{<t>}`, `h^{⟨t⟩}`, `a^{[l]}`: an index written above. `h^(t-1)` without braces is also a
        power: it is the index where the question writes h with that index, else a second reading."""
        if not isinstance(base, Sym) or base.name.sub is not None:
            return None
        opener, body = inner[0].text, inner[1:-1]
        index = _index_text(body)
        if index is None:
            return None
        if opener != "(":
            return replace(base, name=replace(base.name, sub=index))
        if base.name.base in ("e", "E") or not _is_time_index(body):  # `e^{(x)}`, `x^{(n+m)}`: powers
            return None
        if braced:
            return replace(base, name=replace(base.name, sub=index))
        question = self.indexed(base.name, index) if self.indexed is not None else None
        if question is False:  # the question writes the letter as a symbol and never indexes this one: a power
            return None
        if question or self.alternative:
            return replace(base, name=replace(base.name, sub=index))
        self.shared.sites.append(f"^({index}) read as a time index")
        return None

    def add_prime(self, node: Node, token: Token) -> Node:
        if isinstance(node, Sym):
            return Sym(replace(node.name, prime=node.name.prime + 1))
        if isinstance(node, Func):
            return replace(node, prime=node.prime + 1)
        raise NotationError("a prime (') can only follow a symbol or a function name", self.text, token.pos)

    def postfix(self) -> Node:
        node = self.atom()
        if self.at("_") and not isinstance(node, Sym):  # `softmax(z)_i`, `(W x)_i`: an entry of a vector value
            self.advance()
            node = Component(node, self.subscript())
        while self.at("!"):
            self.advance()
            node = Func("factorial", (node,))
        return node

    def atom(self) -> Node:
        self.enter()
        token = self.peek()
        node: Node
        if token.kind == "NUM":
            self.advance()
            node = Num(token.text)
        elif token.kind == "NAME":
            node = self.name_atom()
        elif token.kind == "CMD":
            node = self.command_atom()
        elif token.kind == "OP" and token.text in ("(", "["):
            node = self.bracketed(token.text, ")" if token.text == "(" else "]")
        elif token.kind == "OP" and token.text == "{":
            node = self.parse_tokens(self.group(), "braces")
            if isinstance(node, Sym):  # `{c}_t`, `{QK}^T`: LaTeX braces group like brackets
                node = replace(self.symbol_suffixes(node.name), word=node.word)
            node = _grouped(node)
        elif token.kind == "OP" and token.text in RADICALS:
            node = self.radical()
        elif token.kind == "OP" and token.text == "‖":
            node = self.norm()
        elif token.kind == "OP" and token.text == "|":
            node = self.bars()
        elif token.kind == "OP" and token.text == "∇":
            node = self.nabla()
        elif token.kind == "OP" and token.text == "∂" and self.peek(1).kind == "OP" and self.peek(1).text == "/":
            self.i += 2  # `∂/∂x (...)`: the derivative of what follows
            self.expect("∂", "in ∂/∂x")
            variable = self.read_variable(token)
            node = Diff(self.derivative_operand(), variable)
        elif token.kind == "OP" and token.text == "∂":
            self.advance()
            target = self.atom()
            if not isinstance(target, Sym):
                self.fail("'∂' must be followed by a symbol")
            node = Partial(target.name, token.pos)
            if self.at("/") and self.peek(1).kind == "OP" and self.peek(1).text == "∂":
                self.advance()  # `∂E/∂c_t` binds as one symbol: `f_t ∂E/∂c_t` is f_t·(∂E/∂c_t)
                below = self.atom()
                if isinstance(below, Partial):
                    node = Deriv(node.name, below.name)
        else:
            self.fail("expected a number, a symbol or '('")
        self.depth -= 1
        return node

    def bracketed(self, opener: str, closer: str) -> Node:
        inner = self.group(opener, closer)
        items = _split_commas(inner)
        if len(items) == 1:
            return _grouped(self.parse_tokens(items[0], f"'{opener}{closer}'"))
        return Vec(tuple(self.parse_tokens(item, "a list") for item in items))

    def name_atom(self) -> Node:
        token = self.advance()
        text = token.text
        if self.alternative and _glued_index(token, self.peek(), self.peek(1)):  # `ht-1` as h_{t-1}
            op, number = self.advance(), self.advance()
            index = [Token("NAME", text[1], token.pos + 1), op, number]
            sub = _index_text(index) or f"{text[1]}{op.text}{number.text}"
            return self.maybe_apply(self.symbol_suffixes(Name(text[0], sub=sub)))
        if text == "diff" and self.at("("):
            return self.diff_call(token)
        if self.starts_big_operator(token):
            return self.big_operator(token, BIG_OPERATOR_WORDS.get(text) or BIG_OPERATOR_LETTERS[text])
        following = self.peek(1)
        if text == "d" and self.at("/") and following.kind == "NAME" and following.text.startswith("d"):
            self.advance()  # `d/dx (...)`: the derivative of what follows
            variable = self.d_variable()
            return Diff(self.derivative_operand(), variable)
        if text in FUNCTIONS and (text != "sigma" or self.sigma_is_call()) and (text not in CALL_ONLY or self.at("(")):
            return self.function(FUNCTIONS[text], token)
        if text in ("delta", "Delta") and self.starts_symbol(self.peek()):
            inner = self.atom()
            if isinstance(inner, Sym) and inner.name.prefix is None:
                return Sym(replace(inner.name, prefix=text))
            raise NotationError(f"'{text}' must be followed by a symbol, as in δc_t", self.text, token.pos)
        spelled = _SPELLED_DECORATION.fullmatch(text)  # `cbar_t`, `ctilde`, `hhat`: a decoration in words
        node = self.symbol_suffixes(Name(spelled[1], decor=(spelled[2],)) if spelled else Name(text))
        if spelled:
            return self.maybe_apply(node)
        following = self.peek(1)
        if _d_word(node) and self.at("/") and following.kind == "NAME" and _d_word(Sym(Name(following.text))):
            self.advance()  # `dE/dc_t` binds as one symbol: `f_t dE/dc_t` is f_t·(dE/dc_t)
            below = self.symbol_suffixes(Name(self.advance().text))
            return Deriv(replace(node.name, base=text[1:]), replace(below.name, base=below.name.base[1:]))
        if len(text.rstrip("0123456789")) > 1 and text not in GREEK:
            node = Sym(node.name, word=True)
        if text == "sigma" and self.at("(") and self.bare_sigma_inside():
            return node  # `σ(1 − σ)`: σ times the brackets that follow
        return self.maybe_apply(node)

    def starts_function(self, token: Token) -> bool:
        """`\\cos` in `\\sin x \\cos x`: a bare argument ends where the next function begins."""
        return token.kind in ("NAME", "CMD") and token.text in FUNCTIONS

    def diff_call(self, token: Token) -> Node:
        """`diff(expression, variable)`."""
        items = _split_commas(self.group("(", ")"))
        if len(items) != 2:
            raise NotationError("diff takes two arguments: diff(expression, variable)", self.text, token.pos)
        expression = self.parse_tokens(items[0], "the expression of diff")
        return Diff(expression, self.variable(self.parse_tokens(items[1], "the variable of diff"), token))

    def d_variable(self) -> Name:
        """The variable of `d/dx`: the name token `dx` (or `dc` of `dc_t`) read without its `d`."""
        token = self.advance()
        self.tokens.insert(self.i, Token("NAME", token.text[1:], token.pos + 1))
        return self.read_variable(token)

    def read_variable(self, token: Token) -> Name:
        """A symbol with its subscripts, never applied to a following group."""
        if self.peek().kind == "NAME":
            return self.symbol_suffixes(Name(self.advance().text)).name
        return self.variable(self.atom(), token)

    def variable(self, node: Node, token: Token) -> Name:
        if not isinstance(node, Sym):
            raise NotationError("a derivative must be taken with respect to a symbol, as in d/dx", self.text, token.pos)
        return node.name

    def derivative_operand(self) -> Node:
        """What `d/dx` applies to: a parenthesized group (with any power), or the factors that follow it."""
        if self.at("(") or self.at("["):
            return self.power()
        node = self.power()
        while self.starts_factor(self.peek()) and self.peek().kind != "NUM":
            node = BinOp("*", node, self.power())
        return node

    def starts_symbol(self, token: Token) -> bool:
        if token.kind == "NAME":
            return token.text not in FUNCTIONS
        return token.kind == "CMD" and (token.text in DECORATION_COMMANDS or token.text in FONT_COMMANDS)

    def opens_argument(self) -> bool:
        return self.at("(") or self.at("{") or self.at("'") or self.at("^")

    def sigma_is_call(self) -> bool:
        """`σ(x)`, `σ'(x)`, `σ^2(x)` call the logistic function; a bare `σ`, `σ^2` or `σ' = …` is a symbol, and so
        is `σ` in `σ(1 − σ)`: brackets holding a bare σ multiply it (nobody means the sigmoid of 1 − σ)."""
        if self.at("("):
            return not self.bare_sigma_inside()
        if self.at("{"):
            return True
        if self.at("'"):
            j = self.i
            while self.tokens[j].kind == "OP" and self.tokens[j].text == "'":
                j += 1
            return self.tokens[j].kind == "OP" and self.tokens[j].text in ("(", "{")
        if not self.at("^"):
            return False
        j = self.i + 1
        if self.tokens[j].kind == "OP" and self.tokens[j].text == "{":
            closed = _closing(self.tokens, j)
            if closed is None:
                return False
            j = closed
        following = self.tokens[min(j + 1, len(self.tokens) - 1)]
        return following.kind == "OP" and following.text == "("

    def bare_sigma_inside(self) -> bool:
        """Whether the brackets that open here hold a σ that is not itself called (`(1 − σ)`)."""
        end = _closing(self.tokens, self.i)
        if end is None:
            end = len(self.tokens) - 1  # never closed: reading fails later, as it would either way
        return any(
            token.kind == "NAME"
            and token.text == "sigma"
            and not (self.tokens[j + 1].kind == "OP" and self.tokens[j + 1].text in ("(", "'", "^", "{"))
            for j, token in enumerate(self.tokens[self.i + 1 : end], start=self.i + 1)
        )

    def maybe_apply(self, node: Node) -> Node:
        if isinstance(node, Sym) and self.at("("):
            start = self.peek()
            items = _split_commas(self.group("(", ")"))
            args = tuple(_grouped(self.parse_tokens(item, "an argument")) for item in items)
            return Apply(node.name, args, start.pos)
        if self.at("[") and not self.peek().space and isinstance(node, Sym) and _indexable(node):
            # `x[t]`: a product x·t, or the time index x_t where the question writes x_t
            start, saved = self.peek(), self.i
            items = _split_commas(self.group("[", "]"))
            if len(items) == 1:
                return Apply(node.name, (_grouped(self.parse_tokens(items[0], "an index")),), start.pos, square=True)
            self.i = saved
        return node

    def symbol_suffixes(self, name: Name) -> Sym:
        while True:
            token = self.peek()
            if token.kind == "DECOR" and not token.space:
                self.advance()
                if token.text in DECORATIONS:
                    name = replace(name, decor=(*name.decor, token.text))
            elif token.kind == "OP" and token.text == "'" and not token.space:
                self.advance()
                name = replace(name, prime=name.prime + 1)
            elif token.kind == "OP" and token.text == "_" and self.spelled_decoration():
                self.advance()  # `c_tilde_t`, `c_bar`: the decoration written as a word between underscores
                name = replace(name, decor=(*name.decor, self.advance().text.lower()))
            elif token.kind == "OP" and token.text == "_":
                self.advance()
                if name.sub is not None:
                    if name.base in ("delta", "Delta") and name.prefix is None and not name.decor:
                        # `delta_c_t`: the gradient δc_t written in ASCII
                        name = Name(name.sub, prefix=name.base, sub=self.subscript())
                        continue
                    self.fail("a second subscript")
                name = replace(name, sub=self.subscript())
            else:
                return Sym(name)

    def spelled_decoration(self) -> bool:
        """Whether `_` is followed by `tilde`, `bar` or `hat` and then another `_` or the end of the name."""
        word, after = self.peek(1), self.peek(2)
        if word.kind != "NAME" or word.text.lower() not in ("tilde", "bar", "hat"):
            return False
        return (after.kind == "OP" and after.text == "_") or after.kind != "NAME" or after.space

    def subscript(self) -> str:
        token = self.peek()
        if token.kind == "OP" and token.text == "{":
            inner = self.group()
            if not inner:
                self.fail("empty subscript")
            return _index_text(inner) or _label_text(inner)
        if token.kind == "OP" and token.text == "(":  # `h_(t-1)`: the parentheses only group the index
            inner = self.group("(", ")")
            index = _index_text(inner) if inner else None
            if index is None:
                self.fail("expected an index such as t-1 inside _( )", token)
            return index
        self.advance()
        if token.kind == "NUM":
            if not token.text.isdigit():
                self.fail("a subscript number must be whole", token)
            return token.text
        if token.kind == "NAME":
            text = token.text
            nxt, number = self.peek(), self.peek(1)
            if (
                self.alternative
                and nxt.kind == "OP"
                and nxt.text in ("+", "-")
                and not nxt.space
                and number.kind == "NUM"
                and not number.space
                and number.text.isdigit()
            ):
                self.i += 2
                return _index_text([token, nxt, number]) or f"{text}{nxt.text}{number.text}"
            if len(text) > 1 and self.at("_"):
                # `f_tc_{t-1}`: only the first letter is the subscript.
                self.tokens.insert(self.i, Token("NAME", text[1:], token.pos + 1))
                return text[0]
            return text
        if token.kind == "CMD" and token.text in DECORATION_COMMANDS:
            self.i -= 1
            node = self.atom()
            if isinstance(node, Sym):
                return node.name.text()
        self.fail("expected a subscript after '_'", token)
        return None

    def command_atom(self) -> Node:
        token = self.advance()
        name = token.text
        if name == "sqrt":
            return self.root(token)
        if name in BINOMIALS:  # `\binom{n}{k}`
            top = self.parse_tokens(self.argument_tokens(), "the top of a binomial coefficient")
            bottom = self.parse_tokens(self.argument_tokens(), "the bottom of a binomial coefficient")
            return Func("binomial", (top, bottom))
        if name in FUNCTIONS:
            return self.function(FUNCTIONS[name], token)
        if name in FRACTIONS:
            return self.fraction(token)
        if name in BIG_OPERATOR_COMMANDS:
            return self.big_operator(token, BIG_OPERATOR_COMMANDS[name])
        if name in FONT_COMMANDS:
            return self.font(token)
        if name in DECORATION_COMMANDS:
            return self.decoration(token, DECORATION_COMMANDS[name])
        if name == "infty":
            self.fail("infinity is not supported", token)
        raise NotationError(f"unknown LaTeX command \\{name}", self.text, token.pos)

    def argument_tokens(self) -> list[Token]:
        """A LaTeX argument: a `{...}` group or a single token."""
        if self.at("{"):
            return self.group()
        token = self.advance()
        if token.kind == "END":
            self.fail("a command needs an argument", token)
        return [token]

    def fraction(self, token: Token) -> Node:
        if self.peek().kind == "NUM" and not self.at("{") and len(self.peek().text) == 2:
            digits = self.advance().text  # \frac12
            return BinOp("/", Num(digits[0]), Num(digits[1]))
        numerator = self.argument_tokens()
        denominator = self.argument_tokens()
        if len(numerator) == 1 and numerator[0].text in ("d", "∂") and denominator:
            # `\frac{d}{dx} x^2`, `\frac{\partial}{\partial x}(...)`: the derivative of what follows
            if denominator[0].text == numerator[0].text and len(denominator) > 1:
                variable = self.parse_tokens(denominator[1:], "the variable of a derivative")
            elif numerator[0].text == "d" and denominator[0].kind == "NAME" and denominator[0].text.startswith("d"):
                first = denominator[0]
                rest = [Token("NAME", first.text[1:], first.pos + 1), *denominator[1:]]
                variable = self.parse_tokens(rest, "the variable of a derivative")
            else:
                self.fail("a derivative operator needs d/dx or ∂/∂x")
            return Diff(self.derivative_operand(), self.variable(variable, token))
        deriv = self.derivative(numerator, denominator)
        if deriv is not None:
            return deriv
        return BinOp("/", self.parse_tokens(numerator, "numerator"), self.parse_tokens(denominator, "denominator"))

    def derivative(self, numerator: list[Token], denominator: list[Token]) -> Deriv | None:
        """`\\frac{\\partial E}{\\partial c_t}` and `\\frac{dE}{dc_t}` as derivative symbols."""
        parts = []
        for tokens in (numerator, denominator):
            if tokens and tokens[0].kind == "OP" and tokens[0].text == "∂":
                rest = tokens[1:]
            elif tokens and tokens[0].kind == "NAME" and tokens[0].text.startswith("d") and len(tokens[0].text) > 1:
                first = tokens[0]
                rest = [Token("NAME", first.text[1:], first.pos + 1), *tokens[1:]]
            elif len(tokens) > 1 and tokens[0].kind == "NAME" and tokens[0].text == "d":
                rest = tokens[1:]
            else:
                return None
            try:
                node = self.parse_tokens(rest, "derivative") if rest else None
            except NotationError:  # not a derivative after all: `\\frac{∂E/∂c_t}{x}` is a quotient
                return None
            if not isinstance(node, Sym):
                return None
            parts.append(node.name)
        return Deriv(parts[0], parts[1])

    def double_bar(self, offset: int) -> bool:
        """Whether `||` (two bars with nothing between) stands at `offset` after a bar: ASCII for ‖."""
        token = self.peek(offset)
        return token.kind == "OP" and token.text == "|" and not token.space

    def bars(self) -> Node:
        """`|x|`, the absolute value; `||x||`, the norm, unless it reads only as `||x| - |y||`."""
        if self.double_bar(1):
            if self.shared.backtracks <= 0:
                return self.norm()
            saved, tokens, depth = self.i, list(self.tokens), self.depth
            try:
                return self.norm()
            except LimitError:
                raise
            except NotationError:
                self.shared.backtracks -= 1
                self.i, self.tokens, self.depth, self.norms = saved, tokens, depth, 0
        self.advance()
        self.absolutes += 1
        inner = self.expr()
        self.absolutes -= 1
        self.expect("|", "to close the absolute value")
        return Func("abs", (inner,))

    def norm(self) -> Node:
        """`‖x‖`, `\\|x\\|`, `||x||`, with `_2` (the same) or `_1` (the 1-norm): a norm, not abs(abs(x))."""
        opener = self.advance()
        if opener.text == "|":
            self.advance()
        self.norms += 1
        inner = self.expr()
        self.norms -= 1
        if opener.text == "‖":
            self.expect("‖", "to close the norm")
        elif self.at("|") and self.double_bar(1):
            self.i += 2
        else:
            self.fail("expected '||' to close the norm")
        if not self.accept("_"):
            return Func("norm", (inner,))
        order = self.subscript()
        if order not in ("1", "2"):
            raise NotationError(f"the norm _{order} is not supported; write ‖x‖ or ‖x‖_1", self.text, opener.pos)
        return Func("norm", (inner,) if order == "2" else (inner, Num("1")))

    def nabla(self) -> Node:
        """`∇_z L`, `\\nabla_{\\theta} J(\\theta)`: the derivative ∂L/∂z; `∇_x (x^2)`: that of an expression."""
        token = self.advance()
        if not self.accept("_"):
            self.fail("write the variable of ∇ as a subscript, as in ∇_z L")
        variable = self.nabla_variable(token)
        if self.at("(") or self.at("["):
            return Diff(self.power(), variable)
        operand = self.atom()
        if isinstance(operand, Sym | Apply):  # `∇_θ J(θ)` is ∂J/∂θ
            return Deriv(operand.name, variable)
        return Diff(operand, variable)

    def nabla_variable(self, token: Token) -> Name:
        """The subscript of ∇: a braced symbol, or one letter (LaTeX's `\\nabla_zL` is ∇_z L) or Greek name."""
        if self.at("{"):
            return self.variable(self.parse_tokens(self.group(), "the variable of ∇"), token)
        following = self.peek()
        if following.kind == "NAME" and len(following.text) > 1 and following.text not in GREEK:
            self.advance()
            self.tokens.insert(self.i, Token("NAME", following.text[1:], following.pos + 1))
            return Name(following.text[0])
        if following.kind != "NAME":
            self.fail("expected the variable of ∇")
        return Name(self.advance().text)

    def radical(self) -> Node:
        """`√d_k`, `√(x+1)`, `∛x`: the root of the factor that follows (with its subscripts, not a power of it).
        `√2x` is √2·x, and √(2x) in the second reading: nothing shows where the root ends."""
        sign = self.advance()
        degree = RADICALS[sign.text]
        bracketed = self.at("{") or self.at("(") or self.at("[")
        radicand = self.parse_tokens(self.group(), "a root") if self.at("{") else self.postfix()
        if not bracketed and self.starts_factor(self.peek()) and not self.peek().space:
            if self.alternative:
                while self.starts_factor(self.peek()) and not self.peek().space:
                    radicand = BinOp("*", radicand, self.power())
            else:
                self.shared.sites.append(f"{_written_run(self.text, sign.pos)} read as the root of the whole product")
        if degree == 2:
            return Func("sqrt", (radicand,))
        return BinOp("^", radicand, BinOp("/", Num("1"), Num(str(degree))))

    def root(self, token: Token) -> Node:
        degree: Node | None = None
        if self.at("["):
            degree = self.parse_tokens(self.group("[", "]"), "root degree")
        radicand = self.parse_tokens(self.argument_tokens(), "square root")
        if degree is None:
            return Func("sqrt", (radicand,))
        return BinOp("^", radicand, BinOp("/", Num("1"), degree))

    def font(self, token: Token) -> Node:
        inner = self.argument_tokens()
        if inner and all(t.kind in ("NAME", "NUM") for t in inner) and inner[0].kind == "NAME":
            word = " ".join(t.text for t in inner) if token.text.startswith("text") else "".join(t.text for t in inner)
            if word in FUNCTIONS and self.opens_argument():
                return self.function(FUNCTIONS[word], token)
            return self.maybe_apply(self.symbol_suffixes(Name(word)))
        node = self.parse_tokens(inner, f"\\{token.text}")
        if isinstance(node, Sym):
            return self.maybe_apply(self.symbol_suffixes(node.name))
        return node

    def decoration(self, token: Token, decoration: str | None) -> Node:
        node = self.parse_tokens(self.argument_tokens(), f"\\{token.text}")
        if not isinstance(node, Sym):
            raise NotationError(f"\\{token.text} must decorate a symbol", self.text, token.pos)
        name = node.name
        if decoration is not None:
            name = replace(name, decor=(*name.decor, decoration))
        return self.maybe_apply(self.symbol_suffixes(name))

    def function(self, name: str, token: Token) -> Node:
        prime = 0
        power: Node | None = None
        log_base: Node | None = None
        while True:
            if self.accept("'"):
                prime += 1
            elif self.at("^") and power is None:
                self.advance()
                power = self.signed_exponent()
            elif self.at("_") and name == "log" and log_base is None:
                self.advance()
                log_base = self.parse_tokens(self.argument_tokens(), "logarithm base")
            else:
                break
        if self.at("("):
            items = _split_commas(self.group("(", ")"))
            args = tuple(self.parse_tokens(item, f"the argument of {token.text}") for item in items)
        elif self.at("{"):
            args = (self.parse_tokens(self.group(), f"the argument of {token.text}"),)
        elif name in BARE_ARGUMENT and self.starts_factor(self.peek()):
            args = (self.power(),)
            if self.starts_factor(self.peek()) and not self.starts_function(self.peek()):
                self.fail(f"ambiguous argument of {token.text}: write {token.text}(...) with parentheses")
        else:
            self.fail(f"{token.text} needs an argument in parentheses")
        fewest, most = ARITY.get(name, (1, 1))
        if not fewest <= len(args) <= most:
            raise NotationError(f"{token.text} takes {_arguments(fewest, most)}, got {len(args)}", self.text, token.pos)
        if power == Neg(Num("1")) and name in INVERSES:
            name, power = INVERSES[name], None
        node: Node = _two_argument_form(name, args, prime)
        if name in ("log2", "log10"):
            node = BinOp("/", Func("log", args, prime), Func("log", (Num(name[3:]),)))
        if log_base is not None:
            node = BinOp("/", node, Func("log", (log_base,)))
        if power is not None:
            if power == Neg(Num("1")):
                raise NotationError(f"the inverse function {token.text}^-1 is not supported", self.text, token.pos)
            node = BinOp("^", node, power)
        return node

    # -- sums and products over a range ----------------------------------------------------------------
    def starts_big_operator(self, token: Token) -> bool:
        """`sum_{j=1}^{n}`, `prod(...)`, `Σ_{j=1}^{n}`: a word or capital letter that opens a sum or product.
        A capital letter does only before a subscript with `=`, so that `Σ_t` stays a symbol."""
        if token.text in BIG_OPERATOR_WORDS:
            return self.at("_") or self.at("^") or self.at("(")
        if token.text not in BIG_OPERATOR_LETTERS or not self.at("_"):
            return False
        following = self.peek(1)
        if following.kind != "OP" or following.text not in ("{", "("):
            return False
        saved = self.i
        self.advance()
        inside = self.group(following.text, "}" if following.text == "{" else ")")
        self.i = saved
        return any(t.kind == "OP" and t.text == "=" for t in inside)

    def big_operator(self, token: Token, op: str) -> Node:
        """A sum or product over a range, from its bounds to the end of its body (see BigOp)."""
        if self.at("("):
            return self.big_operator_call(token, op)
        below: list[Token] | None = None
        above: list[Token] | None = None
        while True:
            if self.at("_") and below is None:
                self.advance()
                below = self.script_tokens()
            elif self.at("^") and above is None:
                self.advance()
                above = self.script_tokens()
            else:
                break
        written = "\\sum" if op == "sum" else "\\prod"
        if below is None:
            self.fail(f"{written} needs its range, as in {written}_{{j=1}}^{{n}}", token)
        index, lower, upper = self.range_of(below, token, written)
        if upper is not None and above is not None:
            self.fail(f"{written} has two upper bounds", token)
        upper = upper if upper is not None else above
        if upper is None:
            self.fail(f"{written} needs its last value, as in {written}_{{j=1}}^{{n}}", token)
        first = self.parse_tokens(lower, "the first value of a range")
        last = self.parse_tokens(upper, "the last value of a range")
        negative = self.accept("-")  # `∑_{j=1}^{n} -a_j b_j` is the sum of -(a_j b_j)
        if not negative:
            self.accept("+")
        start = self.i
        body = self.product()
        trailing: list[tuple[str, Node]] = []
        if op == "prod" and self.reach == "narrow" and not self.is_one_group(start):
            body, trailing = _narrow_product(body, index)
        body = Neg(body) if negative else body
        if self.reach == "wide":
            body = self.wide_body(body, index)
        node: Node = BigOp(op, index, first, last, body)
        for operator, factor in trailing:
            node = BinOp(operator, node, factor)
        return node

    def wide_body(self, body: Node, index: str) -> Node:
        """The body with the terms that follow it up to the end of the expression, if they mention the index
        (`∑_{j=1}^{n} a_j + b_j`, likely meant as ∑(a_j + b_j)); else the body alone, nothing consumed."""
        saved = self.i
        terms: list[tuple[str, Node]] = []
        while self.at("+") or self.at("-"):
            terms.append((self.advance().text, self.signed()))
        if not any(_mentions(term, index) for _, term in terms):
            self.i = saved
            return body
        for operator, term in terms:
            body = BinOp(operator, body, term)
        return body

    def script_tokens(self) -> list[Token]:
        """The tokens of a bound after `_` or `^`: a `{...}` or `(...)` group, or one number or letter."""
        if self.at("{"):
            return self.group()
        if self.at("("):
            return self.group("(", ")")
        token = self.advance()
        if token.kind not in ("NUM", "NAME"):
            self.fail("expected the range of a sum or product", token)
        if token.kind == "NAME" and len(token.text) > 1 and token.text not in GREEK:
            self.tokens.insert(self.i, Token("NAME", token.text[1:], token.pos + 1))  # `^nf_j`: the bound is n
            return [Token("NAME", token.text[0], token.pos)]
        return [token]

    def range_of(self, tokens: list[Token], token: Token, written: str) -> tuple[str, list[Token], list[Token] | None]:
        """`j=1`, `j=1..n`, `j=1,\\ldots,n`: the index, the first value and the last one if written here."""
        equals = [k for k, t in enumerate(tokens) if t.kind == "OP" and t.text == "="]
        if len(equals) != 1:
            self.fail(f"{written} needs its index and first value, as in {written}_{{j=1}}^{{n}}", token)
        index = self.index_letter(tokens[: equals[0]], token)
        rest = tokens[equals[0] + 1 :]
        dots = [k for k, t in enumerate(rest) if t.kind == "OP" and t.text == ".."]
        if not dots:
            return index, rest, None
        if len(dots) > 1:
            self.fail("a range has one '..'", token)
        lower, upper = rest[: dots[0]], rest[dots[0] + 1 :]
        if lower and lower[-1].kind == "OP" and lower[-1].text == ",":  # `1,\\ldots,n`
            lower = lower[:-1]
        if upper and upper[0].kind == "OP" and upper[0].text == ",":
            upper = upper[1:]
        if not upper:
            self.fail("a range needs its last value after '..'", token)
        return index, lower, upper

    def index_letter(self, tokens: list[Token], token: Token) -> str:
        """The index of a sum or product: one Latin letter."""
        if len(tokens) != 1 or tokens[0].kind != "NAME" or len(tokens[0].text) != 1:
            self.fail("the index of a sum or product must be one letter, as in j=1", tokens[0] if tokens else token)
        return tokens[0].text

    def big_operator_call(self, token: Token, op: str) -> Node:
        """`sum(a_j, j=1..n)`, `prod(f_j, j, 1, n)`, `Sum(a_j, (j, 1, n))`."""
        items = _split_commas(self.group("(", ")"))
        if len(items) == 2 and len(items[1]) > 2 and items[1][0].text == "(" and items[1][-1].text == ")":
            items = [items[0], *_split_commas(items[1][1:-1])]
        if len(items) == 2:
            index, lower, upper = self.range_of(items[1], token, op)
        elif len(items) == 4:
            index, lower, upper = self.index_letter(items[1], token), items[2], items[3]
        else:
            upper = None
        if upper is None:
            self.fail(f"write {op}(expression, j=1..n) or {op}(expression, j, 1, n)", token)
        body = self.parse_tokens(items[0], f"the expression of {op}")
        first = self.parse_tokens(lower, "the first value of a range")
        return BigOp(op, index, first, self.parse_tokens(upper, "the last value of a range"), body)

    def is_one_group(self, start: int) -> bool:
        """Whether the tokens read since `start` are one bracketed group: `∏_{j=1}^{n} (f_j ⊙ x)`."""
        opener = self.tokens[start]
        if opener.kind != "OP" or opener.text not in CLOSERS:
            return False
        return _closing(self.tokens[: self.i], start) == self.i - 1


def _narrow_product(body: Node, index: str) -> tuple[Node, list[tuple[str, Node]]]:
    """A product's body split after its last factor that has the index: `f_j ⊙ x` is (f_j, [(⊙, x)])."""
    factors: list[tuple[str, Node]] = []
    node = body
    while isinstance(node, BinOp) and node.op in ("*", "⊙", "/"):
        factors.append((node.op, node.right))
        node = node.left
    factors.append(("", node))
    factors.reverse()
    last = max((k for k, (_, factor) in enumerate(factors) if _mentions(factor, index)), default=-1)
    if last < 0:
        return body, []
    inner = factors[0][1]
    for operator, factor in factors[1 : last + 1]:
        inner = BinOp(operator, inner, factor)
    return inner, factors[last + 1 :]


def _mentions(node: Node, letter: str) -> bool:
    """Whether a parsed tree may depend on `letter`."""
    stack = [node]
    while stack:
        item = stack.pop()
        names: list[Name] = []
        match item:
            case Sym(name) | Apply(name, _, _) | Partial(name, _) | Diff(_, name):
                names = [name]
            case Deriv(num, den):
                names = [num, den]
            case BigOp(_, inner, _, _, _) if inner == letter:
                stack += [item.lower, item.upper]  # the letter is bound again inside
                continue
        if any(mentions(name, letter) for name in names):
            return True
        stack.extend(children(item))
    return False


def _grouped(node: Node) -> Node:
    """A node written inside brackets: a product that only resolving reveals (`(QK)`, `(x(y+1))`) stays whole
    under a power or transpose written after the brackets."""
    if isinstance(node, Sym | Apply):
        return replace(node, grouped=True)
    return node


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


def _arguments(fewest: int, most: int) -> str:
    """`one argument`, `2 arguments`, `1 or 2 arguments`."""
    if most == 1:
        return "one argument"
    return f"{most} arguments" if fewest == most else f"{fewest} or {most} arguments"


def _two_argument_form(name: str, args: tuple[Node, ...], prime: int) -> Node:
    """`log(x, b)` as log(x)/log(b), `root(x, n)` as x^(1/n); every other call as written."""
    if name == "log" and len(args) == 2:
        return BinOp("/", Func("log", args[:1], prime), Func("log", args[1:]))
    if name == "root":
        return BinOp("^", args[0], BinOp("/", Num("1"), args[1]))
    return Func(name, args, prime)


def _d_word(node: Node) -> TypeGuard[Sym]:
    """`dE`, `dc_t`: a name that reads as the differential of a symbol."""
    if not isinstance(node, Sym):
        return False
    name = node.name
    return name.base.startswith("d") and len(name.base) > 1 and name.base[1:].isalpha() and not name.prefix


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


def _split_commas(tokens: list[Token]) -> list[list[Token]]:
    """Split a token list at top-level commas."""
    items: list[list[Token]] = [[]]
    level = 0
    for token in tokens:
        if token.kind == "OP" and token.text in ("(", "[", "{"):
            level += 1
        elif token.kind == "OP" and token.text in (")", "]", "}"):
            level -= 1
        if level == 0 and token.kind == "OP" and token.text == ",":
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


def _indexable(node: Sym) -> bool:
    """A plain one-letter symbol (or a decorated one, `h̃`), which `[t]` may index."""
    name = node.name
    return not node.word and name.sub is None and name.prefix is None and not name.prime
