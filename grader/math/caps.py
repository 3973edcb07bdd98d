"""Every size cap of the math engine in one place: how much of a student's math is read, computed exactly,
evaluated and decided. Each keeps one hostile answer (`9^9^9^9`, a 10,000-term product, `1000!`) from taking
the time or memory of the rest; the sandbox's hard limits are the last line, these the first. Past a cap the
engine says so (a `LimitError` or an undecided verdict), and the part goes to a human."""

from __future__ import annotations

# Reading (lexer, parser)
MAX_LENGTH = 4000  # characters of one piece of math
MAX_TOKENS = 1500  # symbols and operators in it
MAX_DIGITS = 40  # digits of one number
MAX_DEPTH = 60  # nesting of brackets, powers and fractions
MAX_BACKTRACKS = 8  # readings tried again after an ambiguous parse failed
MAX_CODE_LENGTH = 4000  # characters of an answer's code read as math (code); what it expands to: MAX_LENGTH

# Exact arithmetic on numbers (arith)
MAX_RESULT_DIGITS = 2000  # digits of an exact result
MAX_FACTORIAL = 500  # n! and binomial(n, k), exactly

# Evaluation at sample points (numeric)
MAX_NUMERIC_EXPONENT = 400  # |exponent| of a power evaluated at a point
MAX_NUMERIC_FACTORIAL = 300  # |x| of x! and |n|, |k| of binomial(n, k) evaluated at a point

# Resolving what a symbol means (resolve)
MAX_MATRIX_POWER = 8  # W^k of a matrix, multiplied out

# Sums and products with bounds (series)
MAX_TERMS = 200  # terms of a ∑ or ∏ written out
MAX_INDEX = 40  # the largest index value a symbolic bound is evaluated at

# Symbolic work (sym, calculus)
MAX_SYMBOLIC_EXPONENT = 1000  # exponents SymPy is asked to expand
MAX_DERIVATIVE_NODES = 4000  # a derivative's tree (it may grow with each product rule)

# Deciding (equivalence, modular)
MAX_ATTEMPTS = 30  # sample points drawn before an identity is left undetermined
MAX_REDRAWS = 20  # points tried per prime, some of which may hit a pole, before it is left undetermined
MAX_EXPONENT = 10**6  # the largest exponent decided modulo primes
MAX_DEGREE = 10**7  # the largest degree bounded from the trees
LARGE_DEGREE = 2000  # above this degree (or an exponent over MAX_NUMERIC_EXPONENT), modulo primes, not SymPy
