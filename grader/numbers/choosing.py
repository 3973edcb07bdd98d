"""Step 2: the answer's number, the last of the highest rank present, or a grader's to read when numbers of
that rank disagree."""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

from grader.math.arith import Number
from grader.numbers.candidates import Candidate, Choice, Rank
from grader.numbers.finding import COMPOUND, SO_ELSEWHERE, WORD_NUMBER, unsure_which
from grader.numbers.normal import NUMBERED, normalise
from grader.numbers.readings import window_side

# `same as keras`, `see above`: an answer that points to another answer instead of giving a number
_POINTS_ELSEWHERE = re.compile(r"\b(?:same[ \t]+as|see|as[ \t]+(?:in|for|above|before)|refer)", re.IGNORECASE)


def choose(candidates: list[Candidate], find: str, answer: str, *, windows: bool = False) -> Choice:
    """The candidate that is the answer (`find`: `final` as the module docstring says, or the `first`, `last` or
    `only` number), or why none can be picked. A total with no working of its own after counts listed line by line
    carries their sum as its working (`listed_sum`), for the check to tell an arithmetic slip. With `windows` (a
    receptive field is asked for), a square window `8 x 8` agrees with an opening `8.`."""
    text = normalise(answer)  # where the candidates' positions point
    choice = _choose(candidates, find, answer, text, windows)
    picked = choice.candidate
    pointer = _ONE_OF.search(text)
    if picked is not None and pointer is not None and len({c.value for c in candidates if c.rank > Rank.ASIDE}) > 1:
        return Choice(  # `… = 1,050,624? or without the biases 1,048,576. I'd go with the second one`
            reason=f"Your answer picks one of its numbers by its place (“{pointer.group()}”); a grader will read it.",
            unreadable=True,
            ambiguous=True,
            candidates=choice.candidates,
        )
    sibling = None if picked is None else _sibling(picked, choice.candidates, text)
    if picked is not None and sibling is not None:
        return Choice(  # `d_k = 512/8 = 64, d_v = 512` for the size of the queries, keys and values
            reason=f"Your answer gives {sibling} beside {_label(picked, text)} = {_shown(picked.value)}: two values "
            "for quantities the question may ask about together; a grader will read it.",
            unreadable=True,
            ambiguous=True,
            candidates=choice.candidates,
        )
    spanned = None if picked is None else _range_ending_at(picked, text)
    if spanned is not None:
        return Choice(
            reason=f"Your answer gives a range, {spanned}, rather than one value; a grader will read it.",
            unreadable=True,
            ambiguous=True,
            candidates=choice.candidates,
        )
    summed = None if picked is None else listed_sum(picked, choice.candidates, text)
    if picked is None or summed is None:
        return choice
    return replace(choice, candidate=replace(picked, links=(summed, picked.value)))


# `I'd go with the second one`, `I pick the latter`: one of the answer's numbers chosen by its place
_ONE_OF = re.compile(
    r"\b(?:go(?:ing)?|choose|pick|take|stick)[ \t]+(?:with[ \t]+)?the[ \t]+(?:first|second|third|latter|former|"
    r"last|other)(?:[ \t]+(?:one|number|value|count|answer))?\b",
    re.IGNORECASE,
)


# `d_v = `, `d_{k} = `: a symbol with a one-letter subscript set equal to what follows (not `d_model = `)
# that opens a statement (`… + d_y = 20362` ends a sum: no label)
_SUBSCRIPTED = re.compile(r"(?:^|[\s$,;:(])(?<![-+−*/×·=][ \t])([A-Za-z])_(?:\{([A-Za-z])\}|([A-Za-z]))[ \t]*=[ \t]*$")


def _label(candidate: Candidate, text: str) -> str | None:
    """The subscripted symbol a candidate's chain is set equal to (`d_k` in `d_k = 512/8 = 64`), if any."""
    found = _SUBSCRIPTED.search(text, max(0, candidate.position - 24), candidate.position)
    return None if found is None else f"{found.group(1)}_{found.group(2) or found.group(3)}"


def _sibling(picked: Candidate, candidates: list[Candidate], text: str) -> str | None:
    """`d_v = 512` after the answer picked, `d_k = … = 64`: a plain value another subscript of the same symbol is
    set equal to later, which differs from it (the sizes of keys and values asked for together); None otherwise.
    Values stated before the result are givens (`n_x = 20, n_h = 128`)."""
    label = _label(picked, text)
    if label is None:
        return None
    for other in candidates:
        later = other.position > picked.position and other.value != picked.value  # givens come first
        named = _label(other, text) if later else None
        plain = re.fullmatch(r"[\d,. ]+", other.source) is not None
        if named is not None and plain and named[0] == label[0] and named != label:
            return f"{named} = {_shown(other.value)}"
    return None


# `somewhere between 0.25 and 0.5`, `I'd say around 0.25 to 0.5`, an answer that is `between 0.2 and 0.3`: a range
_RANGE = re.compile(
    r"(?:\b(?P<vague>somewhere|anywhere|around|about|roughly|approximately|probably|maybe|perhaps|guess|say)\b"
    r"[^.;\n\d]{0,20}?|\bbetween[ \t]+|^[ \t]*from[ \t]+)"
    r"(?P<low>\d+(?:\.\d+)?)[ \t]*(?:to|and|-|–)[ \t]*(?P<high>\d+(?:\.\d+)?)(?![\d.,]*\d)",
    re.IGNORECASE | re.MULTILINE,
)


def _range_ending_at(picked: Candidate, text: str) -> str | None:
    """The range the answer gives as its result, `low to high`, or None: the picked number is one of a range's
    ends (`between 0.25 and 0.5`), or a vague range after it ends at it (`1/4 … I'd say somewhere around 0.25 to
    0.5`; a bound such as `σ' lies between 0 and 0.25` after the result is no doubt about it)."""
    for match in _RANGE.finditer(text):
        low, high = Fraction(match["low"]), Fraction(match["high"])
        inside = match.start("low") <= picked.position < match.end()
        after = match["vague"] is not None and match.end() > picked.position and picked.value in (low, high)
        if low < high and (inside or after):
            return f"{match['low']} to {match['high']}"
    return None


def _choose(candidates: list[Candidate], find: str, answer: str, text: str, windows: bool) -> Choice:
    usable = [c for c in candidates if c.rank is not Rank.REJECTED]
    opening = _opening_number(answer)
    asides = all(c.rank is Rank.ASIDE for c in usable)  # none, or `each 2×2 window` only
    alone = asides and not any(c.rank is Rank.REJECTED for c in candidates) and not _POINTS_ELSEWHERE.search(answer)
    if alone and opening is not None:
        first = Candidate(value=Fraction(opening), source=f"{opening}.", rank=Rank.PLAIN, position=0)
        return Choice(candidate=first, candidates=[first])  # `1. A.sum(dim=-1) gives all ones`: no list, its result
    if not usable:
        if _POINTS_ELSEWHERE.search(answer):
            reason = "Your answer points to another answer instead of giving a number; a grader will read it."
            return Choice(reason=reason, unreadable=True, candidates=candidates)
        digits = any(not COMPOUND.match(answer, run.end()) for run in re.finditer(r"\d+", answer))  # `256-unit`: a name
        digits = digits or bool(WORD_NUMBER.search(answer))
        reason = (
            "No number found in your answer."
            if not digits
            else (
                "Your answer has digits or number words, but no number could be read from them; a grader will read it."
            )
        )
        return Choice(reason=reason, unreadable=digits, candidates=candidates)
    ends_at_opening = opening is not None and len(usable) >= 2 and usable[-1].value == opening
    if find == "final" and ends_at_opening and usable[-1].rank > Rank.ASIDE:
        return Choice(candidate=usable[-1], candidates=candidates)  # `8. It's 3 + 2 + 3 = 8`: the result, its working
    if find == "first":
        return Choice(candidate=usable[0], candidates=candidates)
    if find == "last":
        return Choice(candidate=usable[-1], candidates=candidates)
    if find == "only":
        if len({c.value for c in usable}) == 1:
            return Choice(candidate=usable[-1], candidates=candidates)
        return Choice(reason=f"Your answer holds several numbers ({_list(usable)}); it should state just one.",
                      unreadable=True, candidates=candidates)  # fmt: skip
    stated = _stated_first(usable, text)
    if stated is not None:  # `20362` on the first line, then the working that adds up to it
        return Choice(candidate=stated, candidates=candidates)
    choice = _final(usable, candidates, text)
    concluding = _concluding_window(usable, text) if windows else None
    chosen = None if choice.candidate is None else choice.candidate.value
    if concluding is not None and concluding is not choice.candidate and window_side(concluding.source) != chosen:
        return Choice(candidate=concluding, candidates=candidates)  # `… j₃ = 2 ⇒ each unit sees an 8 × 8 patch`
    picked = choice.candidate
    ending = _ended_first(usable, text)
    if picked is not None and ending is not None and picked.value != ending.value:
        return Choice(candidate=ending, candidates=candidates)  # `9`, then working that ends `… = 9`
    if picked is not None and _rival_first(picked, usable, text):
        return Choice(  # `4? it's a 2x2 window, no parameters otherwise`: 4, or none?
            reason=f"Your answer opens with {_shown(usable[0].value)} and then says “{picked.source}”; a grader "
            "will read which one is your answer.",
            unreadable=True,
            ambiguous=True,
            candidates=candidates,
        )
    side = window_side(picked.source) if windows and picked is not None else None
    if side is not None and side == opening:
        return choice  # `8. … conv2: 4 + (3-1)*2 = 8. So 8 x 8 pixels`: the window's side is the opening number
    if opening is not None and picked is not None and not picked.strong and opening != picked.value:
        return Choice(  # `10. QK^T is (10×64)(64×12) = 10×12`: 10, or 120?
            reason=f"Your answer opens with “{opening}.”, which may be your result or the number of a list, and "
            f"then reads as {_shown(picked.value)}; a grader will read it.",
            unreadable=True,
            ambiguous=True,
            candidates=candidates,
        )
    if picked is not None and unsure_which(text):
        rivals = [c for c in usable if c.rank >= Rank.RESULT and c.value not in (picked.value, *picked.links)]
        if rivals:  # `I think … = 18 624, or maybe … = 18 752. I am not sure which one`: the student cannot choose
            return Choice(
                reason=f"Your answer gives {_list([*rivals, picked])} and says it is not sure which one is right; a "
                "grader will read it.",
                unreadable=True,
                ambiguous=True,
                candidates=candidates,
            )
    lead = usable[0]
    if picked is not None and not picked.strong and lead.value != picked.value and _opens_stated(lead, text):
        return Choice(  # `$1/4$, at $x=0$: $\sigma(0)=1/2$ and …`: 1/4, or the 1/2 its working ends on?
            reason=f"Your answer opens with {_shown(lead.value)} and then reads as {_shown(picked.value)}; a grader "
            "will read which one is your result.",
            unreadable=True,
            ambiguous=True,
            candidates=candidates,
        )
    return choice


# `$1/4$, at …`, `0.25: …`: a number stated first, then a comma or a colon opening what is said of it
_STATED_THEN = re.compile(r"[ \t$]*[,:;]")


def _opens_stated(lead: Candidate, text: str) -> bool:
    """Whether the answer (`text`, normalised) opens with `lead`, a number alone, followed by a comma or a colon
    (`$1/4$, at $x=0$: …`): the result stated first, then what is said of it."""
    end = lead.position + len(lead.source)
    alone = len(lead.links) <= 1 and text[lead.position : end] == lead.source  # a number, not working
    stated = alone and not text[: lead.position].strip(" \t$")
    return stated and _STATED_THEN.match(text, end) is not None


# a result marked by an arrow alone (`b: 32 → 1568`): a step of working, where a word (`total`) names the answer
_ARROWS = r"→|->|=>|⇒"  # a result follows
_SO = r"so|thus|hence|therefore"  # a conclusion follows
_ARROWED = re.compile(rf"(?:{_ARROWS})[ \t]*$")
# `⇒`, `so`, `therefore` opening the sentence or line of a window (`⇒ each unit sees an 8 × 8 patch`)
_CONCLUSION = re.compile(  # no number between (the digit of a name, `conv2`, is none)
    rf"(?:{_ARROWS}|\b(?:{_SO})\b)(?:[^.;\n\d]|(?<=[A-Za-z])\d)*$", re.IGNORECASE
)


def _concluding_window(usable: list[Candidate], text: str) -> Candidate | None:
    """The answer's last number when it is a square window (`8 × 8`) that a conclusion introduces, with no number
    between them (`… r₃ = 8, j₃ = 2 ⇒ each unit sees an 8 × 8 patch`): the receptive field the working leads to;
    None otherwise."""
    last = usable[-1]
    return last if window_side(last.source) is not None and _CONCLUSION.search(text, 0, last.position) else None


def _stated_first(usable: list[Candidate], text: str) -> Candidate | None:
    """The number alone on the answer's first line when every number after it adds up to it (`20362`, then
    `Wxh 20*128 = 2560, Whh 128*128 = 16384, bh 128, Why 128*10 = 1280, by 10`): the result, then its working."""
    if len(usable) < 3:
        return None
    first, rest = usable[0], usable[1:]
    line = text.split("\n", 1)[0]
    if "\n" not in text or line.strip().rstrip(".") != first.source.strip():
        return None

    def adds_up(parts: list[Candidate]) -> bool:
        return len(parts) >= 2 and sum(c.value for c in parts) == first.value

    marked = [c for c in rest if c.rank > Rank.ASIDE]
    # `320`, then `3*3*1*32 = 288 weights + 32 biases`: a term after a plus is a step, no aside
    return first if adds_up(marked) or adds_up(rest) else None


def _ended_first(usable: list[Candidate], text: str) -> Candidate | None:
    """A number alone on the answer's first line that the working after it ends at (`9`, then `3 units -> *2 for
    pool = 6 -> +3 for conv1 = 9`), or alone in its first sentence, a window whose side the working ends at
    (`8x8. Conv2 sees … -> a 6x6 patch … so 6 + 2 = 8 pixels per side`): the result, stated before its working."""
    first, last = usable[0], usable[-1]
    if last is first:
        return None
    line = text.split("\n", 1)[0].strip().rstrip(".")
    plain = re.fullmatch(r"\d[\d,' ]*", line) is not None
    if plain and line == first.source.strip() and last.value == first.value:
        return first
    end = first.position + len(first.source)
    alone = not text[: first.position].strip(" \t$") and _SENTENCE_ENDS.match(text, end) is not None
    return first if alone and last.concluded and window_side(first.source) == last.value else None


_SENTENCE_ENDS = re.compile(r"[ \t$]*\.[ \t]+\S")  # `8x8. Conv2 sees …`: a first sentence of one number


def _rival_first(picked: Candidate, usable: list[Candidate], text: str) -> bool:
    """Whether a zero said in words (`no parameters`) was picked over another number the answer (`text`,
    normalised) opens with, or over a plain number before it that no working goes on from (`I get 6272.
    Pooling adds no parameters.`)."""
    in_words = picked.value == 0 and not re.search(r"\d", picked.source)
    if not in_words:
        return False
    lead = usable[0]
    opens = lead is not picked and lead.value != 0 and not text[: lead.position].strip()
    if opens and not _worked_into(lead, usable):
        return True
    before = [c for c in usable if c.position < picked.position and c.value != 0 and c.rank >= Rank.PLAIN]
    return bool(before) and not _worked_into(before[-1], usable)  # `I get 6272. Pooling adds no parameters.`


def _opening_number(answer: str) -> int | None:
    """The number opening the answer with a full stop (`1. Each row sums to one …`), when no other line is
    numbered: the result first, or the first item of a list with no second one."""
    opening = _OPENING_NUMBER.match(answer)
    return int(opening.group(1)) if opening and len(NUMBERED.findall(answer)) == 1 else None


# `1. Each row is a distribution over the 12 keys`: a lone number opening the answer, with a full stop, before
# prose with other numbers: the result first, or a list's first item with no second one.
_OPENING_NUMBER = re.compile(r"\s*(\d{1,2})\.[ \t]+(?=\S)")


def _final(usable: list[Candidate], candidates: list[Candidate], answer: str) -> Choice:
    printed = [c for c in usable if c.printed]
    worked_on = printed and any(  # `>>> ….count_params()`, `24832`, then `24832 - 18816 = 6016`: worked on from it
        c.position > printed[-1].position and c.rank is Rank.LABELLED and c.source.startswith(printed[-1].source)
        for c in usable
    )
    if printed and len({c.value for c in printed}) == 1 and not worked_on:  # what the student's code printed
        return Choice(candidate=printed[-1], candidates=candidates)
    top = max(c.rank for c in usable)
    if top is Rank.ASIDE:  # only asides: one in brackets may be the result, a number referred to never is
        usable = [c for c in usable if not c.referred]
        if not usable:
            referred = _list([c for c in candidates if c.referred])
            reason = (f"Your answer only refers to other numbers or uses them in formulas ({referred}); a grader "
                      "will read it.")  # fmt: skip
            return Choice(reason=reason, unreadable=True, candidates=candidates)
    tier = [c for c in usable if c.rank == top]
    total = _total_after(tier, usable)
    if total is not None:  # `in_proj_weight -> 786432`, … then `sum(…) = 1050624`: the parts, then their sum
        return Choice(candidate=total, candidates=candidates)
    final = tier[-1]
    if final.approximate is not None:  # `≈18.8k (18,816)`: the exact count the student also gives is the answer
        at = usable.index(final)  # the numbers beside it or the result before it, not `each … = 6208, so 4·6208 =
        results = [c for c in usable[:at] if c.rank >= Rank.RESULT]  # 24 832 … roughly 6000 more`
        beside = usable[max(0, at - 1) : at] + results[-1:] + usable[at + 1 : at + 2]
        agreeing = [c for c in beside if c.approximate is None and _within(c.value, final.value, final.approximate)]
        if agreeing:
            final = agreeing[-1]
    offered = [  # `… handles 5 or 10 steps`: a number referred to is offered as nothing
        c for c in usable if c.offered and not c.referred and c.value != final.value and not _agrees(c, final)
    ]
    if final.offered:  # `I get 8 … if it doesn't then I think it's 10`: the last is offered against another
        offered += [  # the number the answer opens with is one too: `7744 (11*11*64). Unless …, then 10816`
            c
            for c in usable
            if (c.rank >= Rank.RESULT or (c.position == 0 and c.rank >= Rank.PLAIN))
            and c.value != final.value
            and c not in offered
        ]
    if offered and final.strong and all(c.position < final.position for c in offered):
        offered = []  # `18496, or maybe 18432 … I'd go with 18496`: the answer decides
    if offered:  # `18,816 (or maybe 18,624)`: two answers, whichever is marked
        return Choice(
            reason=f"Your answer offers several numbers ({_list([final, *offered])}); a grader will read it.",
            unreadable=True,
            candidates=candidates,
        )
    if top is Rank.LABELLED:
        later = [
            c
            for c in usable
            if c.position > final.position
            and c.rank is Rank.RESULT
            and c.value != final.value
            and not _square_of(c, final)
        ]
        going_on = _steps_on(final, [c for c in later if not (c.hedged or c.offered)], answer)
        if going_on is not None:  # `32 filters -> 288, plus 32 biases = 320`: a written step on from the marked result
            return Choice(candidate=going_on, candidates=candidates)
        miscounted = [c for c in later if c.links and c.links[0] == final.value and not (c.hedged or c.offered)]
        if miscounted:  # `→ 11 × 11 × 64`, then `121 × 64 = 7,644 features`: the marked product worked out, wrongly
            return Choice(candidate=miscounted[-1], candidates=candidates)
        restated = [c for c in later if _restates(final, c)]
        if restated:  # `-> 11 x 11 x 64 … Flatten = 11*11*64 = 7644`: the marked product, then its stated value
            return Choice(candidate=restated[-1], candidates=candidates)
        closing = [c for c in usable if c.position > final.position and c.rank >= Rank.RESULT]
        if later and closing[-1].value == final.value and closing[-1].concluded:
            return Choice(candidate=closing[-1], candidates=candidates)  # `64 more … 24832 + 64 = 24896, so 64 more`
        worked = bool(later) and _worked_into(final, later)
        ranked = [c for c in usable if c.rank > Rank.ASIDE]  # not `(… shape (2, 192) …)` after the answer
        last = later[-1] if later and later[-1] is ranked[-1] and not (later[-1].hedged or later[-1].offered) else None
        stepped = last is not None and any(_continued(c, last, answer) for c in usable if c.position > final.position)
        if last is not None and ((worked and _ARROWED.search(answer, 0, final.position)) or (stepped and not worked)):
            return Choice(candidate=last, candidates=candidates)  # `b: 32 → 1568 … 4 × 1568 = 6272`: a step's arrow
        if worked:  # `total = ... = 24832` then `24832 - 18816 = 6016`: which one?
            return Choice(
                reason=f"Your answer names {_shown(final.value)} as a result, then works on to "
                f"{_shown(later[-1].value)}; a grader will read which one is your answer.",
                unreadable=True,
                candidates=candidates,
            )
    rivals = [
        c
        for c in tier
        if c.value != final.value
        and not _agrees(c, final)
        and not _square_of(c, final)  # `8 × 8 pixels. … conv2: 4 + 2×2 = 8`: the window, then its side worked out
        and not _worked_into(c, usable)
        and not _continued(c, final, answer)
        and not _opens(final, c)  # `so 11x11x64. Flatten = 11x11x64 = 121x64 = 7644`: the same product, worked on
    ]
    if rivals and _parts_of(rivals, final, usable, answer):
        rivals = []
    steps = [
        c
        for c in usable
        if c.position < final.position
        and ((c.concluded and _worked_into(c, usable)) or _continued(c, final, answer))  # `6272, times 3 = 18816`
    ]
    if steps:  # `= 9 weights and 1 bias, so 10 parameters. … 32 * 10 = 320`: 9 is the working of a step
        rivals = [c for c in rivals if c.position > max(step.position for step in steps)]
    if rivals and (final.strong or (final.concluded and all(c.position < final.position for c in rivals))):
        rivals = []  # `4 * 6208 = 24832, so 6208 more`: the working leads to the conclusion
    if rivals:
        marked = {Rank.LABELLED: "named as results", Rank.RESULT: "ending equations or followed by a unit"}.get(top)
        how = f", all {marked}" if marked else ""
        return Choice(
            reason=f"Several numbers ({_list(tier)}{how}) could be your final answer; a grader will read it.",
            unreadable=True,
            candidates=candidates,
        )
    return Choice(candidate=final, candidates=candidates)


def listed_sum(picked: Candidate, candidates: list[Candidate], answer: str) -> Number | None:
    """The sum of the results listed before a total that shows no working: line by line, the total on a line of
    its own (`Dense(256): … = 8448`, `Dense(1): … = 257`, `Total = 8715`: the last result of each earlier line
    that has one), or as equations before it on its line (`(32+1)*256 = 8448, (256+1)*1 = 257, total = 8605`:
    their results), two or more; None otherwise. The check reads it as the total's working (an arithmetic slip
    when it is right)."""
    if picked.rank is not Rank.LABELLED or len(picked.links) > 1:
        return None
    line = answer.count("\n", 0, picked.position)
    usable = [c for c in candidates if c.rank is not Rank.REJECTED]
    if any(c is not picked and answer.count("\n", 0, c.position) == line for c in usable):
        return _steps_sum(picked, candidates, usable, answer)
    last: dict[int, Candidate] = {}
    for candidate in usable:
        at = answer.count("\n", 0, candidate.position)
        if at < line and candidate.rank >= Rank.RESULT:
            last[at] = candidate
    if len(last) >= 2:
        return sum((c.value for c in last.values()), Fraction(0))
    return _steps_sum(picked, candidates, usable, answer)  # `… = 1280, ba 128, by 10` on one line, then `total = …`


# a short name right before a number: `ba 128`, `b_y: 10`, `bias = 64` (a count of its own in a list)
_NAMED_COUNT_BEFORE = re.compile(r"(?:^|[\s,;])[A-Za-z]\w{0,6}[ \t]*[:=]?[ \t]*$")


def _steps_sum(picked: Candidate, candidates: list[Candidate], usable: list[Candidate], answer: str) -> Number | None:
    """The sum of the equations before a total (two or more) and of the counts named between them (`…, Wya
    10x128 = 1280, ba 128, by 10 total = 20,262`), when the total is strong; None otherwise."""
    chains = [c for c in candidates if len(c.links) > 1 and c.position < picked.position]
    if not picked.strong or len(chains) < 2:
        return None
    named = [
        c.value
        for c in usable
        if len(c.links) <= 1 and c.rank >= Rank.PLAIN and chains[0].position < c.position < picked.position
        and _NAMED_COUNT_BEFORE.search(answer, max(0, c.position - 12), c.position)
    ]  # fmt: skip
    return sum([*(c.links[-1] for c in chains), *named], Fraction(0))


def _total_after(tier: list[Candidate], usable: list[Candidate]) -> Candidate | None:
    """The last number of the answer when it comes after every number of the top rank and is their sum (three
    or more parts listed, each named, then the total), or the sum of every number before it that is not an
    aside (`weight_ih -> 6144`, `weight_hh -> 12288`, `bias_ih: 192`, `bias_hh: 192`, `sum = 18816`), else None.
    Asides after the total (`(… the heads are a reshape of the 512 dims)`) do not count as numbers after it."""
    read = [c for c in usable if c.rank > Rank.ASIDE]
    if not read:
        return None
    last = read[-1]
    if last in tier or any(c.position > last.position for c in tier):
        return None
    if len(tier) >= 3 and last.value == sum(c.value for c in tier):
        return last
    parts = read[:-1]
    listed = len(parts) >= 3 and last.rank >= Rank.RESULT
    return last if listed and last.value == sum(c.value for c in parts) else None


def _parts_of(rivals: list[Candidate], final: Candidate, usable: list[Candidate], text: str) -> bool:
    """Whether earlier results are the parts the final one adds up (`2560 ... 16384 ... 1280 +biases 138 =20362`):
    nothing read comes after it, it is at least their sum, and a `+` or a word of summing leads up to it."""
    if any(c.rank > Rank.ASIDE and c.position > final.position for c in usable):
        return False
    if any(c.position > final.position or c.value <= 0 for c in rivals) or final.value < sum(c.value for c in rivals):
        return False
    if _plain_text(sum(c.value for c in rivals)) in re.findall(r"\d+", final.source):
        return True  # `2048, 4096, 128 … 3·6272 = 18816`: the parts' sum is worked into the result
    before = [c for c in usable if c.position < final.position and c.rank > Rank.ASIDE]
    if len(before) > len(rivals) and final.value == sum(c.value for c in before):
        return True  # `W_xh … = 2560, W_hh … = 16384, W_hy … = 1280, b_h 128, b_y 10. N = 20362`: every part listed
    lead = text[max(c.position for c in rivals) : final.position + len(final.source)]
    return bool(re.search(r"\+|\b(?:sum|total|together|overall|plus|add)", lead, re.IGNORECASE))


def _steps_on(marked: Candidate, later: list[Candidate], text: str) -> Candidate | None:
    """The last of the results each written as a step on from the one before, starting at the marked result
    (`Total: 2560 + 16384 = 18944; +1280 = 20224; +138 = 20362`), or None. A step whose sum is off
    (`→ 288 weights, + 32 biases = 330`) is still the student's result, read with the working it slipped in."""
    current, slipped = marked, None
    for candidate in later:
        if _continued(current, candidate, text):
            current, slipped = candidate, None
        elif (step := _written_step(current, candidate, text)) is not None and candidate is later[-1]:
            current, slipped = candidate, step
    if current is marked:
        return None
    return current if slipped is None else replace(current, links=(slipped, current.value))


def _written_step(earlier: Candidate, final: Candidate, text: str) -> Number | None:
    """What a step written between two results comes to when it leads straight to the later one by `=`
    (`288 weights, + 32 biases = 330`: 320), whatever the later one says; None when no such step is written."""
    between = text[earlier.position + len(earlier.source) : final.position]
    match = _WRITTEN_STEP.fullmatch(between)
    if match is None:
        return None
    return _stepped(earlier.value, match)


# `, + 32 biases = `, ` plus 32 = `: one operation and its number, words at most naming them, then `=`
_WRITTEN_STEP = re.compile(
    r"(?:[ \t]*[A-Za-z]+)?[ \t]*,?[ \t]*(times|[×*·]|plus|\+)[ \t]*(\d+)(?:[ \t]+[A-Za-z]+){0,2}[ \t]*=[ \t]*",
    re.IGNORECASE,
)


def _continued(earlier: Candidate, final: Candidate, text: str) -> bool:
    """Whether the final number continues the working from an earlier one by a number written between them
    (`3x3x32 = 288 weights per filter, times 64 filters = 18432`, `= 3104, × 3 = 9312`; with the factor first, when
    the answer concludes it, `= 20362 … so 5 * 20362 = 101810`): a step, not a rival."""
    if earlier.position > final.position:
        return False
    between = text[earlier.position + len(earlier.source) : final.position + len(final.source)]
    if any(
        int(match.group(2)) > 1 and final.value == _stepped(earlier.value, match) for match in _STEP.finditer(between)
    ):
        return True
    if not _CONCLUDING.search(between):  # `total = 24832`, then `for two layers: 2 × 24832 = 49664`: a rival
        return False
    return any(  # `= 20362`, then `5 copies, so 5 * 20362 = 101810`: the factor written first, concluded
        int(match.group(1)) > 1
        and Fraction(int(match.group(2))) == earlier.value
        and final.value == earlier.value * int(match.group(1))
        for match in _FACTOR_FIRST.finditer(between)
    )


def _stepped(value: Number, match: re.Match[str]) -> Number:
    """A value after a step written as its operation and number (group 1 and 2 of `match`: `times 64`, `+ 32`)."""
    step = Fraction(int(match.group(2)))
    return value * step if match.group(1).strip().lower() in ("times", "×", "*", "x", "·") else value + step


_STEP = re.compile(r"(times|[×*x·]|plus|\+)[ \t]*(\d+)(?![\d.])", re.IGNORECASE)  # `times 64`, `× 3`, `+ 32`
_CONCLUDING = re.compile(rf"\b(?:{_SO}|{SO_ELSEWHERE})\b|{_ARROWS}", re.IGNORECASE)
_FACTOR_FIRST = re.compile(r"(?<![\d.])(\d+)[ \t]*(?:times|[×*x·])[ \t]*(\d+)(?![\d.])", re.IGNORECASE)  # `5 * 20362`


def _restates(marked: Candidate, later: Candidate) -> bool:
    """Whether a later result writes out the marked one's working and states its value (`-> 11 x 11 x 64`, then
    `11*11*64 = 7644`): the same count, its result as the student gives it, a slip included."""
    working = _PRODUCT_SIGNS.sub("*", re.sub(r"\s+", "", marked.source))
    written = _PRODUCT_SIGNS.sub("*", re.sub(r"\s+", "", later.source)).split("=")
    return len(written) > 1 and written[0] == working and any(sign in working for sign in "*+")


_PRODUCT_SIGNS = re.compile(r"[×x·]")


def _worked_into(candidate: Candidate, usable: list[Candidate]) -> bool:
    """Whether a number reappears in later working (`1568 ... 4 × 1568 = 6272`): a step, not a rival answer."""
    shown = _plain_text(candidate.value)
    return any(
        later.position > candidate.position and shown in re.findall(r"\d+(?:\.\d+)?", later.source) for later in usable
    )


def _square_of(candidate: Candidate, final: Candidate) -> bool:
    """Whether a number is the named result written as the side of a square (`10`, then `a 10x10 patch`)."""
    side = _plain_text(final.value)
    return re.fullmatch(rf"{side}[ \t]*[×x*][ \t]*{side}", candidate.source.strip()) is not None


def _opens(final: Candidate, earlier: Candidate) -> bool:
    """Whether the final number's working opens with an earlier number's own arithmetic, written again
    (`11 × 11 × 64`, then `11 × 11 × 64 = 121 × 64 = 7644`): that number is the working's first step."""
    return earlier.position < final.position and final.source.startswith(f"{earlier.source} =")


def _agrees(candidate: Candidate, final: Candidate) -> bool:
    """An approximation consistent with the final number (`18,816 ≈ 18.8k`) is no rival."""
    return candidate.approximate is not None and _within(final.value, candidate.value, candidate.approximate)


def _shown(value: Number) -> str:
    if isinstance(value, Fraction) and value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):.6g}"


def _within(value: Number, center: Number, half: Fraction) -> bool:
    return abs(float(value) - float(center)) <= float(half)


def _plain_text(value: Number) -> str:
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    return str(float(value))


def _list(found: list[Candidate]) -> str:
    shown = list(dict.fromkeys(("≈" if c.approximate is not None else "") + _shown(c.value) for c in found))
    return ", ".join(shown[:6]) + (", ..." if len(shown) > 6 else "")
