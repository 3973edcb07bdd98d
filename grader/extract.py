"""Find the math in a student's prose: display and inline math, equations in sentences, LaTeX arithmetic as
plain symbols. Numbers in prose are `grader.numbers`' business.

Nothing here evaluates text: candidates are handed to the safe parser, which refuses what it cannot read.
"""

from __future__ import annotations

import re

MAX_ANSWER_LENGTH = 100_000

_TEXT_COMMAND = re.compile(
    r"\\(?:text|textrm|textit|textbf|mathrm|mathbf|mathit|boldsymbol|bm|emph|underline|boxed|operatorname)\s*\{([^{}]*)\}"
)
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_DIGIT_FRAC = re.compile(r"\\[dt]?frac\s*(\d)\s*(\d)")  # LaTeX reads `\frac14` as 1/4: one digit is one argument
_COMMAND_SYMBOLS = {r"\times": "×", r"\cdot": "·", r"\div": "÷", r"\ast": "*"}
_SPACING_COMMANDS = re.compile(r"\\(?:left|right|big|Big|quad|qquad|displaystyle|[,;:! ])")


def plain_markdown(text: str) -> str:
    """The answer without Markdown's marks around its text: `**bold**`, `` `inline code` ``,
    heading hashes and quote marks at a line's start (a fenced code block stays, for the code reader)."""
    text = _MARKDOWN_STRONG.sub(r"\2", text)
    text = _MARKDOWN_CODE.sub(r"\1", text)
    return _without_bullets(_MARKDOWN_LINE.sub("", text))


def _without_bullets(text: str) -> str:
    """A list's bullets (`- `, `* `, `• `) taken off its lines: two lines or more that begin so, the first of
    them the answer's first line or after a line ending in a colon. A line `- b` under `c_t = a` is a
    minus that goes on with the line before, not a list."""
    lines = text.split("\n")
    marked = [i for i, line in enumerate(lines) if _BULLET.match(line)]
    if len(marked) < 2:
        return text
    before = [line for line in lines[: marked[0]] if line.strip()]
    if before and not before[-1].rstrip().endswith(":"):
        return text
    return "\n".join(_BULLET.sub("", line) for line in lines)


_BULLET = re.compile(r"^[ \t]*[-*•][ \t]+(?=\S)")


# not `x**2 + y**2`; a symbol in bold keeps its subscript (`**R**_t`, d2l's bold matrices: R_t)
_MARKDOWN_STRONG = re.compile(r"(?<![\w*])(\*\*)(?=\S)(.+?)(?<=\S)\1(?![A-Za-z0-9*])")
_MARKDOWN_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_MARKDOWN_LINE = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+(?=\w)|>(?!>)[ \t]?)")  # not `# => …` (code), not `>>>`


_NG_TIME = re.compile(r"\w[<⟨]t[>⟩]")
_SCRIPT = re.compile("[\u2070-\u209f\u1d2c-\u1d6a\u2c7c⊤]")


def _mathy(word: str) -> bool:
    """Whether a whitespace-separated word of prose looks like part of a formula."""
    from grader.math.lexer import GLYPHS
    from grader.math.parser import FUNCTIONS

    bare = word.strip(".,;:")
    if not bare or re.fullmatch(r"[A-Za-z]{2,}['’](?:s|t|re|ll|ve|d|m)", bare):  # `It's`, `don't`: prose
        return False
    if _aside_opener(bare):  # `c_t = i_t ⊙ g_t (and h_t = …)`: an aside opens
        return False
    if any(char in bare for char in "_^\\=+*/()[]{}|⊙·×−'′~") or any(char.isdigit() for char in bare):  # `c~`
        return True
    if _SCRIPT.search(bare):  # `Kᵀ`, `hₜ₋₁`, `zᵢ`: Unicode letters above and below a symbol
        return True
    if _NG_TIME.search(bare):  # `δc<t>`, `Γ_f⟨t⟩`: Ng's time index right after a symbol
        return True
    if len(bare) == 1 or all(char in GLYPHS for char in bare):
        return True
    if re.fullmatch(r"[\u0391-\u03a9\u03b1-\u03c9][a-z]", bare):  # Ng's `Γu`, `Γf`: a Greek letter, its subscript
        return True
    return bare in FUNCTIONS


def _function_named(word: str) -> bool:
    """Whether a word is a function's name alone, not applied (`softmax` in `…, softmax taken over each row`, `σ`
    in `…, σ the logistic function`)."""
    from grader.math.parser import FUNCTIONS

    bare = word.strip(".,;:")
    return (bare in FUNCTIONS or bare == "σ") and "(" not in word


# words that open an aside in brackets after a formula (`c_t = i_t ⊙ g_t (and h_t = …)`): prose, not a factor
_ASIDE_OPENERS = frozenset({"and", "so", "then", "i.e", "ie", "hence", "thus"})  # a consequence, not a remark


def _aside_opener(word: str) -> bool:
    """Whether a word opens an aside in brackets with a consequence (`(and h_t = …)`, `(so …`)."""
    return word.startswith("(") and word[1:].lower().rstrip(".,;:") in _ASIDE_OPENERS


def _closed(stretch: str, before: str | None) -> str:
    """A stretch whose word `before` it opens an aside (`(and h_t = o_t ⊙ tanh(c_t))`) without the closing
    brackets it has beyond those it opens; any other stretch as it is."""
    while before and _aside_opener(before) and stretch.endswith(")") and stretch.count(")") > stretch.count("("):
        stretch = stretch[:-1].rstrip(".,;: ")
    return stretch


def equation_stretches(line: str) -> list[str]:
    """The longest runs of formula-looking words around each `=` of a line of prose (remarks in brackets left
    out)."""
    words = without_remarks(line).split()
    stretches = []
    i = 0
    while i < len(words):
        if "=" not in words[i]:
            i += 1
            continue
        start = i
        while start > 0 and _mathy(words[start - 1]) and not words[start - 1].endswith(":"):  # `(CEC):` labels
            if _ends_sentence(words[start - 1]):  # `… matrix and tanh. ∂C_t/∂C_{t-1} = f_t`
                break
            start -= 1
        end = i
        while end + 1 < len(words) and _mathy(words[end + 1]) and not _pronoun(words, end + 1):
            if _ends_sentence(words[end]) or (words[end].endswith(",") and _function_named(words[end + 1])):
                break  # `… V, softmax taken over each row`: a remark about the formula's function begins
            if words[end].endswith(";") and not _unclosed(" ".join(words[start : end + 1])):
                break  # `… + b_z); z_t acts as a coefficient`: a clause of its own (not `[x_t; h_{t-1}]`)
            end += 1
        stretch = _closed(" ".join(words[start : end + 1]).strip(".,;: "), words[start - 1] if start else None)
        if wholly_bracketed(stretch) and len(stretch.split()) > 1:  # `(then h_t = o_t * c_t)`: an aside, its words too
            stretches.extend(equation_stretches(stretch[1:-1]))
        elif stretch and not (start > 0 and words[start - 1].lower().strip(",(") in _CONDITIONAL):
            stretches.append(stretch)  # `so if r_t = 0 the memory is wiped`: a condition, not a statement
        i = end + 1
    return stretches


_CONDITIONAL = frozenset({"if", "when", "whenever", "assuming", "suppose", "unless"})


def _pronoun(words: list[str], index: int) -> bool:
    """Whether `words[index]` is the pronoun I starting prose after a formula (`… + b_h) I think the reset gate
    …`, `… V I'm not sure`), not the identity matrix (`W x + I`, `+ I where …`): I with a verb after it."""
    word = words[index]
    if re.fullmatch(r"[Ii]['’](?:m|d|ve|ll)[?.,;!]*", word):
        return True
    following = words[index + 1].strip("?.,;!").lower() if index + 1 < len(words) else ""
    if word == "i":  # typed in lower case (`… i think`): only before a verb of thinking, as `i` is also an index
        return following in _THINKING
    return word == "I" and following in _VERBS_AFTER_I


_THINKING = frozenset({"think", "guess", "believe", "suppose", "assume", "hope", "reckon", "mean", "am", "dont"})


_VERBS_AFTER_I = frozenset({
    "think", "guess", "believe", "suppose", "assume", "hope", "know", "mean", "am", "was", "have", "had", "would",
    "will", "can", "could", "should", "may", "might", "do", "did", "don't", "didn't", "not", "also", "just",
    "really", "still", "need", "forgot", "remember", "got", "used", "wrote", "derived", "found", "checked",
    "expect", "feel", "reckon", "read", "saw", "see", "wasn't",
})  # fmt: skip


def blanked(text: str, *patterns: re.Pattern[str]) -> str:
    """`text` with every match of each pattern, in turn, replaced by as many spaces: what is left out keeps the
    positions of the rest."""
    for pattern in patterns:
        text = pattern.sub(lambda found: " " * len(found.group()), text)
    return text


def flatten_latex(text: str) -> str:
    """Answer text with LaTeX arithmetic turned into plain symbols and `\\text{...}` into words."""
    text = text.replace("{,}", ",")
    text = _TEXT_COMMAND.sub(lambda match: f" {match.group(1)} ", text)
    text = _FRAC.sub(lambda match: f"({match.group(1)})/({match.group(2)})", text)
    text = _DIGIT_FRAC.sub(lambda match: f"({match.group(1)})/({match.group(2)})", text)  # `\tfrac14`
    for command, symbol in _COMMAND_SYMBOLS.items():
        text = text.replace(command, f" {symbol} ")
    text = re.sub(r"(?<=\d)\\,(?=\d{3})", "", text)  # 16\,000
    text = _SPACING_COMMANDS.sub(" ", text)
    text = text.replace("$", " ").replace(r"\[", " ").replace(r"\]", " ").replace(r"\(", " ").replace(r"\)", " ")
    return text.replace("{", "(").replace("}", ")")


# `∂c_t/∂c_{t-2} = f_t f_{t-1} ⇒ δc_{t-2} = ...`: two statements on one line
_DOT_PRODUCT = re.compile(r"(?<=\S)[ \t]+\.[ \t]+(?=\S)")  # `W_f . [h, x]`: a full stop with spaces both sides
_DOT_BEFORE_BRACKET = re.compile(r"(?<=[A-Za-z0-9_}])\.(?=[\[(])")  # `W_f.[h_{t-1}, x_t]`: a product
# `Q.K / √d_k`, `softmax(…).V`: a dot between a lone capital (or a bracket) and a lone capital is a product (never
# `.T`, a transpose, nor a method `K.dot(…)`, `x.shape`)
_DOT_BETWEEN = re.compile(r"(?:(?<=[A-Z])(?<![A-Za-z_\\][A-Z])|(?<=\)))\.(?=[A-SU-Z](?![A-Za-z_(.]))")
_SENTENCE_END = re.compile(r"(?<=[^\s.])\.[ \t]+(?=[A-Z][a-z])")  # `… + b_o) — the third block. Then h_t = …`
STATEMENT_BREAK = re.compile(  # `= f_t ≈ 1`: an approximation ends it too; spaces bounded, so no run of them is slow
    r"\s{0,8}(?:⇒|⟹|=>|→|->|≈|\\xrightarrow\s*\{[^{}]*\}|\\(?:approx|Rightarrow|Longrightarrow|implies|rightarrow)(?![A-Za-z]))"
    r"|\s{1,8}~\s{1,8}"
    r"|\s{1,8}<-(?=\s)"  # `… + b_u) <- Ng calls it the update gate`: a remark pointing back
)
# `o_t = σ(…), h_t = o_t ⊙ tanh(c_t)`, `…, and a<t> = c<t>`, `c_t = … and c_{t-1} = … so c_t = …`, `…, \quad h_t = …`
_NEXT_EQUATION = re.compile(
    r"(?:(?:[,;]|(?<=\S))[ \t]{0,8}\\q?quad[ \t]*"
    r"|[,;][ \t]*(?:and[ \t]+)?|(?<=\S)[ \t]+(?:and|so|thus|hence|therefore)[ \t]+)"
    r"(?=[^\s,;=()\[\]]+[ \t]*=(?!=))"
    r"|(?<=[\w)>}])[ \t]+(?=[A-Za-z]\^?\{?<[^<>\s]{1,5}>\}?[ \t]*=(?!=))"  # `… c<t-1>  a<t> = c<t>`: Ng's next one
)
# `o = σ(…) h = o*c`: after a closing bracket, a symbol set equal to something opens the next equation (when an
# equation came before it, not in `(a + b) c = d`)
_EQUATION_AFTER_BRACKET = re.compile(r"(?<=\))[ \t]+(?=[A-Za-z](?:_\{?[A-Za-z0-9+\-−]{1,5}\}?)?[ \t]*=(?!=))")
_ARROW_SHAPE = re.compile(r"[ \t]{0,8}(?:->|→|⇒|=>)[ \t]*\([ \t]*\w+[ \t]*[x×,][ \t]*\w+[ \t]*\)[ \t.]*$")
# What a sign means, on a line of its own (`* = Hadamard product`) or closing a line or sentence of math
# (`… + b_hn)) * is hadamard product.`, `…, ⊙ = elementwise`): a legend, not math
_LEGEND = re.compile(
    r"(?:^|(?<=\S)[ \t]?[,.;]?[ \t]+)(?:(?:where|with|here|and)[ \t]+)?[*⊙·×∘][ \t]*(?:=|:|is|means)[ \t]*"
    r"[A-Za-z][A-Za-z \t-]*?(?:\.(?=[ \t])|\.?$)",
    re.IGNORECASE,
)
# `σ(x)(1 − σ(x))?? not sure`, `… + U·h_t-1) i think`: a doubt after a statement; the statement is read as written
# (and ends there)
HEDGE_MARK = re.compile(
    r"(?<=[\w)}\]'²])(?:[ \t]*\?+(?=\s|$)"
    r"|[ \t]{0,8},?[ \t]{1,8}[Ii][ \t]{1,8}(?:think|guess|believe)[ \t]{0,8}[.!?]{0,3}(?=[ \t]{0,8}(?:\n|$)))"
)
# `Shapes: Q (n x d_k), …`; `# W_z shape (32, 64), U_z shape (64, 64)`: a symbol's shape, not `Output shape: …`
_SHAPES_LEGEND = re.compile(
    r"(?:shapes|dimensions|dims|sizes)\b[^:=\n]{0,20}:"
    r"|#?[ \t]*[A-Za-z](?:_\{?[A-Za-z0-9]{1,6}\}?|[A-Za-z0-9]?)[ \t]+(?:has[ \t]+)?shape[ \t]*[:(]",
    re.I,
)
_OPERATOR = re.compile(r"[+\-−*/⊙·×=^(\[]$")  # a line ending so goes on on the next
_OPERATOR_FIRST = re.compile(r"[+\-−*/⊙·×=^]")  # a line starting so continues the one before
_PLAIN_WORD = re.compile(r"[A-Za-z]{3,}")
# `(1st σ)`, `← third σ (right side)`, `(leftmost)`: where in a figure the formula is, a remark
ORDINAL = r"\b(?:\d(?:st|nd|rd|th)|first|second|third|fourth|leftmost|rightmost)\b"
_ORDINAL_REMARK = re.compile(ORDINAL, re.IGNORECASE)
# `r[t] = sigmoid(…)  # in (0, 1)`, `… // forget gate`: a comment, as in code
_CODE_COMMENT = re.compile(  # not `n // heads`; `← this is the forget gate`, but not `c ← f c + i g`
    r"(?<=\S)(?:[ \t]+#|[ \t]{2,}//(?=[ \t]*[A-Za-z]{3})(?![^\n]*=)"
    r"|[ \t]+[←⟵](?=[ \t]*(?:[A-Za-z]{3,}[ \t]+[A-Za-z]{2,}|" + ORDINAL + r"))(?![^\n]*[=_^\\]))\s.*$"
)


# a code comment that defines a letter of the formula before it as a function of a variable: no remark
_DEFINING_COMMENT = re.compile(
    r"(?<=\S)[ \t]+#[ \t]*(?=[A-Za-z](?:_\{?\w{1,3}\}?)?[ \t]*=[ \t]*(?:\\sigma|σ|sigmoid|sigma|tanh|softmax)[ \t]*\()"
)


def math_lines(answer: str) -> list[str]:
    """The lines of an answer as separate statements: a line that begins or ends with an operator or an open
    bracket continues its neighbour (a long equation wrapped), everything else stands alone, so that two
    equations on two lines never merge into one chain. An arrow outside brackets ends a statement. A closing
    remark (`(Cho et al. convention)`, `(W_f has shape n_h x (n_h + n_x))`, `- not sure about the peephole`,
    a code comment `# in (0, 1)`) and a justification (`(from d/dx …)`) are dropped; an alternative in brackets
    (`(or …)`, `(vector form: …)`) is a statement of its own."""
    lines: list[str] = []
    answer = _letter_as_product(answer)
    for raw in HEDGE_MARK.sub("\n", answer).splitlines():  # `c_t = i_t ⊙ g_t ? not sure`: unsure, read as written
        line = _DEFINING_COMMENT.sub(", ", raw.strip())  # `ds/dx = s * (1 - s) # s = sigmoid(x)`: it defines s
        line = _CODE_COMMENT.sub("", line)  # `… + i_t*g_t   # * = elementwise`: the comment, legend and all
        line = _LEGEND.sub(_legend_left_out, line).strip()
        line = _named_sigmoid(line)  # `g'(z) = g(z)(1 − g(z)), here g = sigmoid`: g is σ
        line = _OPERATOR_LEGEND.sub("", line).strip()  # `⊙ = elementwise (Hadamard) product. Note: …`
        if not line or shapes_legend(line):
            continue
        if lines and (_OPERATOR_FIRST.match(line) or _OPERATOR.search(lines[-1][-1:]) or _unclosed(lines[-1])):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    statements: list[str] = []
    for sentence in [sentence for line in lines for sentence in _equation_sentences(line)]:
        main, aside = _closing_remark(_CODE_COMMENT.sub("", sentence))
        main = _ARROW_SHAPE.sub("", main)  # `softmax(QK^T/√d_k) V -> (n x d_v)`: its shape, a remark
        pieces = [
            _without_dashed_ordinal(part)  # `o_t = σ(…) — rightmost σ; h_t = …`: the remark closes the first
            for piece in outside_brackets(STATEMENT_BREAK, main)
            for split in outside_brackets(_NEXT_EQUATION, piece)
            for part in _after_bracket(split)
            if part.strip()
        ]
        statements += [part for piece in pieces for part in _after_condition(piece)] + ([aside] if aside else [])
    return [
        _DOT_BETWEEN.sub(" · ", _DOT_BEFORE_BRACKET.sub(" · ", _DOT_PRODUCT.sub(" · ", piece.strip())))
        for piece in statements
    ]


# `…, o is elementwise product`: the letter o typed for ∘, the elementwise product, said so by the answer itself
_ELEMENTWISE = r"(?:element-?wise|hadamard|pointwise|point-wise|componentwise)\b"  # what a product sign is said to be
_O_IS_PRODUCT = rf"(?:where[ \t]+)?o[ \t]*(?:=|:|is|means|denotes)[ \t]*(?:an?[ \t]+|the[ \t]+)?{_ELEMENTWISE}"
_LETTER_LEGEND = re.compile(
    rf"(?<![ \t])[ \t]*\([ \t]*{_O_IS_PRODUCT}[^()\n]*\)"  # a space run is tried from its start only
    rf"|(?:[,;.]?(?<![ \t])[ \t]+|^){_O_IS_PRODUCT}[^.\n()]*(?:\.(?=\s)|\.?$)",
    re.IGNORECASE | re.MULTILINE,
)
_LETTER_O = re.compile(r"(?<=[\w)}\]])[ \t]+o[ \t]+(?=[\w(\\])")


def letter_o_legend(answer: str) -> bool:
    """Whether an answer says its letter o is the elementwise product (`…, o is elementwise product`)."""
    return _LETTER_LEGEND.search(answer) is not None


def letter_o_between(answer: str) -> bool:
    """Whether an answer has a lone letter o between two operands (`(1 - z_t) o h_{t-1}`), the way `∘` is typed."""
    return _LETTER_O.search(answer) is not None


def _letter_as_product(answer: str) -> str:
    """An answer that says its letter o is the elementwise product (`(r_t o h_{t-1}) …, o is elementwise
    product`), with that o as ⊙ and the legend left out; any other answer as it is (o is also a gate's name)."""
    if not _LETTER_LEGEND.search(answer):
        return answer
    return _LETTER_O.sub(" ⊙ ", _LETTER_LEGEND.sub("", answer))


# a line opening with what a product sign means, to the end of that sentence: a legend, never an operand
_OPERATOR_LEGEND = re.compile(
    r"^(?:\*|⊙|∘|·|×|\\odot|\\circ)\s*(?:=|:|is|means|denotes)\s*(?:an?\s+|the\s+)?"
    rf"{_ELEMENTWISE}[^.\n]*(?:\.(?=\s)|\.?$)",
    re.IGNORECASE,
)


def shapes_legend(line: str) -> bool:
    """Whether a line only says the shapes of symbols (`Shapes: Q (n x d_k), …`, `# W_z shape (32, 64)`): a
    remark beside the answer, never a statement of it."""
    return _SHAPES_LEGEND.match(line.strip()) is not None


# `…, here g = sigmoid`, `with g the sigmoid`, `where g is the logistic function`: a letter named the sigmoid
_SIGMOID_LEGEND = re.compile(
    r"(?<=\S)[ \t]?[,;]?[ \t]+(?:where|with|here)[ \t]+(?P<letter>[a-z])[ \t]*(?:=|:|is|being)?[ \t]*(?:the[ \t]+)?"
    r"(?:sigmoid|σ|logistic)(?:[ \t]+function)?[ \t]*\.?[ \t]*$",
    re.IGNORECASE,
)


# `g'(z) = a(1 − a), with a = g(z) = σ(z)`: a letter named the sigmoid's value after the formula (through the
# letter of the function, which is then the sigmoid too)
_SIGMOID_VALUE_LEGEND = re.compile(
    r"(?<=\S)[ \t]?[,;]?[ \t]+(?:where|with|here)[ \t]+(?P<letter>[a-zA-Z])[ \t]*=[ \t]*"
    r"(?:(?P<function>[a-z])[ \t]*\([ \t]*[a-z][ \t]*\)[ \t]*=[ \t]*)?"
    r"(?:σ|\\sigma|sigmoid|sigma)[ \t]*\([ \t]*(?P<var>[a-z])[ \t]*\)[ \t]*\.?[ \t]*$"
)


def _named_sigmoid(line: str) -> str:
    """A line that names its letter the sigmoid after its formula, with that letter written σ where it is applied
    (`g(z)`, `g'(z)`) and the legend left out; a letter named the sigmoid's value (`with a = σ(z)`) is written
    σ(z) wherever it stands (`a(1 − a)` is a product then); the line unchanged otherwise."""
    value = _SIGMOID_VALUE_LEGEND.search(line)
    if value is not None:
        letter, formula = value.group("letter"), line[: value.start()]
        if not re.search(rf"(?<![\w\\]){letter}(?!\w)", formula):
            return line
        variable = value.group("var")
        derived = re.match(rf"[ \t]*([a-zA-Z])['′][ \t]*\([ \t]*{variable}[ \t]*\)[ \t]*=", formula)
        function = value.group("function") or (derived.group(1) if derived else None)  # `g'(z) = a(1 − a)`: g is σ
        if function:
            formula = re.sub(rf"(?<![\w\\]){function}(?=['′]?[ \t]*\()", "σ", formula)
        return re.sub(rf"(?<![\w\\]){letter}(?!\w)", f"σ({variable})", formula)  # `a(1 − a)`: a product
    legend = _SIGMOID_LEGEND.search(line)
    if legend is None:
        return line
    letter = legend.group("letter")
    formula = line[: legend.start()]
    if not re.search(rf"(?<![\w\\]){letter}'?[ \t]*\(", formula):
        return line
    return re.sub(rf"(?<![\w\\]){letter}(?='?[ \t]*\()", "σ", formula)


def _legend_left_out(legend: re.Match[str]) -> str:
    """What a legend leaves in its line: the end of the sentence before it, when it took that sentence's full
    stop and ends one of its own (`c^<t>. * is element-wise. When …`), else nothing."""
    text = legend.group()
    return ". " if text.lstrip(" \t").startswith(".") and text.endswith(".") else ""


def _after_bracket(statement: str) -> list[str]:
    """A statement cut where a second equation follows a closing bracket (`o = σ(…) h = o*c`): only where the text
    before the cut is itself an equation, `=` outside brackets."""
    pieces: list[str] = []
    start = 0
    for cut in _EQUATION_AFTER_BRACKET.finditer(statement):
        before = statement[start : cut.start()]
        balanced = before.count("(") == before.count(")") and before.count("[") == before.count("]")
        if balanced and "=" in _outside(before):
            pieces.append(before)
            start = cut.end()
    return [*pieces, statement[start:]]


def _outside(text: str) -> str:
    """The text outside its round and square brackets."""
    kept, depth = [], 0
    for char in text:
        depth += char in "([{"
        if depth == 0:
            kept.append(char)
        depth -= char in ")]}" and depth > 0
    return "".join(kept)


def _equation_sentences(line: str) -> list[str]:
    """A line's sentences that each state an equation (`o_t = σ(…) — the third block. Then h_t = o_t ⊙
    tanh(c_t).`), apart; a sentence without one stays with the sentence before it."""
    kept: list[str] = []
    for sentence in outside_brackets(_SENTENCE_END, line):
        if kept and not ("=" in sentence and "=" in kept[-1]):
            kept[-1] += ". " + sentence
        else:
            kept.append(sentence)
    return kept


def outside_brackets(pattern: re.Pattern[str], text: str) -> list[str]:
    """`text` split where `pattern` matches outside brackets."""
    pieces, start = [], 0
    depth = {"(": 0, "[": 0}
    counted = 0  # the brackets of text[:counted] are in `depth`: one pass, however many matches
    for match in pattern.finditer(text):
        head = text[counted : match.start()]
        depth["("] += head.count("(") - head.count(")")
        depth["["] += head.count("[") - head.count("]")
        counted = match.start()
        if depth["("] == 0 and depth["["] == 0:
            pieces.append(text[start : match.start()])
            start = match.end()
    return [*pieces, text[start:]]


def _after_condition(statement: str) -> list[str]:
    """A condition and the statement under it, as two, the condition first: `with f(t) = 0: C(t) = i(t)*C~(t)`,
    `(f_t = 0) c_t = i_t ⊙ c̃_t`,
    `If f_t = 0 then c_t = i_t g_t`, `c_t = i_t g_t when f_t = 0`; a statement and the definition of a symbol of
    its own after it (`s(1 - s) where s = σ(x)`); `For queries Q ∈ ℝ^{n×d} and keys K ∈ ℝ^{m×d}: softmax(…) V`:
    the spaces its symbols live in, then the statement, which alone is kept."""
    bracketed = _BRACKETED_CONDITION.match(statement)
    if bracketed and "=" in statement[bracketed.end() :]:
        condition = bracketed.group(1).replace("≡", "=").strip()
        return [condition, statement[bracketed.end() :].strip()]  # `(f_t = 0) c_t = i_t ⊙ c̃_t`
    conditional = _IF_THEN.match(statement)
    if conditional and "=" in statement[conditional.end() :] and not _unclosed(conditional.group(1)):
        return [conditional.group(1).strip(), statement[conditional.end() :].strip()]  # `If f_t = 0 then c_t = …`
    defined = _WHERE.search(statement)
    head = statement[: defined.start()] if defined else ""
    if defined and head.strip() and "=" not in head and not _unclosed(head):
        return [head.strip(), defined.group(1).strip()]  # `s(1 - s) where s = σ(x)`: then its definition
    after = _THEN_IF.search(statement)
    head = statement[: after.start()] if after else ""
    condition = (after.group(1) or after.group(2)) if after else ""
    if after and "=" in head and not _unclosed(head) and not _unclosed(condition):
        return [condition.strip(), head.strip()]  # `c_t = i_t g_t when f_t = 0`: the condition first
    head, colon, tail = statement.partition(": ")
    if colon and "=" in head and "=" in tail and not _unclosed(head):
        return [head, tail]
    if colon and "∈" in head and "=" not in head and tail.strip() and not _unclosed(head):
        return [tail]
    return [statement]


# Each bounded, so that no answer makes them slow (a search tries every start once, a bounded stretch from each)
_WHERE = re.compile(r"[\s,]{1,8}where\s{1,8}([^\s=()]{1,12}\s{0,8}=[^=]{1,120}?)[\s.]{0,8}$", re.IGNORECASE)
_THEN_IF = re.compile(  # `… when f_t = 0`; after `with`, a symbol set to a number (`with f_t = 0`, not `go with …`),
    # and words after it that say what it does (`with f_t=0 the first part goes away`)
    r"\s{1,8}(?:(?:when|if|whenever|for)\s{1,8}([^,;=]{1,60}=[^,;=]{1,60}?)"
    r"|with\s{1,8}([A-Za-z\\][\w{}\\]{0,12}\s{0,4}=\s{0,4}[-−]?\d+(?:\.\d+)?)"
    r"(?:,?[ \t]{1,8}[A-Za-z][A-Za-z' ,]{0,80})?)"
    r"[\s.]{0,8}$",
    re.IGNORECASE,
)
# `(f_t = 0) c_t = …`, `(f_t ≡ 0) c_t = …` (identically 0)
_BRACKETED_CONDITION = re.compile(r"\s*\(([^()=≡]{1,30}[=≡][^()=≡]{1,30})\)[ \t:,]*(?=\S)")
_IF_THEN = re.compile(r"\s*(?:if|when|for)\s+([^,;=]{1,60}=[^,;=]{1,60}?)(?:,\s*then|,|\s+then)\s+", re.IGNORECASE)


def _unclosed(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("[") > text.count("]") or text.count("{") > text.count("}")


_CITATION = re.compile(
    r"\b(?:slides?|lecture|eqn?\.?|equation|page|p\.|sec\.?|section|chapter|ch\.|fig\.?|figure|et[ \t]+al|cf\.?)"
    r"(?:\b|(?<=\.))",
    re.IGNORECASE,
)
_SHAPE_NOTE = re.compile(r"\d+[ \t]*,[ \t]*(?:\d+[ \t]*,?[ \t]*)*|\w+[ \t]*[x×][ \t]*\w+")  # `(64,)`, `(n x d_v)`
_JUSTIFYING = re.compile(r"(?:from|since|by|using|via|because|see|cf\.?|as|follows)\b", re.IGNORECASE)
_ALTERNATIVE = re.compile(
    r"(?:or|then|so|thus|hence|i\.?e\.?|equivalently|that\s+is|e\.g\.|[A-Za-z][A-Za-z ]{1,30}:)[,:]?\s+", re.I
)
# `(ŷ = softmax(z))`, `(where s = σ(x))`: a definition of one symbol after the statement, not part of it
_DEFINITION = re.compile(r"(?:(?:where|with|here)[ \t,]+)?[^\s=()]{1,12}[ \t]*=[ \t]*[^=]+", re.IGNORECASE)
_NOTE_WITH_DEFINITION = re.compile(r"(?:[^\W\d_][\w'’-]*[ \t]+)*[^\W\d_][\w'’-]{2,},[ \t]*" + _DEFINITION.pattern, re.I)
_OWNED_DEFINITION = re.compile(r"[^\W\d_][\w-]*['’]s[ \t]+" + _DEFINITION.pattern, re.I)  # `(Goodfellow's u = z)`
_TRAILING_PROSE = re.compile(  # any language's words after a dash, or words only after a comma (`, depending on …`)
    r"\s{1,8}[-—–]\s{1,8}((?:[^\W\d_][\w'’,-]*+\s+){2,}+[^=]*+(?:=[^=]*+)?)$"  # possessive: no backtracking
    r"|,\s{1,8}((?:[^\W\d_][\w'’.-]*,?\s+){2,}[^\W\d_][\w'’-]*)[ \t.!]*$"  # `…, softmax row-wise, i.e. over …`
)


_SPOKEN_OPERATOR_END = re.compile(r"\b(?:of|times|plus|minus|by|over)$", re.IGNORECASE)  # `sigmoid of (…)`


def _closing_remark(line: str) -> tuple[str, str | None]:
    """The line without the remark that closes it, and the alternative statement the remark gives, if any."""
    trailing = _TRAILING_PROSE.search(line)
    remark = trailing and (trailing.group(1) or trailing.group(2))
    if remark and "=" in remark and len(_PLAIN_WORD.findall(remark)) < 4:
        trailing = None  # `— where W = U x`: math after a dash; `— here z close to 1 = we keep the old state`: prose
    if trailing and "=" in line[: trailing.start()] and _wordy(trailing.group(1) or trailing.group(2)):
        operand = trailing.group(1) and trailing.group(1).split()[0]  # `= p - y for every class`: a minus
        if not operand or not _mathy(operand) or operand in ("a", "A", "I"):
            return line[: trailing.start()].rstrip(), None
    if (undashed := _without_dashed_ordinal(line)) != line:
        return undashed, None  # `i_t = σ(…) — second σ.`: which σ of the figure it is
    stripped = line.rstrip(" \t.,;")
    if not stripped.endswith((")", "]")):
        return line, None
    closer = stripped[-1]
    opener = "(" if closer == ")" else "["
    level = 0
    for index in range(len(stripped) - 1, -1, -1):
        level += {closer: 1, opener: -1}.get(stripped[index], 0)
        if level == 0:
            break
    else:
        return line, None
    before, inside = stripped[:index].rstrip(), stripped[index + 1 : -1].strip()
    if not before or not stripped[index - 1 : index].isspace() or _SPOKEN_OPERATOR_END.search(before):
        return line, None  # `f(x)`, `(a + b)`, `W [h, x]`, `sigmoid of (…)`: brackets of the math itself
    shape_note = _SHAPE_NOTE.fullmatch(inside) and not re.search(r"[\d+\-*/·×=]$", before)  # not `= 2 (a x b)`
    if "=" in before and (_CITATION.search(inside) or shape_note):
        return before, None  # `(slide 14)`, `[Lecture 3, slide 14]`, `(Vaswani et al. 2017, Eq. (1))`, `(64,)`
    if closer == "]":
        return line, None
    if "=" in before and inside.startswith("=") and not re.search(r"[=+\-*/·×⊙]$", before):
        return before, None  # `dL/dz = p - y (= softmax(z) - y_onehot)`: the result said again another way
    alternative = _ALTERNATIVE.match(inside)
    if "=" in before and alternative and re.search(r"[=_^\\(]", inside[alternative.end() :]):
        rest = inside[alternative.end() :]
        found = equation_stretches(rest) or math_stretches(rest)
        return before, (found[0] if _wordy(rest) and found else rest)
    if not re.search(r"[=+\-*/·×⊙]$", before) and (
        ("=" in before and _DEFINITION.fullmatch(inside))
        or _NOTE_WITH_DEFINITION.fullmatch(inside)
        or _OWNED_DEFINITION.fullmatch(inside)
    ):
        return before, None  # `(ŷ = softmax(z))`; `(d2l notation, d = d_k)`, `(Goodfellow's u = z)` after it too
    if _prose(inside) or ("=" in before and (_JUSTIFYING.match(inside) or _wordy(inside))):
        return before, None
    if "=" in before and re.fullmatch(r"\+[ \t]*[A-Za-z][\w{}^']{0,8}", inside):
        return before, None  # `r_t = σ(W_r [h_{t-1}, x_t]) (+ b_r)`: a bias said in passing, never a product
    if "=" in before and "=" not in inside and (_ORDINAL_REMARK.search(inside) or _SAID_IS.fullmatch(inside)):
        return before, None  # `(2nd σ)`, `(3rd σ, before h_t)`; `(a<t-1> is h_{t-1})`: a remark on the formula
    return line, None


_DASHED_ORDINAL = re.compile(  # `— second σ.`, `- the 3rd sigmoid`: a short remark after a dash, saying which
    r"\s{1,8}[-—–]\s{1,8}(?=[^=\n]{0,40}$)[^=\n]{0,12}" + ORDINAL + r"[^=\n]{0,28}$", re.IGNORECASE
)


def _without_dashed_ordinal(statement: str) -> str:
    """A statement without the remark after a dash that says which formula of a figure it is (`— second σ.`)."""
    dashed = _DASHED_ORDINAL.search(statement)
    return statement[: dashed.start()].rstrip() if dashed and "=" in statement[: dashed.start()] else statement


_SAID_IS = re.compile(  # `(a<t-1> is h_{t-1})`, `(r_t * h is elementwise)`: what a symbol or a product is
    r"[^\s=()]{1,12}(?:[ \t]*[*⊙·∘×][ \t]*[^\s=()]{1,12})?[ \t]+(?:is|means|denotes|stands[ \t]+for)[ \t]+[^=]{1,40}",
    re.IGNORECASE,
)


def _wordy(text: str) -> bool:
    """Whether text is prose with some math: three words of it, or two and a quarter of the text (`W_f has
    shape n_h x (n_h + n_x)`); a hyphenated word is a word (`row-wise`)."""
    text = _HYPHENATED.sub("", text)
    words = [w for w in text.split() if _PLAIN_WORD.fullmatch(w.strip(".,;:")) and not _mathy(w)]
    return len(words) >= 3 or (len(words) >= 2 and len(words) * 4 >= len(text.split()))


def _prose(text: str) -> bool:
    """Whether bracketed text is a remark in words (`softmax output minus the one-hot label`, `elementwise`), not
    math."""
    text = _HYPHENATED.sub("", text)  # `row-wise`, `element-wise`, `one-hot`: words
    text = re.sub(r"(?<=[A-Za-z]{2})/(?=[A-Za-z]{2})", " ", text)  # `(input/update gate)`: two words
    text = _TWO_NAME.sub("name", text)  # `(d2l notation)`, `(as in seq2seq)`: a name, not a number
    if _OPERATOR_MEANING.fullmatch(text):  # `(* elementwise)`, `(⊙ = Hadamard product)`: what a sign means
        return True
    if _STRING_ARGUMENT.search(text):  # `(recurrent_activation='sigmoid' in keras)`: a setting in code
        return True
    inside = text.split()
    small = _SMALL_WORDS if not re.search(r"[\d=]", text) else frozenset()  # `(each column sums to 1)`: a claim
    words = [
        w for w in inside
        if (_PLAIN_WORD.fullmatch(w.strip(".,;:?!")) and not _mathy(w)) or w.strip(".,;:?!").lower() in small
    ]  # fmt: skip
    if not re.search(r"[=_^\\\d+*/⊙·−-]", text):  # no math at all: one real word makes it a remark (`n x n scores`)
        return any(len(word.strip(".,;:")) >= 4 for word in words)
    return len(words) >= 2 and len(words) * 2 >= len(inside)


# short words of English that read as letters of math (`by`, `of`, `I`): words in a remark of several, when it
# states no number or equation (`(divided by d_k I think)`)
_SMALL_WORDS = frozenset(
    {"a", "an", "by", "of", "to", "in", "is", "it", "as", "at", "on", "and", "i", "we", "be", "so", "if"}
)
_STRING_ARGUMENT = re.compile(r"\w[ \t]*=[ \t]*(['\"])[\w .-]*\1")  # `activation='tanh'`: code, not math
_HYPHENATED = re.compile(r"(?<=[A-Za-z]{2})-(?=[A-Za-z]{2})")
_TWO_NAME = re.compile(r"\b[A-Za-z]+2[A-Za-z]+\b")  # `d2l`, `seq2seq`, `word2vec`: names written with a 2
_OPERATOR_MEANING = re.compile(
    r"\s*(?:\*|⊙|∘|·|×|\\odot|\\circ)\s*(?:=|:|is|means|denotes)?\s*(?:an?\s+|the\s+)?"
    r"(?:elementwise|hadamard|pointwise|componentwise)(?:\s+[A-Za-z]+){0,2}\s*"
    # or the other way round: `(elementwise *)`
    r"|\s*(?:elementwise|hadamard|pointwise|componentwise)(?:\s+product)?\s*(?:\*|⊙|∘|·|×|\\odot|\\circ)\s*",
    re.IGNORECASE,
)


def without_remarks(line: str) -> str:
    """The line with its remarks in brackets (`(same as F.scaled_dot_product_attention)`, `(biases omitted — add
    b^(z) if you like)`) left out."""
    return _REMARK.sub(lambda m: " " if _prose(m.group(1)) else m.group(), line)


_REMARK = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")  # brackets, with brackets inside them one deep


_PHRASE_SUBJECT = re.compile(  # `Forget gate (first sigmoid from left): f_t = …`, `input (update) gate: …`: remarks
    r"^\s*((?:[A-Za-z]{2,}(?:[ \t]*\([^()\n]{1,40}\))?[ \t]+){0,3}[A-Za-z]{2,})(?:[ \t]*\([^()\n]{1,40}\))?"
    r"[ \t]*[:=][ \t]*(\S.*)$"
)


_NEGATIONS = frozenset({"not", "never", "nor", "isn't", "no"})
_WORDS_BEFORE_SYMBOL = re.compile(r"^\s*((?:[A-Za-z]{2,}[ \t]+){1,4})([A-Za-z][^\s=]*[ \t]*=(?!=).*)$")


def named_statement(line: str) -> str | None:
    """The math of a line whose subject is named in words (`forget gate = sigmoid(...)`, `gradient = p - y`,
    `Candidate layer: c_t = ...`, `scores S = QKᵀ/√d_k`): what follows the words, or None."""
    match = _PHRASE_SUBJECT.match(line) or _WORDS_BEFORE_SYMBOL.match(line)
    label = re.sub(r"\([^()]*\)", " ", match.group(1)) if match else ""  # `input (update) gate`: its words
    if match is None or any(_mathy(word) or word.lower() in _NEGATIONS for word in label.split()):
        return None
    return match.group(2).strip()


_DESCRIBED = re.compile(  # `Q·Kᵀ gives the similarity of …`: a formula a sentence is about
    r"[ \t]+(?:gives|computes|measures|produces|yields|returns|holds|contains|means|represents|denotes|encodes"
    r"|tells|turns|becomes|scores|compares|is[ \t]+(?:the|a|an|just|basically|what|where|how)|are[ \t]+the)\b",
    re.IGNORECASE,
)


def described(piece: str, line: str) -> bool:
    """Whether a formula found in prose is the subject of a sentence saying what it is or does (`Q·Kᵀ gives the
    similarity of every query with every key`): named in the prose, not given as an answer."""
    at = line.find(piece)
    return at >= 0 and _DESCRIBED.match(line, at + len(piece)) is not None


def math_stretches(line: str) -> list[str]:
    """Runs of formula-looking words in prose that hold some structure (an operator, a bracket, a subscript,
    a digit): `p − y` in "The gradient is p − y". A lone letter (`a`) is prose; remarks in brackets are left out."""
    words = without_remarks(line).split()
    words = [  # `it's just p - y!! super clean`: an exclamation ends the sentence; `n! = …`, `5!` are factorials
        _EXCLAIMED.sub(".", word) if index + 1 == len(words) or words[index + 1][:1].isalpha() else word
        for index, word in enumerate(words)
    ]
    stretches = []
    run: list[str] = []
    for index, word in enumerate([*words, ""]):
        mathy = bool(word) and _mathy(word) and not _pronoun(words, index)
        if mathy and not (run and _ends_sentence(run[-1])):
            run.append(word)
            continue
        if len(run) > 1 and run[-1] == "I" and run[-2].endswith(","):
            run = run[:-1]  # `…, I think`: the pronoun after a comma ends the formula
        if len(run) == 2 and run[0].isalpha() and run[1] in {"+", "&", "*", "·", "×"}:
            run = []  # `softmax + cross-entropy`: a word and an operator, its other side in words
        opening = index - len(run) - 1  # the word before the run: `if r_t = 0 …` states a condition
        text = _closed(" ".join(run).strip(".,;: —–"), words[opening] if opening >= 0 else None)
        condition = "=" in text and opening >= 0 and words[opening].lower().strip(",(") in _CONDITIONAL
        if text and not condition and (len(run) > 1 or len(text) > 2) and re.search(r"[_^\\=+\-−*/⊙·×()\[\]|\d]", text):
            if wholly_bracketed(text) and len(text.split()) > 1:  # `(then h_t = o_t * c_t)`: an aside, its words too
                stretches.extend(math_stretches(text[1:-1]))
            else:
                stretches.append(text)
        run = [word] if mathy else []  # `… matrix and tanh. ∂C_t/∂C_{t-1} = f_t`: a sentence ends the formula
    return stretches


_EXCLAIMED = re.compile(r"(?<=[A-Za-z])!+$")


def _ends_sentence(word: str) -> bool:
    """Whether a word ends its sentence (`tanh.`), where a formula running on into the next one ends: not an
    ellipsis (`a_1 + ... + a_n`, `σ(w1 x)... ∂(w1 x)/∂w1`)."""
    return word.endswith(".") and not word.endswith("..")


def matching_bracket(text: str, opening: int, end: int) -> int | None:
    """Where the round bracket opened at `text[opening]` closes, before `end`; None when it does not."""
    depth = 0
    for index in range(opening, end):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


def wholly_bracketed(text: str) -> bool:
    """Whether `text` is wholly inside one pair of round brackets (`(so h_t = o_t ⊙ c_t)`, not `(1 − σ)σ`)."""
    return text.startswith("(") and matching_bracket(text, 0, len(text)) == len(text) - 1


_WORD_OPERATORS = [
    (r"\b(?:the\s+)?(sigmoid|sigma|tanh|softmax|exp|log)\s+of\s+(?=\()", r"\1"),  # `sigmoid of (…)`: applied to it
    (r"\bdivided\s+by\b", "/"), (r"\bmultiplied\s+by\b", "*"), (r"\btimes\b", "*"), (r"\bplus\b", "+"),
    (r"\bminus\b", "-"), (r"\bover\b", "/"), (r"\bsquared\b", "^2"), (r"\bcubed\b", "^3"),
    (r"\b(?:the\s+)?square\s+root\s+of\b", "sqrt"), (r"\broot\b", "sqrt"), (r"\btransposed?\b", "^T"),
    (r"\b(?:the\s+)?sigmoid\b(?!\s*\()", "σ"),  # `the sigmoid times one minus the sigmoid`: σ as a value
]  # fmt: skip
# Number words are numbers only beside an operator: `one minus σ`, but `the same as the sigmoid one`.
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "half": "1/2"}
_NUMBER_WORD = re.compile(
    r"(?:(?<=[-+*/^] )|(?<=[-+*/^]  ))\b(?:one|two|three|four|half)\b|\b(?:one|two|three|four|half)\b(?=\s*[-+*/^])",
    re.IGNORECASE,
)


def worded_math(line: str) -> list[tuple[str, str | None]]:
    """Math spoken in words (`sigmoid times one minus sigmoid`) as formulas, with what each reading assumes:
    words have no brackets, so `a times b minus c` is read both as written, (a·b) − c, and as a·(b − c) when
    they differ, and `a times one minus b` only as a·(1 − b), for nobody multiplies by one aloud. Nothing is
    returned for a line without operator words."""
    text = line
    for pattern, symbol in _WORD_OPERATORS:
        text = re.sub(pattern, f" {symbol} ", text, flags=re.IGNORECASE)
    text = _NUMBER_WORD.sub(lambda match: _NUMBER_WORDS[match[0].lower()], text)
    if text == line:
        return []
    stretches = math_stretches(text.replace(" ^", "^"))
    readings: list[tuple[str, str | None]] = []
    for stretch in stretches:
        head, sep, tail = stretch.partition(" * ")
        grouped = (f"{head} * ({tail})", f"“times” read as multiplying all of “{tail}”")
        if sep and re.match(r"1\s*[+\-]", tail):  # `σ times one minus σ`: nobody says “times one”
            readings.append((grouped[0], f"read “times” as multiplying all of “{tail}” (nobody multiplies by one)"))
            continue
        readings.append((stretch, None))
        if sep and re.search(r"[+\-]", tail):
            readings.append(grouped)
    return readings


# An answer that only says it gives none: `idk`, `no idea sorry`, `sorry dont remember the exact formula`, `?`.
_DECLINING = re.compile(
    r"""^\W*(?:(?:sorry|honestly|tbh|um+|uh+|hm+|well|ok|so|really)\W+)*
    (?:i(?:'?m|\s+am)?\W+)?(?:(?:really\s+)?(?:do\s*n[o']?t|dont|didn'?t|did\s+not|can'?t|cannot)\s+(?:really\s+)?
    (?:know|remember|recall|understand|get\s+it|do\s+(?:this|it))|dunno|idk|no\s+(?:idea|clue)|not\s+sure|
    forgot|skip(?:ped)?|n/?a|todo|tbd|no\s+answer|no\s+s[ée])
    (?:\W+(?:sorry|lol|tbh|yet|anymore|this(?:\s+one)?|it|how|what|(?:the|this)(?:\s+\w+){1,2}|
    to\s+(?:derive|do|solve|compute|calculate|count|answer|get|show|prove|write)|didn'?t\s+get\s+to|
    what\s+[\w.]+\s+(?:does|is|means)|
    i\s+(?:do\s*n[o']?t|dont)\s+know))*\W*$""",
    re.IGNORECASE | re.VERBOSE,
)


def declines(answer: str) -> bool:
    """Whether the answer only says the student does not know (`idk`, `no idea`, `?`): no answer, said in words."""
    text = answer.replace("\u2019", "'").strip()
    if len(text) > 80:
        return False
    return bool(re.fullmatch(r"[?!.\-–—_/*\s]+", text)) or _DECLINING.match(text) is not None
