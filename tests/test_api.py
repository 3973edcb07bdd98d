"""The public API: what `import grader` offers, and what it costs to import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import grader
from grader import Report, Rubric


def test_the_public_names_are_pinned() -> None:
    assert sorted(grader.__all__) == [
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
    assert all(hasattr(grader, name) for name in grader.__all__)


def test_every_error_is_a_grader_error() -> None:
    errors = [getattr(grader, name) for name in grader.__all__ if name.endswith("Error")]
    assert errors
    assert all(issubclass(error, grader.GraderError) for error in errors)


def test_importing_grader_does_not_load_the_heavy_math_modules() -> None:
    probe = "import sys, grader; print(sorted(m for m in ('sympy', 'numpy', 'mpmath') if m in sys.modules))"

    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)

    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("expected", "answer", "verdict_wanted"),
    [
        pytest.param("f_t*c_{t-1} + i_t*g_t", "g_t i_t + c_{t-1} f_t", "equivalent", id="lstm-update"),
        pytest.param("4*(32*(16+32)+32)", "4*((16+1)*32+32^2)", "equivalent", id="parameter-count"),
        pytest.param("tanh(x)", "2*sigma(2x) - 1", "equivalent", id="real-functions"),
        pytest.param("x^2", "x^3", "not_equivalent", id="not-equivalent"),
    ],
)
def test_comparing_math_does_not_load_sympy(expected: str, answer: str, verdict_wanted: str) -> None:
    probe = (
        "import sys; from grader.authoring.compare import Case, compare_all; "
        f"(r,) = compare_all([Case(id='c', expected={expected!r}, answer={answer!r})], isolate=False); "
        "print(r.verdict.value, 'sympy' in sys.modules)"
    )

    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)

    verdict, sympy_loaded = loaded.stdout.split()
    assert verdict == verdict_wanted
    assert sympy_loaded == "False"


def test_json_schemas_are_generated_from_the_models() -> None:
    rubric = Rubric.model_json_schema()
    report = Report.model_json_schema(mode="serialization")

    assert set(rubric["required"]) == {"assignment", "title", "questions"}
    assert rubric["additionalProperties"] is False
    checks = {name for name in rubric["$defs"] if name.endswith("Check")}
    assert checks >= {"NumberCheck", "ExpressionCheck", "EquationCheck", "TextCheck", "SetCheck", "ChoiceCheck"}
    part = report["$defs"]["PartResult"]
    assert list(part["properties"]) == [
        "id",
        "status",
        "score",
        "max_score",
        "feedback",
        "interpreted_as",
        "interpreted_latex",
        "confidence",
        "expected",
        "note",
        "override",
    ]
    assert report["$defs"]["Status"]["enum"] == ["correct", "partial", "incorrect", "unanswered", "needs_review"]
    json.dumps(rubric)  # serialisable as it is


def test_importing_grader_loads_no_engine_classroom_or_authoring_module() -> None:
    import subprocess
    import sys

    heavy = "('grader', 'pydantic', 'sympy', 'numpy')"
    code = f"import sys, grader; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {heavy})))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["grader", "grader.models", "grader.models.formats", "grader.render"]


def test_public_names_still_resolve_lazily() -> None:
    import grader

    assert all(callable(f) for f in (grader.render, grader.grade, grader.load_rubric))
    assert grader.Status.CORRECT.value == "correct"
    assert issubclass(grader.RubricError, grader.GraderError)
    assert set(grader.__all__) <= set(dir(grader)) | {"__version__"} | set(grader._HOMES)
