"""Numbers in prose: every number a student writes, how sure its reading is, and which one is the answer.

Students state a count in many ways: `8,705 (8,448 + 257)`, `Total: 4352 + 257 = 4609 parameters`,
`W: 3x3x32x64 = 18432, b: 64 → 18496`, a copied `Total params: 96,266 (376.04 KB)`, `18 624`, `16'000`,
`6\\,272`, `≈1.05M`, `sixteen thousand`, `no parameters`, `¼`. Reading them takes three steps:

1. The text is normalised (`grader.extract.flatten_latex`, Unicode dashes, times signs and fractions, arrows,
   thousands written with spaces, apostrophes or thin spaces) without moving anything, and every number is
   found with its *rank*: a result named as such (`Total:`, `so`, `i.e.`, `→`, `Σ =`, `... in total`), the
   result of an equation (`... = 4609`) or a number followed by one of the rubric's units, a plain number, a
   number in brackets after another (`320 (288 weights + 32 biases)`: working or commentary), or one rejected
   in so many words (`18,816 (not 18,624)`).
2. The answer is the last number of the highest rank present. Another number of that rank with another value
   makes the answer ambiguous unless it reappears in later working (`1568 ... 4 × 1568 = 6272`) or the last one
   is named the total: a grader then reads it (`needs_review`, the candidates listed).
3. Readings that may be right or wrong are kept together for the check to judge: `20.362` for a count (a
   decimal, or 20,362 with European grouping), `8x8` (64, or a side of 8), `24!` ending a sentence (emphasis or
   a factorial), approximations (`16K`, `about 18.8k`: right only if the student also gives the exact count,
   else a grader decides). Digits that cannot be read are never an `incorrect`: only a clear wrong number is.

Nothing here evaluates text: candidates are handed to the safe parser, which refuses what it cannot read.
"""

from __future__ import annotations

from grader.numbers.candidates import Candidate, Choice, Exclaimed, Rank, TooLarge
from grader.numbers.choosing import choose
from grader.numbers.finding import find_numbers
from grader.numbers.normal import normalise, words_value
from grader.numbers.readings import square_side

__all__ = [
    "Candidate",
    "Choice",
    "Exclaimed",
    "Rank",
    "TooLarge",
    "choose",
    "find_numbers",
    "normalise",
    "square_side",
    "words_value",
]
