"""Functions and LaTeX commands: calls of the known functions (`tanh(x)`, `\\tanh c_t`, `\\log_2 x`, `log(x, b)`,
`sin^{-1}(x)`, `σ'(x)`), `\\frac` (with `\\frac{d}{dx}` as an operator), `\\binom`, `\\sqrt[n]{…}` and the
radical signs `√ ∛ ∜`, fonts (`\\mathbf{W}`, `\\text{softmax}`) and decorations (`\\tilde{c}`)."""

from __future__ import annotations

from dataclasses import replace

from grader.errors import NotationError
from grader.math.lexer import Token
from grader.math.nodes import BinOp, Diff, Func, Name, Neg, Node, Num, Sym
from grader.math.parser_base import ParserState
from grader.math.parser_tokens import _split_commas, _written_run
from grader.math.parser_words import (
    ARITY,
    BARE_ARGUMENT,
    BIG_OPERATOR_COMMANDS,
    BINOMIALS,
    DECORATION_COMMANDS,
    FONT_COMMANDS,
    FRACTIONS,
    FUNCTIONS,
    INVERSES,
    RADICALS,
)


class CommandRules(ParserState):
    """Function calls, LaTeX commands and radicals."""

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


def _arguments(fewest: int, most: int) -> str:
    """`one argument`, `2 arguments`, `1 or 2 arguments`."""
    if most == 1:
        return "one argument"
    return f"{most} arguments" if fewest == most else f"{fewest} or {most} arguments"


def _two_argument_form(name: str, args: tuple[Node, ...], prime: int) -> Node:
    """`log(x, b)` as log(x)/log(b), `root(x, n)` as x^(1/n), `dot(x, W)` as x W; every other call as written."""
    if name == "log" and len(args) == 2:
        return BinOp("/", Func("log", args[:1], prime), Func("log", args[1:]))
    if name == "root":
        return BinOp("^", args[0], BinOp("/", Num("1"), args[1]))
    if name == "dot":  # `dot(x_t, W_f)`: the product of its two arguments, in their order
        return BinOp("*", args[0], args[1])
    return Func(name, args, prime)
