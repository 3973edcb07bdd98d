"""Sums and products over a range: `\\sum_{j=1}^{n}`, `∏_{j=t-k+1}^{t}`, `Σ_{j=1}^{n}`, `sum_{j=1..n}`,
`prod(f_j, j, 1, n)`, `Sum(a_j, (j, 1, n))`, their ranges and bounds, and how far the body reaches: to the
next + or - (the textbook convention), or, in the parser's other reaches, narrower or wider.

    bigop := (\\sum | \\prod | ∑ | ∏ | sum | prod | Σ | Π) '_{' letter '=' expr ['..' expr] '}' ['^' bound]
             | (sum | prod) '(' expr ',' letter '=' expr '..' expr ')'
"""

from __future__ import annotations

from grader.math.indices import mentions
from grader.math.lexer import GREEK, Token
from grader.math.nodes import Apply, BigOp, BinOp, Deriv, Diff, Name, Neg, Node, Partial, Sym, children
from grader.math.parser_base import ParserState
from grader.math.parser_tokens import CLOSERS, _closing, _split_commas
from grader.math.parser_words import BIG_OPERATOR_COMMANDS, BIG_OPERATOR_LETTERS, BIG_OPERATOR_WORDS


def _lone_letter(tokens: list[Token]) -> bool:
    return len(tokens) == 1 and tokens[0].kind == "NAME" and len(tokens[0].text) == 1 and tokens[0].text.isalpha()


def _is_big_operator_head(token: Token) -> bool:
    if token.kind == "CMD":
        return token.text in BIG_OPERATOR_COMMANDS
    return token.kind == "NAME" and (token.text in BIG_OPERATOR_WORDS or token.text in BIG_OPERATOR_LETTERS)


class BigOperatorRules(ParserState):
    """Sums and products over a range."""

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
        if op == "sum" and above is None and below is not None and _lone_letter(below):
            return Sym(Name("sum", sub=below[0].text))  # `\sum_j U_{i,j} x_j`: a sum over every j (components)
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
