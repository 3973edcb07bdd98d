"""`grade(rubric, submission) -> Report`: the pure core. No printing, no file I/O."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, NamedTuple, Protocol

from grader.errors import CheckAbortedError, Problem, SubmissionError
from grader.models.outcome import Outcome
from grader.models.report import Note, PartResult, QuestionResult, Report, Status, total
from grader.models.rubric import Part, Question, Rubric, part_id
from grader.models.submission import Submission
from grader.references import LEGEND, legend_from, legend_remark, may_point, remark, resolved
from grader.sandbox import Sandbox
from grader.sizes import sized

if TYPE_CHECKING:
    from grader.checks import Followed

Key = tuple[str, str, str]  # (assignment, part id, exact answer)


class Cache(Protocol):
    """Outcomes already known, by assignment, part id and exact answer: a dict for one batch, or the verdict
    cache on disk (`VerdictCache`, grader/io/cache.py) that remembers them between runs."""

    def get(self, key: Key, /) -> Outcome | None:
        """The outcome stored for `key`, or None."""
        ...

    def __setitem__(self, key: Key, outcome: Outcome, /) -> None:
        """Store the outcome of `key`."""
        ...


def grade(
    rubric: Rubric,
    submission: Submission,
    *,
    isolate: bool = True,
    runner: Sandbox | None = None,
    cache: Cache | None = None,
) -> Report:
    """Grade a submission against its rubric.

    Every check runs in a worker process bounded by the rubric's `limits` (unless `isolate=False`, for
    callers that bound work themselves); a check that overruns or fails makes its part `needs_review`
    and grading goes on. A batch passes its own `runner` (kept open between submissions) and a `cache`
    of outcomes by part and answer text, so an answer many students wrote is checked once. Raises
    SubmissionError if the submission is for another assignment.
    """
    if submission.assignment != rubric.assignment:
        raise SubmissionError(
            [
                Problem(
                    "assignment",
                    f"is {submission.assignment!r}, but the rubric is for "
                    f"{rubric.assignment!r}: pick the rubric of that assignment",
                )
            ]
        )
    sandbox: AbstractContextManager[Sandbox | None] = (
        Sandbox(memory_mb=rubric.limits.memory_mb) if isolate and runner is None else nullcontext(runner)
    )
    with sandbox as bounded:
        questions = [_grade_question(question, rubric, submission, bounded, cache) for question in rubric.questions]
    known = {part_id(question, part) for question, part in rubric.parts()}
    return Report(
        assignment=rubric.assignment,
        student=submission.student,
        score=total([question.score for question in questions]),
        max_score=total([question.max_score for question in questions]),
        questions=questions,
        unknown_answers=sorted(set(submission.answers) - known),
    )


def grade_answer(
    rubric: Rubric,
    question: Question,
    part: Part,
    answer: str,
    runner: Sandbox | None,
    earlier: str | None = None,
    answers: Mapping[str, str] | None = None,
) -> PartResult:
    """One answer to one part, graded as in a submission (bounded by `runner` when given); `earlier` is the
    answer to the part it `follows`, if any, and `answers` the student's answers to the other parts, by id
    (for errors carried forward that the rubric does not declare)."""
    identifier = part_id(question, part)
    other, graded = _answered(rubric, identifier, part, answer, answers or {})  # `same as keras`: that answer
    graded, legend = _with_legend(part, identifier, graded, answers or {})
    graded = graded or ""
    outcome = _outcome(part, graded, rubric, runner, earlier)
    carrying = _carrying(part, rubric, answers or {}) if _may_carry(outcome, rubric) else {}
    if carrying:
        outcome = _carried(part, graded, outcome, rubric, runner, carrying)
    return _result(identifier, part, _pointed(outcome, other, graded, legend))


def _grade_question(
    question: Question, rubric: Rubric, submission: Submission, runner: Sandbox | None, cache: Cache | None
) -> QuestionResult:
    parts = [_grade_part(question, part, rubric, submission, runner, cache) for part in question.parts]
    return QuestionResult(
        id=question.id,
        title=question.title,
        score=total([part.score for part in parts]),
        max_score=total([part.max_score for part in parts]),
        parts=parts,
    )


def _grade_part(
    question: Question,
    part: Part,
    rubric: Rubric,
    submission: Submission,
    runner: Sandbox | None,
    cache: Cache | None = None,
) -> PartResult:
    identifier = part_id(question, part)
    key, answer, earlier, other, legend = _planned(rubric, identifier, part, submission.answers)
    written = answer or ""  # exact: checks read line breaks (sentences, layout)
    outcome = _cached(cache, key, lambda: _outcome(part, answer, rubric, runner, earlier))
    carrying = _carrying(part, rubric, submission.answers) if _may_carry(outcome, rubric) else {}
    if carrying:  # a wrong count, and earlier answers it may follow from: cached with them
        context = "".join(f"\x00carries\x00{other}\x00{text}" for other, text in carrying.items())
        base = outcome
        outcome = _cached(
            cache, (*key[:2], key[2] + context), lambda: _carried(part, written, base, rubric, runner, carrying)
        )
    return _result(identifier, part, _pointed(outcome, other, written, legend))


class Planned(NamedTuple):
    """A check that grading an answer runs before any error carried forward, and its key in a `Cache`."""

    key: Key
    part: Part
    answer: str
    earlier: str | None  # the answer to the part it `follows`, if any


def planned(rubric: Rubric, answers: Mapping[str, str]) -> list[Planned]:
    """The checks `grade` runs on `answers` before any error carried forward, one per answered part. A batch
    runs each distinct one once across its workers (`run_planned`) and grades every submission from them."""
    found = []
    for question, part in rubric.parts():
        key, answer, earlier, _, _ = _planned(rubric, part_id(question, part), part, answers)
        if answer and answer.strip():
            found.append(Planned(key, part, answer, earlier))
    return found


def run_planned(rubric: Rubric, check: Planned, runner: Sandbox | None) -> Outcome:
    """The outcome of a planned check, as `grade` would compute it (bounded by `runner` when given)."""
    return _outcome(check.part, check.answer, rubric, runner, check.earlier)


def _planned(
    rubric: Rubric, identifier: str, part: Part, answers: Mapping[str, str]
) -> tuple[Key, str | None, str | None, str | None, str | None]:
    """A part's cache key, answer, earlier answer (to the part it follows, if any), the part its answer points
    to, if it does: then the answer is the student's to that part (`same as keras`; `grader/references.py`), and
    the part whose legend of the letter o it is read with, if any (then that legend is added to the answer)."""
    other, answer = _answered(rubric, identifier, part, answers.get(identifier), answers)
    answer, legend = _with_legend(part, identifier, answer, answers)
    earlier = answers.get(part.follows.part, "") if part.follows else None
    written = answer or ""  # exact: checks read line breaks (sentences, layout)
    return (
        (rubric.assignment, identifier, written if earlier is None else f"{written}\x00follows\x00{earlier}"),
        answer,
        earlier,
        other,
        legend,
    )


def _answered(
    rubric: Rubric, identifier: str, part: Part, answer: str | None, answers: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """The part whose answer the student's `answer` to `part` points to (`same as keras`), if it does, and the
    answer to grade: that part's then, else `answer`. Never for an explanation, whose words beside a pointer
    (`see above, and the weights are shared`) are its answer."""
    if part.check.type == "text" or not may_point(answer):
        return None, answer
    order = [part_id(question, other) for question, other in rubric.parts()]
    other = resolved(answer, identifier, answers, order)
    return other, answers[other] if other else answer


def _with_legend(
    part: Part, identifier: str, answer: str | None, answers: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """A formula's answer with the student's legend of the letter o from another answer put in, and that answer's
    part (`h_t = (1 - z_t) o h_{t-1} + …`, where the answer to q1.candidate says `o is elementwise product`);
    the answer as it is and None when it needs none."""
    if part.check.type not in ("equation", "expression"):
        return answer, None
    legend = legend_from(answer, identifier, answers)
    return (f"{answer}\n{LEGEND}", legend) if legend and answer else (answer, None)


def _pointed(outcome: Outcome, other: str | None, graded: str | None, legend: str | None = None) -> Outcome:
    """The outcome, saying first which other answer it graded when the student's pointed to it, and whose legend
    of the letter o it was read with."""
    written = graded.removesuffix(f"\n{LEGEND}") if graded is not None else None
    said = ((remark(other, written),) if other is not None and written is not None else ()) + (
        (legend_remark(legend),) if legend else ()
    )
    return dataclasses.replace(outcome, feedback=(*said, *outcome.feedback)) if said else outcome


def _cached(cache: Cache | None, key: Key, compute: Callable[[], Outcome]) -> Outcome:
    """The outcome stored for `key`, or `compute`'s, stored (unless the check crashed: that may be the
    machine's fault, not the answer's)."""
    known = cache.get(key) if cache is not None else None
    if known is not None:
        return known
    outcome = compute()
    if cache is not None and outcome.note != Note.CRASHED:
        cache[key] = outcome
    return outcome


def _outcome(
    part: Part, answer: str | None, rubric: Rubric, runner: Sandbox | None, earlier: str | None = None
) -> Outcome:
    # here: an answer found in a cache needs no engine
    from grader.checks import CHECKERS, context_for, preload_math, run_check
    from grader.extract import MAX_ANSWER_LENGTH, declines

    expected = CHECKERS[part.check.type].expected(part.check)
    if answer is None or not answer.strip():
        outcome = Outcome(Status.UNANSWERED, 0.0, ("No answer.",), None, expected, Note.UNANSWERED)
    elif declines(answer):
        said = f"No answer: you wrote “{answer.strip()}”."
        outcome = Outcome(Status.UNANSWERED, 0.0, (said,), None, expected, Note.DECLINED)
    elif len(answer) > MAX_ANSWER_LENGTH:
        reason = f"The answer is {len(answer):,} characters long; answers over {MAX_ANSWER_LENGTH:,} are not checked."
        outcome = Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), None, expected, Note.TOO_LONG)
    else:
        from grader.borrowed import with_borrowed_mistakes

        part = with_borrowed_mistakes(rubric, part)
        limit = rubric.limits.time
        followed = _followed(part, rubric, earlier)
        context = context_for(part, rubric.notation, limit, followed, rubric.arithmetic_slips, rubric.channels_left_out)
        try:
            if runner is None:
                outcome = run_check(part, answer, context)
            else:
                preload_math()  # before the worker forks (the first time), so a restarted worker has it too
                outcome = runner.run(run_check, part, answer, context, timeout=limit)
        except CheckAbortedError as error:
            reason = f"The check stopped because {error}; a grader will read this answer."
            outcome = Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), None, expected, error.note)
    return outcome


def _may_carry(outcome: Outcome, rubric: Rubric) -> bool:
    """Whether an outcome is a wrong answer that an error carried forward would earn more for: one read as a
    value (an answer with no number or shape read follows from nothing)."""
    wrong = outcome.status in (Status.INCORRECT, Status.PARTIAL) and outcome.fraction < rubric.carried_errors
    return wrong and outcome.interpreted_as is not None


def _carried(
    part: Part, answer: str, outcome: Outcome, rubric: Rubric, runner: Sandbox | None, carrying: Mapping[str, str]
) -> Outcome:
    """`outcome`, or credit for an error carried forward from the student's earlier answers (`carrying`) that
    the rubric does not declare (grader/checks/inferred.py), bounded like a check; `outcome` if that stops."""
    from grader.checks import Carries
    from grader.checks.inferred import carried_inferred

    parts = {part_id(question, other): other for question, other in rubric.parts()}
    earlier = tuple((identifier, parts[identifier], text) for identifier, text in carrying.items())
    carries = Carries(share=rubric.carried_errors, earlier=earlier, models=tuple(rubric.models.values()))
    try:
        if runner is None:
            return carried_inferred(part, answer, outcome, carries)
        return runner.run(carried_inferred, part, answer, outcome, carries, timeout=rubric.limits.time)
    except CheckAbortedError:
        return outcome


def _followed(part: Part, rubric: Rubric, earlier: str | None) -> Followed | None:
    """The earlier part `part` follows, with the student's answer to it; None when it follows none."""
    from grader.checks import Followed
    from grader.models.checks import NumberCheck, ParamsCheck, ShapeCheck

    if part.follows is None or not earlier:
        return None
    before = {part_id(q, p): p for q, p in rubric.parts()}[part.follows.part]
    if not isinstance(before.check, ShapeCheck | NumberCheck | ParamsCheck):
        return None
    follows = part.follows
    return Followed(id=follows.part, check=before.check, answer=earlier, credit=follows.credit, formula=follows.formula)


def _carrying(part: Part, rubric: Rubric, answers: Mapping[str, str]) -> dict[str, str]:
    """The student's answers to the earlier parts an error may be carried forward from into `part` without a
    `follows:` (grader/checks/inferred.py), by id: none unless `part` counts parameters, or asks for sizes as an
    `expression` or `number` (grader/sizes.py; which layer's, grader/checks/implied.py decides), and the rubric
    gives such errors credit."""
    if part.follows is not None or not rubric.carried_errors:
        return {}
    sizes = bool(rubric.models) and sized(part.check) is not None  # a shape or size asked as expression or number
    if part.check.type != "params" and not sizes:
        return {}
    found = {}
    for question, other in rubric.parts():
        if other is part:
            break
        identifier = part_id(question, other)
        carries = other.check.type in ("number", "params", "shape") or (
            sizes and other.check.type == "expression" and sized(other.check) is not None
        )
        if carries and answers.get(identifier, "").strip():
            found[identifier] = answers[identifier]
    return found


def _result(identifier: str, part: Part, outcome: Outcome) -> PartResult:
    extra = {
        Status.CORRECT: part.feedback.correct,
        Status.PARTIAL: part.feedback.partial,
        Status.INCORRECT: part.feedback.incorrect,
        Status.UNANSWERED: part.feedback.unanswered,
    }.get(outcome.status)
    feedback = [*outcome.feedback, *([extra] if extra else [])]
    return PartResult(
        id=identifier,
        status=outcome.status,
        score=round(part.points * outcome.fraction, 4),
        max_score=part.points,
        feedback="\n".join(feedback),
        interpreted_as=outcome.interpreted_as,
        interpreted_latex=outcome.interpreted_latex,
        confidence=outcome.confidence,
        expected=outcome.expected,
        note=outcome.note,
    )
