"""`grader rubric suggest` as Markdown: per text part, the groups of unrecognised clauses, largest first."""

from __future__ import annotations

from grader.authoring.suggest import PartSuggestions
from grader.render.markdown import _escape


def render_suggestions(title: str, parts: list[PartSuggestions]) -> str:
    """A Markdown page an instructor reads beside the rubric."""
    lines = [f"# What no concept recognised: {_escape(title)}", ""]
    if not parts:
        lines += ["No answers to text parts in this gradebook.", ""]
    for part in parts:
        lines += [
            f"## {_escape(part.part)}",
            "",
            f"{part.answers} answers, {part.unrecognised} clauses that matched no phrasing, "
            f"{len(part.groups)} groups of two or more.",
            "",
        ]
        for number, group in enumerate(part.groups, start=1):
            closest = f"closest concept: `{group.closest}` ({group.closeness:.2f})" if group.closest else "no concept"
            shared = ", ".join(group.words) if group.words else "-"
            lines += [f"{number}. **{group.size} clauses**; shared words: {_escape(shared)}; {closest}"]
            lines += [f"    - “{_escape(quote)}”" for quote in group.quotes]
        lines.append("")
    lines += [
        "Add a phrasing to the closest concept when a group states it, a new concept when it is a right idea the "
        "rubric lacks, or a misconception when it is a common wrong one; `grader rubric test` then checks it.",
        "",
    ]
    return "\n".join(lines)
