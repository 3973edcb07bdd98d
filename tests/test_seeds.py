"""The acceptance test: the two real student submissions and their rubrics."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from grader import Report, Rubric, Status, Submission, grade
from grader.checks.mathsetup import as_written_by_a_student
from grader.models.checks import ChoiceCheck, EquationCheck, ExpressionCheck, NumberCheck, SetCheck
from grader.models.rubric import part_id
from tests.conftest import SEED_PAIRS, SEEDS


@cache
def _report(stem: str) -> Report:
    from grader import load_rubric, load_submission
    from tests.conftest import RUBRICS, SUBMISSIONS

    submission = load_submission(SUBMISSIONS / f"{stem}.json")
    return grade(load_rubric(RUBRICS / f"{SEED_PAIRS[stem]}.yaml"), submission)


def part(stem: str, identifier: str) -> Any:
    return next(p for p in _report(stem).parts() if p.id == identifier)


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
@pytest.mark.parametrize("stem", SEED_PAIRS)
def test_transcriptions_are_the_students_own_words(stem: str, seed_submissions: dict[str, Submission]) -> None:
    document = _normal((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))
    for answer_id, answer in seed_submissions[stem].answers.items():
        for line in answer.splitlines():
            # Conclusion lines are quoted without their list numbering.
            fragment = _normal(re.sub(r"^- \d\) ", "", line.strip()))
            assert fragment in document, f"{answer_id}: {fragment!r} is not in the seed document"


@pytest.mark.parametrize("stem", SEED_PAIRS)
def test_every_part_is_answered_and_graded(stem: str) -> None:
    report = _report(stem)
    assert report.unknown_answers == []
    assert all(p.status is not Status.UNANSWERED for p in report.parts())
    assert all(p.feedback for p in report.parts())


def test_seed_000_parameter_counts() -> None:
    stem = "000_bbf2462fc864e187"
    assert part(stem, "q4.embedding-params").status is Status.CORRECT
    assert part(stem, "q4.embedding-params").interpreted_as == "16,000"
    assert part(stem, "q4.lstm-params").status is Status.CORRECT
    assert part(stem, "q4.lstm-params").interpreted_as == "6,272"
    dense = part(stem, "q4.dense-params")
    assert dense.status is Status.PARTIAL
    assert dense.note == "mistake:wrong-input-size"
    assert dense.expected.startswith("8,705")
    for fragment in ("4,609", "4,352", "32-dimensional", "8,448", "8,705"):
        assert fragment in dense.feedback


def test_seed_000_equations() -> None:
    stem = "000_bbf2462fc864e187"
    for gate in ("forget", "input", "output", "candidate"):
        assert part(stem, f"q2.{gate}").status is Status.CORRECT, gate
    assert part(stem, "q2.output").interpreted_as == "o_t = σ(W_o·[h_{t-1}, x_t] + b_o)"
    assert part(stem, "q3.ct-relation").note == "mistake:one-step-only"
    assert part(stem, "q3.gradient").status is Status.INCORRECT


def test_seed_000_explanations_credit_the_concepts_they_contain() -> None:
    stem = "000_bbf2462fc864e187"
    assert part(stem, "q1.difference").status is Status.CORRECT
    assert part(stem, "q2.roles").status is Status.CORRECT
    assert part(stem, "q4.embedding-purpose").status is Status.CORRECT
    why = part(stem, "q1.why-memory")
    assert (why.status, why.score) == (Status.PARTIAL, 3)
    assert "Missing: the cell state is updated additively" in why.feedback


def test_seed_003_answers() -> None:
    stem = "003_b7196c77d5787463"
    for steps in ("steps-5", "steps-10"):
        result = part(stem, f"rnn-params.{steps}")
        assert (result.status, result.interpreted_as) == (Status.CORRECT, "20,362")
    assert part(stem, "rnn-unroll.answer").interpreted_as == "no"
    forget = part(stem, "forget-zero.equation")
    assert forget.status is Status.CORRECT
    assert forget.interpreted_as == "c_t = i_t*g_t"
    assert part(stem, "variants.named").status is Status.CORRECT
    assert part(stem, "lstm-vanishing.mechanism").status is Status.PARTIAL


def _expected_answer(check: Any) -> str | None:
    if isinstance(check, NumberCheck | ExpressionCheck | EquationCheck):
        return str(check.expected)
    if isinstance(check, SetCheck):
        return ", ".join(item.name for item in check.items)
    if isinstance(check, ChoiceCheck):
        return next(o.phrasings[0] for o in check.options if o.id == check.answer)
    return None


@pytest.mark.parametrize("assignment", sorted(set(SEED_PAIRS.values())))
def test_the_rubrics_own_answers_are_correct_and_its_mistakes_reachable(
    assignment: str, seed_rubrics: dict[str, Rubric]
) -> None:
    rubric = seed_rubrics[assignment]
    expected: dict[str, str] = {}
    for question, p in rubric.parts():
        answer = _expected_answer(p.check)
        if answer is not None:
            expected[part_id(question, p)] = answer
        for alternative in getattr(p.check, "alternatives", []):
            expected[f"{part_id(question, p)}#alt{len(expected)}"] = alternative
    student = {"id": "rubric-author"}
    plain = {key: value for key, value in expected.items() if "#" not in key}
    report = grade(rubric, Submission(assignment=assignment, student=student, answers=plain), isolate=False)
    graded = {p.id: p for p in report.parts()}
    assert {key: graded[key].status for key in plain} == dict.fromkeys(plain, Status.CORRECT)
    for key, alternative in expected.items():
        if "#" in key:
            answers = {key.split("#")[0]: alternative}
            result = grade(rubric, Submission(assignment=assignment, student=student, answers=answers), isolate=False)
            assert next(p for p in result.parts() if p.id in answers).status is Status.CORRECT, alternative
    for question, p in rubric.parts():
        notation = rubric.notation.merged(getattr(p.check, "notation", None))
        for index, mistake in enumerate(p.mistakes):  # one about another symbol stands beside the expected answer
            answers = {part_id(question, p): as_written_by_a_student(p.check, notation, tuple(p.mistakes), index)}
            result = grade(rubric, Submission(assignment=assignment, student=student, answers=answers), isolate=False)
            graded_part = next(r for r in result.parts() if r.id == part_id(question, p))
            kind = "convention" if mistake.accepted else "mistake"  # an accepted convention is credited as such
            assert graded_part.note == f"{kind}:{mistake.note}", (
                f"{part_id(question, p)}: {mistake.note} not recognised"
            )


@pytest.mark.parametrize(
    ("assignment", "answer_id", "answer", "note"),
    [
        pytest.param(
            "dl-rnn-vs-lstm", "q3.gradient", "δc_{t−2} = δc_t ⊙ f_t", "mistake:one-step-short", id="one-step-short"
        ),
        pytest.param(
            "dl-rnn-vs-lstm",
            "q3.gradient",
            r"$$\frac{\partial L}{\partial c_{t-2}} = \frac{\partial L}{\partial c_t} \cdot f_t$$",
            "mistake:one-step-short",
            id="one-step-short-as-derivatives",
        ),
        pytest.param(
            "dl-rnn-vs-lstm",
            "q3.gradient",
            "∂E/∂c_{t-2} = ∂E/∂c_t ⊙ f_t ⊙ f_{t-1}",
            "equivalent",
            id="gradient-as-derivatives-is-right",
        ),
        pytest.param(
            "dl-rnn-vs-lstm",
            "q3.gradient",
            "dE/dc_{t-2} = f_{t-1} f_{t-2} dE/dc_t",
            "mistake:wrong-time-index",
            id="gradient-wrong-time-index",
        ),
        pytest.param(
            "dl-rnn-vs-lstm",
            "q3.ct-relation",
            "C_t = f_t ⊙ f_{t-1} ⊙ C_{t-2} + i_t ⊙ C̃_t",
            "mistake:missing-input-term",
            id="missing-input-gate-term",
        ),
        pytest.param(
            "dl-rnn-vs-lstm",
            "q2.forget",
            "f_t = tanh(W_f·[h_{t−1}, x_t] + b_f)",
            "mistake:tanh-for-sigmoid",
            id="sigma-tanh-swapped",
        ),
        pytest.param(
            "dl-rnn-vs-lstm",
            "q2.candidate",
            r"\bar{C}_t = \sigma(W_C [h_{t-1}, x_t] + b_C)",
            "mistake:sigmoid-for-tanh",
            id="tanh-sigma-swapped",
        ),
        pytest.param(
            "dl-rnn-vs-lstm",
            "q2.input",
            "i_t = σ(W_i [h_t, x_t] + b_i)",
            "mistake:wrong-time-index",
            id="gate-wrong-time-index",
        ),
    ],
)
def test_the_usual_errors_are_named_in_any_notation(
    assignment: str, answer_id: str, answer: str, note: str, seed_rubrics: dict[str, Rubric]
) -> None:
    submission = Submission(assignment=assignment, student={"id": "s"}, answers={answer_id: answer})
    report = grade(seed_rubrics[assignment], submission, isolate=False)

    assert next(p for p in report.parts() if p.id == answer_id).note == note
