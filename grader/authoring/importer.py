"""Free-form answer documents (their text, see `documents`) into submissions: `import_document(text, rubric)`.

A document is cut into questions at headings (`Q3)`, `Q₁)`, `## Question 2`, `1.1.2 Question 2`; `2.` in a
document without such headings), matched to the rubric's questions by their `label` (default: `Q<n>` from an
id `q<n>`), or, without a heading, by the question's own text. Numbered headings that are not questions
(`1.3 References`, `2 LSTM`) end a question. Inside a question, sub-part markers that number its parts
(`a)` to `d)`) decide (`parts.by_markers`); else lines that restate a part's prompt start that part; a line
that fits several parts equally (`ii) Input layer` when every prompt names all gates) changes nothing. When
those leave a part empty, the answer blocks go to the parts in order (`parts.by_order`); with fewer blocks
than parts, or no line that names a part, the whole answer goes to each part, as a human transcriber would.

Nothing is dropped silently: every line that is not in an answer is listed in `unplaced` with the reason
(before the first question, under a heading that is not a question, the question's own text copied, a
figure caption). Lines of punctuation only (rules, code fences) are layout and are not listed. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from grader.authoring import labels, layout
from grader.authoring.layout import FIGURE, LAYOUT, Unplaced, words
from grader.authoring.parts import by_markers, by_order
from grader.models.rubric import Question, Rubric, part_id
from grader.models.submission import Submission

__all__ = ["Imported", "Unplaced", "import_document", "label_of", "words"]

SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
QUESTION_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?(?:(?P<section>\d+(?:\.\d+)+)\s+)?(?:Q|Question|Task|Problem|Exercise)\s*"
    r"(?P<number>[0-9₀-₉]+)\s*(?:\*\*)?\s*(?:[).:]|$|\s)(?P<rest>.*)$",
    re.IGNORECASE,
)
SECTION_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?P<section>\d+(?:\.\d+)*)\s+(?P<title>[A-Z][\w-]*(?:\s+[\w-]+){0,5})\s*$"
)
# Matched on a line stripped and with each whitespace run made one space (see _id_line), so that every ` ?` takes at
# most one character: with `\s*` in their place, a long run of spaces was shared by four of them and took O(n^4).
ANCHOR = 0.8  # a line names a part when this share of its words is in the part's prompt
ECHO = 0.8  # likewise for the question's own text


@dataclass
class Imported:
    """A document read into a submission, with what was found where and what was not placed."""

    submission: Submission
    lines: dict[str, list[int]]  # part id -> the document lines of its answer
    missing: list[str]  # part ids with no answer found
    unplaced: list[Unplaced]
    shared: list[str] = field(default_factory=list)  # questions whose whole answer went to each part
    headings: dict[str, int] = field(default_factory=dict)  # question id -> heading line


def label_of(question: Question) -> str | None:
    """The number a document gives the question: its `label`, or `Q<n>` from an id `q<n>`."""
    if question.label:
        return _key(question.label)
    match = re.fullmatch(r"[qQ](\d+)", question.id)
    return f"Q{match.group(1)}" if match else None


def _key(label: str) -> str:
    label = label.translate(SUBSCRIPTS).strip().upper().rstrip(".")
    return re.sub(r"^(?:QUESTION|Q)\s*", "Q", label)


def _is_math(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith(("$$", "\\[")) or ("=" in stripped and "\\" in stripped)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.lstrip("#->* \t")).lower()


def import_document(
    text: str, rubric: Rubric, *, student_id: str | None = None, name: str | None = None, fallback_id: str = "unknown"
) -> Imported:
    """Split a free-form answer document into the rubric's parts."""
    lines = [(n, layout.table_row(t) or t) for n, t in _blocks(text)]
    questions = {label: q for q in rubric.questions if (label := label_of(q))}
    dotted = any("." in label for label in questions)
    ordinal = {n: key for n, q in enumerate(rubric.questions, start=1) if (key := label_of(q))}

    def resolve(n: int) -> str | None:  # `2` in `2.`, `2(a)`: the rubric's Q2, else (dotted labels) its second
        return f"Q{n}" if f"Q{n}" in questions else ordinal.get(n) if dotted else None

    counts = {key: len(q.parts) for key, q in questions.items()}
    by_dots = not dotted and labels.dotted_parts(lines, resolve, counts)  # `1.1`, `1.2` number parts
    # `1.` and `2)` are question headings only in a document without `Q1`-style ones: elsewhere they number lists.
    numbered = not any(
        QUESTION_HEADING.match(t) or (dotted and (SECTION_HEADING.match(t) or labels.SECTION_QUESTION.match(t)))
        for _, t in lines
    )
    rank = {q.id: k for k, q in enumerate(rubric.questions)}
    sections: list[tuple[Question | None, int, str, list[tuple[int, str]]]] = []
    current: Question | None = None
    reason = "before the first question"
    heading_line, heading_text = 0, ""
    body: list[tuple[int, str]] = []
    unplaced: list[Unplaced] = []
    headings: dict[str, int] = {}
    for number, line in lines:
        part_label = labels.compound(line, resolve, counts, by_dots)
        if part_label is not None and (current is None or current.id != questions[part_label[0]].id):
            if questions[part_label[0]].id in headings:
                part_label = None  # a question answered in two places: its second place is not taken apart
            else:  # a label that names a new question starts it, as its heading would
                sections.append((current, heading_line, reason, body))
                body = []
                heading_line, heading_text = number, line.strip()
                current = questions[part_label[0]]
                headings[current.id] = number
        if part_label is not None:
            body.append((number, f"({chr(ord('a') + part_label[1])}) {part_label[2]}"))
            continue
        heading = _heading(line, questions, resolve if numbered else None, rank,
                           -1 if current is None else rank[current.id], headings)  # fmt: skip
        section_heading = SECTION_HEADING.match(line) if dotted and heading is None else None
        if heading or section_heading:
            sections.append((current, heading_line, reason, body))
            body = []
            heading_line, heading_text = number, line.strip()
            if heading:
                key, rest = heading
                current = questions.get(key)
                reason = f"under {heading_text!r}, which is not a question of the rubric"
                if current is not None:
                    if current.id in headings:
                        reason = f"under a second heading for {current.id}"
                        current = None
                    else:
                        headings[current.id] = number
                if current is not None and rest and ("=" in rest or "$" in rest):
                    body.append((number, rest))
                elif rest or current is None:
                    unplaced.append(Unplaced(number, line.strip(), "a heading" if current else reason))
                continue
            current = None
            reason = f"under {heading_text!r}, which is not a question of the rubric"
            unplaced.append(Unplaced(number, line.strip(), "a heading"))
            continue
        body.append((number, line))
    sections.append((current, heading_line, reason, body))
    found = {q.id for q, _, _, _ in sections if q is not None}
    sections = _by_prompt(sections, [q for q in rubric.questions if q.id not in found], headings)
    answers: dict[str, list[tuple[int, str]]] = {}
    shared: list[str] = []
    for question, _, why, content in sections:
        if question is None:
            unplaced += [Unplaced(n, t.strip(), why) for n, t in content if not LAYOUT.match(t)]
            continue
        placed, dropped, whole = _split(question, content)
        unplaced += dropped
        if whole:
            shared.append(question.id)
        for pid, part_lines in placed.items():
            answers.setdefault(pid, []).extend(part_lines)
    top = layout.header(lines)
    student = layout.student(lines, student_id or top.student_id, name or top.name, fallback_id)
    texts = {pid: _join(part_lines) for pid, part_lines in answers.items() if part_lines}
    order = [part_id(q, p) for q, p in rubric.parts()]
    submission = Submission(
        assignment=rubric.assignment, student=student, answers={k: texts[k] for k in order if k in texts}
    )
    unplaced = [Unplaced(u.line, u.text, "the student's name or id") if u.line in top.lines else u for u in unplaced]
    return Imported(
        submission,
        {pid: [n for n, _ in answers[pid]] for pid in order if pid in texts},
        [pid for pid in order if pid not in texts],
        sorted(unplaced, key=lambda u: u.line),
        shared,
        headings,
    )


def _heading(
    line: str,
    questions: dict[str, Question],
    numbered: Callable[[int], str | None] | None,
    order: dict[str, int],
    at: int,
    seen: dict[str, int],
) -> tuple[str, str] | None:
    """A question heading's label key and the text after it; `N.` and `N)` (in a `numbered` document, whose
    function gives the key of question N) only for a question after the one at index `at` that has no
    heading yet."""
    named = labels.section_question(line, lambda label: _key(label) in questions)
    if named is not None:
        return _key(named[0]), named[1]
    match = QUESTION_HEADING.match(line)
    if match:
        return _key(match["section"] or f"Q{match['number']}"), match["rest"].strip()
    match = layout.NUMBERED.match(line) if numbered is not None and not line[:1].isspace() else None
    if match:
        key = numbered(int(match["number"])) if numbered is not None else None
        question = questions.get(key) if key is not None else None
        if key is not None and question is not None and question.id not in seen and order[question.id] > at:
            return key, (match["rest"] or "").strip()
    return None


def _blocks(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their numbers; display math spread over lines (`$$ ... $$`) is one block."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if pending:
            pending.append(line)
            if "$$" in line:
                out.append((start, "\n".join(pending)))
                pending = []
            continue
        if not line.strip():
            continue
        if line.strip().startswith("$$") and line.count("$$") == 1:
            pending, start = [line], number
            continue
        out.append((number, line))
    if pending:
        out.append((start, "\n".join(pending)))
    return out


def _by_prompt(
    sections: list[tuple[Question | None, int, str, list[tuple[int, str]]]],
    missing: list[Question],
    headings: dict[str, int],
) -> list[tuple[Question | None, int, str, list[tuple[int, str]]]]:
    """Questions without a heading, found by a line that restates the question's prompt in text that is in
    no question yet: the question starts at that line and runs to the end of that stretch."""
    for question in missing:
        prompt = words(f"{question.title} {question.prompt}")
        if len(prompt) < 4:
            continue
        for index, (owner, line_no, why, content) in enumerate(sections):
            if owner is not None:
                continue
            for position, (number, text) in enumerate(content):
                tokens = words(text)
                overlap = tokens & prompt
                if len(overlap) >= 4 and len(overlap) >= 0.8 * len(tokens):
                    before, after = content[:position], content[position:]
                    headings[question.id] = number
                    sections[index : index + 1] = [(None, line_no, why, before), (question, number, "", after)]
                    break
            else:
                continue
            break
    return sections


def _split(
    question: Question, content: list[tuple[int, str]]
) -> tuple[dict[str, list[tuple[int, str]]], list[Unplaced], bool]:
    """A question's lines into its parts; the lines left out; whether the whole answer went to every part.
    Sub-part markers (`a)` to `d)`) decide first; then lines that restate a part's prompt; when those leave a
    part empty, answer blocks in order (`by_order`)."""
    ids = [part_id(question, part) for part in question.parts]
    content = [(n, layout.strip_answer(t)) for n, t in content]
    marks = layout.markers(content, len(ids)) if len(ids) > 1 else None
    if marks is not None:
        return (*by_markers(question, content, marks), False)
    prompts = {part_id(question, part): words(part.prompt) for part in question.parts}
    prompt_of = {part_id(question, part): part.prompt for part in question.parts}
    own = words(f"{question.title} {question.prompt}")
    squashed_prompt = _squash(question.prompt)
    placed: dict[str, list[tuple[int, str]]] = {pid: [] for pid in ids}
    dropped: list[Unplaced] = []
    target: list[str] | None = None
    waiting: list[tuple[int, str]] = []  # before the first line that names a part
    for number, text in content:
        if LAYOUT.match(text):
            continue
        if FIGURE.match(text):
            dropped.append(Unplaced(number, text.strip(), "a figure caption"))
            continue
        squashed = _squash(text)
        if len(squashed) >= 8 and squashed in squashed_prompt:
            dropped.append(Unplaced(number, text.strip(), f"the text of {question.id}, copied"))
            continue
        tokens = words(text)
        candidates = _anchor(tokens, prompts, text) if len(ids) > 1 else None
        if candidates:
            if target is None or not set(target) & set(candidates) or set(candidates) < set(target):
                target = candidates
                for pid in target:
                    placed[pid].extend(waiting)
                waiting = []
            if layout.restates(tokens, prompts[target[0]], text):
                dropped.append(Unplaced(number, text.strip(), f"the prompt of {', '.join(target)}, copied"))
                continue
            copied = layout.after_prompt(text, prompt_of[target[0]]) if len(target) == 1 else None
            if copied is not None:  # the prompt goes, the answer after it on the same line stays
                dropped.append(Unplaced(number, copied[0], f"the prompt of {target[0]}, copied"))
                text = copied[1]
        elif _echo(tokens, own, text, question.prompt):
            dropped.append(Unplaced(number, text.strip(), f"the text of {question.id}, copied"))
            continue
        elif len(ids) == 1 and layout.restates(tokens, prompts[ids[0]], _unmarked(text), prompt_of[ids[0]]):
            dropped.append(Unplaced(number, text.strip(), f"the prompt of {ids[0]}, copied"))
            continue
        if target is None:
            waiting.append((number, text))
        else:
            for pid in target:
                placed[pid].append((number, text))
    whole = target is None and len(ids) > 1 and bool(waiting)
    for pid in ids if target is None else []:
        placed[pid].extend(waiting)
    if not whole and len(ids) > 1 and not all(placed.values()):
        ordered = by_order(question, content)
        if ordered is not None:
            return (*ordered, False)
    return placed, dropped, whole


def _anchor(tokens: set[str], prompts: dict[str, set[str]], text: str) -> list[str] | None:
    """The parts a line names, when it restates their prompts and not every part's equally."""
    if _is_math(text) or not tokens or len(tokens) > 20:
        return None
    scores = {pid: len(tokens & prompt) / len(tokens) for pid, prompt in prompts.items()}
    best = max(scores.values())
    if best < ANCHOR or max(len(tokens & prompts[pid]) for pid in prompts if scores[pid] == best) < 2:
        return None
    chosen = [pid for pid, score in scores.items() if score >= best - 0.05]
    return None if len(chosen) == len(prompts) else chosen


def _echo(tokens: set[str], own: set[str], text: str, prompt: str) -> bool:
    """A line that copies the question's own text. A two-word line (`ii) Input layer`) is a student's label,
    unless it repeats one of the question's numbers (`- 1. 5 time steps`)."""
    if _is_math(text) or re.search(r"[=$]", text) or (tokens & layout.GUARDS) - own or not tokens:
        return False
    overlap = tokens & own
    digits = set(re.findall(r"\d+", text))
    if len(tokens) < 3 and not digits & set(re.findall(r"\d+", prompt)):
        return False
    return len(overlap) >= 2 and len(overlap) >= ECHO * len(tokens) and len(tokens - own) <= 3 and len(digits) <= 2


def _join(lines: list[tuple[int, str]]) -> str:
    """Lines that were adjacent in the document stay in one paragraph; others are separated by a blank line."""
    out = ""
    previous = None
    for number, text in lines:
        if previous is not None:
            out += "\n" if number == previous + 1 else "\n\n"
        out += text.strip()
        previous = number + text.count("\n")
    return out


def _unmarked(text: str) -> str:
    """A line without a sub-part marker before it (`a) Ways to reduce ...`)."""
    match = layout.MARKER.match(text)
    return match["rest"] if match else text
