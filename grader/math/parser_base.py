"""The state every rule of the parser shares, and the token primitives the rules read with.

`ParserState` holds one parse: the text and its tokens, the position, whether the places with two readings are
read the other way, what the question says about time indices, how far the body of ∑ and ∏ reaches, the nesting
depth and the bars open. `peek`, `accept`, `expect`, `group`, `parse_tokens` and the rest move through the
tokens. The rules of the grammar are mixins over this state, one module per part of the grammar, composed into
one parser in `parser`; the state declares (for type checking only) the rules the mixins call on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn, Self

from grader.errors import LimitError, NotationError
from grader.math.caps import MAX_BACKTRACKS, MAX_DEPTH
from grader.math.lexer import Token
from grader.math.nodes import Deriv, Name, Node, Sym
from grader.math.parser_words import Reach

Indexed = Callable[[Name, str], bool | None]


@dataclass
class _Shared:
    """What the parsers of one text share: the places read two ways (`h^(t)`), and how many more times `||` may
    be read again as two absolute values after failing as a norm (a bound: nested bars would be exponential)."""

    sites: list[str] = field(default_factory=list)
    backtracks: int = MAX_BACKTRACKS


class ParserState:
    """One parse in progress, and its token primitives; the grammar's rules are the mixins of `parser`."""

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

    def sub_parser(self, tokens: list[Token]) -> Self:
        end = Token("END", "", tokens[-1].pos + len(tokens[-1].text) if tokens else self.peek().pos)
        return type(self)(
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

    if TYPE_CHECKING:
        # The rules the mixins call on each other, each defined in the module named above it.
        # parser_statements
        def states_space(self) -> bool: ...
        # parser_operators
        def expr(self) -> Node: ...
        def signed(self) -> Node: ...
        def product(self) -> Node: ...
        def starts_factor(self, token: Token) -> bool: ...
        def power(self) -> Node: ...
        def signed_exponent(self) -> Node: ...
        def postfix(self) -> Node: ...
        # parser_atoms
        def atom(self) -> Node: ...
        def double_bar(self, offset: int) -> bool: ...
        # parser_names
        def name_atom(self) -> Node: ...
        def starts_function(self, token: Token) -> bool: ...
        def opens_argument(self) -> bool: ...
        def maybe_apply(self, node: Node) -> Node: ...
        def symbol_suffixes(self, name: Name) -> Sym: ...
        def subscript(self) -> str: ...
        # parser_commands
        def command_atom(self) -> Node: ...
        def argument_tokens(self) -> list[Token]: ...
        def radical(self) -> Node: ...
        def function(self, name: str, token: Token) -> Node: ...
        # parser_calculus
        def diff_call(self, token: Token) -> Node: ...
        def d_variable(self) -> Name: ...
        def read_variable(self, token: Token) -> Name: ...
        def variable(self, node: Node, token: Token) -> Name: ...
        def derivative_operand(self) -> Node: ...
        def derivative(self, numerator: list[Token], denominator: list[Token]) -> Deriv | None: ...
        def nabla(self) -> Node: ...
        # parser_bigops
        def starts_big_operator(self, token: Token) -> bool: ...
        def big_operator(self, token: Token, op: str) -> Node: ...
