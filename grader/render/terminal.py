"""Text bound for a terminal, made safe to print. Imports nothing of grader's, so the command line can use it
before (or without) loading the report models."""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls (ESC and CSI start terminal commands: cursor moves, erasing, OSC 52 clipboard
# writes) and the bidi embeddings, overrides and isolates that reorder what a reader sees ("Trojan Source").
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` safe for a terminal: control and bidi characters shown as escapes (`\\x1b`); `\\n`, `\\t` kept."""
    # Student and file text bound for a terminal goes through here; `one_line` also shows `\n` and `\t`, for
    # fields (a name, an id) where a line break could forge a line of grader's own output.
    kept = "" if one_line else "\n\t"
    return CONTROLS.sub(lambda match: _escaped(match.group(), kept), text)


def _escaped(char: str, kept: str) -> str:
    return char if char in kept else char.encode("unicode_escape").decode("ascii")
