"""The rubric: an instructor's description of an assignment and how to grade each part.

These pydantic models are the only schema of the rubric format; the loader, the validation messages
and the JSON Schema all come from them. Every model is frozen and rejects unknown keys.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from grader.models.checks import MODEL_CHECKS, Check
from grader.models.common import MAX_POINTS, Id, Model, Notation, NumberOrText, Slug
from grader.params.spec import ModelSpec

CHECK_TYPES: tuple[str, ...] = (
    "number",
    "expression",
    "equation",
    "text",
    "set",
    "choice",
    "params",
    "shape",
    "receptive_field",
)


class Mistake(Model):
    """A known wrong answer with its own feedback and, optionally, partial credit."""

    answer: NumberOrText = Field(
        description="The wrong answer, read with the same check as the expected answer: a number, an "
        "expression or equation, or for text, set and choice checks a phrase (`a/b`, `...` allowed)."
    )
    feedback: str = Field(description="What the student did and what the right reasoning is.")
    score: float = Field(
        0.0, ge=0, le=MAX_POINTS, description="Points still given for this mistake (less than the part's points)."
    )
    note: Slug = Field(description="A short stable tag for this mistake, reported as `mistake:<note>`.")
    accepted: bool = Field(
        False,
        description="This answer follows another convention the rubric accepts (channels-first shapes, a "
        "textbook's other naming): full marks, with `feedback` saying so, reported as `convention:<note>`. "
        "Leave out `score`.",
    )
    alone: bool = Field(
        False,
        description="For an equation about another symbol than the one asked: a true equation given instead of "
        "the answer (`h_t = o_t ⊙ tanh(c_t)` asked for the output gate), which applies only when it is all the "
        "answer states. Without it, such a mistake is a wrong statement beside the answer and caps a right one.",
    )

    @model_validator(mode="after")
    def _accepted_takes_no_score(self) -> Mistake:
        if self.accepted and self.score:
            raise ValueError("an accepted convention earns full marks: leave out `score`")
        return self


class Feedback(Model):
    """Extra feedback shown by status, after what the check itself says."""

    correct: str | None = None
    partial: str | None = None
    incorrect: str | None = None
    unanswered: str | None = None


STATUSES = ("correct", "partial", "incorrect", "unanswered", "needs_review")


class PartTest(Model):
    """A self-test of a part: an answer and what grading it must give (`grader rubric test`)."""

    answer: NumberOrText = Field(description="An answer as a student would write it, in any notation; '' is blank.")
    earlier: NumberOrText | None = Field(
        None,
        description="For a part that `follows` another: the student's answer to that part (error carried forward).",
    )
    name: str | None = Field(None, description="What the test is about, shown in the results table.")
    status: Literal["correct", "partial", "incorrect", "unanswered", "needs_review"] | None = Field(
        None, description="The status grading must give."
    )
    score: float | None = Field(None, ge=0, le=MAX_POINTS, description="The score grading must give.")
    note: str | None = Field(
        None, description="The note grading must give: `equivalent`, `mistake:<note>`, `unreadable`, ..."
    )

    @model_validator(mode="after")
    def _expects_something(self) -> PartTest:
        if self.status is None and self.score is None and self.note is None:
            raise ValueError("a test says what grading must give: `status`, `score` and/or `note`")
        return self


class Follows(Model):
    """An earlier part this one builds on: an answer that is wrong only because the student's earlier answer
    was wrong, and right for that earlier value, gets `credit` (error carried forward)."""

    part: str = Field(description="The earlier part's answer id, `<question>.<part>` (e.g. `q1.conv1-shape`).")
    credit: float = Field(
        1.0, ge=0, le=1, description="The share of this part's points for an answer right for the earlier value."
    )
    formula: str | None = Field(
        None,
        description="For a `number` part: its expected value as arithmetic on `x`, the earlier part's value "
        "(`x * 10 + 10` after a Flatten size). With the right earlier value it must give this part's expected "
        "value; with the student's own, it gives what a carried-forward answer is.",
    )


class Part(Model):
    """A gradable part of a question."""

    id: Id
    prompt: str = Field("", description="What the part asks.")
    points: float = Field(gt=0, le=MAX_POINTS, description="Points for a fully correct answer.")
    check: Check
    mistakes: list[Mistake] = Field(default_factory=list, description="Known mistakes; the first that matches wins.")
    feedback: Feedback = Field(default_factory=Feedback)
    tests: list[PartTest] = Field(
        default_factory=list,
        description="Self-tests run by `grader rubric test`: answers (right ones in several notations, each known "
        "mistake, blank, garbage) and the status, score or note each must get.",
    )
    follows: Follows | None = Field(
        None,
        description="Error carried forward: the earlier `shape` part whose answer this part's expected value is "
        "recomputed from (`follows: q1.conv1-shape` or `{part: q1.conv1-shape, credit: 0.5}`); for `shape` and "
        "`params` parts on the same model, at a later layer.",
    )

    @field_validator("follows", mode="before")
    @classmethod
    def _follows_shorthand(cls, value: Any) -> Any:
        return {"part": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _mistakes_below_full_marks(self) -> Part:
        for mistake in self.mistakes:
            if not mistake.accepted and mistake.score >= self.points:
                raise ValueError(
                    f"mistake {mistake.note!r} gives {mistake.score} points, not less than the part's "
                    f"{self.points}: a known mistake cannot earn full marks (an accepted convention can: "
                    "write `accepted: true`)"
                )
        for test in self.tests:
            if test.earlier is not None and self.follows is None:
                raise ValueError("a test gives an `earlier` answer, but the part follows no other part: add `follows:`")
            if test.score is not None and test.score > self.points:
                raise ValueError(f"a test expects {test.score} points, more than the part's {self.points}")
        return self


class Question(Model):
    """A question of the assignment, made of parts."""

    id: Id
    title: str
    label: str | None = Field(
        None,
        description="How the assignment numbers the question (`Q3`, `1.1.2`); `grader import` finds the answer "
        "under a heading with this number. Default: the number in the id (`q3` -> Q3).",
    )
    prompt: str = Field("", description="The question as the assignment states it.")
    points: float | None = Field(
        None,
        gt=0,
        le=MAX_POINTS,
        description="The question's points as the assignment states them; its parts must add up to it.",
    )
    parts: list[Part] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_part_ids(self) -> Question:
        _require_unique([part.id for part in self.parts], "part id", f" in question {self.id!r}")
        return self


class Limits(Model):
    """Resource bounds for every check of this rubric."""

    time: float = Field(2.0, gt=0, le=120, description="Seconds one check may take before it goes to review.")
    memory_mb: int = Field(1024, ge=64, description="Memory one check may use, in MiB, above what is loaded.")


class Rubric(Model):
    """An assignment's rubric: its questions, parts, and how each part is checked."""

    assignment: Id = Field(description="The assignment id; submissions name it in `assignment`.")
    title: str
    description: str = ""
    points: float | None = Field(
        None, gt=0, le=MAX_POINTS, description="The assignment's total points as stated; the parts must add up to it."
    )
    limits: Limits = Field(default_factory=Limits)
    notation: Notation = Field(default_factory=Notation, description="Notation shared by all math parts.")
    models: dict[Id, ModelSpec] = Field(
        default_factory=dict,
        description="Models defined once, named, for `params`, `shape` and `receptive_field` checks to refer to.",
    )
    questions: list[Question] = Field(min_length=1)
    carried_errors: float = Field(
        0.4,
        ge=0,
        le=1,
        description="The share of a `params` part's points for a count that is wrong only because the student's "
        "own earlier answers on the same model were: a total summing their own layer counts, a layer counted "
        "from the Flatten size they gave (error carried forward, found from the model where a part declares no "
        "`follows:`). The default 0.4 lies between the 1 of 2 and 1 of 3 an instructor gave such counts and "
        "stays under half: the answer is still wrong. 0 gives such answers nothing.",
    )
    arithmetic_slips: float = Field(
        0.5,
        ge=0,
        le=1,
        description="The share of a `number`, `params` or `receptive_field` part's points for a result whose "
        "working comes to the right value while the stated result does not (`896 + … + 1290 = 458146`: an "
        "arithmetic slip). 0 sends such answers to review.",
    )
    channels_left_out: float = Field(
        0.5,
        ge=0,
        le=1,
        description="The share of an `expression` part's points for a shape given without its last axis, the "
        "channels (`13x13` for (13, 13, 32)): the spatial size is right, the shape is not whole. Every corpus "
        "keyer gave such answers half. 0 sends them to review; a `mistakes` entry for the shape overrides it.",
    )
    withhold: list[Literal["expected", "hints"]] = Field(
        default_factory=list,
        description="Kept out of students' feedback pages, feedback files and exports until the instructor runs "
        "`grader release OUT`: `expected` (the expected answers) and/or `hints` (the hints of missing ideas and "
        "the parts' `feedback` by status).",
    )

    @model_validator(mode="before")
    @classmethod
    def _resolve_models(cls, data: Any) -> Any:
        """`model: <name>` in a params, shape or receptive_field check becomes the rubric's model of that name
        (unknown names stay, and validation reports them)."""
        if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
            return data
        models = data["models"]

        def resolved(part: Any) -> Any:
            check = part.get("check") if isinstance(part, dict) else None
            name = check.get("model") if isinstance(check, dict) and check.get("type") in MODEL_CHECKS else None
            if isinstance(check, dict) and isinstance(name, str) and name in models:
                return {**part, "check": {**check, "model": models[name]}}
            return part

        questions = data.get("questions")
        if not isinstance(questions, list):
            return data
        return {
            **data,
            "questions": [
                {**q, "parts": [resolved(p) for p in q["parts"]]}
                if isinstance(q, dict) and isinstance(q.get("parts"), list)
                else q
                for q in questions
            ],
        }

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        """The model's own consistency. Whether every check can run (expected answers read, models counted,
        phrasings compile) is the engine's business: `grader.checks.validate_rubric`, which the loaders
        call; a rubric built with `Rubric.model_validate` is checked there, or when graded."""
        _require_unique([question.id for question in self.questions], "question id", "")
        earlier: dict[str, Part] = {}
        for question, part in self.parts():
            if part.follows is not None:
                _check_follows(part_id(question, part), part, part.follows.part, earlier)
            earlier[part_id(question, part)] = part
        return self

    def parts(self) -> list[tuple[Question, Part]]:
        """Every part with its question, in rubric order."""
        return [(question, part) for question in self.questions for part in question.parts]

    @property
    def max_score(self) -> float:
        """The total points of the rubric."""
        return sum(part.points for _, part in self.parts())


def part_id(question: Question, part: Part) -> str:
    """The answer id of a part, `<question id>.<part id>`."""
    return f"{question.id}.{part.id}"


def _check_follows(identifier: str, part: Part, followed: str, earlier: dict[str, Part]) -> None:
    if followed not in earlier:
        raise ValueError(
            f"{identifier} follows {followed!r}, which is not an earlier part: name a part before it as "
            "`<question>.<part>`"
        )
    before = earlier[followed].check
    formula = part.follows.formula if part.follows else None
    if part.check.type == "number":
        if before.type not in ("number", "params", "shape"):
            raise ValueError(f"{identifier} follows {followed}: a `number` part follows a number, params or shape part")
        if not formula:
            raise ValueError(
                f"{identifier} follows {followed}: give `formula:`, this part's value as arithmetic on `x`, the "
                "earlier value (e.g. `x * 10 + 10`)"
            )
        return
    if formula:
        raise ValueError(f"{identifier}: `formula:` is for a `number` part; a {part.check.type} part is recomputed "
                         "from the model")  # fmt: skip
    if before.type != "shape" or part.check.type not in ("shape", "params"):
        raise ValueError(
            f"{identifier} follows {followed}: carried-forward credit is computed for a `shape` or `params` part that "
            f"follows a `shape` part, or a `number` part with a `formula:`, not a {part.check.type} part following "
            f"a {before.type} part"
        )
    if getattr(part.check, "model", None) != getattr(before, "model", None):
        raise ValueError(f"{identifier} follows {followed}, which asks about another model: both must use the same")


def _require_unique(ids: list[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise ValueError(f"{what} {identifier!r} appears twice{where}; give each its own id")
        seen.add(identifier)
