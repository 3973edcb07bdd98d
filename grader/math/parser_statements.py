"""Statements: expressions chained by `=`, and the statements of the space a value lives in (`… ∈ ℝ^{64}`,
`…, h_t, c_t ∈ ℝ^n`, `(h_t ∈ ℝ^{64})`), read for their shape and set aside: they say nothing about a value.

    statement := expr ('=' expr)* ['∈' space] (',' … '∈' space)*
"""

from __future__ import annotations

from grader.errors import NotationError
from grader.math.nodes import Chain, Sym
from grader.math.parser_base import ParserState
from grader.math.parser_words import SETS


class StatementRules(ParserState):
    """A statement and the spaces it states."""

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
            if (token.kind == "OP" and token.text in SETS) or (token.kind == "NAME" and token.text == "R"):
                self.advance()  # `R^{n×d}` typed for ℝ^{n×d}
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
