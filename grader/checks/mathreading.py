"""Math read from an answer as statements: the marked math, else each line, else formulas in its prose
or spoken in words, each with every reading the parser found; shapes for a tuple answer; what an answer
written as Python code computes; and which statement is the one to grade (`choose_statement`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from grader.checks.mathdiagnosis import entry_of, lone, walk
from grader.checks.shapereading import stated_shapes
from grader.errors import NotationError
from grader.extract import (
    described,
    equation_stretches,
    math_lines,
    math_stretches,
    named_statement,
    plain_markdown,
    without_remarks,
    worded_math,
)
from grader.marked import marked_statements
from grader.math.code import code_blocks, code_math, keras_weights
from grader.math.components import bare_sum, vector_form
from grader.math.context import Context
from grader.math.nodes import Call, Chain, Func, Name, Neg, Node, Num, Var, Vec, children, symbols
from grader.math.parser import parse
from grader.math.printer import show
from grader.math.resolve import resolve


@dataclass(frozen=True)
class Statement:
    """One piece of math from an answer, in every reading it allows. `prose`: found inside prose or spoken in
    words, so less sure to be the student's answer; `rhs_only`: an expression given for an equation, read as
    the right-hand side of whatever the question asks for; `described`: the subject of a sentence saying what it
    is or does (`Q·Kᵀ gives the similarity …`)."""

    source: str
    readings: tuple[tuple[Chain, str | None], ...]
    prose: bool = False
    rhs_only: bool = False
    described: bool = False

    @property
    def chain(self) -> Chain:
        """The literal reading."""
        return self.readings[0][0]


def read_statements(answer: str, context: Context, *, shape: int | None = None) -> tuple[list[Statement], list[str]]:
    """Every statement of the answer that reads as math, and why the rest did not (`_read`); after a
    self-correction (`no wait, it's …`, `actually: …`), only what follows it, and of an answer that labels its
    result (`Result: …`, `Answer: …`), only that result, when it reads whole as math."""
    correction = next(reversed(list(_CORRECTION.finditer(answer))), None)  # the last one
    if correction is not None and correction.end() < len(answer):
        statements, errors = _read(answer[correction.end() :], context, shape=shape)
        if statements:
            how = f"read after your correction “{' '.join(correction.group('marker').split())}”"
            return [_assumed(statement, how) for statement in statements], errors
    labelled = _LABELLED_RESULT.search(plain_markdown(answer))
    if labelled is not None:  # `Result first: c_t = i_t ⊙ c̃_t. Working: …`: the result the student names
        statements, errors = _read(labelled.group("math"), context, shape=shape)
        if statements and not errors:
            return [_assumed(statement, LABELLED_READING) for statement in statements], errors
    return _read(answer, context, shape=shape)


LABELLED_READING = "read as the result you labelled"


def read_unlabelled(answer: str, context: Context, *, shape: int | None = None) -> list[Statement]:
    """Every statement of an answer that labels its result, the working before the label included: what
    `read_statements` leaves out once it has read the labelled result."""
    return _read(answer, context, shape=shape)[0]


# `Answer: …`, `Final answer: …`, `So the result: …`, `Result first: …`, to the end of its sentence or line;
# a label starts its line or sentence (`Nice result: each entry lies in [-1, 1]` labels no answer)
_LABELLED_RESULT = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;!?][ \t]))[ \t]*(?:(?:so|my|the)[ \t]+)*(?:final[ \t]+)?(?:answer|result)(?:[ \t]+first)?"
    r"[ \t]*:[ \t]*(?P<math>[^\n]+?)"
    r"[ \t]*(?:\.(?=[ \t]+[A-Z])|\n|$)",
    re.IGNORECASE,
)


UNIT_READING = "read as the vector equation it states for every unit i"


def _assumed(statement: Statement, how: str) -> Statement:
    """The statement with `how` as the assumption of each reading that has none."""
    return replace(statement, readings=tuple((chain, said or how) for chain, said in statement.readings))


# `… -- no wait, it's the square root: …`, `… Actually: …`: what comes after takes back what came before
_CORRECTION = re.compile(  # searched for its last match: a greedy `.*` before it would be quadratic
    r"(?i)\b(?P<marker>no[ \t,]+wait|wait[ \t,]+no|oops|correction|actually(?=[ \t]*[:,])|I[ \t]+mean)\b"
    r"[ \t,:;.—-]*"
)


def _read(answer: str, context: Context, *, shape: int | None = None) -> tuple[list[Statement], list[str]]:
    """Every statement of the answer that reads as math, and why the rest did not. The answer's marked math
    (`$...$`) if it has some; else each line on its own (two equations on two lines are two statements),
    and where a line does not read whole, the formulas inside its prose or spoken in words. With `shape`
    (the expected answer is a tuple of that many numbers), the shapes the answer states."""
    statements: list[Statement] = []
    errors: list[str] = []

    def attempt(texts: list[tuple[str, str | None]], *, prose: bool = False, about: bool = False) -> bool:
        readings: list[tuple[Chain, str | None]] = []
        for text, assumption in texts:
            try:
                parsed = parse(text, context.indexes)
            except NotationError as error:
                if text.count("(") != text.count(")") + 1:
                    errors.append(f"“{clip(text)}”: {error}")
                    continue
                try:  # `σ(x)(1-σ(x)`: the one bracket left open closes where the statement ends
                    parsed = parse(text + ")", context.indexes)
                except NotationError:
                    errors.append(f"“{clip(text)}”: {error}")
                    continue
                assumption = "read with the “)” it lacks at the end"
            failed: list[NotationError] = []
            for reading in parsed:  # a reading that names no symbol of the question (`ht - 1`) leaves the others
                vector = vector_form(reading.chain)  # `f_i^(t) = σ(b_i^f + Σ_j U^f_{i,j} x_j^(t) + …)`
                summed = bare_sum(reading.chain)
                if vector is None and summed:  # `Σ_j` read as a symbol would be a misreading
                    failed.append(NotationError(f"a sum over {summed} that could not be placed"))
                    continue
                chain, how = (vector, UNIT_READING) if vector is not None else (reading.chain, reading.assumption)
                try:
                    readings.append((resolve(chain, context), assumption or how))
                except NotationError as error:
                    failed.append(error)
            if len(failed) == len(parsed):
                errors.append(f"“{clip(text)}”: {failed[0]}")
        if readings:
            statements.append(Statement(texts[0][0], tuple(dict.fromkeys(readings)), prose=prose, described=about))
        return bool(readings)

    plain = plain_markdown(answer)  # `**Answer:** \`(26, 26, 32)\``
    if shape is not None:
        stated = [batchless(text, shape) for text in stated_shapes(plain)]
        whole = [text for text in stated if text.count(",") == shape - 1]
        for text in _channels_last(whole or stated, plain):  # `(26, 26, 32) - kernel 3×3`: the rank asked for
            attempt([(text, None)])
        if statements:
            return statements, errors
    names = {name.text() for name in context.known}
    code = [math for block in code_blocks(answer) for math in code_math(block, names)]
    read = [attempt([(math, "read as Python code")]) for math in code]  # every statement, even after one fails
    if code and all(read):
        return statements, errors  # `torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(d_k), dim=-1) @ V`
    answer = plain
    marked = marked_statements(answer)
    sizes = [text for text in marked if _SIZE.fullmatch(text)]
    if marked:
        for text in marked if len(sizes) == len(marked) else [text for text in marked if text not in sizes]:
            if attempt([(text, None)]):  # `… of the $n\times n$ score matrix`: a size named in prose, not a statement
                continue
            ends = chain_ends(text)  # `$\frac{∂L}{∂z_k} = -y_k + \frac{e^{z_k}}{\sum_j e^{z_j}} = p_k - y_k$`
            if ends:
                attempt([(ends, "read as its first and last links; a step between them could not be read")])
        return statements, errors
    lines = math_lines(answer)
    named_sizes: list[str] = []
    own = {m.group(1) for line in lines if (m := _OWN_LETTER.match(line))} - {n.base for n in context.known}
    for at, line in enumerate([_called_letters(line, own) or line for line in lines]):  # `s = 1/(1+e^-x)`
        if attempt([(line, None)]):
            continue
        failed = len(errors)  # the line's own failure is the last error
        step = _local_step(line, names, lines[at + 1 :])  # `att = (q @ k.T) * …`, then `att = F.softmax(att, …)`
        math = code_math(line, names)[-1:] if code_blocks(line) and not step else []
        if math and attempt([(math[0], "read as Python code")]):
            del errors[failed - 1 :]  # the line reads as code: its failure as math is no reading failure
            continue
        keras = keras_weights(line, names)  # `r_t = sigmoid(x_t @ kernel_r + h_{t-1} @ recurrent_kernel_r + bias_r)`
        if keras != line and attempt([(keras, "read with Keras's weight names as the question's")]):
            del errors[failed - 1 :]
            continue
        after = None if step else _code_after_name(line, names)  # `Attention(Q, K, V) = softmax(Q @ K.T) @ V (…)`
        if after and attempt([(after, "read as Python code")]):
            del errors[failed - 1 :]
            continue
        named = named_statement(line)
        if named:
            failed = len(errors)
            if attempt([(named, None)]):  # `Output gate: o_t = …`: the label was all that did not read
                del errors[failed - 1 :]
                continue
            inner = named_statement(named)  # `forget gate: gf = σ(Wf[a_prev, x] + bf)`: a label, then a word
            if inner and attempt([(inner, None)]):
                del errors[failed - 1 :]
                continue
        ends = chain_ends(line)
        if ends and attempt([(ends, "read as its first and last links; a step between them could not be read")]):
            continue  # `∂L/∂w_1 = prod(…) = (ŷ − y) · w_2 · h(1 − h) · x`
        stretches = _stretches(line)
        spoken = _spoken_whole(line, stretches)  # `sigma(x) times (1 minus sigma(x))`: one formula, half in words
        if spoken is not None and attempt(spoken, prose=True):
            continue  # its words unread stay said: a wrong reading of them goes to a grader
        sized = [piece for piece in stretches if _WORDED_SIZE.fullmatch(piece)]  # `where Q is (n x d_k)`
        named_sizes += sized
        pieces = [
            attempt([(piece, None)], prose=True, about=described(piece, line))
            for piece in stretches
            if piece not in sized
        ]
        if not any(pieces) and not sized:
            worded = worded_math(line)
            if worded:
                attempt(worded, prose=True)
    if not statements:  # a size named in prose is the answer only when nothing else is
        for piece in named_sizes:
            attempt([(piece, None)], prose=True)
    return statements, errors


# an operator in words between two pieces of math: `sigma(x) times (1 minus …`, `W_z times x_t plus …`
_SPOKEN_BETWEEN = re.compile(r"[\w)\]}][ \t]+(?:times|plus|minus|divided[ \t]+by|multiplied[ \t]+by)[ \t]+[\w(\[\\]")


def _spoken_whole(line: str, stretches: list[str]) -> list[tuple[str, str | None]] | None:
    """The line's math read with its operators in words as signs, when that makes one formula longer than any
    the signs alone make (`sigma(x) times (1 minus sigma(x))`, of which `sigma(x)` alone reads): that formula's
    readings (`a times b plus c` as written, and with “times” multiplying all of `b plus c`), not the piece of
    it before the first word; None otherwise."""
    if not _SPOKEN_BETWEEN.search(line):
        return None
    by_formula: dict[str, list[tuple[str, str | None]]] = {}
    for reading in worded_math(line):  # the readings of one formula differ only in their brackets
        by_formula.setdefault(re.sub(r"[()\s]", "", reading[0]), []).append(reading)
    if not by_formula:
        return None
    longest = max(by_formula, key=len)
    if len(longest) <= max((len(re.sub(r"[()\s]", "", piece)) for piece in stretches), default=0):
        return None
    return by_formula[longest]


def _stretches(line: str) -> list[str]:
    """The formulas in a line of prose: its equations, and an expression before them (`softmax(QKᵀ/√d_k)·V,
    with d_k = 512`), in the order written; an expression after an equation is working (`…, which follows from
    differentiating 1/(1 + e^{−x})`)."""
    equations = equation_stretches(line)
    if not equations:
        return math_stretches(line)
    first = line.find(equations[0])
    last = line.find(equations[-1]) + len(equations[-1])
    before, offered = [], []
    for text in math_stretches(line):
        if any(text in eq or eq in text for eq in equations):
            continue
        at = line.find(text)
        if at < first:
            before.append(text)
        elif at >= last and _OFFERED_AFTER.search(line[max(last, at - 40) : at]):
            offered.append(text)  # `…, but maybe for softmax it's −(y − p)/p instead`: another answer, not working
    return before + equations + offered


_OFFERED_AFTER = re.compile(r"\b(?:maybe|perhaps|possibly|or[ \t]+rather)\b[^.;,:]*$", re.IGNORECASE)


_ASSIGNED = re.compile(r"\s*([A-Za-z_]\w*)\s*=(?!=)")


def _local_step(line: str, names: set[str], after: list[str]) -> bool:
    """Whether a line of code assigns a variable of the student's own (not a symbol of the question) that a later
    line uses: a step of a script read line by line, not a statement of the answer."""
    assigned = _ASSIGNED.match(line)
    if assigned is None or assigned.group(1) in names or assigned.group(1).partition("_")[0] in names:
        return False
    used = re.compile(rf"\b{re.escape(assigned.group(1))}\b")
    return any(used.search(later) for later in after)


_OWN_LETTER = re.compile(r"\s*([A-Za-z])\s*=(?!=)")  # `s = 1/(1+e^-x)`: a letter the answer defines


_NAME_OR_CALL = re.compile(r"\s*[A-Za-z_]\w*(?:\([^()]*\))?\s*")  # `out`, `Attention(Q, K, V)`


# `(or (32, 13, 13) channels-first)`, `in the c × h × w convention`, `NCHW`, PyTorch's layout
_CHANNELS_FIRST = re.compile(
    r"(?i)channels?[ \t_-]*first|\bc[ \t]*(?:×|x|\\times)[ \t]*h[ \t]*(?:×|x|\\times)[ \t]*w\b|\bN?CHW\b"
    r"|\b(?:py)?torch\b"  # `(= (32, 13, 13) in torch)`: PyTorch's layout is channels-first
)


def relayout(one: str, other: str, answer: str) -> bool:
    """Whether `other` is `one`'s channels-first layout, or the reverse, in an answer that says so (`(13, 13,
    32) (or (32, 13, 13) channels-first)`): the same shape in another convention, not another answer."""
    if not _CHANNELS_FIRST.search(answer):
        return False
    first, second = _dims(one), _dims(other)
    return len(first) > 1 and (_channels_moved(first, second) or _channels_moved(second, first))


def _dims(shape: str) -> list[str]:
    """The sizes of a shape as written: `(13, 13, 32)` → ["13", "13", "32"]."""
    return [part.strip() for part in shape.strip("()[]` ").split(",")]


def _channels_moved(last: list[str], first: list[str]) -> bool:
    """Whether `first` is `last` with its last size, the channels, moved to the front."""
    return first == last[-1:] + last[:-1]


def _channels_last(shapes: list[str], answer: str) -> list[str]:
    """The shapes an answer states, a channels-first layout named as such before the channels-last one, so
    that the last, graded, is the layout most courses ask for; the other is no rival answer (`relayout`)."""
    if len(shapes) == 2 and relayout(shapes[0], shapes[1], answer):
        return shapes[::-1] if _channels_moved(_dims(shapes[0]), _dims(shapes[1])) else shapes  # channels-first first
    return shapes


def _code_after_name(line: str, names: set[str]) -> str | None:
    """What the code right of a name computes (`Attention(Q, K, V) = softmax(Q @ K.transpose(-2, -1)) @ V`, no
    Python, for its left side calls), its remarks in brackets left out; None when it is no code."""
    sides = _TOP_LEVEL_EQUALS.split(without_remarks(line))
    if len(sides) != 2 or not _NAME_OR_CALL.fullmatch(sides[0]) or not code_blocks(sides[1]):
        return None
    math = code_math(sides[1].strip(), names)
    return math[-1] if len(math) == 1 else None


def _called_letters(line: str, own: set[str]) -> str | None:
    """The line with each of the answer's own letters before a bracket (`s(1-s)`, s defined as a value in the
    answer and no function of the question's) written as a product, or None when it has none."""
    if not own:
        return None
    pattern = re.compile(rf"(?<![A-Za-z\\])([{''.join(sorted(own))}])\(")
    changed = pattern.sub(r"\1*(", line)
    return changed if changed != line else None


# `(n x d_k)`, `m × d_v`, `n by n`: the size of a matrix named in prose, not a product of three symbols
_WORDED_SIZE = re.compile(
    r"\s*\(?\s*[A-Za-z0-9]+(?:_\{?[A-Za-z0-9]+\}?)?\s*(?:x|×|\\times|by)\s*[A-Za-z0-9]+(?:_\{?[A-Za-z0-9]+\}?)?\s*\)?"
    r"(?:\s*,\s*[A-Za-z])?\s*"
)
_SIZE = re.compile(r"\s*[A-Za-z0-9]+(?:_\{?[A-Za-z0-9]+\}?)?\s*(?:\\times|×)\s*[A-Za-z0-9]+(?:_\{?[A-Za-z0-9]+\}?)?\s*")


def own_definition(statement: Statement, target: Chain) -> Name | None:
    """The symbol of the student's own a statement defines (`s = sigmoid(x)`: s), or None; never the question's
    own quantity at another step (`c_{t-1} = …` for c_t's update)."""
    links = statement.chain.links
    if len(links) != 2 or not isinstance(links[0], Var):
        return None
    name = links[0].name  # a plain letter or word: `∂L/∂w_1 = …` names what the question asks for
    plain = name.base.isalpha() and name.base.isascii() and not (name.sub or name.decor or name.prefix or name.prime)
    return name if plain and name.base not in {known.base for known in symbols(target)} else None


def defines_own(statement: Statement, target: Chain, statements: list[Statement]) -> bool:
    """Whether a statement defines a symbol of the student's own that another statement uses (`s = σ(x)`), or
    renames a symbol of the question (`… V where d = d_k`): a definition put into the answer, not the answer."""
    name = own_definition(statement, target) or _renaming(statement, target)
    return name is not None and any(
        name in symbols(Chain(other.chain.links[1:] or other.chain.links))
        for other in statements
        if other is not statement
    )


def _renaming(statement: Statement, target: Chain) -> Name | None:
    """The plain letter a statement `d = d_k` gives to a symbol of the question, or None."""
    links = statement.chain.links
    if len(links) != 2 or not all(isinstance(link, Var) for link in links):
        return None
    name, named = (link.name for link in links if isinstance(link, Var))
    known = symbols(target)
    plain = name.base.isalpha() and not (name.sub or name.decor or name.prefix or name.prime)
    return name if plain and name not in known and named in known else None


def _gives_value(statement: Statement, target: Chain) -> bool:
    """Whether a statement gives a symbol of the question a number (`with d_k = 512`) where the answer asked
    for is no number: a value put in, not the answer."""
    links = statement.chain.links
    first = lone(links[0])
    return (
        len(links) == 2
        and isinstance(links[-1], Num)
        and first is not None
        and first.name in symbols(target)
        and not isinstance(target.links[-1], Num)
    )


def _mentioned(statement: Statement, statements: list[Statement]) -> bool:
    """Whether a statement only names a quantity (a symbol, or a function of symbols) that an earlier statement
    of the answer holds (`σ(x)(1 − σ(x)). … we already have σ(x) from the forward pass`), or a term of one that
    a sentence is about (`softmax(Q·Kᵀ/√d_k)·V. Q·Kᵀ gives the similarity …`): named in the prose, not an answer
    of its own. Another longer term (`… Or is it 1 − σ(x)`) may be another answer, and is not passed over."""
    links = statement.chain.links
    if len(links) != 1 or not (_named_quantity(links[0]) or statement.described):
        return False
    earlier = statements[: statements.index(statement)] if statement in statements else []
    return any(links[0] not in other.chain.links and links[0] in walk(other.chain) for other in earlier)


def _named_quantity(node: Node) -> bool:
    """Whether a node is a symbol or a function applied to symbols (`h_t`, `σ(x)`, `tanh(c_t)`)."""
    if isinstance(node, Var):
        return True
    return isinstance(node, Func | Call) and all(isinstance(arg, Var | Num) for arg in children(node))


def _number_aside(statement: Statement, target: Chain) -> bool:
    """Whether a statement is a bare number where the answer asked for is a formula (`a mask (entries $0$ or
    $-∞$)` after the attention formula, `… which is 0.25 at x = 0`): a value named in the prose."""
    links = statement.chain.links
    number = links[0].arg if isinstance(links[0], Neg) else links[0]
    formula = bool(symbols(target)) and not isinstance(target.links[-1], Num)
    return len(links) == 1 and isinstance(number, Num) and formula


def _about_the_question(answers: list[Statement], targets: list[Chain]) -> list[Statement]:
    """The statements without those that hold none of the symbols of any expected answer, when one holds all of
    an expected answer's (`softmax(QKᵀ/d_k)V … with "energies" $-q·k$ and temperature $d_k$`): another quantity
    named in the prose."""
    asked = [names for names in map(symbols, targets) if names]
    held = [symbols(s.chain) for s in answers]
    if not any(names <= has for names in asked for has in held):
        return answers
    return [s for s, has in zip(answers, held, strict=True) if any(has & names for names in asked)]


def says_nothing(statement: Statement) -> bool:
    """Whether a statement reads as `x = x` (`where d = d_k`, with `d` read as the question's `d_k`)."""
    links = statement.chain.links
    return len(links) > 1 and len(set(links)) == 1


def chain_ends(line: str) -> str | None:
    """`a = b = c` as `a = c`, for a chain of three links or more whose middle does not read; None otherwise."""
    links = [link.strip() for link in _TOP_LEVEL_EQUALS.split(line)]
    if len(links) < 3 or not all(links) or _PROSE_BETWEEN.search(re.sub(r"\([^()]*\)", "", line)):
        return None  # `f_t = tanh(…), or maybe f_t = σ(…)`: two answers, not one chain
    return f"{links[0]} = {links[-1]}"


_PROSE_BETWEEN = re.compile(r"[,;]|\b(?:or|and|but|maybe|then|so)\b", re.IGNORECASE)
_TOP_LEVEL_EQUALS = re.compile(r"(?<![<>!=])=(?!=)(?![^()]*\))")  # an `=` outside brackets


def shape(target: Chain) -> int | None:
    """The number of items when the expected answer is a tuple of numbers (a shape), else None."""
    node = target.links[-1]
    if not target.is_equation and isinstance(node, Vec) and all(isinstance(item, Num) for item in node.items):
        return len(node.items)
    return None


def batchless(text: str, size: int) -> str:
    """`(None, 26, 26, 32)` as `(26, 26, 32)` when the expected shape has no batch axis."""
    items = [item.strip() for item in text.strip("()").split(",")]
    if len(items) == size + 1 and items[0] in ("None", "?"):
        items = items[1:]
    return "(" + ", ".join(items) + ")"


def clip(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _names_only(statement: Statement) -> bool:
    """Whether every link of a statement is a lone symbol: a name or a renaming (`d = d_k`, `s = c`), no formula."""
    return all(lone(link) for link in statement.chain.links)


def choose_statement(
    statements: list[Statement], target: Chain, *, equation: bool, alternatives: Sequence[Chain] = ()
) -> tuple[Statement | None, str]:
    """The statement to grade, and a remark on how it was chosen (`alternatives`: the other expected answers)."""
    if not equation:  # a symbol named or renamed in prose (`… V where d_k is the key size`, `where d = d_k`)
        answers = [s for s in statements if not (s.prose and _names_only(s))]
        if lone(target.links[-1]) is None:  # `… = softmax(QKᵀ/√d_k)V. Row $i$ mixes the rows of $V$`: mentions
            answers = [s for s in answers if not (len(s.chain.links) == 1 and lone(s.chain.links[0]))] or answers
        answers = [  # `s(1 - s), s = σ(x)`; `… where d = d_k` (both d_k as read: a statement that says nothing)
            s for s in answers if not (defines_own(s, target, statements) or says_nothing(s) or _gives_value(s, target))
        ] or answers
        answers = [  # `σ(x)(1 − σ(x)). … we already have σ(x) from the forward pass`; `(entries $0$ or $-∞$)`
            s for s in answers if not (_mentioned(s, answers) or _number_aside(s, target))
        ] or answers
        answers = _about_the_question(answers, [target, *alternatives])
        chosen = (answers or statements)[-1]
        remark = "Graded the final value of your chain." if len(chosen.chain.links) > 1 else ""
        return chosen, remark
    lhs = lone(target.links[0])
    equations = [s for s in statements if s.chain.is_equation]
    if lhs is not None:
        about = [s for s in equations if lhs in (s.chain.links[0], s.chain.links[-1])]
        about = [s for s in about if not says_nothing(s)] or about  # `a<t> = c<t>`: both h_t as read
        equations = [s for s in equations if s in about or not says_nothing(s)]
        if about:
            others = len(equations) - 1
            remark = ""
            if others:
                rest = (
                    "The other equation in your answer was"
                    if others == 1
                    else f"The other {others} equations in your answer were"
                )
                remark = f"Graded your last equation for {lhs.name.text()}. {rest} not graded."
            return about[-1], remark
    inner = [s for s in equations if lhs is not None and lhs in s.chain.links[1:-1]]
    if lhs is not None and inner:  # `δ = ∂L/∂z = ŷ − y`: a name of the student's own, then the subject
        last = inner[-1]
        readings = tuple(
            (Chain(chain.links[chain.links.index(lhs) :]) if lhs in chain.links else chain, assumption)
            for chain, assumption in last.readings
        )
        return replace(last, readings=readings), f"Graded your chain from {lhs.name.text()} on."
    if lhs is not None and lhs.name.sub is not None:  # `h = (1 - z) h_prev + z h~` for h_t: h is the subject
        stem = replace(lhs.name, sub=None)
        bare = [s for s in equations if isinstance(s.chain.links[0], Var) and s.chain.links[0].name == stem]
        if bare:
            last = bare[-1]
            readings = tuple(
                (Chain((lhs, *chain.links[1:])), assumption)
                if isinstance(chain.links[0], Var) and chain.links[0].name == stem
                else (chain, assumption)
                for chain, assumption in last.readings
            )
            return replace(last, readings=readings), (
                f"Read {stem.text()} on the left as {lhs.name.text()}, the symbol the question asks for."
            )
    if equations:  # not a legend renaming symbols (`… (here $s = c$, $\tilde s = \bar c$)`) after the equation
        equations = [s for s in equations if not _names_only(s)] or equations
        remark = "" if len(equations) == 1 else "Graded the last of your equations."
        if lhs is not None and not entry_of(lhs, equations[-1].chain.links[0]):  # `∂L/∂z_j = …`: about ∂L/∂z
            remark = (remark + f" None of your equations has {lhs.name.text()} on one side.").strip()
        return equations[-1], remark
    last = statements[-1]
    if not last.chain.is_equation:
        subject = target.links[0]
        return Statement(last.source, last.readings, last.prose, rhs_only=True), (
            f"Read your expression as the right-hand side of {show(Chain((subject,)))} = …."
        )
    return None, "No equation found in your answer."
