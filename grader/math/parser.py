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

Where each piece lives: here the entry points (`parse`, `parse_one`, `parse_name`) and `_Parser`, which composes
the rules; `parser_base` the state of one parse and its token primitives; `parser_statements` the statement,
its chain of `=` and the spaces it states; `parser_operators` the levels from `expr` down to `postfix`;
`parser_atoms` atoms, brackets, bars and norms; `parser_names` symbols, subscripts, decorations and time
indices; `parser_commands` function calls, LaTeX commands and radicals; `parser_calculus` derivatives;
`parser_bigops` sums and products over a range; `parser_words` the vocabulary (functions, commands, marks);
`parser_tokens` small helpers on tokens that need no parser. A rule module imports the base, the vocabulary
and the helpers, never another rule module: only this one composes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.errors import NotationError
from grader.math.lexer import Token, tokenize
from grader.math.nodes import Chain, Deriv, Name, Sym, derivative_name
from grader.math.parser_atoms import AtomRules
from grader.math.parser_base import Indexed as Indexed  # the type of `parse`'s `indexed`
from grader.math.parser_bigops import BigOperatorRules, _is_big_operator_head
from grader.math.parser_calculus import CalculusRules
from grader.math.parser_commands import CommandRules
from grader.math.parser_names import NameRules
from grader.math.parser_operators import OperatorRules
from grader.math.parser_statements import StatementRules
from grader.math.parser_tokens import _loose_time_indices
from grader.math.parser_words import ASSUMED_REACH
from grader.math.parser_words import FUNCTIONS as FUNCTIONS  # read by grader.extract
from grader.math.parser_words import NARROW_PRODUCT as NARROW_PRODUCT  # the assumptions of the other readings
from grader.math.parser_words import WIDE_BODY as WIDE_BODY


@dataclass(frozen=True)
class Reading:
    """One way of reading a piece of math, and what was assumed to read it so."""

    chain: Chain
    assumption: str | None = None


def parse(text: str, indexed: Indexed | None = None) -> list[Reading]:
    """Every plausible reading of `text` (usually one). Raises NotationError if none is possible.

    `indexed(h, "t-1")` says whether the question writes `h` with that time index (h_t, h_{t-1}): then `h^(t-1)`
    is h_{t-1}; when it says False (the question writes `t` as a symbol) a power; when it does not know (None),
    a power, and the time index in the second reading. The second reading reads every such place the other way
    (`c_t-1` as c_{t-1}, `√2x` as √(2x), `r_t*U*h` as r_t ⊙ (U h)); its assumption names them."""
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


class _Parser(StatementRules, OperatorRules, AtomRules, NameRules, CommandRules, CalculusRules, BigOperatorRules):
    """The whole grammar: the rules of every part over one parser state (see the module docstring)."""
