"""Atoms: which rule reads the token at hand (numbers here; names, commands, radicals, ∇ and sums elsewhere),
brackets and lists (`(a, b)`, `[a, b]`, LaTeX's `{…}`), absolute values and norms (`|x|`, `‖x‖_1`, `||x||`,
with `||x| - |y||` still read), and the partial derivative symbol (`∂E/∂c_t`, `∂/∂x (…)`).

    atom := number | symbol | function | '(' list ')' | '[' list ']' | '{' expr '}' | '|' expr '|'
            | '‖' expr '‖' | '||' expr '||' | \\frac{..}{..} | \\sqrt[..]{..} | '√' postfix | ∂symbol
            | '∇_' symbol atom | bigop ['+'|'-'] product
"""

from __future__ import annotations

from dataclasses import replace

from grader.errors import LimitError, NotationError
from grader.math.nodes import Deriv, Diff, Func, Node, Num, Partial, Sym, Vec
from grader.math.parser_base import ParserState
from grader.math.parser_tokens import _grouped, _split_commas
from grader.math.parser_words import RADICALS


class AtomRules(ParserState):
    """The atom, and the atoms written between delimiters."""

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
        items = _split_commas(inner, (",", ";") if opener == "[" else (",",))  # `[h_{t-1}; x_t]`: stacked
        if len(items) == 1:
            return _grouped(self.parse_tokens(items[0], f"'{opener}{closer}'"))
        return Vec(tuple(self.parse_tokens(item, "a list") for item in items))

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
