"""Names: symbols with their decorations (`\\tilde{c}`, `c̃`, `c~`, `cbar`, `c_tilde_t`), primes, subscripts
and time indices (`c_{t-1}`, `W_xh`, `h_(t-1)`, `c_t-1` and `ht-1` in the second reading), the δ prefix
(`δc_t`, `delta_c_t`); and what a name is with what follows it: a call or an index (`f(x)`, `x[t]`), a known
function (`σ(x)` but not `σ(1 − σ)`), a sum or product, or the derivative `dE/dc_t`."""

from __future__ import annotations

import re
from dataclasses import replace

from grader.errors import NotationError
from grader.math.lexer import GREEK, Token
from grader.math.nodes import DECORATIONS, Apply, Deriv, Diff, Name, Node, Sym
from grader.math.parser_base import ParserState
from grader.math.parser_tokens import (
    _closing,
    _d_word,
    _glued_index,
    _grouped,
    _index_text,
    _label_text,
    _split_commas,
    glued_offset,
)
from grader.math.parser_words import (
    BIG_OPERATOR_LETTERS,
    BIG_OPERATOR_WORDS,
    CALL_ONLY,
    DECORATION_COMMANDS,
    FONT_COMMANDS,
    FUNCTIONS,
)

_SPELLED_DECORATION = re.compile(r"([A-Za-z])(tilde|bar|hat)")
_SUBSCRIPTED_ACTIVATIONS = {
    ("sigma", "g"): "sigmoid", ("sigma", "c"): "tanh", ("sigma", "h"): "tanh", ("phi", "h"): "tanh",
}  # fmt: skip


class NameRules(ParserState):
    """Symbols and their suffixes, and what a name followed by something is."""

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
        activation = self.subscripted_activation(text)
        if activation is not None:  # Wikipedia's LSTM and GRU: `σ_g(…)` the sigmoid, `σ_c(…)`, `φ_h(…)` tanh
            return self.function(activation, token)
        called = self.at("(") or (self.at("'") and self.peek(1).text == "(")  # `sig(x)`, `sig'(x)`
        if text in FUNCTIONS and (text != "sigma" or self.sigma_is_call()) and (text not in CALL_ONLY or called):
            return self.function(FUNCTIONS[text], token)
        if text in ("delta", "Delta") and self.starts_symbol(self.peek()):
            inner = self.atom()
            if isinstance(inner, Sym) and inner.name.prefix is None:
                return Sym(replace(inner.name, prefix=text))
            if isinstance(inner, Apply) and inner.name.prefix is None:  # `δc(t−2)`: c at time t−2, as in Géron
                return replace(inner, name=replace(inner.name, prefix=text))
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

    def subscripted_activation(self, text: str) -> str | None:
        """The function a subscripted σ or φ applied to brackets names in Wikipedia's LSTM and GRU equations
        (`σ_g(…)` the sigmoid of the gates, `σ_c(…)`, `σ_h(…)`, `φ_h(…)` the tanh), the subscript read past;
        None for anything else (`σ_t` alone, `φ_x(…)`)."""
        if not self.at("_"):
            return None
        braced = self.peek(1).text == "{" and self.peek(3).text == "}"
        letter = self.peek(2 if braced else 1)
        after = self.peek(4 if braced else 2)
        activation = _SUBSCRIPTED_ACTIVATIONS.get((text, letter.text)) if letter.kind == "NAME" else None
        if activation is None or after.text != "(":
            return None
        for _ in range(4 if braced else 2):
            self.advance()
        return activation

    def starts_function(self, token: Token) -> bool:
        """`\\cos` in `\\sin x \\cos x`: a bare argument ends where the next function begins."""
        return token.kind in ("NAME", "CMD") and token.text in FUNCTIONS

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
            if self.alternative and glued_offset(nxt, number):
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


def _indexable(node: Sym) -> bool:
    """A plain one-letter symbol (or a decorated one, `h̃`), or a gradient named as in code (`dc`), which `[t]`
    may index."""
    name = node.name
    plain = not node.word or (len(name.base) == 2 and name.base[0] == "d" and name.base[1].isalpha())
    return plain and name.sub is None and name.prefix is None and not name.prime
