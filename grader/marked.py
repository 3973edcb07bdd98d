"""The math a student marked as such (`$$...$$`, `$...$`, `\\[...\\]`, `\\(...\\)`): its pieces in order, and the
statements in them, split as a reader splits a display (arrows, wide spaces, a derivation one step per line)."""

from __future__ import annotations

import re

from grader.extract import STATEMENT_BREAK, outside_brackets

_DISPLAY = re.compile(
    r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$"
    r"|\$\$([^$]+?)(?<!\\)\$(?!\$)",  # `$$c_t = …$`: a display closed with one `$`, no `$$` after it
    re.DOTALL,
)


def marked_math(answer: str) -> list[str]:
    """The math a student marked as such (`$$...$$`, `$...$`, `\\[...\\]`, `\\(...\\)`), in order; math inside a
    justification in brackets (`(From $σ = (1+e^{-x})^{-1}$, …)`) is the working, and inside an aside giving
    the answer in another book's notation (`(d2l writes it as $F_t = …$, same thing.)`) a restatement, not a
    statement of its own, when there is math outside it; nor is what a derivative is taken with respect to
    (`with respect to $z_k$:`), what was differentiated (`immediate from differentiating $(1+e^{-x})^{-1}$`) or
    a term of the working named (`the last fraction is $1-σ(x)$`)."""
    matches = list(_DISPLAY.finditer(answer))
    asides = [(m.start(), m.end()) for pattern in (_JUSTIFICATION, _NOTATION_ASIDE) for m in pattern.finditer(answer)]
    kept = [
        m
        for m in matches
        if not any(a <= m.start() < b for a, b in asides)
        and not (
            "=" not in m.group()
            and any(before.search(answer, max(0, m.start() - reach), m.start()) for before, reach in _NAMED_BEFORE)
        )
    ]
    chosen = kept or matches
    if any(_fragment(answer, match) for match in chosen):
        return []  # `softmax(QKᵀ / $\sqrt{d_{model}}$) V`: a piece of an expression written around it, read whole
    found = [_inside(match) for match in chosen]
    return [text.strip() for text in found if text.strip()]


def _inside(match: re.Match[str]) -> str:
    """The math between a piece's marks (whichever of `_DISPLAY`'s groups matched)."""
    return next(group for group in match.groups() if group is not None)


# an operator or a bracket between a piece of marked math and what is written around it: the piece is part of
# the expression outside the marks, not a statement of its own
# (not a dash, which may open a bullet, nor `=` after it: `- $\sigma$ = logistic sigmoid` is a legend)
_GOES_ON_BEFORE = re.compile(r"[(\[{+*/^_=·×⊙][ \t]*$")
_GOES_ON_AFTER = re.compile(r"[ \t]*[)\]}+*/^_·×⊙]")


def _fragment(answer: str, match: re.Match[str]) -> bool:
    """Whether a marked piece with no `=` of its own is the middle of an expression written around it
    (`softmax(QKᵀ / $\\sqrt{d_k}$) V`, `$\\sigma$(W x + b)` is not: a call's name is no operator)."""
    if "=" in _inside(match):
        return False
    before = _GOES_ON_BEFORE.search(answer, max(0, match.start() - 8), match.start()) is not None
    return before and _GOES_ON_AFTER.match(answer, match.end()) is not None


# `derivative with respect to $z_k$`, `w.r.t. $W$`: the variable named, not a statement
_WITH_RESPECT_TO = re.compile(r"(?:\brespect\s+to|\bw\.?\s?r\.?\s?t\.?|\bin\s+terms\s+of)\s*$", re.IGNORECASE)
# `immediate from differentiating $(1+e^{-x})^{-1}$`, `and the last fraction is $1-σ(x)$`: what the working
# started from, or a term of it named, not a statement
_WORKING_NAMED = re.compile(
    r"(?:\b(?:from|by)\s+(?:differentiating|deriving)|\bdifferentiating|\b(?:the|this|that)\s+(?:(?:last|first|second"
    r"|other|remaining)\s+)?(?:fraction|factor|term|bracket|numerator|denominator|quotient)\s+(?:is|equals))\s*$",
    re.IGNORECASE,
)
# what the words just before a piece of math make of it (how far back to look): no statement, when it has no `=`
_NAMED_BEFORE = ((_WITH_RESPECT_TO, 24), (_WORKING_NAMED, 40))
# `(From …)`, `(since …)`, `(using …)`: a bracketed justification, to the bracket that closes it
_JUSTIFICATION = re.compile(r"\((?:from|since|because|using|by|via|cf\.?)\b[^()]*(?:\([^()]*\)[^()]*)*\)", re.I)
# `(d2l writes it as $F_t = …$, same thing.)`, `(in Goodfellow's notation $…$)`: the answer in another book's notation
_NOTATION_ASIDE = re.compile(  # not `(I wrote …)`, nor an aside that takes something back (`… but actually …`)
    r"\((?!I\s)(?:[\w.'’ -]{1,30}\s)?(?:writes?\s+(?:it|this|them)\s+as|written\s+as|in\s+[\w.'’ -]{1,30}\s+notation)\b"
    r"(?![^()]*\b(?:actually|but|instead|wrong|mistake|no\s+wait)\b)[^()]*(?:\([^()]*\)[^()]*)*\)",
    re.IGNORECASE,
)


def marked_statements(answer: str) -> list[str]:
    """The statements of the answer's marked math: each `$...$` piece, split where an arrow or `\\approx`
    stands outside brackets (`$\\partial c_t/\\partial c_{t-1} = f_t \\approx 1$` states the derivative); a piece
    that opens with `=` (a derivation, one step per line) goes on with the equation before it."""
    statements: list[str] = []
    for text in marked_math(answer):
        for equation in _set_apart(text):
            for piece in outside_brackets(STATEMENT_BREAK, equation):
                statement = _without_closing_punctuation(piece).strip()
                going_on = _GOING_ON.match(statement)
                rest = statement[going_on.end() :] if going_on else ""
                if rest and statements and "=" in statements[-1]:  # `$c_t = a$` then `$\;\;= b$`: one chain
                    statements[-1] += " = " + rest
                elif statement:
                    statements.append(statement)
    return statements


_GOING_ON = re.compile(r"(?:\\[,;:! ]|\\q?quad(?![A-Za-z])|&|\s)*=(?!=)\s*")  # a display that opens with `=`


def _without_closing_punctuation(text: str) -> str:
    """`$$… V,$$`: the sentence goes on after the display; its comma or full stop is no math (`\\,` is a space of
    LaTeX's, and stays). A loop, not a regular expression: a run of spaces inside the display must not be slow."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in ",;."):
        end -= 1
    return text[: end + 1] if end < len(text) and text[:end].endswith("\\") else text[:end]


_WIDE_SPACE = re.compile(r"[ \t]{0,8}[,;]?[ \t]{0,8}\\q?quad(?![A-Za-z])")  # bounded: no run of spaces is slow
_WORDS_ONLY = re.compile(r"[\s()+,.;:\\]*(?:\\text\s*\{[^{}]*\}[\s()+,.;:\\]*)*")  # `(\text{direct term})`


_MEMBERSHIP = re.compile(r"\\in(?![A-Za-z])|∈")


def _set_apart(text: str) -> list[str]:
    """One display's equations set apart by a wide space (`a = b,\\qquad c = d`, `a = b \\quad\\text{and}\\quad
    c = d`), each on its own, without the words set apart so (`\\quad (\\text{direct term})`); a wide space before
    what is no equation (`= f_t \\quad \\forall t`) keeps its piece with the equation before it."""
    kept: list[str] = []
    for piece in outside_brackets(_WIDE_SPACE, text):
        if _WORDS_ONLY.fullmatch(piece):
            continue  # `\text{and}` between two equations, `(\text{along the cell})` after one: words
        if kept and "=" not in piece and _MEMBERSHIP.search(piece):
            continue  # `… V, \quad Q \in \mathbb{R}^{n \times d_k}`: where the symbols live, not the answer
        if kept and not ("=" in piece and "=" in kept[-1]):
            kept[-1] += r" \quad " + piece.strip()
        else:
            kept.append(piece)
    return kept
