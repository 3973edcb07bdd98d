"""How students lay out answers, for the importer: sub-part markers, `label: answer` lines, `Answer:` lines,
copied prompts before an answer, table rows, numbered question headings, answer blocks matched to parts by
order, name and id headers; with the pieces every step shares (`words`, `Unplaced`, what is layout).

Pure functions on `(line number, text)` pairs; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from grader.models.submission import Student

Line = tuple[int, str]

ID_LINE = re.compile(r"\(? ?(?:ID|Matr\.?(?:ikel)?(?: ?No\.?)?|Student ID)? ?[:#]? ?\(?(\d{5,12})\)?", re.IGNORECASE)
ID_LINE_MAX = 80  # longer than any line ID_LINE matches once its whitespace is normalised
FIGURE = re.compile(r"^\s*(?:Figure|Fig\.?)\s*\d+\s*[:.]", re.IGNORECASE)
LAYOUT = re.compile(r"^[\W_]*$")
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
WORD = re.compile(r"[^\W\d_]{2,}")
STOP = {
    "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "as", "is", "are", "be",
    "do", "does", "did", "it", "its", "this", "that", "these", "those", "what", "which", "who", "how", "why",
    "where", "when", "can", "could", "will", "would", "should", "you", "your", "their", "there", "here", "each",
    "please", "vs", "versus", "between", "respectively", "have", "has", "give", "state", "explain", "describe",
    "then", "than", "so", "if", "from", "into", "while", "about", "also", "we", "our", "me", "my", "i",
    "ii", "iii", "iv", "vi", "vii", "answer", "question", "try", "giving",
}  # fmt: skip

# `(a)`, `a)`, `a.`, `(ii)`, `Part a`, `**(b)**`, `- a)`: the marker and the text after it.
MARKER = re.compile(
    r"^\s*(?:[-*]\s+)?(?:\*\*)?(?:\((?P<p>[a-z]|[ivx]{1,4})\)|(?P<b>[a-z]|[ivx]{1,4})[).]|Part\s+(?P<w>[a-z]|[ivx]{1,4})\b"
    r"[.):]?)(?:\*\*)?(?:\s*:)?(?:\s+|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
NUMBERED = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?(?P<number>\d{1,2})\s*[.)](?:\*\*)?(?:\s+(?P<rest>.*))?$")
ANSWER = re.compile(r"^\s*(?:[-*]\s+)?(?:\*\*)?(?:Answer|Ans\.?|Solution)\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*", re.I)
LABEL = re.compile(r"^(?P<label>[^:=$\\]{2,90}?)\s*(?:\*\*)?:(?:\*\*)?(?:\s+(?P<rest>.*))?$")
GUARDS = {"no", "not", "yes", "never", "none", "cannot", "doesn", "don", "isn", "aren", "won"}
FENCE = re.compile(r"^\s*(?:```|~~~)")
BULLET = re.compile(r"^\s*(?:[-*•‣◦]|\d{1,2}[.)])\s+")
MAX_BLOCKS = 5000  # more answer blocks in one question than any hand-in has: the table would only cost memory
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
NAME_FIELD = re.compile(r"^(?:Name|Student(?:\s+name)?|Author|Submitted\s+by|By)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
ID_FIELD = re.compile(
    r"^(?:Student[\s_]*(?:ID|No\.?|Number|Nr\.?)|ID|Matriculation(?:\s*(?:No\.?|Number|Nr\.?))?|Matr(?:ikel)?\.?\s*-?\s*(?:No|Nr)\.?)"
    r"\s*[:#]?\s*(?P<value>[\w-]{3,40})$",
    re.IGNORECASE,
)
BARE_NAME = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[ -][^\W\d_][^\W\d_'’.-]*){1,3}")
BARE_ID = re.compile(r"\(?(?P<value>\d{5,12})\)?")
SEGMENTS = re.compile(r"\s*(?:\t|\|| {3,}| [–—-] |, )\s*")  # `Name | ID: 1`, `Name – 12345678`, tabs between
# Words of titles, never of a name on a line of its own (`Deep Learning`, `Homework Seven`).
TITLE_WORDS = {
    "homework", "assignment", "deep", "learning", "neural", "network", "networks", "task", "tasks", "question",
    "questions", "exercise", "exercises", "theory", "theoretical", "answer", "answers", "submission", "course",
    "lab", "sheet", "problem", "problems", "solution", "solutions", "lstm", "rnn", "gru", "cnn", "attention",
    "machine", "introduction", "part", "notes", "cells", "cell", "and", "the", "of", "vs",
}  # fmt: skip
FIRST_QUESTION = re.compile(r"\s*#*\s*(?:\*\*)?(?:Q|Question|Task|Problem|Exercise)\s*\d", re.IGNORECASE)
NAME_AND_ID = re.compile(r"^(?P<name>[^\W\d_]+(?:[ -][^\W\d_]+){1,3})\s*\((?P<id>\d{5,12})\)$")


@dataclass(frozen=True)
class Unplaced:
    """A line of the document that is in no answer, and why."""

    line: int
    text: str
    reason: str


def words(text: str) -> set[str]:
    """The content words of a line: LaTeX commands, numbers, one-letter words and common words left out,
    plural `s` removed."""
    found = set()
    for word in WORD.findall(LATEX_COMMAND.sub(" ", text).lower()):
        if word in STOP:
            continue
        found.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return found


def plain(text: str) -> str:
    """A line without Markdown emphasis, heading marks and list bullets at its start."""
    return re.sub(r"\*\*|__", "", text).strip().lstrip("#>-* \t").strip()


def table_row(text: str) -> str | None:
    """A table row `| a) | prompt | answer |` as one line `a) prompt: answer`; None for other lines."""
    stripped = text.strip()
    if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1):
        return None
    cells = [cell.strip() for cell in stripped[1:-1].split("|")]
    cells = [cell for cell in cells if cell]
    if len(cells) < 2:
        return " ".join(cells)
    return f"{' '.join(cells[:-1])}: {cells[-1]}"


def strip_answer(text: str) -> str:
    """A line without its `Answer:` prefix."""
    return ANSWER.sub("", text, count=1)


def split_label(text: str) -> tuple[str, str] | None:
    """A `label: answer` line cut in two, when the label is short prose (no math) and the answer is not empty."""
    match = LABEL.match(text.strip())
    if not match or not match["rest"] or len(match["label"].split()) > 12:
        return None
    return match["label"].strip(), match["rest"].strip()


def after_prompt(text: str, prompt: str) -> tuple[str, str] | None:
    """A line that starts with a copied prompt cut into the prompt and the answer after it (`How many heads?
    8` -> `8`); None when the line does not start with the prompt or has nothing after it. Compared on
    letters and digits only."""
    target = re.sub(r"[\W_]+", "", prompt).lower()
    if len(target) < 8:
        return None
    seen = 0
    line = plain(text)
    for index, char in enumerate(line):
        if not char.isalnum():
            continue
        if seen == len(target):
            rest = line[index:].lstrip(" :?.-")
            return (line[:index].strip(), rest) if rest else None
        if char.lower() != target[seen]:
            return None
        seen += 1
    return None


def is_label(text: str) -> bool:
    """A line that only announces an answer: `Derivative of the sigmoid:`, `(a) Update gate`."""
    stripped = text.strip()
    return len(stripped.split()) <= 12 and not re.search(r"[=$\\]", stripped) and len(stripped) <= 90


def marker_index(text: str, roman: bool) -> tuple[int, str] | None:
    """The part a sub-part marker points to (`b)` -> 1, `(ii)` -> 1 in roman numbering) and the rest."""
    match = MARKER.match(text)
    if not match:
        return None
    mark = (match["p"] or match["b"] or match["w"]).lower()
    if roman and mark in ROMAN:
        return ROMAN.index(mark), match["rest"]
    if len(mark) == 1 and not roman:
        return ord(mark) - ord("a"), match["rest"]
    return None


def markers(content: Sequence[Line], count: int) -> list[tuple[int, int, str]] | None:
    """The sub-part markers of a question's lines as (position, part index, rest of line), when they number
    its `count` parts: all of them in order (`a` to `d`, or `i` to `iv`), or else, as students skip a part or
    answer in another order, at least two markers, each a different part (`c)`, `a)`, `d)`); else None (a
    list inside an answer repeats `a)` and numbers nothing)."""
    lenient = None
    for roman in (False, True):
        found = [(position, *m) for position, (_, text) in enumerate(content) if (m := marker_index(text, roman))]
        indexes = [index for _, index, _ in found]
        if indexes == list(range(count)):
            return found
        if lenient is None and len(found) >= 2 and len(set(indexes)) == len(indexes) and max(indexes) < count:
            lenient = found
    return lenient


def units(content: Sequence[Line]) -> list[list[Line]]:
    """A question's lines in answer blocks: paragraphs (a blank line between), a label line ending in `:` with
    what follows it, a code block with its output (indented lines after it)."""
    blocks: list[list[Line]] = []
    in_code = False
    previous_end = -10
    for number, text in content:
        fence = bool(FENCE.match(text))
        joins = bool(blocks) and (
            in_code
            or number == previous_end + 1
            or blocks[-1][-1][1].rstrip().endswith(":")
            or (text.startswith("    ") and FENCE.match(blocks[-1][-1][1]) is not None)
        )
        if joins:
            blocks[-1].append((number, text))
        else:
            blocks.append([(number, text)])
        if fence:
            in_code = not in_code
        previous_end = number + text.count("\n")
    return blocks


def align(scores: list[list[int]]) -> list[int] | None:
    """Answer blocks in order onto parts in order, each part at least one block, the most shared words in all:
    the part index of each block, or None when there are fewer blocks than parts. A block that names no part
    goes with the block after it (a code block before the sentence that states its result)."""
    blocks, parts = len(scores), len(scores[0]) if scores else 0
    if blocks < parts or parts == 0 or blocks > MAX_BLOCKS:
        return None
    low = -(10**9)
    best = [[low] * (parts + 1) for _ in range(blocks + 1)]
    came = [[0] * (parts + 1) for _ in range(blocks + 1)]
    best[0][0] = 0
    for i in range(1, blocks + 1):
        for j in range(1, min(i, parts) + 1):
            same, new = best[i - 1][j], best[i - 1][j - 1]
            if same == low and new == low:
                continue
            # On a tie the block joins the part it is in now: a block that names nothing goes with what follows.
            came[i][j] = j if same >= new else j - 1
            best[i][j] = max(same, new) + scores[i - 1][j - 1]
    if best[blocks][parts] == low:
        return None
    out = [0] * blocks
    j = parts
    for i in range(blocks, 0, -1):
        out[i - 1] = j - 1
        j = came[i][j]
    return out


@dataclass(frozen=True, kw_only=True)
class Header:
    """The student as a document's top lines name them, and the lines that did."""

    name: str | None = None
    student_id: str | None = None
    lines: tuple[int, ...] = ()


def header(lines: Sequence[Line]) -> Header:
    """`Name:`, `Student ID:`, `Matriculation number:` fields, `Name (12345678)`, and the same keys in YAML
    front matter (`---` lines at the very top)."""
    name: str | None = None
    student_id: str | None = None
    used: list[int] = []
    top = list(lines[:40])
    if top and top[0][1].strip() == "---":
        closing = next((k for k in range(1, len(top)) if top[k][1].strip() in ("---", "...")), None)
        if closing is not None:
            used += [n for n, _ in top[: closing + 1]]
            top = [(n, re.sub(r"^\s*(\w[\w ]*?)\s*:\s*['\"]?(.*?)['\"]?\s*$", r"\1: \2", t)) for n, t in top[1:closing]]
    for number, text in top[:20]:
        if len(text) > 400:
            continue
        # A line may hold several fields (`Name: A | ID: 1`, `A – Student ID 1 – Assignment x`, `A, student no.
        # 1`); each is read with one space per whitespace run, so the fields' `\s*` pairs cannot backtrack far.
        fields = [" ".join(plain(f).split()) for f in SEGMENTS.split(text.strip())]
        fields = [f for f in fields if f]
        found_id = found_name = False
        for line in fields:
            if name is None and (match := NAME_FIELD.match(line)):
                name, found_name = match["value"].strip(), True
            elif student_id is None and (match := ID_FIELD.match(line)):
                student_id, found_id = match["value"], True
            elif student_id is None and (match := NAME_AND_ID.match(line)):
                name, student_id = name or match["name"], match["id"]
                found_id = found_name = True
            elif student_id is None and (match := BARE_ID.fullmatch(line)) and any(map(_bare_name, fields)):
                student_id, found_id = match["value"], True  # `Kenji Tanaka – 50982311`, not `Total, 20362`
        if found_id and name is None and len(fields) > 1:  # `Tom Becker <tab> Matr.-Nr. 1`: the name beside it
            name = next((f for f in fields if _bare_name(f)), None)
            found_name = name is not None
        if found_id or found_name:
            used.append(number)
    if name is None:  # a name on a line of its own under the title, before any question
        for number, text in top[:8]:
            if FIRST_QUESTION.match(text) or NUMBERED.match(text.strip()) or MARKER.match(text):
                break  # the answers begin
            if text.lstrip().startswith("#"):  # a title
                continue
            if _bare_name(" ".join(plain(text).split())):
                name = " ".join(plain(text).split())
                used.append(number)
                break
    return Header(name=name, student_id=student_id, lines=tuple(sorted(set(used))))


def _bare_name(text: str) -> bool:
    """Two to four capitalised words and nothing else, none of them a title's (`Elif Yılmaz`, not `Deep
    Learning`)."""
    if len(text) > 60 or not BARE_NAME.fullmatch(text):
        return False
    parts = re.split(r"[ -]", text)
    return all(p[:1].isupper() for p in parts) and not any(p.lower().strip(".") in TITLE_WORDS for p in parts)


def _id_line(text: str) -> re.Match[str] | None:
    """A line that is only a student number (`(1234567)`, `Matr. No.: 1234567`), with the number as group 1."""
    squeezed = " ".join(text.split())
    return ID_LINE.fullmatch(squeezed) if len(squeezed) <= ID_LINE_MAX else None


def student(lines: list[tuple[int, str]], student_id: str | None, name: str | None, fallback: str) -> Student:
    """The student: as given, else a name and `(number)` id near the top of the document, else `fallback`."""
    if student_id is None:
        for index, (_, text) in enumerate(lines[:12]):
            match = _id_line(text)
            if match:
                student_id = match.group(1)
                if (
                    name is None
                    and index > 0
                    and re.fullmatch(r"[^\W\d_]+(?:[ -][^\W\d_]+){1,3}", lines[index - 1][1].strip())
                ):
                    name = lines[index - 1][1].strip()
                break
    return Student(id=student_id or fallback, name=name)


def restates(tokens: set[str], prompt: set[str], text: str, prompt_text: str = "") -> bool:
    """A line that only copies a prompt: no new words (but one), no numbers (but those of `prompt_text`),
    math, or yes/no of its own."""
    numbers = set(re.findall(r"\d+", text)) - set(re.findall(r"\d+", prompt_text))
    if numbers or re.search(r"[=$]", text) or (tokens & GUARDS) - prompt:
        return False
    return len(tokens & prompt) >= 3 and len(tokens - prompt) <= 1
