"""Step 1 continued: every number of an answer with its rank (a named result, an equation's result, a plain
number, working in brackets, a number rejected in so many words) and the other ways its text can be read."""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from grader.errors import GraderError, LimitError, NotationError
from grader.extract import blanked, matching_bracket, wholly_bracketed
from grader.math.arith import Number, evaluate_chain
from grader.math.parser import parse_one
from grader.numbers.brackets import in_brackets, in_keras_shape
from grader.numbers.candidates import Candidate, Exclaimed, Rank, TooLarge
from grader.numbers.normal import MATH_BANG, SCALE_WORDS, UNITS_WORDS, normalise, words_value
from grader.numbers.printed import printed
from grader.numbers.readings import other_readings

# A stretch of arithmetic; those with a digit are candidate numbers. `!` is a factorial but not in `!=`; `factorial`
# counts when a bracket follows. Matched as maximal stretches: `[...]*\d[...]*` tried every start inside a stretch
# without a digit again, O(n²) on long text.
_RUN = re.compile(r"(?:factorial(?=[ \t]*\()|!(?!=)|[\d.+\-*/^=()×·÷²³ǃ \t\u2063])+")  # \u2063: a dot grouping was read
# a line break inside a chain of arithmetic: `4 × (32 × 48 + 32)` then a line `= 4 × 1568 = 6272`, or `total =`
# then a line `18816`
_CHAIN_GOES_ON = re.compile(r"(?<=[\d)])[ \t]*\n(?=[ \t]*=)|(?<==)[ \t]*\n(?=[ \t]*[\d(])")
# a comma or semicolon before an operator that goes on from the number before it: `11 × 11 = 121, × 64 = 7264`,
# `= 18944; + 128 = 19072` (a running sum: each step starts from the result before it), or a full stop before it
# (`total per step 20362. x5 = 101810`: a sentence never opens with a times sign)
_RUNNING_ON = re.compile(r"(?<=\d)[ \t]*[,;.](?=[ \t]*[+×*·][ \t]*\d)")  # `total 20362. ×5 = 101810` too
# a line that opens by multiplying the number the line before ends with (its unit after it): `= 6272 per block`,
# then `*3 = 18816`
_TIMES_NEXT_LINE = re.compile(r"(?<=\d)(?:[ \t]+per[ \t]+[a-z]+)?[ \t]*\n(?=[ \t]*[×*·][ \t]*\d)")
_ARITHMETIC = re.compile(r"[\d)][ \t]*[-+*/×·÷^][ \t]*[\d(]")
_SENTENCE_GOES_ON = re.compile(r"[ \t]*[a-z+*/^=×·÷]")
_WORD = re.compile(r"[^\W\d_]+")  # a word in any alphabet (`parámetros`)
_SHORTHAND = re.compile(
    r"(?<![\w.,])(\d+(?:\.\d+)?)[ \t]?(k|K|thousand|M|m|Mio|mio|million|mn)(?![\w])"
)  # 16K, 8.4k, 1.05M, 1.05 million
_APPROXIMATELY = re.compile(
    r"(?:≈|~|\bapprox(?:\.|imately)?|\babout|\broughly|\baround|\bcirca|\bca\.|\balmost|\bnearly)[ \t]*$", re.IGNORECASE
)
_STRONG_LABEL = re.compile(
    r"(?:\btotal(?:[ \t]+(?:params|parameters|number|count|weights))?|\bin[ \t]+total|\boverall|\baltogether|"
    r"\ball[ \t]+together|\btogether[ \t]*:|\b(?:final[ \t]+)?answer|\bresult|\bdifference[ \t]*(?::|=|is\b)|"
    r"\b(?:insgesamt|gesamt|summe|en[ \t]+total|au[ \t]+total|en[ \t]+tout|kul)\b|"  # a class's other languages
    r"\bfinal(?:ly)?|→(?![ \t]*[A-Za-z_]\w*[ \t]*:)|Σ|\bgo(?:ing)?[ \t]+with|"
    r"\b(?:largest|biggest|highest|greatest|maximum|max|smallest|lowest|minimum|min)[ \t]+value[ \t]*[:=]|"
    r"\bI(?:['’]?ll|[ \t]+will|['’]?d|[ \t]+would)[ \t]+(?:say|go[ \t]+with|take))[^.;\n]{0,25}$"
    r"|^[ \t]*together[ \t]*[:=,]?[ \t]*$",  # `… = 257. Together 8,705.`: opening its clause, right before the number
    re.IGNORECASE,
)
SO_ELSEWHERE = "donc|daher|somit|entonces|quindi|dunque|portanto|dus"  # `so` in a class's other languages
_WEAK_LABEL = re.compile(  # `I think` marks the number right after it, not one past a comma (`…, torch has 2 biases`)
    r"(?:(?:\bso|\bthus|\btherefore|\bhence|\bgives?|\bgiving|\byields?|\bmakes?|\bcomes[ \t]+to|\bamounts?[ \t]+to|"
    r"\bi\.?[ \t]?e\.?|\bthat(?:[ \t]+is|['’]?s)|\bwhich[ \t]+is|\bequals?|\bsums?[ \t]+to|\bsum[ \t]*[:=]|∴|"
    r"\bI['’]?d[ \t]+say|\b(?:" + SO_ELSEWHERE + r")\b|"
    r"\bI[ \t]+would[ \t]+say|\b(?:maximum|max|minimum|min|peak)[ \t]+(?:value[ \t]+(?:of|is)?|of|is))"
    r"[ \t:,=]*(?:\w+[ \t]+|approx\.[ \t]*|[≈~][ \t]*){0,3}|"  # `so approx. 6000 more`, `so ~6k more`
    r"\bI[ \t]+think[ \t:]*(?:[\w'’]+[ \t]+){0,3})$",
    re.IGNORECASE,
)
# `Thus max_x σ'(x) = σ'(0) = 1/4`: a conclusion opens the chain the number ends (not a condition: `so if x = 0`)
_CONCLUDING_OPENS = re.compile(
    r"\b(?:so|thus|therefore|hence)\b(?![^\n]*\b(?:if|when|for|at)\b)[^\n]{0,60}$", re.IGNORECASE
)


_MAXIMUM_IS = re.compile(r"\b(?:max(?:imum)?|min(?:imum)?)(?:_\{?\w+\}?)?[ \t]+[^=\n]{1,25}=[ \t]*$", re.I)
_AT_POINT = re.compile(r"\b(?:at|when|where|if|for)[ \t]+[^\s=]{1,8}[ \t]*=[ \t]*$", re.I)  # `max at x = 0`: where


def _concludes_chain(text: str, first: int, plain: str) -> bool:
    """Whether a number ends an equation its sentence opens with a conclusion (`Thus max σ'(x) = σ'(0) = 1/4`)
    or that says what a maximum or minimum is (`max_x σ'(x) = 1/4`; `max at x = 0` says where it is)."""
    sentence = _sentence_before(text, first)
    if _MAXIMUM_IS.search(sentence) and not _AT_POINT.search(sentence):
        return True
    chained = "=" in plain or sentence.rstrip().endswith("=")
    return chained and _CONCLUDING_OPENS.search(sentence) is not None


_TRAILING_LABEL = re.compile(r"^[ \t]*(?:\w+[ \t]+){0,2}(?:in[ \t]+total|total|overall|altogether|in[ \t]+all)\b")
_REJECTING = re.compile(r"(?:\bnot|\binstead[ \t]+of|\brather[ \t]+than|≠|\bwrong(?:ly)?|\bnor)[ \t:]*$", re.IGNORECASE)
# `lecture 5`, `slide 12`, `chapter 10`, `eq. (3)`: a number that names a place in the course or a book
_CITED = re.compile(
    r"(?:\b(?:lectures?|slides?|chapters?|ch\.|sections?|sec\.|pages?|pp?\.|figures?|fig\.|eqs?\.|equations?|"
    r"weeks?|exercises?|homeworks?|hw|sheets?|tutorials?)|§)[ \t]*\(?$",
    re.IGNORECASE,
)
# `for 5 time steps`, `same as 5`, `more than 18,816`: a number the answer refers to, not its result
_REFERENCE = re.compile(  # `the same as for 5 steps`, `same like 5 time steps` (a learner's English), `than 8`
    r"(?:\bsame[ \t]+(?:as|like)|\bas[ \t]+(?:for|with|in)|\bthan|\bfor)[ \t]*$", re.IGNORECASE
)
# `because the 512 dimensions are split over 8 heads`: numbers of a reason are not the result, unless a
# conclusion follows it in the sentence (`because reset_after is True, which gives 18,816`)
_REASON = re.compile(
    r"\b(?:because|since|bc|b/c|cuz)\b(?![^.;\n]*\b(?:so|thus|hence|therefore|gives?|giving|which[ \t]+is|total)\b)",
    re.IGNORECASE,
)
_REASON_CLOSED = re.compile(r"\s*(?:because|since|as)\b[^,;]*,(?![^.;\n]*\b(?:because|since)\b)", re.IGNORECASE)
_EXPLAINED = re.compile(
    r"[ \t]*:[ \t]+(?=[A-Za-z\\])|[ \t]+(?:[-–—][ \t]+|(?:because|since|as|bc|b/c|cause|cuz)\b)", re.IGNORECASE
)
_COMMA_THEN_WORDS = re.compile(r",[ \t]+(?=[A-Za-z])")  # `0, keras GRU and LSTM both have …`: a lone number, then why
# a full stop, then a new sentence (`18816. weight_ih …`, `$20362$.`, `320. 32 filters × …`)
_STOPPED = re.compile(r"[ \t]*\.[ \t]+(?=[^\W_])")
# `the count is unchanged: 1,050,624`, `number of parameters: …`: the quantity asked for, named before the number
_NAMED_COUNT = re.compile(r"\b(?:count|number[ \t]+of[ \t]+(?:param(?:eter)?s|weights))\b[^.;\n\d]{0,25}$", re.I)
_SUMMARY_COUNT = re.compile(r"^[ \t]*\w+[ \t]*\(\w+\)[ \t]+\((?:None|\?)[^()\n]*\)[ \t]+[\d,]+$")  # a summary row
_SHAPE_LABEL = re.compile(r"\b(?:output[ \t]+(?:volume|shape|size)|shape)\b[ \t]*[:=]", re.IGNORECASE)
_SYMBOLIC_FACTOR = re.compile(  # `3 × (n·m + …)`, `1/√d_k`, `1/n`, `3*(hidden*input + …)`: part of a formula
    r"[ \t]*[×*·][ \t]*\(?[ \t]*(?:[A-Za-z](?![A-Za-z]{2})|[A-Za-z_]{2,}[ \t]*[×*·+])"
    r"|[ \t]*/[ \t]*\(?[ \t]*(?:√|\\?sqrt\b|[A-Za-z](?![A-Za-z]{2}))"
)
_CONDITIONAL = re.compile(
    r"[ \t]*(?:more|fewer|less|param(?:eter)?s|weights)?[ \t]*"
    r"(?:if|when|assuming|in[ \t]+case|depending|without|with|excluding|including|ignoring|not[ \t]+counting)\b",
    re.I,
)
# `… if it doesn't, then I think it's 10`, `otherwise 10`: a number offered in case the one before is wrong
_UNDECIDED = re.compile(r"[ \t]*(?:depending|selon|je[ \t]+nach)\b", re.IGNORECASE)
_OTHERWISE = re.compile(
    r"(?:(?:\bif[ \t]+(?:it|that|this)[ \t]+(?:doesn['’]?t|does[ \t]+not|isn['’]?t|is[ \t]+not)\b"
    r"|\bif[ \t]+not\b|\botherwise\b)(?![^.;\n]*\bwould\b)[^.;\n]{0,40}"  # `otherwise it would be 18624`: no answer
    r"|\bunless\b(?![^.;\n]*\bwould\b)[^.;\n]{0,80})$",  # `7744. Unless flatten comes after the pool, then 10816`
    re.IGNORECASE,
)
# `5-step`, `2-layer`: a number joined to a noun by a hyphen (`64-dimensional`, `64-dim` state a size)
COMPOUND = re.compile(r"-(?!d(?:im|imensional)?\b|dims?\b|dimensional\b)[A-Za-z]{2,}", re.IGNORECASE)
# `applied 10 times.`: how often something happens, not a quantity (`4 times (16 + 32)` and `4 times the …` multiply)
_REPEATED = re.compile(
    r"[ \t]+times\b(?![ \t]*(?:[\d(\[]|the\b|as\b|more\b|fewer\b|less\b|bigger\b|larger\b|smaller\b))", re.IGNORECASE
)
_STEPS = re.compile(  # `10 time steps`, `5 steps`, `5 or 10 steps`: a sequence's length
    r"(?P<other>[ \t]*(?:or|and|to|,|/|-|–)[ \t]*\d+)?[ \t]*(?:time[ \t]*)?steps?\b", re.IGNORECASE
)
MAX_STEPS = 1000  # a number joined to a count of steps (`5 or 10 steps`) longer than this is no count of steps
_COMPARED = re.compile(  # `192 fewer than the default`, `64 more parameters`: a difference from another count
    r"[ \t]*(?:param(?:eter)?s[ \t]+|weights[ \t]+)?(?P<way>more|fewer|less)[ \t]+(?:than|param(?:eter)?s|weights)\b",
    re.IGNORECASE,
)
_SHARE = re.compile(r"[ \t]*(?:more|fewer|less|bigger|larger|smaller)\b", re.IGNORECASE)
_PERCENT = re.compile(r"[ \t]*(?:%|per[ \t]?cent\b)", re.IGNORECASE)
_SUBTRACTED = re.compile(r"[\d,.  ]+[ \t]*[-−–][ \t]*[\d,.  ]+[ \t]*=[ \t]*[\d,.  ]+$")  # `24832 − 18816 = 6016`
# `10 steps need the same parameters as 5`: what the answer is compared with, not the answer
_SAME_AS = re.compile(r"\bsame[ \t]+[a-z][^.;\n\d]{0,48}\bas[ \t]+(?:(?:for|with|in|at)[ \t]+)?$", re.IGNORECASE)
_NAMED_DIFFERENCE = re.compile(r"\bdifference\b[^.;\n\d]{0,16}$", re.IGNORECASE)  # `Difference is 192`
_LIMIT = re.compile(  # `tends to 0`, `flattens out to 0`, `saturates at 1`: a limit
    r"\b(?:go(?:es|ing)?|tend(?:s|ing)?|flattens?(?:[ \t]+out)?|approach(?:es|ing)?|converges?|saturates?|decays?)"
    r"[ \t]+(?:down[ \t]+|up[ \t]+)?(?:to(?:wards)?|at)[ \t]+$"
    r"|(?<![\w)])[A-Za-zσ][′'’]*[ \t]*(?:→|->)[ \t]*$",  # `where σ → 1`: a symbol's limit, not a result's arrow
    re.IGNORECASE,
)
_BOUND = re.compile(r"\bbetween[ \t]+(?:\d+(?:\.\d+)?[ \t]+(?:and|to)[ \t]+)?$", re.IGNORECASE)  # a range's ends
# `I am not sure which one is counted`, `not 100% sure which`: the student cannot choose between the answers
_UNSURE_WHICH = re.compile(
    r"\b(?:not[ \t]+(?:[\w%]+[ \t]+)?sure|unsure|don['’]?t[ \t]+know|no[ \t]+idea)\b[^.;\n]{0,30}?\bwhich\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def unsure_which(text: str) -> bool:
    """Whether the answer says the student cannot choose between its answers (searched once per answer)."""
    return _UNSURE_WHICH.search(text) is not None


_OFFERED = re.compile(  # `or 10`, `or maybe 10`; `but maybe it is 0.5`: another answer offered in doubt
    r"\b(?:or|ou|oder)[ \t]+(?:maybe[ \t]+|perhaps[ \t]+|possibly[ \t]+)?$"
    r"|\b(?:but|or)[ \t]+(?:maybe|perhaps|possibly)[ \t]+(?:it[ \t]+is|it['’]s|the[ \t]+answer[ \t]+is)[ \t]+$",
    re.IGNORECASE,
)
# `V stays 512`, `the values keep the full 512 dimensions`, `the values have the full 512`: a value the answer gives
# something else of the question
_KEPT = re.compile(
    r"\b(?:(?:stays?|keeps?|remains?)[ \t]+(?:at[ \t]+)?(?:the[ \t]+)?(?:full[ \t]+)?"
    r"|(?:have|has)[ \t]+(?:the[ \t]+)?full[ \t]+)(?:dimension[ \t]+(?:of[ \t]+)?)?$",
    re.IGNORECASE,
)
# `the values keep the full model dimension, d_v = 512`: the value named after what keeps it
_KEPT_NAMED = re.compile(
    r"\b(?:stays?|keeps?|remains?)[ \t]+(?:at[ \t]+)?(?:the[ \t]+)?full[ \t]+(?:model[ \t]+)?(?:dimension|size|width)s?"
    r"[ \t]*[,:(]?[ \t]*(?:[A-Za-z_]+[ \t]*=[ \t]*)?$",
    re.IGNORECASE,
)
_KEPT_VALUE = re.compile(  # a value, not a count of things (`keeps 2 bias vectors`)
    r"[ \t]*(?:$|[.,;:)\n]|(?:dim(?:ension)?s?|so|because|since|to|for|as|and)\b)", re.IGNORECASE
)
_HEDGED = re.compile(  # `18624?`, `18624 too?`, `0.25 at x = 0 but not 100% sure`
    r"[ \t]*(?:[A-Za-z]+[ \t]*){0,2}\?|[^.;\n]{0,40}?\b(?:not[ \t]+(?:100[ \t]*%[ \t]+)?(?:sure|certain)|unsure)\b",
    re.IGNORECASE,
)
_WOULD_BE = re.compile(  # under another assumption: `with the old version it would be`, not `the max would be`
    r"\b(?:with|without|if|unless|otherwise|then|in)\b[^.;\n]{0,40}\b(?:would|['’]d)[ \t]+"
    r"(?:be|give|get|have|make)[ \t]+(?:only[ \t]+|just[ \t]+)?$",
    re.IGNORECASE,
)
# `each 3x3 convolution adds 2 pixels`, `grows by 4`: a step added, not the result it comes to
_ADDED = re.compile(
    r"\b(?:adds?|adding|grows?[ \t]+by|increases?[ \t]+by|widens?[ \t]+(?:it[ \t]+)?by)[ \t]+$", re.IGNORECASE
)
_SPACE_OF = re.compile(r"(?:ℝ|\\mathbb\{R\}|\\R|\bR)[ \t]*\^[ \t]*[({]?[ \t]*$")  # `ℝ^10`, `\mathbb{R}^{64}`
_NOT_THE_ANSWER = re.compile(r"non-?trainable(?:[ \t]+param(?:eter)?s?)?[ \t]*[:=]?[ \t]*$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[\n;()!?]|(?<!\bi\.e)(?<!\be\.g)(?<!\bvs)(?<!\bapprox)(?<!\bca)\.(?=\s)")
# A condition's symbol: a letter with or without its index, a command, a Greek name, `seq_len`, or a letter and its
# index run together (`Tx = 10`, `dk = 64`; not `it`, `by`)
_CONDITION = re.compile(  # `at x = 0`, `k = 2`, `for tau = 10`, `for σ(x) = 1/2`, `seq_len=5`
    r"(?:^|[\s(,;:])(?:\\?[A-Za-z](?:_\{?\w{1,3}\}?)?|\\[a-z]+|(?:tau|alpha|beta|gamma|lambda|theta|eta|mu|sigma)|[α-ω]"
    r"|[a-z]+_[a-z]+|(?!by)[A-Za-z][xyhkvq])(?:\([a-z]\))?[ \t]*$"
)


_SUM_BEFORE = re.compile(r"(?:^|[\s,;:])sum[ \t]*[:=]?[ \t$]*$", re.IGNORECASE)  # `… = 257 sum 8705`: the total
_CONDITION_IS = re.compile(r"\b(?:when|if|at|for|where)[ \t]+[A-Za-zσ](?:_\w+)?[ \t]+(?:is|equals)[ \t]+$", re.I)
# `N = 20362`, `P = 6272`, `N_params = …`: the count's own name, not a condition like `k = 2`
_COUNT_NAME = re.compile(r"(?:^|[\s(,;:.])[NP](?:_\{?\w{1,8}\}?)?[ \t]*$")


def _steps(text: str, last: int, value: Number) -> bool:
    """Whether the number ending at `last` counts time steps (`10 time steps`, the 5 of `5 or 10 steps`); a large
    one before another number is a count given first (`20362, 10 steps later …`)."""
    steps = _STEPS.match(text, last)
    return steps is not None and (steps.group("other") is None or -MAX_STEPS <= value <= MAX_STEPS)


def _condition(before: str, opens: str) -> bool:
    """Whether an `=` sets a condition (`at x = 0`, `k = 2`, `seq_len=5`) rather than giving a result. A call on the
    left (`σ(x) = 1/2`) is a condition only after a word that says so (`for σ(x) = 1/2`, not `so σ'(x) = 1/4`)."""
    if opens.lstrip().startswith(")"):
        return _CONDITION_CALL.search(before) is not None
    symbol = _CONDITION.search(before)
    if symbol is not None and re.search(r"[-+−*/×·][ \t]*$", before[: symbol.start() + 1].rstrip("(,;:")):
        return False  # `… = n·d + n² + k = 20 362`: the last term of a sum, not `k = 2`
    return symbol is not None or _CONDITION_AT.search(before) is not None


_CONDITION_CALL = re.compile(r"\b(?:for|at|when|if|where|with)[ \t]+\S*\([a-z]$", re.IGNORECASE)
# `… where σ(0) = 1/2`, `at σ(0) = 0.5`: a value at a point, after a word that makes it a condition
_CONDITION_AT = re.compile(r"\b(?:for|at|when|if|where|with)[ \t]+\S*\([^()\s]{1,8}\)$", re.IGNORECASE)
# `A.sum(axis=-1)`, `softmax over axis=-1`: where, not how much (`head dim = 64` is a size)
_CODE_ARGUMENT = re.compile(r"(?<=[(,])[ \t]*(?:axis|dim)[ \t]*=[ \t]*-?\d+|\b(?:axis|dim)=-\d+")
# `320 (conv1) + 0 (pool) + …`: a term's name in brackets between it and the next operator, no part of the sum
_TERM_NAME = re.compile(r"(?<=\d)[ \t]*\([ \t]*[A-Za-z][\w .'’-]{0,24}\)(?=[ \t]*[-+−=×*·])")
_COUNT_ADJECTIVES = frozenset({"trainable", "learnable", "total", "free"})
_ZERO_PHRASE = re.compile(
    r"\bno[ \t]+(?:trainable[ \t]+|learnable[ \t]+)?(?:param(?:eter)?s|weights|biases|trainable[ \t]+weights)\b|"
    r"\b(?:has|have|with)[ \t]+none\b|\A[ \t]*(?:none|nothing|zero|nil)\b|"
    r"\bnothing[ \t]+(?:for[ \t]+it[ \t]+)?to[ \t]+(?:learn|train)\b",  # `… there is nothing to learn`
    re.IGNORECASE,
)
_NUMBER_WORD = "|".join([*UNITS_WORDS, *SCALE_WORDS])
WORD_NUMBER = re.compile(
    rf"\b(?:{_NUMBER_WORD})(?:(?:[ \t]*-[ \t]*|[ \t]+(?:and[ \t]+)?)(?:{_NUMBER_WORD}))*\b", re.IGNORECASE
)


def find_numbers(
    answer: str, units: list[str], *, counts: bool = False, params: bool = False, difference: bool = True
) -> list[Candidate]:
    """Every number of an answer with its rank, in order; `counts`: the answer is a count (a whole number),
    so `20.362` may be 20,362 written with a European dot; `params`: the answer is a parameter count, so the
    shape `(None, 32)` of a copied `model.summary()` row is not it; `difference`: whether the question asks for
    a difference (if not, `192 fewer than the default` compares the answer with another count). Raises TooLarge for
    arithmetic over the size limits (its value is unknown, so no number of the answer can safely be called the
    answer) and NotationError for a factorial that cannot be read (`2.5!`, `4!!`), for the same reason."""
    text = blanked(normalise(answer), _CODE_ARGUMENT)
    text = _CHAIN_GOES_ON.sub(lambda found: _joined(found, text), text)
    # `= 121, × 64 = 7264`: one running chain; `= 6272 per block` then `*3 = …`; `320 (conv1) + …`: a term's name
    text = blanked(text, _RUNNING_ON, _TIMES_NEXT_LINE, _TERM_NAME)
    candidates: list[Candidate] = []
    text = _take_shorthand(text, candidates)
    counted = params or any(unit.lower().startswith(("param", "weight")) for unit in units)
    text = _take_words(text, candidates, zero_phrases=counted)
    unit_stems = {_stem(unit) for unit in units}
    for start, end in _runs(text):
        found = _read_run(text, start, end, unit_stems, counts, params, difference)
        if found is None:  # `3 (nm + n^2) = 3 (64·32 + 64^2) = 18816`: the links after the symbols still compute
            found = _numeric_tail(text, start, end, unit_stems, counts, params, difference)
        if found is None:  # `256 128 64`: numbers side by side are a list, each read on its own
            pieces = [m.span() for m in re.finditer(r"\S+", text[start:end])]
            if len(pieces) > 1:
                for a, b in pieces:
                    found = _read_run(text, start + a, start + b, unit_stems, counts, params, difference)
                    candidates += [found] if found is not None else []
            continue
        candidates.append(found)
    return sorted((printed(c, text) for c in candidates), key=lambda c: c.position)


def _joined(line_break: re.Match[str], text: str) -> str:
    """A line break in a chain of arithmetic as spaces (the candidates' positions hold), when the line before it
    ends in `=` or in arithmetic still to be worked out (`= 4 × (1526 + 32)`); not after a finished count (`bias:
    64`, `… = 2048`), where a line `= 18496` sums the lines above, not that count."""
    line = text[text.rfind("\n", 0, line_break.start()) + 1 : line_break.start()]
    last = line.rsplit("=", 1)[-1]
    if line.rstrip().endswith("=") or _ARITHMETIC.search(last):
        return " " * len(line_break.group())
    return line_break.group()


def _numeric_tail(
    text: str, start: int, end: int, unit_stems: set[str], counts: bool, params: bool, difference: bool
) -> Candidate | None:
    """The longest end of an equation chain that reads as arithmetic, when its first links hold symbols."""
    for equals in re.finditer("=", text[start:end]):
        tail = start + equals.end()
        while tail < end and text[tail] in " \t":
            tail += 1
        if "=" not in text[tail:end]:
            return None  # one link alone is no chain: its numbers are read on their own
        found = _read_run(text, tail, end, unit_stems, counts, params, difference)
        if found is not None:
            return found
    return None


def _take_shorthand(text: str, candidates: list[Candidate]) -> str:
    """Approximations such as `16K`, `≈1.05M`, `about 18.8k`: candidates of their own, blanked out of `text`."""

    def take(match: re.Match[str]) -> str:
        digits, suffix = match.group(1), match.group(2)
        scale = 1000 if suffix.lower() in ("k", "thousand") else 10**6
        value = Fraction(digits) * scale
        decimals = len(digits.partition(".")[2])
        half = Fraction(scale, 2 * 10**decimals)
        candidates.append(
            Candidate(value=value, source=match.group().strip(), rank=_rank_before(text, match.start()),
                      position=match.start(), approximate=half, strong=_strong(text, match.start(), match.end()))
        )  # fmt: skip
        return " " * len(match.group())

    return _SHORTHAND.sub(take, text)


def _take_words(text: str, candidates: list[Candidate], *, zero_phrases: bool = True) -> str:
    """Numbers in words (`sixteen thousand`, `no parameters`): candidates of their own when the answer has no
    digits to read, blanked out of `text` (`one kernel` in a sentence next to digits is prose, not a number).
    `zero_phrases`: the answer counts parameters, so `no parameters` states its number (else it is prose about
    a layer, `the maxpool has no weights`, in an answer about something else)."""
    digits = bool(re.search(r"\d", text))
    lead = WORD_NUMBER.match(text.lstrip())  # `Sixty-four, because the 512 dimensions ...`: the answer comes first
    if digits and lead is not None and (value := words_value(lead.group())) is not None and value > 0:
        at = len(text) - len(text.lstrip())
        candidates.append(Candidate(value=Fraction(value), source=lead.group(), position=at, rank=Rank.PLAIN))
    phrases = list(_ZERO_PHRASE.finditer(text)) if zero_phrases or not digits else []
    for match in phrases:  # `pooling has no parameters` states the count; after working in digits, as a result
        if digits and _of_dropout(text, match.start()):
            continue  # `… = 6272. Dropout adds no parameters.`: a remark on the layer's dropout, never a count
        rank = _rank_before(text, match.start())  # does (`… = 6272. Pooling adds no parameters.`)
        stated = Rank.RESULT if re.search(r"\d", text[: match.start()]) else Rank.LABELLED
        candidates.append(Candidate(value=Fraction(0), source=match.group().strip(), position=match.start(),
                                    rank=stated if rank is Rank.PLAIN else rank))  # fmt: skip
    if digits:
        return text
    short = len(text.split()) <= 2
    for match in WORD_NUMBER.finditer(text):
        value = words_value(match.group())
        rank = _rank_before(text, match.start())
        if match.group().lower() == "one" and rank <= Rank.PLAIN and not short:
            continue  # `plus one bias for each unit`: an article more often than a number
        if value is not None and not (value == 0 and _ZERO_PHRASE.search(text)):
            candidates.append(Candidate(value=Fraction(value), source=match.group(), position=match.start(),
                                        rank=rank, strong=_strong(text, match.start(), match.end())))  # fmt: skip
    return text


def _of_dropout(text: str, at: int) -> bool:
    """Whether the sentence a zero in words stands in speaks of dropout (`Dropout adds no parameters`), which
    has none whatever is counted."""
    ends = [match.end() for match in _SENTENCE_END.finditer(text, 0, at)]
    return re.search(r"dropout", text[ends[-1] if ends else 0 : at], re.IGNORECASE) is not None


_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")


def _runs(text: str) -> list[tuple[int, int]]:
    """Spans of arithmetic with a digit. A run stops before a bracket that follows a number after a space
    (`8705 (8448 + 257)`: students do not write products so) and skips a function's argument (`σ(0)`)."""
    spans = []
    for match in _RUN.finditer(text):
        start, end = match.start(), match.end()
        for piece_start, piece_end in _split_run(text, start, end):
            if any(char.isdigit() for char in text[piece_start:piece_end]):
                spans.append((piece_start, piece_end))
    return spans


def _split_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    paren = start + len(text[start:end]) - len(text[start:end].lstrip(" \t"))
    if paren < end and text[paren] == "(" and paren > 0 and (text[paren - 1].isalpha() or text[paren - 1] in "_}\\"):
        close = matching_bracket(text, paren, end)
        if close is None:
            return []
        cursor = close + 1  # the argument of a function (`σ(0)`) or of a named thing (`W(3)`) is not a number
    base = cursor
    for aside in re.finditer(r"(?<=[\d)])[ \t]+\((?=[^)]*\d)|(?<=[\d)])[ \t]*\.[ \t]+(?=[\d(])", text[base:end]):
        split = base + aside.start()  # `8705 (8448 + 257)`, and `512 × 512. 786432 + ...`: a sentence ends
        if "." not in aside.group() and _multiplies(text, split, base + aside.end() - 1, end):
            continue  # `3 (64 × 96 + 64) = 18624`: a factor and its bracket
        pieces.append((cursor, split))
        cursor = base + aside.end() if "." in aside.group() else split
    pieces.append((cursor, end))
    return [(a, b) for a, b in pieces if b > a]


def _multiplies(text: str, number_end: int, opening: int, end: int) -> bool:
    """Whether a bracket after a number and a space is its factor, not an aside on it: the bracket holds only
    arithmetic, and the arithmetic goes on after it (`3 (64 × 96 + 64) = 18624`) or the number is a small factor
    (a gate or head count) other than the bracket's value (`4 (48·32 + 32)`; `320 (288 + 32)` is its working)."""
    close = matching_bracket(text, opening, end)
    number = re.search(r"\d{1,7}$", text[max(0, number_end - 8) : number_end])
    if close is None or number is None or close - opening > MAX_BRACKET:  # bounded: a long bracket is no factor's
        return False
    if not _ARITHMETIC.fullmatch(text[opening + 1 : close]):
        return False
    try:
        inside = evaluate_chain(parse_one(text[opening + 1 : close]))[-1]
    except (GraderError, ArithmeticError, ValueError):
        return False
    if inside == int(number.group()):
        return False  # `16000 (1000 × 16)`: the number's working
    return _GOES_ON.match(text, close + 1) is not None or int(number.group()) <= MAX_FACTOR


_ARITHMETIC = re.compile(r"[\d \t+\-*/×·^()]*\d[\d \t+\-*/×·^()]*[+\-*/×·^][\d \t+\-*/×·^()]*")
_GOES_ON = re.compile(r"[ \t]*(?:=|[×*·+\-/][ \t]*[\d(])")  # `= 18624`, `+ 64`; not a dash before words
MAX_FACTOR = 16  # a count of gates, heads or steps written before a bracket; a larger number is a result
MAX_BRACKET = 120  # characters of arithmetic a factor's bracket holds at most (the regular expression stays linear)


def _read_run(
    text: str, start: int, end: int, unit_stems: set[str], counts: bool, params: bool, difference: bool
) -> Candidate | None:
    raw = text[start:end]
    trimmed = _trim(raw)
    if not trimmed or not any(char.isdigit() for char in trimmed):
        return None
    first = start + raw.find(trimmed)
    last = first + len(trimmed)
    opens = raw[: first - start]  # what the run had before its number: `= `, `(`, `) = `
    before = text[first - 1] if first else " "
    after = text[last] if last < len(text) else " "
    ends_with_bang = trimmed.endswith("!")
    if before.isalnum() or before in "_\\" or (after.isalpha() and not ends_with_bang) or after == "_":
        return None  # part of a name such as h_{t-1}, W2 or 3rd
    if COMPOUND.match(text, last):
        return None  # `the 5-step case`, `a 2-layer LSTM`: a number naming a kind of thing, not a quantity
    if _CITED.search(text, max(0, first - 16), first):
        return None  # `see slides lecture 5`, `eq. 10.40`: where to look, not a quantity
    source = " ".join(trimmed.split())
    if "!!" in source.replace(" ", "").replace(MATH_BANG, "!"):
        raise NotationError(f"“{source}”: `!!` may be a double factorial or emphasis; it is not read")
    emphatic = _may_be_emphasis(source, text, last)
    dot_grouped = "\u2063" in source
    source = source.replace(MATH_BANG, "!").replace("\u2063", "")
    plain = _trim(source[:-1]) if emphatic else source
    try:
        chain = parse_one(plain)
        values = evaluate_chain(chain)
    except LimitError as error:
        raise TooLarge(f"“{plain}” is too large to check: {error.reason}") from None
    except (GraderError, ArithmeticError, ValueError) as error:
        if "!" in plain or "factorial" in plain:  # skipped, another number would be taken for the result
            raise NotationError(f"cannot read the factorial in “{plain}”: {error}") from None
        return None
    fraction = re.fullmatch(r"\(?\d+\)?[ \t]*/[ \t]*\(?\d+\)?", plain) is not None  # `σ = 1/2`: a value
    worked = chain.is_equation or (any(char in plain for char in "+-*/^×·÷()!") and not fraction)
    equals = "=" in opens
    opening = opens.lstrip(" \t")
    before_equals = text[max(0, start - 30) : start].rstrip(" \t")
    named_count = (counts or params) and _COUNT_NAME.search(before_equals) is not None
    if equals and not worked and not named_count and _condition(before_equals, opens):
        rank = Rank.ASIDE  # `at x = 0`, `k = 2`: a condition, not a result
    elif not worked and _CONDITION_IS.search(text[max(0, first - 30) : first]):
        rank = Rank.ASIDE  # `0.25, when x is 0`: a condition in words
    elif (opening.startswith("(") or source.startswith("(")) and re.search(
        r"[\d)][ \t]*$", text[max(0, start - 64) : start]
    ):
        rank = Rank.ASIDE  # `320 (288 + 32)`: working or commentary after the number
    elif params and in_keras_shape(text, first):
        rank = Rank.ASIDE  # `lstm (LSTM) (None, 32) 6272`: a shape, the count follows it
    elif params and _SHAPE_LABEL.search(_sentence_before(text, first)):
        rank = Rank.ASIDE  # `… = 18 496 parameters. Output volume: … 11 × 11 × 64`: a shape, not a count
    elif not params and _SUMMARY_COUNT.search(text[text.rfind("\n", 0, first) + 1 : last]):
        rank = Rank.ASIDE  # `flatten (Flatten) (None, 7744) 0` asked for the features: the count is its last column
    else:
        rank = _rank(text, first, last, chain.is_equation or equals, unit_stems)
    compared = _COMPARED.match(text, last)
    more = compared is not None and compared.group("way").lower() == "more" and float(values[-1]).is_integer()
    if difference and rank in (Rank.PLAIN, Rank.RESULT) and (_SUBTRACTED.match(plain) or more):  # not `1/3 more`
        rank = Rank.LABELLED  # `24,832 − 18,816 = 6,016`, `roughly 6000 more parameters`: what the question asks
    if _BOUND.search(text[max(0, first - 40) : first]):
        rank = Rank.ASIDE  # `σ' lies between 0 and 0.25`: a bound, not a result
    if _SPACE_OF.search(text[max(0, first - 16) : first]):
        rank = Rank.ASIDE  # `b ∈ ℝ^10`: the size of a vector, not a count
    if _WOULD_BE.search(text[max(0, first - 80) : first]):
        rank = Rank.ASIDE  # `18 816; with the old version it would be 18 624`: what another assumption gives
    if not worked and not params and _ADDED.search(text[max(0, first - 24) : first]):
        rank = Rank.ASIDE  # `each 3x3 convolution adds 2 pixels`: a step of the working, not the result
    if values[-1] in (0, 1) and not worked and _LIMIT.search(text[max(0, first - 40) : first]):
        rank = Rank.ASIDE  # `it flattens out to 0 on both sides`: where a curve tends, not a result
    if counts and rank > Rank.RESULT and _PERCENT.match(text, last) is not None:
        rank = Rank.RESULT  # `= 24832 parameters, so roughly 32% more`: a share, no more the answer than the count
    if counts and not float(values[-1]).is_integer() and _SHARE.match(text, last) is not None:
        rank = min(rank, Rank.PLAIN)  # `= 24 832, that is around 1/3 more than the GRU`: a share of a count
    clause = _clause_before(text, first)
    compares = _SAME_AS.search(clause) is not None or (
        not difference and (compared is not None or _NAMED_DIFFERENCE.search(clause) is not None)
    )
    if compares:
        rank = Rank.ASIDE  # `… = 18,624. So 192 fewer than the default`: a difference the question did not ask for
    factor = _SYMBOLIC_FACTOR.match(text, last) is not None  # `3 × (n·m + n² + n)`, `1/n`: a formula, not a number
    repeated = not worked and (
        _REPEATED.match(text, last) is not None  # `the same θ is applied 10 times`
        or (params and _steps(text, last, values[-1]))  # `10 time steps: still 20362`: how long, not a count
    )
    # `torch has 2 biases`, `the 10 boxes of the unrolled picture`: things counted, not the parameters (but the
    # answer, when it gives nothing else: `Total = 5 layers`)
    counted = params and not worked and re.fullmatch(r"\d{1,2}", plain) is not None
    counted = counted and _COUNTED_THING.match(text, last) is not None
    if factor or repeated or counted:
        rank = Rank.ASIDE
    offered = (
        _OFFERED.search(clause) is not None
        or _OTHERWISE.search(_sentence_before(text, first)) is not None
        or (
            _KEPT.search(clause) is not None and not worked and _KEPT_VALUE.match(text, last) is not None
        )  # `V stays 512`, not `Conv2 keeps 14 × 14` (a size worked out)
        or (_KEPT_NAMED.search(_sentence_before(text, first)) is not None and not worked)
    )
    conditional = (
        offered
        and _CONDITIONAL.match(text, last) is not None
        and _UNDECIDED.match(text, last) is None  # `18,816 or 18,624 depending on the biases`: both, undecided
        and not re.search(r"\beither\b", _sentence_before(text, first), re.IGNORECASE)  # `Either A or B if …`: two
        and not re.search(r"\b(?:maybe|perhaps|possibly)\b", clause, re.IGNORECASE)  # a doubt
        and not unsure_which(text)  # `… or 18 624 if …. I am not sure which one is counted`
    )
    if conditional:
        rank = Rank.ASIDE  # `320 (or 288 if you don't count the biases)`: another answer under another assumption
    exclaimed = _exclaimed(source, values, chain.is_equation) if emphatic else None
    if chain.is_equation and values[0] != values[-1] and _equated_to_working(text, first, values[0]):
        values = values[:1]  # `320 = 288 weights + 32 biases`: the working goes on past the words, to 320
    working = _working_of_opening(text, first)
    if working:
        rank = Rank.ASIDE  # `77450 -> 7744*10 weights + 10 bias`: how the opening number was worked out
    return Candidate(
        value=values[-1], source=plain, rank=rank, position=first, strong=_strong(text, first, last) and not working,
        approximate=_approximately(text, first, values[-1]), exclaimed=exclaimed,
        note=f"“{plain}” read with dots grouping thousands" if dot_grouped else None,
        others=other_readings(plain, chain.is_equation, counts), hedged=bool(_HEDGED.match(text, last)),
        concluded=bool(_WEAK_LABEL.search(clause)) or _concludes_chain(text, first, plain),
        referred=bool(_REFERENCE.search(clause)) or factor or repeated or compares,
        offered=offered and not conditional, links=tuple(values) if chain.is_equation else (),
    )  # fmt: skip


def _approximately(text: str, start: int, value: Number) -> Fraction | None:
    """`about 19,000`: a rounded number said to be approximate is as precise as its trailing zeros."""
    if not _APPROXIMATELY.search(text[max(0, start - 20) : start]):
        return None
    if not isinstance(value, Fraction) or value.denominator != 1 or value == 0:
        return None
    digits = str(abs(value.numerator))
    zeros = len(digits) - len(digits.rstrip("0"))
    return Fraction(10**zeros, 2) if zeros else None


def _rank(text: str, start: int, end: int, result: bool, unit_stems: set[str]) -> Rank:
    """How the text around `text[start:end]` marks it."""
    before = _clause_before(text, start)
    if _REJECTING.search(before):
        return Rank.REJECTED
    if _NOT_THE_ANSWER.search(before) or _REFERENCE.search(before) or in_brackets(text, start):
        return Rank.ASIDE
    if _in_reason(_sentence_before(text, start)):
        return Rank.ASIDE
    closing = not text[end:].strip(" \t.$\n")  # `… = 257 sum 8705`: a sum that ends the answer, not a step's
    labelled = _STRONG_LABEL.search(before) or (closing and _SUM_BEFORE.search(before))
    if labelled or _TRAILING_LABEL.match(text[end:]) or _leading(text, start, end, unit_stems):
        if re.fullmatch(r"\d{1,2}", text[start:end]) and _COUNTED_THING.match(text, end):
            return Rank.PLAIN  # `reset_after=False → 1 bias. (2048 + 4096 + 64) × 3 = 18624`: how many biases
        return Rank.LABELLED
    if _WINDOW.match(text[start:end]) and _SIZE_OF.match(text[end:]):
        return Rank.ASIDE  # `each 2x2 window`: a window's size, not a count
    follower = _WORD.match(text[end:].lstrip(" \t"))
    if follower is not None and follower.group().lower() in _COUNT_ADJECTIVES:  # `6272 trainable parameters`
        follower = _WORD.match(text[end:].lstrip(" \t")[follower.end() :].lstrip(" \t"))
    if (
        result
        or _WEAK_LABEL.search(before)
        or _NAMED_COUNT.search(before)
        or (follower is not None and _stem(follower.group()) in unit_stems)
    ):
        return Rank.RESULT  # `so`, `i.e.`, `gives` mark a result as an equation does, no more: working says so too
    return Rank.PLAIN


def _in_reason(sentence: str) -> bool:
    """Whether a number after `sentence` (the sentence up to it) lies in a reason: after `because`, `since`,
    but not past the comma that closes a reason opening the sentence (`Since the question says "weight
    parameters", I count only the weights: 8192 + 256 = 8448`)."""
    return _REASON.search(sentence) is not None and _REASON_CLOSED.match(sentence) is None


# what a small number after a label may count instead of the answer's unit: `→ 1 bias`, `→ 3 gates`
_COUNTED_THING = re.compile(  # `2 biases`, `3 weight matrices`, `4 gate blocks`, `2 Dense layers`: things counted
    r"[ \t]*(?:(?:weight|gate|bias|recurrent|input|kernel|dense|lstm|gru|rnn|conv(?:2d|olutional)?|hidden|output"
    r"|embedding|pooling|attention)[ \t]+)?"
    r"(?:bias(?:es)?|gates?|layers?|heads?|blocks?|vectors?|matri(?:x|ces)|filters?|(?:time[ \t]*)?steps?"
    r"|boxes|copies|cells|directions)\b",
    re.I,
)
_UNIT_THEN_COLON = re.compile(r"[ \t]+([A-Za-z]+)[ \t]*:[ \t]+\S")
_UNIT_THEN_STOP = re.compile(r"[ \t]+([A-Za-z]+)[ \t]*\.[ \t]+(?=[^\W\d_])")  # `5 pixels. The first conv …`
# after the opening result, words that take it back or doubt it (`No wait, it is 288`): then it opens nothing
_TAKEN_BACK = re.compile(  # not `no parameters`, `no bias`: a `no` that answers itself
    r"\b(?:no(?=[ \t]*(?:[,.;:!—–-]|wait\b))|wait|actually|oops|i[ \t]+mean|correction|sorry|maybe|perhaps|hmm)\b",
    re.IGNORECASE,
)
_WINDOW = re.compile(r"\d{1,2}[ \t]*×[ \t]*\d{1,2}$")  # `2 × 2`, as `2x2` is read
_SIZE_OF = re.compile(  # what a window size names: `2x2 window`, `3x3 filter`, `2x2 max pooling`
    r"[ \t]*(?:max[ \t-]*)?(?:window|filter|kernel|patch|region|block|grid|neighbou?rhood|pool(?:ing)?"
    r"|conv(?:olution)?)s?\b",
    re.I,
)


def _leading(text: str, start: int, end: int, unit_stems: set[str]) -> bool:
    """Whether a number opens the answer and a dash, a colon or a reason follows it (`18,624 - with
    reset_after=False …`, `1 050 624: in_proj_weight …`, `18816 bc torch has 2 bias vecs`), or its unit and a
    colon (`320 parameters: 288 weights (3x3x32) and 32 bias`), a lone number a comma
    and words (`0, keras GRU and LSTM both have 4 weight matrices`), or a full stop and
    a sentence after a number too large to number a list (`320. Cálculo: …`): the answer first, then why; never
    when words after it take it back or doubt it (`No wait`, `actually`, `maybe`)."""
    if text[:start].strip() and not _OPENER.fullmatch(text[:start]):
        return False
    if _TAKEN_BACK.search(text, end):
        return False  # `20362. No wait, it is 40724`: what comes after may take the opening number back
    unit = _UNIT_THEN_COLON.match(text, end) or _UNIT_THEN_STOP.match(text, end)
    if unit is not None and _stem(unit.group(1)) in unit_stems:
        return True  # `320 parameters: 288 weights …`, `5 pixels. The first conv sees 3 pixels …`
    digits = text[start:end].rstrip("\u2063")  # `77.450. Cálculo: …`: dots grouping thousands, marked
    stopped = digits.isdigit() and len(digits) >= 3 and _STOPPED.match(text, end) is not None
    commented = digits.isdigit() and _COMMA_THEN_WORDS.match(text, end) is not None
    return stopped or commented or _working_of_opening(text, end, after=True) or _EXPLAINED.match(text, end) is not None


# `Also 20 362. In model.summary() …`: a word that says the number is the answer again, before it
_OPENER = re.compile(r"\s*(?:also|still|again|same|the[ \t]+same)[ \t]*[,:]?[ \t]*", re.IGNORECASE)
# `77450 -> 7744*10 weights + 10 bias`: the opening number, an arrow, then the working that comes to it
_OPENING_ARROW = re.compile(r"[ \t]*(\d+)[ \t]*(?:->|→|=>|⇒)[ \t]*")


def _working_of_opening(text: str, at: int, *, after: bool = False) -> bool:
    """Whether the working from `at` to the end of its line is how the number opening the answer was worked
    out, past an arrow (`77450 -> 7744*10 weights + 10 bias`: it comes to 77450); with `after`, whether the
    number ending at `at` opens the answer so."""
    start = 0 if after else text.rfind("\n", 0, at) + 1  # the answer's first line, after blank ones
    opening = _OPENING_ARROW.match(text, start)
    if opening is None or (opening.end(1) if after else opening.end()) != at or text[:start].strip():
        return False
    working = text[opening.end() :].split("\n", 1)[0]
    return _works_out(working, Fraction(int(opening.group(1))))


_EQUATED = re.compile(r"[^=\n]*=[ \t]*")


def _equated_to_working(text: str, first: int, value: Number) -> bool:
    """Whether the number at `first` is equated to working that goes on past words between its terms to the end of
    its line and comes to it (`320 = 3*3*1*32 weights + 32 biases`: the chain's own end, 288, is a term)."""
    equated = _EQUATED.match(text, first)
    if equated is None or not isinstance(value, Fraction):
        return False
    return _works_out(text[equated.end() :].split("\n", 1)[0], value)


def _works_out(working: str, value: Fraction) -> bool:
    """Whether working written with words between its terms (`7744*10 weights + 10 bias`) comes to `value`."""
    arithmetic = re.sub(r"[A-Za-z_]+", " ", working).strip(" \t.;,")
    if not re.search(r"[+*×·]", arithmetic) or not re.fullmatch(r"[\d\s+*×·()]+", arithmetic):
        return False
    try:
        return evaluate_chain(parse_one(arithmetic))[-1] == value
    except (GraderError, ArithmeticError, ValueError):
        return False


def _rank_before(text: str, start: int) -> Rank:
    before = _clause_before(text, start)
    if _REJECTING.search(before):
        return Rank.REJECTED
    if _REFERENCE.search(before) or in_brackets(text, start) or _in_reason(_sentence_before(text, start)):
        return Rank.ASIDE
    if _STRONG_LABEL.search(before):
        return Rank.LABELLED
    return Rank.RESULT if _WEAK_LABEL.search(before) else Rank.PLAIN


def _strong(text: str, start: int, end: int) -> bool:
    """Whether a number is named the total or the answer (`Total:`, `→`, `... in total`)."""
    return bool(_STRONG_LABEL.search(_clause_before(text, start)) or _TRAILING_LABEL.match(text[end:]))


_LAYER_SIZE = re.compile(r"(?<=[A-Za-z])\(\d+\)")  # `LSTM(64)`, `GRU(64)`: a layer named by its size


def _clause_before(text: str, start: int) -> str:
    """The text before `start` back to the previous number, sentence end, line, bracket or `;`."""
    head = text[max(0, start - 80) : start]
    named = _LAYER_SIZE.sub(lambda m: "_" * len(m.group()), head)  # `GRU(64)`: a name, no bracket, no number
    ends = [m.end() for m in _CLAUSE_END.finditer(named)]
    start_at = ends[-1] if ends else 0
    digits = [m.end() for m in re.finditer(r"\d", named[start_at:])]
    return head[start_at + digits[-1] :] if digits else head[start_at:]


def _sentence_before(text: str, start: int) -> str:
    """The text before `start` back to the start of its sentence or line."""
    head = text[max(0, start - 300) : start]
    ends = [m.end() for m in re.finditer(r"[\n!?]|(?<!\bi\.e)(?<!\be\.g)\.(?=\s)", head)]
    return head[ends[-1] :] if ends else head


def _may_be_emphasis(source: str, text: str, after: int) -> bool:
    """Whether `source` ends with a `!` right after a number (not a bracket: `(n+1)!`) at the end of a sentence,
    where it may be emphasis; `after` is where the text goes on after it."""
    return source.endswith("!") and source[:-1].rstrip()[-1:].isdigit() and not _SENTENCE_GOES_ON.match(text, after)


def _exclaimed(source: str, plain: list[Number], is_equation: bool) -> Exclaimed | None:
    """The factorial reading of a run ending in `n!` whose plain reading is `plain`, if it has one."""
    if is_equation and len(set(plain)) == 1:
        return None  # `4! = 24!`, `4 × 1568 = 6272!`: a factorial would make the equation false
    try:
        values = evaluate_chain(parse_one(source))
    except LimitError:
        return Exclaimed(None, source)
    except (GraderError, ArithmeticError, ValueError):
        return None  # `2.5!` is no factorial: only the plain reading is left
    return Exclaimed(values[-1], source)


def _stem(word: str) -> str:
    word = _OTHER_LANGUAGES.get(word.lower(), word.lower())  # `20.362 parametros`: the unit in a class's languages
    for suffix in ("es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


_OTHER_LANGUAGES = {
    "parámetros": "parameters", "parametros": "parameters", "paramètres": "parameters", "parametres": "parameters",
    "parameter": "parameters", "parametri": "parameters", "gewichte": "weights", "pesos": "weights", "poids": "weights",
}  # fmt: skip


def _trim(run: str) -> str:
    """A run of arithmetic without dangling operators or unmatched brackets at its ends."""
    previous = None
    run = run.strip()
    while run != previous:
        previous = run
        run = run.strip(" \t").lstrip("=+*/^×·÷)!ǃ").rstrip("+-*/^=×·÷(.").strip(" \t")
        if run.startswith(".") and not run[1:2].isdigit():  # `i.e. 6016`: a full stop, not `.25`
            run = run[1:]
        if len(run) < 2000 and wholly_bracketed(run):
            run = run[1:-1]
        if run.count("(") > run.count(")") and run.startswith("("):
            run = run[1:]
        if run.count(")") > run.count("(") and run.endswith(")"):
            run = run[:-1]
    return run
