"""Presentation MathML from grader's own LaTeX (`PartResult.interpreted_latex`, printed by
`grader.math.latex`) and from plain math text as rubrics write expected answers (`f_t = σ(W_f·[h_{t-1}, x_t])`).

Every current browser renders `<math>` without scripts or fonts from a network, so pages stay self-contained.
Only the LaTeX subset grader prints is understood (`\\frac`, `\\sqrt`, `\\left(`…`\\right)`, scripts, accents,
Greek letters, `\\text`, `\\operatorname`, `\\sum`, named functions); anything else makes `mathml` return None
so that the caller shows the text, escaped, instead. Every text node is escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from grader.math.lexer import GREEK

NAMESPACE = "http://www.w3.org/1998/Math/MathML"
SYMBOLS = {
    "cdot": ("mo", "·"), "odot": ("mo", "⊙"), "times": ("mo", "×"), "pm": ("mo", "±"), "partial": ("mi", "∂"),
    "top": ("mi", "⊤"), "infty": ("mi", "∞"), "to": ("mo", "→"), "leq": ("mo", "≤"), "geq": ("mo", "≥"),
    "neq": ("mo", "≠"), "approx": ("mo", "≈"), "in": ("mo", "∈"), "ldots": ("mo", "…"), "cdots": ("mo", "⋯"),
    "nabla": ("mi", "∇"), "circ": ("mo", "∘"), "otimes": ("mo", "⊗"), "oplus": ("mo", "⊕"), "ell": ("mi", "ℓ"),
    "varepsilon": ("mi", "ε"), "varphi": ("mi", "φ"), "vartheta": ("mi", "ϑ"),
}  # fmt: skip
FUNCTIONS = {
    "tanh", "exp", "log", "ln", "sin", "cos", "tan", "sinh", "cosh", "coth", "cot", "sec", "csc", "arcsin",
    "arccos", "arctan", "max", "min", "det", "softmax", "sigmoid", "relu", "ReLU", "sqrt", "argmax", "argmin",
}  # fmt: skip
ACCENTS = {"tilde": "~", "hat": "^", "bar": "¯", "vec": "→", "dot": "˙", "overline": "¯", "widetilde": "~"}
BIG = {"sum": "∑", "prod": "∏"}
FENCES = {"(": "(", ")": ")", "[": "[", "]": "]", "|": "|", "\\|": "‖", "\\{": "{", "\\}": "}", ".": ""}
OPERATORS = {"*": "·", "-": "−", "'": "′"}
TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|[A-Za-z]+|\s+|.", re.DOTALL)
LIMIT = 4000  # characters of LaTeX: longer readings show as text


class UnknownLatex(ValueError):
    """The LaTeX uses something this converter does not know."""


def mathml(source: str, *, display: bool = False) -> str | None:
    """`source` as a `<math>` element, or None when it uses LaTeX this module does not know."""
    if not source.strip() or len(source) > LIMIT:
        return None
    try:
        tokens = [t for t in TOKEN.findall(source) if not t.isspace()]
        parser = _Converter(tokens)
        body = parser.sequence(stop=None)
    except (UnknownLatex, IndexError, RecursionError):
        return None
    mode = "block" if display else "inline"
    return f'<math xmlns="{NAMESPACE}" display="{mode}">{_row(body)}</math>'


def _leaf(tag: str, text: str, **attributes: str) -> str:
    extra = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
    return f"<{tag}{extra}>{escape(text)}</{tag}>"


def _row(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"<mrow>{''.join(items)}</mrow>"


@dataclass
class _Converter:
    tokens: list[str]
    at: int = 0
    depth: int = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, token: str) -> None:
        if self.take() != token:
            raise UnknownLatex(f"expected {token}")

    def sequence(self, stop: str | None) -> list[str]:
        items: list[str] = []
        while (token := self.peek()) is not None and token != stop:
            if token in ("}", "\\right") and stop != token:
                raise UnknownLatex(f"unbalanced {token}")
            items.append(self.scripted())
        if stop is not None:
            self.expect(stop)
        return items

    def group(self) -> str:
        """A braced group, or a single token as TeX takes an argument."""
        if self.peek() == "{":
            self.take()
            return _row(self.sequence("}") or ["<mrow></mrow>"])
        return self.atom()

    def raw(self) -> str:
        """The text of a braced group (for `\\text{...}`)."""
        self.expect("{")
        parts = []
        while (token := self.take()) != "}":
            parts.append(token)
        return " ".join(parts) if any(len(p) > 1 and p.isalpha() for p in parts[:-1]) else "".join(parts)

    def scripted(self) -> str:
        big = self.peek() in ("\\sum", "\\prod")
        base = self.atom()
        primes = 0
        sub = sup = None
        while (token := self.peek()) in ("_", "^", "'"):
            self.take()
            if token == "'":
                primes += 1
            elif token == "_":
                sub = self.group()
            else:
                sup = self.group()
        if primes:
            mark = _leaf("mo", "′" * primes)
            sup = mark if sup is None else f"<mrow>{mark}{sup}</mrow>"
        if big and (sub or sup):
            tag = "munderover" if sub and sup else "munder" if sub else "mover"
            return f"<{tag}>{base}{sub or ''}{sup or ''}</{tag}>"
        if sub and sup:
            return f"<msubsup>{base}{sub}{sup}</msubsup>"
        if sub:
            return f"<msub>{base}{sub}</msub>"
        if sup:
            return f"<msup>{base}{sup}</msup>"
        return base

    def atom(self) -> str:
        self.depth += 1
        if self.depth > 200:
            raise UnknownLatex("too deep")
        try:
            return self._atom(self.take())
        finally:
            self.depth -= 1

    def _atom(self, token: str) -> str:
        if token == "{":
            return _row(self.sequence("}") or ["<mrow></mrow>"])
        if token.startswith("\\") and len(token) > 2:
            return self.command(token[1:])
        if token[0].isdigit():
            return _leaf("mn", token)
        if token.isascii() and token.isalpha():
            if len(token) == 1:
                return _leaf("mi", token)
            if token in FUNCTIONS:
                return _leaf("mi", token)
            return "".join(_leaf("mi", letter) for letter in token)  # `xy` is x times y, as in TeX
        if token in ("\\,", "\\;", "\\!", "\\ "):
            return _leaf("mspace", "", width="0.2em")
        if token in ("\\|", "\\{", "\\}"):
            return _leaf("mo", FENCES[token])
        if token.startswith("\\") or token in ("^", "_", "}", "&", "$", "#", "%"):
            raise UnknownLatex(token)
        if token.isalpha():
            return _leaf("mi", token)  # σ, δ, and other letters as written
        return _leaf("mo", OPERATORS.get(token, token), **({"stretchy": "false"} if token in "()[]|" else {}))

    def command(self, name: str) -> str:
        if name in GREEK:
            return _leaf("mi", GREEK[name], **({"mathvariant": "normal"} if name[0].isupper() else {}))
        if name in SYMBOLS:
            tag, glyph = SYMBOLS[name]
            return _leaf(tag, glyph)
        if name in FUNCTIONS - {"sqrt"}:
            return _leaf("mi", name)
        if name in BIG:
            return _leaf("mo", BIG[name], largeop="true", movablelimits="true")
        if name == "frac":
            return f"<mfrac>{self.group()}{self.group()}</mfrac>"
        if name == "binom":
            top, bottom = self.group(), self.group()
            return f'<mrow><mo>(</mo><mfrac linethickness="0">{top}{bottom}</mfrac><mo>)</mo></mrow>'
        if name == "sqrt":
            return f"<msqrt>{self.group()}</msqrt>"
        if name in ACCENTS:
            return f'<mover accent="true">{self.group()}{_leaf("mo", ACCENTS[name])}</mover>'
        if name in ("text", "mathrm", "operatorname"):
            text = self.raw()
            return _leaf("mtext" if " " in text else "mi", text, mathvariant="normal")
        if name == "left":
            opening = self.fence()
            inner = self.sequence("\\right")
            closing = self.fence()
            return f"<mrow>{_leaf('mo', opening)}{''.join(inner)}{_leaf('mo', closing)}</mrow>"
        raise UnknownLatex(f"\\{name}")

    def fence(self) -> str:
        token = self.take()
        if token not in FENCES:
            raise UnknownLatex(f"fence {token}")
        return FENCES[token]
