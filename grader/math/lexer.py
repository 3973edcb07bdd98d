"""Turn math text (ASCII, Unicode or LaTeX, freely mixed) into tokens.

Every character is either mapped to a token or rejected with a `NotationError` that names it; nothing is
evaluated. Unicode superscripts and subscripts become `^{...}` and `_{...}` token runs, Unicode combining
accents become decoration tokens, and Greek letters (glyph, `\\sigma` or `sigma`) become names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from grader.errors import LimitError, NotationError
from grader.math.caps import MAX_DIGITS, MAX_LENGTH, MAX_TOKENS

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
GREEK_VARIANTS = {
    "varepsilon": "epsilon",
    "vartheta": "theta",
    "varphi": "phi",
    "varrho": "rho",
    "varsigma": "sigma",
}
GLYPHS = {glyph: name for name, glyph in GREEK.items()} | {
    "ϵ": "epsilon",
    "ϑ": "theta",
    "ϕ": "phi",
    "ς": "sigma",
}

# Operators written as one character: the canonical token text they stand for.
OPERATORS = {
    "+": "+", "-": "-", "−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "*": "*", "×": "*", "·": "*", "⋅": "*",
    "∙": "*", "∗": "*", "⊙": "⊙", "∘": "⊙", "⊗": "⊙", "⨀": "⊙", "/": "/", "÷": "/", "⁄": "/", "∕": "/", "^": "^",
    "=": "=", "(": "(", ")": ")", "[": "[", "]": "]", "{": "{", "}": "}", ",": ",", ";": ";", "_": "_", "'": "'",
    "′": "'", "!": "!", "|": "|", "∂": "∂", "<": "<", ">": ">", "⟨": "<", "⟩": ">", "…": "..", "√": "√", "∛": "∛",
    "∜": "∜", "‖": "‖", "∇": "∇", "∈": "∈", "ℝ": "ℝ", "ℕ": "ℕ", "ℤ": "ℤ", "ℚ": "ℚ", "ℂ": "ℂ",
}  # fmt: skip
# Modules that code-writing students put before a function (`np.sqrt`, `F.softmax`): read without them.
CODE_MODULES = {"np", "numpy", "torch", "math", "F", "tf", "jnp", "scipy", "special"}
# Big operators written as one character: the command they stand for.
BIG_OPERATORS = {"∑": "sum", "∏": "prod"}
TRANSPOSE_GLYPHS = {"⊤", "⊺"}
COMMAND_OPERATORS = {
    "cdot": "*", "times": "*", "ast": "*", "odot": "⊙", "circ": "⊙", "otimes": "⊙", "bullet": "*",
    "div": "/", "partial": "∂", "langle": "<", "rangle": ">", "{": "{", "}": "}", "|": "‖", "prime": "'",
    "lbrack": "[", "rbrack": "]", "lvert": "|", "rvert": "|", "vert": "|", "Vert": "‖", "lVert": "‖", "rVert": "‖",
    "nabla": "∇", "in": "∈", "ldots": "..", "dots": "..", "cdots": "..",
}  # fmt: skip
SPACING_COMMANDS = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "\\", "nonumber"}
LAYOUT_COMMANDS = {"limits", "nolimits"}  # where a big operator's bounds are typeset: nothing to read
SIZING_COMMANDS = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "middle"}
UNSUPPORTED = {"≈": "≈ (approximately)", "≠": "≠", "≤": "≤", "≥": "≥", "±": "±", "→": "→"}

SUPERSCRIPTS = dict(
    zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ᵀᵗⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵘᵛʷˣʸᶻ", "0123456789+-()Ttniabcdefghjklmoprsuvwxyz", strict=True)
)
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₍₎ₜₓₕᵢₒₐₑₖₙₘₚₛⱼᵣᵤᵥₗ", "0123456789+-()txhioaeknmpsjruvl", strict=True))
COMBINING = {
    "\u0303": "tilde",
    "\u0304": "bar",
    "\u0305": "bar",
    "\u0302": "hat",
    "\u20d7": "vec",
    "\u0307": "dot",
}
IGNORED = {"\u200b", "\u200c", "\u200d", "\ufeff", "&", "$"}
SPACES = {" ", "\t", "\n", "\r", "\u00a0", "\u2009", "\u202f", "\u2002", "\u2003", "\u2005", "\u2006"}


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, canonical text, position in the source, and whether space precedes it."""

    kind: str  # NUM, NAME, CMD, OP, DECOR, END
    text: str
    pos: int
    space: bool = False


_GATE_LETTER = re.compile(r"[a-z](?![A-Za-z0-9_])")  # one letter glued to Γ, and nothing more
_ANGLED_TIME = re.compile(r"<t(?:[+\-−]\d{1,2})?>")  # `x<t>`, `a<t-1>` right after a name: a time index


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, ending with an END token."""
    if len(text) > MAX_LENGTH:
        raise LimitError(f"the math is {len(text):,} characters long; at most {MAX_LENGTH:,} are read")
    text = _BRACED.sub(_without_brace, text)  # `\underbrace{f_t}_{=0}`: f_t, its note blanked, places kept
    decomposed, origin = _decompose(text)
    if decomposed is text:
        return _Lexer(text).run()
    try:
        tokens = _Lexer(decomposed).run()
    except NotationError as error:  # say where in what the student wrote, not in its decomposed form
        position = None if error.position is None else origin[min(error.position, len(origin) - 1)]
        raise type(error)(error.reason, text, position) from None
    return [replace(token, pos=origin[min(token.pos, len(origin) - 1)]) for token in tokens]


def _decompose(text: str) -> tuple[str, list[int]]:
    """Precomposed letters with accents (`ŷ`, `ā`) as letter + combining accent, which the lexer reads; and
    for each character of the result (and its end), the position of the character it came from."""
    if text.isascii():
        return text, []
    out = []
    origin = []
    for index, char in enumerate(text):
        parts = unicodedata.normalize("NFD", char) if not char.isascii() else char
        letter, marks = parts[0], parts[1:]
        readable = (letter.isascii() and letter.isalpha()) or letter in GLYPHS
        piece = parts if marks and readable and all(mark in COMBINING for mark in marks) else char
        out.append(piece)
        origin += [index] * len(piece)
    decomposed = "".join(out)
    return (text, []) if decomposed == text else (decomposed, [*origin, len(text)])


_BRACED = re.compile(
    r"\\(?:under|over)brace[ \t]*(\{(?:[^{}]|\{[^{}]{0,40}\}){0,80}\})[ \t]*[_^][ \t]*"
    r"(?:\{(?:[^{}]|\{[^{}]{0,40}\}){0,80}\}|\w)"
)


def _without_brace(match: re.Match[str]) -> str:
    """The braced part of `\\underbrace{…}_{…}` in its place, the command and its note blanked to spaces."""
    start, end = match.span(1)
    return " " * (start - match.start()) + match.group(1) + " " * (match.end() - end)


_ANNOTATED_EQUALS = re.compile(r"[ \t]*\{(?:[^{}]|\{[^{}]{0,40}\}){0,80}\}[ \t]*\{[ \t]*=[ \t]*\}")


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.tokens: list[Token] = []
        self.space = False

    def emit(self, kind: str, value: str, pos: int) -> None:
        if len(self.tokens) >= MAX_TOKENS:
            raise LimitError(f"the math has more than {MAX_TOKENS:,} symbols and operators", self.text, pos)
        self.tokens.append(Token(kind, value, pos, self.space))
        self.space = False

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            start = self.pos
            if char in SPACES:
                self.space = True
                self.pos += 1
            elif char in IGNORED:
                self.pos += 1
            elif char == "." and text.startswith(".*", self.pos):  # MATLAB's elementwise product
                self.emit("OP", "⊙", start)
                self.pos += 2
            elif char == "." and text.startswith("..", self.pos):  # a range `1..n` or an ellipsis `1,...,n`
                self.emit("OP", "..", start)
                self.pos += 3 if text.startswith("...", self.pos) else 2
            elif (char.isascii() and char.isdigit()) or (char == "." and self._digit_at(self.pos + 1)):
                self.number()
            elif char.isascii() and char.isalpha():
                self.name()
            elif char == "\\":
                self.command()
            elif char == "*" and text.startswith("**", self.pos):
                self.emit("OP", "^", start)
                self.pos += 2
            elif (char == "⟨" or _ANGLED_TIME.match(text, self.pos)) and self._after_name():  # `c⟨t⟩`, `a<t-1>`:
                self.emit("OP", "^", start)  # Ng's time index written without the caret, c^{<t>}
                self.emit("OP", "<", start)
                self.pos += 1
            elif char in OPERATORS:
                self.emit("OP", OPERATORS[char], start)
                self.pos += 1
            elif char in BIG_OPERATORS:
                self.emit("CMD", BIG_OPERATORS[char], start)
                self.pos += 1
            elif char in TRANSPOSE_GLYPHS:  # `K^⊤`: the glyph \top typesets
                self.emit("CMD", "top", start)
                self.pos += 1
            elif char in GLYPHS:
                self.emit("NAME", GLYPHS[char], start)
                self.pos += 1
                if char == "Γ" and _GATE_LETTER.match(text, self.pos):  # Ng's gates `Γf`, `Γu`: Γ_f, Γ_u
                    self.emit("OP", "_", self.pos)
            elif char in SUPERSCRIPTS or char in SUBSCRIPTS:
                self.script_run()
            elif char in COMBINING:
                self.emit("DECOR", COMBINING[char], start)
                self.pos += 1
            elif char == "~" and self._ascii_tilde():
                self.emit("DECOR", "tilde", start)
                self.pos += 1
            elif char == "~" and self._tilde_before_index():  # `c~t` is c̃_t
                self.emit("DECOR", "tilde", start)
                self.emit("OP", "_", start)
                self.pos += 1
            elif char == "@":  # NumPy's matrix product `Q @ K.T`: a product, never elementwise
                self.emit("OP", "@", start)
                self.pos += 1
            elif char == "." and self._code_transpose():  # NumPy's transpose `K.T`
                self.emit("OP", "^", start)
                self.emit("NAME", "T", start + 1)
                self.pos += 2
            elif char in UNSUPPORTED:
                raise NotationError(f"the relation or operator {UNSUPPORTED[char]} is not supported", text, start)
            else:
                raise NotationError(f"unexpected character {char!r}", text, start)
        self.emit("END", "", len(text))
        return self.tokens

    def _after_name(self) -> bool:
        """Whether the character at the position follows a name, or its accent, with no space between."""
        return bool(self.tokens) and self.tokens[-1].kind in ("NAME", "DECOR") and not self.space

    def _ascii_tilde(self) -> bool:
        """`h~_t`, `C~`: a `~` right after a name and before no letter or digit is the accent h̃, written in ASCII.
        Elsewhere (`a ~ b`, LaTeX's `a~b`) it stays an error rather than a guess."""
        after = self.text[self.pos + 1] if self.pos + 1 < len(self.text) else ""
        follows_name = bool(self.tokens) and self.tokens[-1].kind == "NAME" and not self.space
        return follows_name and not after.isalnum()

    def _tilde_before_index(self) -> bool:
        """`c~t`, `h~t-1`: a `~` between one letter and the time index t, outside LaTeX (where `a~b` is a space)."""
        text, pos = self.text, self.pos
        after = text[pos + 1 : pos + 3]
        one_letter = bool(self.tokens) and self.tokens[-1].kind == "NAME" and len(self.tokens[-1].text) == 1
        return (
            one_letter
            and not self.space
            and "\\" not in text
            and len(after) >= 1
            and after[0] == "t"
            and not (len(after) > 1 and after[1].isalnum())
        )

    def _code_transpose(self) -> bool:
        """`K.T`, `(Q K).T`: `.T` right after a name or bracket, and no letter or digit after it."""
        text, pos = self.text, self.pos
        after = text[pos + 2] if pos + 2 < len(text) else ""
        last = self.tokens[-1] if self.tokens else None
        follows = last is not None and not self.space and (last.kind == "NAME" or last.text in (")", "]"))
        return follows and text.startswith(".T", pos) and not (after.isascii() and after.isalnum())

    def _digit_at(self, index: int) -> bool:
        return index < len(self.text) and self.text[index].isascii() and self.text[index].isdigit()

    def number(self) -> None:
        text, start = self.text, self.pos
        end = start
        while self._digit_at(end):
            end += 1
        if end < len(text) and text[end] == "." and self._digit_at(end + 1):
            end += 1
            while self._digit_at(end):
                end += 1
        # Scientific notation only when digits follow directly: `1e-3`, `2E5`; `2e` stays 2·e.
        if end < len(text) and text[end] in "eE":
            exponent = end + 1
            if exponent < len(text) and text[exponent] in "+-":
                exponent += 1
            if self._digit_at(exponent):
                end = exponent
                while self._digit_at(end):
                    end += 1
        literal = text[start:end]
        if sum(c.isdigit() for c in literal) > MAX_DIGITS:
            raise LimitError(f"a number with more than {MAX_DIGITS} digits is not read", text, start)
        self.emit("NUM", literal, start)
        self.pos = end

    def name(self) -> None:
        text, start = self.text, self.pos
        end = start
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        while self._digit_at(end):  # `h1`, `W2`: one name, never h·1
            end += 1
        word = text[start:end]
        if word in CODE_MODULES and text.startswith(".", end) and end + 1 < len(text) and text[end + 1].isalpha():
            self.pos = end + 1  # `np.sqrt(d_k)`, `torch.tanh(x)`: the function, without its module
            return
        if word in ("grad", "nabla") and text.startswith("_", end):
            self.emit("OP", "∇", start)  # `grad_z L`, `nabla_z L` is ∇_z L
        else:
            self.emit("NAME", word, start)
        self.pos = end

    def command(self) -> None:
        text, start = self.text, self.pos
        end = start + 1
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        if end == start + 1:  # a one-character command: \, \{ \| \\ ...
            if end >= len(text):
                raise NotationError("a lone backslash", text, start)
            end += 1
        name = text[start + 1 : end]
        self.pos = end
        annotated = _ANNOTATED_EQUALS.match(text, end) if name in ("overset", "stackrel") else None
        if annotated is not None:  # `\overset{f_t = 0}{=}`: an equals sign with its reason written over it
            self.emit("OP", "=", start)
            self.pos = annotated.end()
            return
        if name in SPACING_COMMANDS or name in LAYOUT_COMMANDS:
            self.space = True
        elif name in SIZING_COMMANDS:
            if self.pos < len(text) and text[self.pos] == ".":  # \left. is an invisible delimiter
                self.pos += 1
        elif name in COMMAND_OPERATORS:
            self.emit("OP", COMMAND_OPERATORS[name], start)
        elif name in GREEK or name in GREEK_VARIANTS:
            self.emit("NAME", GREEK_VARIANTS.get(name, name), start)
        else:
            self.emit("CMD", name, start)

    def script_run(self) -> None:
        text, start = self.text, self.pos
        table, marker = (SUPERSCRIPTS, "^") if text[start] in SUPERSCRIPTS else (SUBSCRIPTS, "_")
        end = start
        while end < len(text) and text[end] in table:
            end += 1
        self.emit("OP", marker, start)
        self.emit("OP", "{", start)
        for token in _Lexer("".join(table[char] for char in text[start:end])).run()[:-1]:
            self.emit(token.kind, token.text, start + token.pos)
        self.emit("OP", "}", end)
        self.pos = end
