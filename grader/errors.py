"""Every error grader raises, under one root.

```
GraderError                 anything grader raises on purpose
├── InputError              a rubric or submission that cannot be used (CLI exit code 1)
│   ├── RubricError         an invalid rubric: each problem with its path inside the file and line
│   ├── ModelError          an invalid model spec (params): each problem with its path, e.g. layers[2].LSTM
│   ├── SubmissionError     an invalid submission file
│   ├── DocumentError       an answer document `grader import` cannot read
│   ├── RubricNotFoundError no rubric for a submission's assignment
│   └── GradebookError      an output folder's gradebook.sqlite that cannot be read or written
├── NotationError           math text that cannot be read; says which piece and where
│   └── LimitError          math text over a static cap (length, nesting, number size, exponent)
└── CheckAbortedError       a check killed at its time bound, out of memory, or crashed
```

A student's wrong or unreadable answer is never an exception outside the checks: the checks catch
`NotationError` and `CheckAbortedError` and turn them into a part result with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass


class GraderError(Exception):
    """Base class of every error grader raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is and what to do about it."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line is not None else ""
        at = self.path or "(top level)"
        return f"{where}{at}: {self.message}"


class InputError(GraderError):
    """A rubric or submission that cannot be used as given."""


class _FileProblems(InputError):
    """An input file with one or more problems, each with its path inside the file."""

    kind = "file"

    def __init__(self, problems: list[Problem], file: str | None = None) -> None:
        self.problems = list(problems)
        self.file = file
        super().__init__(self._message())

    def __reduce__(self) -> tuple[type[_FileProblems], tuple[list[Problem], str | None]]:
        """Pickled whole, problems and file: an error raised in a worker or check process reaches the parent as
        it was (the default would rebuild it from its message, one problem per character)."""
        return type(self), (self.problems, self.file)

    def _message(self) -> str:
        head = f"{self.file}: " if self.file else ""
        if len(self.problems) == 1:
            return f"{head}invalid {self.kind}: {self.problems[0]}"
        lines = [f"{head}invalid {self.kind}, {len(self.problems)} problems:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)

    def in_file(self, file: str, lines: dict[str, int] | None = None) -> _FileProblems:
        """The same problems, attributed to `file`, with line numbers looked up by path."""
        lines = lines or {}
        located = [
            Problem(p.path, p.message, p.line if p.line is not None else line_for(p.path, lines)) for p in self.problems
        ]
        return type(self)(located, file)


def line_for(path: str, lines: dict[str, int]) -> int | None:
    """The line of `path`, or of its nearest enclosing path that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""


class RubricError(_FileProblems):
    """An invalid rubric."""

    kind = "rubric"


class ModelError(_FileProblems):
    """A model spec whose parameters cannot be counted: an unknown layer or argument, sizes that do not fit."""

    kind = "model"


class SubmissionError(_FileProblems):
    """An invalid submission."""

    kind = "submission"


class DocumentError(_FileProblems):
    """An answer document that cannot be read: not a regular file, too large, not UTF-8 text."""

    kind = "document"


class RubricNotFoundError(InputError):
    """No rubric matches a submission's assignment."""


class GradebookError(InputError):
    """A gradebook database that cannot be used: damaged, read-only, on a full disk, from a newer grader."""


class PendingReviewError(InputError):
    """An export to a learning platform while parts still await a human's review: their scores are provisional."""


class NotationError(GraderError):
    """Math text that cannot be read: which piece, where, and how to write it instead."""

    def __init__(self, message: str, text: str = "", position: int | None = None) -> None:
        self.reason = message
        self.text = text
        self.position = position
        super().__init__(self._describe())

    def _describe(self) -> str:
        if self.position is None or not self.text:
            return self.reason
        start = max(0, self.position - 15)
        snippet = self.text[start : self.position + 15].replace("\n", " ")
        return f"{self.reason} (at character {self.position + 1}: “{snippet}”)"


class LimitError(NotationError):
    """Math text over a static cap: too long, too deep, a number or exponent too large."""


class CheckAbortedError(GraderError):
    """A check stopped before it finished: over its time bound or memory, or crashed."""

    def __init__(self, reason: str, note: str) -> None:
        self.note = note
        super().__init__(reason)
