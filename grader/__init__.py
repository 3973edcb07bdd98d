"""grader: automated grading of deep-learning theory homework.

```python
from grader import grade, load_rubric, load_submission

report = grade(load_rubric("rubrics/dl-lstm-cells.yaml"), load_submission("submissions/000_bbf2462fc864e187.json"))
```
"""

from __future__ import annotations

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
from grader.loaders import find_rubric, load_rubric, load_submission, rubric_from_yaml
from grader.render import Format, render
from grader.report import PartResult, QuestionResult, Report, Status
from grader.rubric import Rubric
from grader.submission import Student, Submission


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed package's metadata only when asked (importlib.metadata costs
    70 ms of every start-up)."""
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
