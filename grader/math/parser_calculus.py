"""Derivative notation: `\\frac{∂E}{∂c_t}` and `\\frac{dE}{dc_t}` as derivative symbols, what the operators
`d/dx`, `∂/∂x` and `\\frac{d}{dx}` apply to and with respect to what, `diff(f, x)`, and `∇_z L`. (`∂E/∂c_t`
and `dE/dc_t` written inline are read where their first token is: atoms, names and products.)"""

from __future__ import annotations

from grader.errors import NotationError
from grader.math.lexer import GREEK, Token
from grader.math.nodes import Apply, BinOp, Deriv, Diff, Name, Node, Sym
from grader.math.parser_base import ParserState
from grader.math.parser_tokens import _split_commas


class CalculusRules(ParserState):
    """The derivative operators and symbols."""

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

    def nabla(self) -> Node:
        """`∇_z L`, `\\nabla_{\\theta} J(\\theta)`: the derivative ∂L/∂z; `∇_x (x^2)`: that of an expression; `∇_z`
        alone before `=` that of the loss L."""
        token = self.advance()
        if not self.accept("_"):
            self.fail("write the variable of ∇ as a subscript, as in ∇_z L")
        variable = self.nabla_variable(token)
        if self.at("=") or self.peek().kind == "END":  # `grad_z = p - y`: the gradient of the loss L
            return Deriv(Name("L"), variable)
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
