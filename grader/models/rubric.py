"""The rubric: an instructor's description of an assignment and how to grade each part.

These pydantic models are the only schema of the rubric format; the loader, the validation messages
and the JSON Schema all come from them. Every model is frozen and rejects unknown keys.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from grader.params.spec import ModelSpec

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=64),
    Field(description="An identifier: letters, digits, '-' and '_', no dots or spaces, e.g. `q4` or `dense-params`."),
]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
    Field(description="A short stable tag in lower case, e.g. `wrong-input-size`; reports and statistics use it."),
]
Phrase = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
FINITE_HINT = "write an ordinary number (YAML reads `.inf` and `.nan` as infinity and not-a-number)"


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number: {FINITE_HINT}")
    return value


NumberOrText = Annotated[StrictInt | StrictFloat | str, BeforeValidator(_finite)]  # one message, not one per type
MAX_POINTS = 1_000_000
"""The most points one number of a rubric may give or take (a part's points, a concept's, a mistake's score...).

Far beyond any assignment, and it keeps every sum grading makes finite: a rubric's total, a text answer's concepts,
a class's scores are sums of at most millions of such numbers, so they stay below 10**13 and exact to a hundredth
(a float holds integers exactly to 2**53); a part of 1e308 points made two parts add up to infinity.
"""


class Model(BaseModel):
    """Base of every rubric model: frozen, unknown keys are errors, numbers are finite."""

    # YAML reads `.inf` and `.nan` as floats; an infinite part made every total and score `null` in reports.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Notation(Model):
    """How to read the symbols of math answers: which are matrices, scalars, functions, aliases and free indices."""

    matrices: list[str] = Field(
        default_factory=list,
        description="Symbols that are matrices, so products with them keep their order (`W_f` or `W` for every "
        "`W_...`). Other symbols are vectors or numbers whose products are elementwise and commute.",
    )
    scalars: list[str] = Field(
        default_factory=list,
        description="Symbols that are plain numbers (e.g. a learning rate `eta`); they may move across matrices.",
    )
    functions: list[str] = Field(
        default_factory=list,
        description="Names of functions besides the built-in ones, so `f(x)` is a call and not a product.",
    )
    aliases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Other ways of writing a symbol: `{'\\tilde{c}': ['\\bar{c}', 'g']}` reads `\\bar{c}_t` and "
        "`g_t` as `\\tilde{c}_t`. A name without a subscript covers every subscript.",
    )
    indices: list[str] = Field(
        default_factory=list,
        description="Letters that are free indices, one entry at a time: with `[i]`, `p_i - y_i` is `p - y`, "
        "`\\frac{\\partial L}{\\partial z_i}` is `\\frac{\\partial L}{\\partial z}` and `softmax(z)_i` is "
        "`softmax(z)`, so the index form of an answer and the vector form compare equal. A matrix keeps its subscript.",
    )

    @field_validator("indices")
    @classmethod
    def _letters(cls, indices: list[str]) -> list[str]:
        for index in indices:
            if len(index) != 1 or not index.isascii() or not index.isalpha():
                raise ValueError(f"an index is one letter, such as i or j; got {index!r}")
        return indices

    def merged(self, inner: Notation | None) -> Notation:
        """This notation with `inner`'s declarations added (inner aliases win)."""
        if inner is None:
            return self
        return Notation(
            matrices=[*self.matrices, *inner.matrices],
            scalars=[*self.scalars, *inner.scalars],
            functions=[*self.functions, *inner.functions],
            aliases={**self.aliases, **inner.aliases},
            indices=[*self.indices, *inner.indices],
        )


class Tolerance(Model):
    """How far a numeric answer may be from the expected value and still be right."""

    relative: float = Field(0.0, ge=0, lt=1, description="Allowed relative error, e.g. 0.01 for 1%.")
    absolute: float = Field(0.0, ge=0, description="Allowed absolute error.")


class NumberCheck(Model):
    """A numeric answer, possibly inside prose ("Total: 4352 + 257 = 4609 parameters")."""

    type: Literal["number"]
    expected: NumberOrText = Field(
        description="The expected value: a number or an arithmetic expression that evaluates to it, "
        "e.g. `4*(32*(16+32)+32)`. Prefer the expression: it documents where the number comes from."
    )
    tolerance: Tolerance | None = Field(
        None,
        description="Allowed error. Default: exact for integers, 0.1% relative for other values.",
    )
    find: Literal["final", "last", "first", "only"] = Field(
        "final",
        description="Which number of a prose answer is the answer. `final`: the result of the last equation "
        "(`... = 4609`) or the last number followed by one of `units`; several unrelated numbers and no "
        "equation go to review. `last`/`first`: the last/first number. `only`: the answer must hold one number.",
    )
    units: list[Phrase] = Field(
        default_factory=list,
        description="Words that may follow the result, e.g. `[parameters, weights]`; they mark a number as a result.",
    )

    def allowed_error(self, target: Fraction | float) -> float:
        """The largest difference from `target` still accepted."""
        tolerance = self.tolerance
        if tolerance is None:
            is_integer = isinstance(target, Fraction) and target.denominator == 1
            tolerance = Tolerance() if is_integer else Tolerance(relative=1e-3)
        return max(tolerance.absolute, tolerance.relative * abs(float(target)))


class ExpressionCheck(Model):
    """A derived expression, compared by mathematical equivalence, in any notation."""

    type: Literal["expression"]
    expected: str = Field(description="The expected expression, ASCII or LaTeX, e.g. `i_t \\odot \\tilde{c}_t`.")
    alternatives: list[str] = Field(default_factory=list, description="Other accepted answers.")
    notation: Notation | None = Field(None, description="Declarations added to the rubric's `notation`.")


class EquationCheck(Model):
    """A derived equation `lhs = rhs`; equations turned around or rearranged are accepted."""

    type: Literal["equation"]
    expected: str = Field(description="The expected equation, e.g. `c_t = f_t \\odot c_{t-1} + i_t \\odot g_t`.")
    alternatives: list[str] = Field(default_factory=list, description="Other accepted equations.")
    notation: Notation | None = Field(None, description="Declarations added to the rubric's `notation`.")

    @field_validator("expected", "alternatives")
    @classmethod
    def _has_equals(cls, value: str | list[str]) -> str | list[str]:
        for text in [value] if isinstance(value, str) else value:
            if "=" not in text:
                raise ValueError(f"{text!r} is not an equation: write it as `lhs = rhs`")
        return value


class Concept(Model):
    """One idea an explanation should contain (or, with negative points or a cap, a misconception it should
    not), with the phrasings and math that show it."""

    id: Id
    description: str = Field(description="The idea, as the feedback and `expected` show it.")
    points: float = Field(
        ge=-MAX_POINTS,
        le=MAX_POINTS,
        description="Points for stating this idea; negative for a misconception, whose points are taken off.",
    )
    phrasings: list[Phrase] = Field(
        default_factory=list,
        description="Phrases that show the idea. Words match inflections and small typos; `a/b` means either "
        "word; `...` allows any words in between within one sentence, e.g. `forget gate ... discard/remove`.",
    )
    math: list[str] = Field(
        default_factory=list,
        description="Expressions or equations that show the idea when the answer contains them, in any "
        "notation and any equivalent form, e.g. `\\frac{\\partial c_t}{\\partial c_{t-1}} = f_t`.",
    )
    hint: str | None = Field(None, description="Shown to the student when the idea is missing.")
    required: bool = Field(False, description="Without this idea the part earns nothing, whatever else it says.")
    cap: float | None = Field(
        None,
        ge=0,
        le=MAX_POINTS,
        description="A misconception: when the answer states it, the part earns at most this many points.",
    )

    @model_validator(mode="after")
    def _evidence(self) -> Concept:
        if not self.phrasings and not self.math:
            raise ValueError(f"concept {self.id!r} needs `phrasings` or `math` to recognise it")
        if self.points == 0 and self.cap is None:
            raise ValueError(f"concept {self.id!r} gives 0 points and no cap: it would change nothing")
        if self.required and (self.points < 0 or self.cap is not None):
            raise ValueError(f"concept {self.id!r} is a misconception; it cannot also be required")
        return self

    @property
    def misconception(self) -> bool:
        """Whether stating this idea costs points."""
        return self.points < 0 or self.cap is not None


class Stance(Model):
    """The answer a yes/no question expects, read from the answer's first sentence."""

    expected: Literal["yes", "no"]
    points: float = Field(gt=0, le=MAX_POINTS, description="Points for the right stance.")


class TextCheck(Model):
    """An explanation graded by the concepts it states, with quoted evidence, or against a model answer."""

    type: Literal["text"]
    concepts: list[Concept] = Field(default_factory=list, description="The ideas that earn (or cost) points.")
    reference: str | None = Field(
        None,
        description="A model answer. Without concepts the part is scored by similarity to it; with concepts it "
        "is a second opinion, and a strong disagreement sends the answer to review.",
    )
    stance: Stance | None = Field(None, description="For a yes/no question: the stance the answer must take.")
    floor: float = Field(0.0, ge=0, le=MAX_POINTS, description="The least a non-empty answer scores.")
    ceiling: float | None = Field(
        None, ge=0, le=MAX_POINTS, description="The most the part scores from concepts; default its points."
    )
    review_if_longer_than: int = Field(
        12,
        ge=1,
        description="An answer of at least this many words that states none of the concepts goes to a human.",
    )
    notation: Notation | None = Field(None, description="How to read the math of `concepts[].math`.")

    @model_validator(mode="after")
    def _something_to_grade(self) -> TextCheck:
        if not self.concepts and self.reference is None:
            raise ValueError("give `concepts`, a `reference` answer, or both")
        return self


class Item(Model):
    """Something a list answer should name."""

    name: str = Field(description="The item as the feedback shows it, e.g. `GRU`.")
    synonyms: list[Phrase] = Field(default_factory=list, description="Other ways of naming it.")

    @property
    def phrasings(self) -> list[str]:
        """The name and its synonyms."""
        return [self.name, *self.synonyms]


class SetCheck(Model):
    """An answer that must name items of a list (e.g. RNN variants)."""

    type: Literal["set"]
    items: list[Item] = Field(min_length=1)
    min_count: int | None = Field(None, ge=1, description="How many items earn full marks; default: all of them.")

    @model_validator(mode="after")
    def _count_fits(self) -> SetCheck:
        if self.min_count is not None and self.min_count > len(self.items):
            raise ValueError(f"min_count is {self.min_count} but only {len(self.items)} items are listed")
        return self

    @property
    def needed(self) -> int:
        """How many items earn full marks."""
        return self.min_count or len(self.items)


class Option(Model):
    """One option of a choice question."""

    id: Id
    phrasings: list[Phrase] = Field(min_length=1, description="Phrases that name this option, e.g. `[no, does not]`.")


class ChoiceCheck(Model):
    """An answer that must pick one option (yes/no, which of ...)."""

    type: Literal["choice"]
    options: list[Option] = Field(min_length=2)
    answer: str = Field(description="The id of the right option.")
    where: Literal["anywhere", "first_sentence"] = Field(
        "anywhere", description="Where to look for the option: the whole answer or its first sentence."
    )

    @model_validator(mode="after")
    def _answer_is_option(self) -> ChoiceCheck:
        ids = [option.id for option in self.options]
        if self.answer not in ids:
            raise ValueError(f"answer {self.answer!r} is not one of the option ids {ids}")
        return self


MistakeKind = Literal[
    "wrong-input-size",
    "bias-missing",
    "two-biases",
    "one-bias",
    "bias-added",
    "wrong-gate-count",
    "recurrent-missing",
    "times-steps",
    "bidirectional-not-doubled",
    "next-not-doubled",
    "embedding-input-length",
]


class ParamsCheck(Model):
    """A parameter count, computed from the model: never typed by hand. A wrong count is diagnosed."""

    type: Literal["params"]
    model: Id | ModelSpec = Field(
        description="The model: the name of one in the rubric's `models`, or a model spec written here."
    )
    layers: int | str | list[int | str] = Field(
        "all",
        description="Which layers are counted: `all`; an index as in `model.layers[i]` (from 0); a range `1:3` "
        "(end excluded); or a list of indexes, names (`dense`, `dense_1`, or a layer's `name`) and types "
        "(`Dense`: every Dense layer).",
    )
    find: Literal["final", "last", "first", "only"] = Field(
        "final", description="Which number of a prose answer is the answer, as for `number` checks."
    )
    units: list[Phrase] = Field(
        default_factory=lambda: ["parameters", "params", "weights", "weight", "parameter"],
        description="Words that may follow the result and mark it.",
    )
    time_steps: list[Annotated[int, Field(gt=1)]] = Field(
        default_factory=list,
        description="Sequence lengths the question mentions, so a count multiplied by them is recognised.",
    )
    partial: dict[MistakeKind, Annotated[float, Field(ge=0, le=MAX_POINTS)]] = Field(
        default_factory=dict,
        description="Points given for a diagnosed mistake, by kind (e.g. `{wrong-input-size: 1}`); default 0.",
    )


Check = Annotated[
    NumberCheck | ExpressionCheck | EquationCheck | TextCheck | SetCheck | ChoiceCheck | ParamsCheck,
    Field(discriminator="type", description="How the part is checked; `type` selects the kind."),
]
CHECK_TYPES: tuple[str, ...] = ("number", "expression", "equation", "text", "set", "choice", "params")


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

    @model_validator(mode="after")
    def _mistakes_below_full_marks(self) -> Part:
        for mistake in self.mistakes:
            if mistake.score >= self.points:
                raise ValueError(
                    f"mistake {mistake.note!r} gives {mistake.score} points, not less than the part's "
                    f"{self.points}: a known mistake cannot earn full marks"
                )
        for test in self.tests:
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
        default_factory=dict, description="Models defined once, named, for `params` checks to refer to."
    )
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _resolve_models(cls, data: Any) -> Any:
        """`model: <name>` in a params check becomes the rubric's model of that name (unknown names stay,
        and validation reports them)."""
        if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
            return data
        models = data["models"]

        def resolved(part: Any) -> Any:
            check = part.get("check") if isinstance(part, dict) else None
            name = check.get("model") if isinstance(check, dict) and check.get("type") == "params" else None
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


def _require_unique(ids: list[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise ValueError(f"{what} {identifier!r} appears twice{where}; give each its own id")
        seen.add(identifier)
