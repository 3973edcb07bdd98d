"""Equivalence up to a rubric's conventions: free symbol names, row vectors, block matrices, merged biases."""

from __future__ import annotations

import pytest

from grader.checks import conventions
from grader.checks.base import PartContext
from grader.checks.conventions import is_free
from grader.checks.expression import MathChecker
from grader.grading import grade
from grader.io.loaders import load_rubric, load_submission
from grader.math.nodes import Name
from grader.models.checks import EquationCheck
from grader.models.common import Notation
from grader.models.report import Status
from grader.models.rubric import Mistake
from tests.conftest import DATA, ROOT

CHECKER = MathChecker()
GATE = "z_t = \\sigma(W_z x_t + U_z h_{t-1} + b_z)"
CONTEXT = PartContext(points=2, notation=Notation(matrices=["W", "U"]))


def check(**settings: object) -> EquationCheck:
    return EquationCheck.model_validate(
        {"type": "equation", "expected": GATE, "free": ["W_*", "U_*", "b_*"], "row_vectors": True, **settings}
    )


@pytest.mark.parametrize(
    ("answer", "how"),
    [
        pytest.param(GATE, "", id="as-expected"),
        pytest.param("z_t = \\sigma(W_{xz} x_t + W_{hz} h_{t-1} + b_z)", "W_{xz} as W_z", id="d2l-names"),
        pytest.param("z_t = σ(U_z x_t + W_z h_{t-1} + b_z)", "U_z as W_z", id="goodfellow-letters-swapped"),
        pytest.param("z_t = \\sigma(x_t W_{xz} + h_{t-1} W_{hz} + b_z)", "read as row vectors", id="row-vectors"),
        pytest.param("z_t = \\sigma(W_z [h_{t-1}, x_t] + b_z)", "one matrix per piece", id="concatenation"),
        pytest.param("z_t = \\sigma([h_{t-1}, x_t] W_z + b_z)", "row vectors", id="row-concatenation"),
        pytest.param(
            "z_t = \\sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})", "read as one", id="pytorch-two-biases"
        ),
    ],
)
def test_another_textbooks_names_are_right(answer: str, how: str) -> None:
    outcome = CHECKER.grade(check(), answer, CONTEXT)
    assert outcome.status is Status.CORRECT, outcome.feedback
    assert how in " ".join(outcome.feedback)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("z_t = \\sigma(W_z x_t + W_z h_{t-1} + b_z)", id="one-matrix-shared"),
        pytest.param("z_t = \\sigma(W_z x_t + b_z)", id="recurrent-term-missing"),
        pytest.param("z_t = \\sigma(W_z h_{t-1} + U_z h_{t-1} + b_z)", id="input-missing"),
        pytest.param("z_t = \\sigma(W_z x_t + U_z h_{t-1} + V_z x_t + b_z)", id="a-term-too-many"),
        pytest.param("z_t = \\sigma(W_z x_t + U_z h_{t-1}) + b_z", id="bias-outside"),
        pytest.param("z_t = \\sigma(W_z x_t + U_z h_{t-1} + b_z) * c_z", id="a-stray-factor"),
        pytest.param("z_t = \\tanh(W_{xz} x_t + W_{hz} h_{t-1} + b_z)", id="tanh"),
    ],
)
def test_renaming_never_makes_a_wrong_answer_right(answer: str) -> None:
    assert CHECKER.grade(check(), answer, CONTEXT).status is Status.INCORRECT


def test_row_vectors_only_where_declared() -> None:
    answer = "z_t = \\sigma(x_t W_{xz} + h_{t-1} W_{hz} + b_z)"
    assert CHECKER.grade(check(row_vectors=False), answer, CONTEXT).status is Status.INCORRECT


def test_a_known_mistake_in_another_convention_is_that_mistake() -> None:
    mistake = Mistake(answer="z_t = \\tanh(W_z x_t + U_z h_{t-1} + b_z)", feedback="σ", note="tanh", score=0)
    context = PartContext(points=2, notation=CONTEXT.notation, mistakes=(mistake,))
    outcome = CHECKER.grade(check(), "z_t = \\tanh(W_{xz} x_t + W_{hz} h_{t-1} + b_z)", context)
    assert outcome.note == "mistake:tanh"


def test_too_many_renamings_go_to_a_grader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conventions, "MAX_RENAMINGS", 1)
    outcome = CHECKER.grade(check(), "z_t = σ(U_z x_t + W_z h_{t-1} + b_z)", CONTEXT)
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "undetermined")


@pytest.mark.parametrize(
    ("name", "patterns", "free"),
    [
        pytest.param(Name("W", sub="xz"), ["W_*"], True, id="any-subscript"),
        pytest.param(Name("W"), ["W_*"], True, id="no-subscript"),
        pytest.param(Name("W", sub="z"), ["W"], False, id="exact-name-only"),
        pytest.param(Name("b"), ["W_*", "b"], True, id="exact"),
        pytest.param(Name("h", sub="t-1"), ["W_*"], False, id="not-declared"),
        pytest.param(Name("W", decor=("tilde",), sub="z"), ["W_*"], False, id="decorated-is-another-symbol"),
    ],
)
def test_which_names_are_free(name: Name, patterns: list[str], free: bool) -> None:
    assert is_free(name, patterns) is free


def test_the_devset_gru_rubric_needs_no_renaming_alternatives() -> None:
    """Rewritten with `free:` and `row_vectors:` in place of its alternatives that only rename, the devset's GRU
    rubric passes all its tests and grades the devset class exactly as the original."""
    from grader.authoring.selftest import self_test

    free = load_rubric(DATA / "devset_free" / "dl-gru.yaml")
    assert all(result.passed for result in self_test(free))
    devset = ROOT.parent / "shared" / "devset"
    original = load_rubric(devset / "rubrics" / "dl-gru.yaml")
    for path in sorted((devset / "class" / "gru").glob("*.json")):
        submission = load_submission(path)
        mine, theirs = grade(free, submission, isolate=False), grade(original, submission, isolate=False)
        assert [(p.status, p.score) for p in mine.parts()] == [(p.status, p.score) for p in theirs.parts()], path


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("z_t = \\sigma(W_z [h_{t-1}, x_t])", id="concatenation-without-bias"),
        pytest.param("z_t = \\sigma(W_{xz} x_t + W_{hz} h_{t-1})", id="d2l-names-without-bias"),
    ],
)
def test_a_missing_bias_in_another_convention_goes_to_a_grader(answer: str) -> None:
    outcome = CHECKER.grade(check(), answer, CONTEXT)
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "near_miss")
    assert "without its bias, under the rubric's conventions" in " ".join(outcome.feedback)


def by_example(**settings: object) -> EquationCheck:
    """A reset gate whose rubric, like the devset's GRU, declares no `free` names but lists Goodfellow's swapped
    letters among its alternatives: it names the same weights two ways."""
    return EquationCheck.model_validate(
        {"type": "equation", "expected": "r_t = \\sigma(W_r x_t + U_r h_{t-1} + b_r)",
         "alternatives": ["r_t = \\sigma(U_r x_t + W_r h_{t-1} + b_r)"], **settings}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("r_t = σ(W_{xr} x_t + W_{hr} h_{t-1} + b_r)", Status.CORRECT, "convention:weight-names", id="d2l"),
        pytest.param("r_t = σ(W_{ir} x_t + V_{hr} h_{t-1} + b_r)", Status.INCORRECT, "not_equivalent", id="not-free"),
        pytest.param("r_t = σ(W_r x_t + U_z h_{t-1} + b_r)", Status.NEEDS_REVIEW, "near_miss", id="update-gates-U"),
        pytest.param("r_t = σ(W_{xr} x_t + W_{xr} h_{t-1} + b_r)", Status.INCORRECT, "not_equivalent", id="shared"),
    ],
)
def test_weight_names_are_a_convention_where_the_rubrics_own_answers_rename_them(
    answer: str, status: Status, note: str
) -> None:
    """The rubric's own answers name its weights in two ways, so an answer right under a third naming of one
    gate's weights is right, with the convention said; an answer that takes another gate's matrix is not."""
    outcome = CHECKER.grade(by_example(), answer, CONTEXT)
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
    if status is Status.CORRECT:
        assert "the rubric's own answers name these weights in more than one way" in outcome.feedback[-1]


def test_without_two_namings_in_the_rubric_renamed_weights_still_go_to_a_grader() -> None:
    check = EquationCheck(type="equation", expected="r_t = \\sigma(W_r x_t + U_r h_{t-1} + b_r)")
    outcome = CHECKER.grade(check, "r_t = σ(W_{xr} x_t + W_{hr} h_{t-1} + b_r)", CONTEXT)
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "near_miss")


def test_a_known_mistake_in_another_naming_is_that_mistake_where_the_rubric_renames() -> None:
    mistake = Mistake(answer="r_t = \\tanh(W_r x_t + U_r h_{t-1} + b_r)", feedback="σ", note="tanh", score=0)
    context = PartContext(points=2, notation=CONTEXT.notation, mistakes=(mistake,))
    outcome = CHECKER.grade(by_example(), "r_t = \\tanh(W_{xr} x_t + W_{hr} h_{t-1} + b_r)", context)
    assert outcome.note == "mistake:tanh"


@pytest.mark.parametrize(
    ("answer", "one"),
    [
        pytest.param("r_t = σ(W_{xr} x_t + W_{hr} h_{t-1} + b_r)", True, id="one-letter"),
        pytest.param("r_t = σ(W x_t + U h_{t-1} + b)", True, id="no-subscripts"),
        pytest.param("r_t = σ(W_r x_t + U_z h_{t-1} + b_r)", False, id="two-gates"),
    ],
)
def test_whether_an_answer_names_one_gates_weights(answer: str, one: bool) -> None:
    from grader.checks.mathsetup import declared_context
    from grader.math.parser import parse_one
    from grader.math.resolve import resolve

    chain = resolve(parse_one(answer), declared_context(CONTEXT.notation.model_dump_json()))
    assert conventions.one_gate_named(chain) is one


def test_bare_weight_names_follow_the_notation_not_the_rubrics_renaming_alternatives() -> None:
    """Names written without subscripts are the notation's `weight_names` convention: where it says `review`,
    a part whose answers rename their weights does not credit them as a renaming."""
    notation = Notation(matrices=["W", "U"], weight_names="review")
    outcome = CHECKER.grade(by_example(), "r_t = σ(W x_t + U h_{t-1} + b)", PartContext(points=2, notation=notation))
    assert outcome.status is Status.NEEDS_REVIEW, outcome.feedback
