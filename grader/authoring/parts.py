"""A question's lines into its parts when sub-part markers number them (`a)` to `d)`), or by the order of
its answer blocks; the importer's other ways (lines that restate a prompt) are in `importer`. Pure."""

from __future__ import annotations

import re

from grader.authoring import layout
from grader.authoring.layout import FIGURE, LAYOUT, Unplaced, words
from grader.models.rubric import Question, part_id

ANSWER_WORDS = {"yes", "no", "not", "none", "never", "true", "false"}  # a label with one of them answers


def by_markers(
    question: Question, content: list[tuple[int, str]], marks: list[tuple[int, int, str]]
) -> tuple[dict[str, list[tuple[int, str]]], list[Unplaced]]:
    """A question cut at its sub-part markers, the k-th part from the k-th marker. A marker line's own text
    that only restates or names the part (`(a) Update gate`, `b) Parameters of the first Conv2D:`) is left
    out; an answer after it on the same line is kept."""
    ids = [part_id(question, part) for part in question.parts]
    placed: dict[str, list[tuple[int, str]]] = {pid: [] for pid in ids}
    dropped: list[Unplaced] = []
    starts = {position: (index, rest) for position, index, rest in marks}
    first = marks[0][0]
    for number, text in content[:first]:
        if not LAYOUT.match(text):
            dropped.append(Unplaced(number, text.strip(), f"in {question.id} before its first part"))
    target = ids[0]
    for position in range(first, len(content)):
        number, text = content[position]
        if position in starts:
            index, rest = starts[position]
            target = ids[index]
            followed = position + 1 < len(content) and position + 1 not in starts
            prompt = question.parts[index].prompt
            text = _drop_label(layout.strip_answer(rest), number, target, prompt, followed, dropped)
            if not text:
                continue
        if not LAYOUT.match(text):
            placed[target].append((number, text))
    return placed, dropped


def _drop_label(text: str, number: int, pid: str, prompt: str, followed: bool, dropped: list[Unplaced]) -> str:
    """The answer on a line that starts a part: a copied prompt or a `label:` before it is cut off; a bare
    label (when the answer follows on other lines) is left out whole. The cut text is listed as not placed."""
    if followed and layout.restates(words(text), words(prompt), text, prompt):  # the prompt copied, its answer below
        dropped.append(Unplaced(number, text.strip(), f"the prompt of {pid}, copied"))
        return ""
    copied = layout.after_prompt(text, prompt)
    if copied is not None:
        dropped.append(Unplaced(number, copied[0], f"the prompt of {pid}, copied"))
        return copied[1]
    cut = layout.split_label(text)
    if cut is not None and _names_part(cut[0], prompt):
        dropped.append(Unplaced(number, cut[0], f"the label of {pid}"))
        return cut[1]
    if text and followed and layout.is_label(text) and (_names_part(text, prompt) or text.rstrip().endswith(":")):
        dropped.append(Unplaced(number, text.strip(), f"the label of {pid}"))
        return ""
    return text


def _names_part(label: str, prompt: str) -> bool:
    """Whether a label only names the part (`Update gate`, `Output shape of conv1`): every word of it is in
    the part's prompt. One that says more (`Quadratically`, `Because of weight sharing`, `No`, `- forget
    gate` opening a list, `5 x 5 pixels` with a number of its own) is the start of the answer and stays."""
    found = words(label)
    numbers = set(re.findall(r"\d+", label)) <= set(re.findall(r"\d+", prompt))  # `5 x 5 pixels:` says more
    one_word = len(found) < 2  # `Quadratically:`, `No`: a word of the prompt's own choices is an answer
    return (
        not one_word
        and found <= words(prompt)
        and numbers
        and not (found & ANSWER_WORDS)
        and not layout.BULLET.match(label)
    )


def by_order(
    question: Question, content: list[tuple[int, str]]
) -> tuple[dict[str, list[tuple[int, str]]], list[Unplaced]] | None:
    """A question without markers or prompt lines for every part: its answer blocks (paragraphs, a label with
    what follows, code with its output) onto its parts in order, each part where its prompt's words are."""
    ids = [part_id(question, part) for part in question.parts]
    prompts = [words(part.prompt) for part in question.parts]
    dropped: list[Unplaced] = []
    kept: list[tuple[int, str]] = []
    for number, text in content:
        if FIGURE.match(text):
            dropped.append(Unplaced(number, text.strip(), "a figure caption"))
        elif not text.strip():
            continue
        else:
            kept.append((number, text))
    blocks = [block for block in layout.units(kept) if not all(LAYOUT.match(t) for _, t in block)]
    scores = [[len(words(" ".join(t for _, t in block)) & prompt) for prompt in prompts] for block in blocks]
    where = layout.align(scores)
    if where is None:
        return None
    placed: dict[str, list[tuple[int, str]]] = {pid: [] for pid in ids}
    for block, index in zip(blocks, where, strict=True):
        for position, (number, text) in enumerate(block):
            if LAYOUT.match(text) or layout.FENCE.match(text):
                continue
            if position == 0 or block[position - 1][1].rstrip().endswith(":"):
                prompt = question.parts[index].prompt
                text = _drop_label(text, number, ids[index], prompt, position + 1 < len(block), dropped)
                if not text:
                    continue
            placed[ids[index]].append((number, text))
    return placed, dropped
