"""The precedence levels of an expression, loosest first: sums and differences, signs, products (written with
`*`, `⊙` or `/`, or by writing factors together), powers and what else is written above (`^T`, primes, the
time index `h^{(t)}`), and the postfix entry of a value (`softmax(z)_i`) and factorial.

    expr     := ['+'|'-'] product (('+'|'-') product)*
    product  := power ((('*'|'⊙'|'/') signed) | power)*        juxtaposition is a product
    power    := postfix ['^' exponent]                           right-associative
    postfix  := atom ['_' index] ['!']*
"""

from __future__ import annotations

from dataclasses import replace

from grader.errors import NotationError
from grader.math.lexer import Token
from grader.math.nodes import BinOp, Component, Deriv, Diff, Func, Neg, Node, Partial, Sym, Transpose
from grader.math.parser_base import ParserState
from grader.math.parser_tokens import _d_applied, _d_greek, _d_word, _index_text, _is_time_index
from grader.math.parser_words import RADICALS, TRANSPOSE_MARKS

_UNIT_INDICES = frozenset("ijklmn")  # `h_j^{<t>}`: unit j at time t (grader/math/components.py)


class OperatorRules(ParserState):
    """The levels from `expr` down to `postfix`."""

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
        implicit = False  # whether `node` ends in factors written together (`U_h r_t`)
        starred = False  # whether `node` ends in a product written with `*` (`r_t*U`)
        while True:
            token = self.peek()
            if token.kind == "OP" and token.text in ("*", "⊙", "/", "@"):
                self.advance()
                # `r ⊙ U h` is r ⊙ (U h): factors written together bind tighter than a written product (as
                # every paper means it); not after `/`, where `1/2 x` is x/2
                right = self.signed_factor() if token.text == "/" else self.juxtaposed()
                if implicit and token.text != "/" and isinstance(node, BinOp) and node.op == "*":
                    # `U_h r_t ⊙ h_{t-1}`: (U_h r_t) ⊙ h_{t-1} as written, U_h (r_t ⊙ h_{t-1}) as often meant
                    if self.alternative:
                        node = BinOp("*", node.left, self.combine(token.text, node.right, right, token))
                        implicit = False
                        continue
                    self.shared.sites.append(
                        f"`{token.text}` read as taking only the factor just before it (A (B {token.text} C))"
                    )
                elif token.text == "*" and starred and _matrix_named(node) and _vector_named(right):
                    # `r_t*U*h_{t-1}`: (r_t U) h_{t-1} as written left to right, r_t ⊙ (U h_{t-1}) as meant
                    assert isinstance(node, BinOp)
                    if self.alternative:
                        node = BinOp("*", node.left, self.combine("*", node.right, right, token))
                        continue
                    self.shared.sites.append("a matrix between two `*` read as applying to what follows it")
                starred = token.text == "*"
                node = self.combine(token.text, node, right, token)
                implicit = False
            elif self.starts_factor(token):
                if token.kind == "NUM":
                    self.fail("a number follows without an operator; write the '*' or '·' explicitly")
                factor = self.power()
                if implicit and (_matrix_then_vector(node) or _matrix_named(node)) and _vector_named(factor):
                    # `W r_t h_{t-1}`: (W r_t) h_{t-1} as written left to right, W (r_t ⊙ h_{t-1}) as often meant;
                    # `r_t U h_{t-1}`: (r_t U) h_{t-1} as written, r_t ⊙ (U h_{t-1}) as meant
                    assert isinstance(node, BinOp)
                    if self.alternative:
                        node = BinOp("*", node.left, self.combine("*", node.right, factor, token))
                        continue
                    self.shared.sites.append("three factors written together read as the last two first (A (B C))")
                node = self.combine("*", node, factor, token)
                implicit = True
                starred = False
            else:
                return node

    def combine(self, op: str, left: Node, right: Node, token: Token) -> Node:
        if op == "/" and isinstance(left, Partial) and isinstance(right, Partial):
            return Deriv(left.name, right.name)
        if op == "/" and _d_word(left) and _d_word(right):  # `dE/dc_t`, the ASCII derivative
            return Deriv(replace(left.name, base=left.name.base[1:]), replace(right.name, base=right.name.base[1:]))
        greek = _d_greek(left) if op == "/" else None
        if greek is not None and _d_word(right):  # `dσ/dx`: d and a Greek letter, written apart
            return Deriv(greek, replace(right.name, base=right.name.base[1:]))
        applied = _d_applied(left) if op == "/" else None
        if applied is not None and _d_word(right):  # `dσ(x)/dx`, `d sigmoid(x) / dx`: the derivative of σ(x)
            variable = replace(right.name, base=right.name.base[1:])
            if applied.args == (Sym(variable),):
                return Diff(applied, variable)
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
            if token.kind == "CMD" and self._font_transpose():  # `^\mathsf{T}`, `^\mathrm T`
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

    def _font_transpose(self) -> bool:
        """Whether a font command and a T come next (`\\mathsf{T}`, `\\mathrm T`): if so, they are read."""
        for length in (2, 4):
            tokens = self.tokens[self.i : self.i + length]
            spelled = "".join(("\\" if t.kind == "CMD" else "") + t.text for t in tokens)
            if len(tokens) == length and spelled in TRANSPOSE_MARKS and spelled != "T":
                self.i += length
                return True
        return False

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
        opener, body = inner[0].text, inner[1:-1]
        if isinstance(base, Sym) and base.name.sub is not None and opener == "<" and _is_time_index(body):
            index = _index_text(body)
            if index is not None and base.name.sub.isalpha() and base.name.sub not in _UNIT_INDICES:
                # `Γ_f^{<t>}`: Ng's forget gate at time t, one symbol of its own (never a power of t)
                return replace(base, name=replace(base.name, sub=f"{base.name.sub},{index}"))
            return BinOp("^", base, self.parse_tokens(body, "exponent"))  # `h_j^{<t>}`: read as `h_j^{(t)}` is
        if not isinstance(base, Sym) or base.name.sub is not None:
            return None
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


def _vector_named(node: Node) -> bool:
    """Whether a factor is a symbol named as a vector is (a lower-case letter: `h_{t-1}`, `x`)."""
    return isinstance(node, Sym) and node.name.base[:1].islower()


def _matrix_then_vector(node: Node) -> bool:
    """Whether a product is a symbol named as a matrix then one named as a vector (`W r_t`)."""
    if not (isinstance(node, BinOp) and isinstance(node.left, Sym) and isinstance(node.right, Sym)):
        return False
    return node.left.name.base[:1].isupper() and _vector_named(node.right)


def _matrix_named(node: Node) -> bool:
    """Whether a product ends in a symbol named as a matrix is (an upper-case letter: `W`, `U_h`), after a
    factor that is not one (`r_t*U`)."""
    if not (isinstance(node, BinOp) and isinstance(node.right, Sym) and isinstance(node.left, Sym)):
        return False
    return node.right.name.base[:1].isupper() and not node.left.name.base[:1].isupper()
