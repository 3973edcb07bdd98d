"""grader: automated grading of deep-learning theory homework.

```python
from grader import grade, load_rubric, load_submission

report = grade(load_rubric("rubrics/dl-lstm-cells.yaml"), load_submission("submissions/000_bbf2462fc864e187.json"))
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers; at run time each name is imported when first used (`__getattr__`)
    from grader.errors import (
        CheckAbortedError,
        GraderError,
        InputError,
        LimitError,
        NotationError,
        RubricError,
        RubricNotFoundError,
        SubmissionError,
    )
    from grader.grading import grade
    from grader.io.loaders import find_rubric, load_rubric, load_submission, rubric_from_yaml
    from grader.models.report import PartResult, QuestionResult, Report, Status
    from grader.models.rubric import Rubric
    from grader.models.submission import Student, Submission

# Where each public name lives: `import grader` costs nothing until a name is used, so the command line starts
# fast and `python -c "import grader"` loads no engine, classroom or authoring module.
_HOMES = {
    **dict.fromkeys(
        ("CheckAbortedError", "GraderError", "InputError", "LimitError", "NotationError", "RubricError",
         "RubricNotFoundError", "SubmissionError"),
        "grader.errors",
    ),
    "grade": "grader.grading",
    **dict.fromkeys(("find_rubric", "load_rubric", "load_submission", "rubric_from_yaml"), "grader.io.loaders"),
    **dict.fromkeys(("PartResult", "QuestionResult", "Report", "Status"), "grader.models.report"),
    "Rubric": "grader.models.rubric",
    **dict.fromkeys(("Student", "Submission"), "grader.models.submission"),
}  # fmt: skip


# `render` names both a function and the subpackage it lives in: bound here, after the subpackage is imported
# (which sets the package attribute `grader.render`), the function wins. grader.render itself imports nothing heavy.
from grader.render import Format, render  # noqa: E402


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use; `__version__` from the installed package's
    metadata (importlib.metadata costs 70 ms of every start-up)."""
    if name in _HOMES:
        import importlib

        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    if name != "__version__":
        raise AttributeError(f"module 'grader' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("grader")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "0.0.0"


__all__ = [
    "CheckAbortedError",
    "Format",
    "GraderError",
    "InputError",
    "LimitError",
    "NotationError",
    "PartResult",
    "QuestionResult",
    "Report",
    "Rubric",
    "RubricError",
    "RubricNotFoundError",
    "Status",
    "Student",
    "Submission",
    "SubmissionError",
    "__version__",
    "find_rubric",
    "grade",
    "load_rubric",
    "load_submission",
    "render",
    "rubric_from_yaml",
]
