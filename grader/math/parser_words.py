"""The parser's fixed vocabulary: the functions it knows (their names, arities, inverses and which take a bare
argument), the LaTeX commands of fractions, binomials, fonts and decorations, the transpose marks, radical signs
and sets, the words, commands and letters that open a sum or product, and the assumptions the other readings of
their bodies state."""

from __future__ import annotations

from typing import Literal

FUNCTIONS = {
    "sigma": "sigmoid", "sigmoid": "sigmoid", "logistic": "sigmoid", "tanh": "tanh", "exp": "exp",
    "log": "log", "ln": "log", "sqrt": "sqrt", "abs": "abs", "sin": "sin", "cos": "cos", "tan": "tan",
    "sinh": "sinh", "cosh": "cosh", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "asin": "asin",
    "acos": "acos", "atan": "atan", "cot": "cot", "sec": "sec", "csc": "csc", "coth": "coth", "sech": "sech",
    "csch": "csch", "asinh": "asinh", "acosh": "acosh", "atanh": "atanh", "arcsinh": "asinh",
    "arccosh": "acosh", "arctanh": "atanh", "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh",
    "log2": "log2", "log10": "log10", "lg": "log10",
    "softmax": "softmax", "relu": "relu", "sigm": "sigmoid", "sig": "sigmoid", "ReLU": "relu", "max": "max",
    "min": "min", "factorial": "factorial", "sign": "sign", "sgn": "sign", "binomial": "binomial", "binom": "binomial",
    "root": "root", "norm": "norm", "dot": "dot", "matmul": "dot",
}  # fmt: skip
# How many arguments a function takes, where it is not one: `log(x, b)` is the logarithm to base b (as in Python and
# SymPy), `root(x, n)` the n-th root, `norm(x, 1)` the 1-norm, `dot(x, W)` (Keras's `K.dot`, NumPy's) the product x W.
ARITY = {"max": (1, 99), "min": (1, 99), "log": (1, 2), "binomial": (2, 2), "root": (2, 2), "norm": (1, 2),
         "dot": (2, 2)}  # fmt: skip
BINOMIALS = {"binom", "dbinom", "tbinom"}
# Words that are functions only when a parenthesis follows: in prose ("the root of", "its sign") they are words.
CALL_ONLY = {"sig", "sign", "sgn", "binomial", "binom", "root", "norm", "dot", "matmul"}
# Functions that may take their argument without parentheses, as in `\tanh c_t`.
BARE_ARGUMENT = {
    "tanh", "exp", "log", "sin", "cos", "tan", "sinh", "cosh", "asin", "acos", "atan", "cot", "sec", "csc", "coth",
    "sech", "csch", "asinh", "acosh", "atanh", "log2", "log10",
}  # fmt: skip
# `sin^{-1}(x)` is the inverse function, not a reciprocal.
INVERSES = {"sin": "asin", "cos": "acos", "tan": "atan", "sinh": "asinh", "cosh": "acosh", "tanh": "atanh"}
FONT_COMMANDS = {
    "mathbf", "boldsymbol", "bm", "mathrm", "mathit", "mathsf", "mathtt", "text", "textrm", "textit", "textbf",
    "textsf", "operatorname", "mathnormal", "pmb", "mathcal", "mathscr",
}  # fmt: skip
DECORATION_COMMANDS = {
    "tilde": "tilde", "widetilde": "tilde", "bar": "bar", "overline": "bar", "hat": "hat", "widehat": "hat",
    "dot": "dot", "vec": None, "overrightarrow": None,
}  # fmt: skip
# `^T`, `^{\\top}`, and T in an upright or bold font (`^{\\mathsf T}`, `^{\\mathrm{T}}`), as the tokens spell it
_UPRIGHT = ("mathsf", "mathrm", "mathbf", "textsf", "textrm", "text", "rm", "sf")
TRANSPOSE_MARKS = {"T", "\\top", "\\intercal"} | {f"\\{font}{t}" for font in _UPRIGHT for t in ("T", "{T}")}
# Sums and products over a range: LaTeX commands (and ∑ ∏, which the lexer reads as them), words before `_`,
# `^` or `(`, and the capital Greek letters before a subscript with `=`.
BIG_OPERATOR_COMMANDS = {"sum": "sum", "prod": "prod"}
BIG_OPERATOR_WORDS = {"sum": "sum", "Sum": "sum", "prod": "prod", "Prod": "prod", "product": "prod", "Product": "prod"}
BIG_OPERATOR_LETTERS = {"Sigma": "sum", "Pi": "prod"}
# How far the body of ∑ and ∏ reaches: to the next + or - (the textbook convention), or as far as a reader may
# have meant it, with the assumption each alternative reading states.
Reach = Literal["textbook", "narrow", "wide"]
NARROW_PRODUCT = "∏ read as applying to the factors up to the last one with its index"
WIDE_BODY = "∑ or ∏ read as applying up to the end of the expression, where its index appears again"
ASSUMED_REACH: dict[Reach, str] = {"narrow": NARROW_PRODUCT, "wide": WIDE_BODY}
FRACTIONS = {"frac", "dfrac", "tfrac"}
RADICALS = {"√": 2, "∛": 3, "∜": 4}
SETS = {"ℝ", "ℕ", "ℤ", "ℚ", "ℂ"}
