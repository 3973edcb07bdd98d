"""The check kinds a part may have, one model each (number, expression, equation, text, set, choice,
params, shape, receptive_field), with their settings; `Check` is their union, keyed by `type`."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from grader.models.common import MAX_POINTS, Id, Model, Notation, NumberOrText, Phrase
from grader.params.spec import ModelSpec


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
    alternatives: list[NumberOrText] = Field(
        default_factory=list,
        description="Other values that are also right, numbers or arithmetic like `expected` (another convention: "
        "a receptive field of side 8 written as its area `8*8`). An answer equal to one is correct, and the "
        "feedback says which it matched.",
    )

    def allowed_error(self, target: Fraction | float) -> float:
        """The largest difference from `target` still accepted."""
        tolerance = self.tolerance
        if tolerance is None:
            is_integer = isinstance(target, Fraction) and target.denominator == 1
            tolerance = Tolerance() if is_integer else Tolerance(relative=1e-3)
        return max(tolerance.absolute, tolerance.relative * abs(float(target)))


FreeSymbol = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z]+(_\*)?$",
        description="A symbol whose name is a convention: `W_*` is W with any subscript (W, W_z, W_{xz}), `b` is b "
        "alone.",
    ),
]


class MathConventions(Model):
    """What expression and equation checks share: the conventions under which an answer still counts."""

    free: list[FreeSymbol] = Field(
        default_factory=list,
        description="Symbols whose names are a textbook's convention (`[W_*, U_*, b_*]`): an answer is right if "
        "some consistent renaming of its own such symbols makes it equivalent (D2L's W_{xz}, W_{hz}; Goodfellow's "
        "U for W; PyTorch's W_{iz}), and a matrix times a concatenation `W [h_{t-1}, x_t]` counts as one matrix "
        "per piece. The report says which renaming matched.",
    )
    row_vectors: bool = Field(
        False,
        description="Also accept the row-vector convention: products written in the reverse order (`x_t W` for "
        "`W x_t`, `[h_{t-1}, x_t] W`), as D2L writes them.",
    )
    uncombined: float | None = Field(
        None,
        ge=0,
        description="Points for an answer that gives the expected relation only as separate steps through the "
        "question's own quantity at another time (`c_t = f_t ⊙ c_{t-1} + …` and `c_{t-1} = f_{t-1} ⊙ c_{t-2} + …` "
        "for c_t in terms of c_{t-2}), right once put together but not put together. Unset: a grader decides.",
    )


class ExpressionCheck(MathConventions):
    """A derived expression, compared by mathematical equivalence, in any notation."""

    type: Literal["expression"]
    expected: str = Field(description="The expected expression, ASCII or LaTeX, e.g. `i_t \\odot \\tilde{c}_t`.")
    alternatives: list[str] = Field(default_factory=list, description="Other accepted answers.")
    notation: Notation | None = Field(None, description="Declarations added to the rubric's `notation`.")


class EquationCheck(MathConventions):
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
    weaker_of: Id | None = Field(
        None,
        description="The id of another concept of the part that this one says less fully (`the output gate decides "
        "the output` beside `… which part of the cell state becomes h_t`): its points count only when that "
        "concept is not found.",
    )

    @model_validator(mode="after")
    def _evidence(self) -> Concept:
        if not self.phrasings and not self.math:
            raise ValueError(f"concept {self.id!r} needs `phrasings` or `math` to recognise it")
        if self.points == 0 and self.cap is None:
            raise ValueError(f"concept {self.id!r} gives 0 points and no cap: it would change nothing")
        if self.required and (self.points < 0 or self.cap is not None):
            raise ValueError(f"concept {self.id!r} is a misconception; it cannot also be required")
        if self.weaker_of is not None and (self.points <= 0 or self.cap is not None or self.required):
            raise ValueError(f"concept {self.id!r} is a weaker wording of another: give it positive points only")
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
        points = {c.id: c.points for c in self.concepts if not c.misconception and c.weaker_of is None}
        for concept in self.concepts:
            if concept.weaker_of is None:
                continue
            if concept.weaker_of not in points or concept.weaker_of == concept.id:
                raise ValueError(
                    f"concept {concept.id!r}: weaker_of {concept.weaker_of!r} names no other idea of this part "
                    "(nor one that is itself a weaker wording)"
                )
            if concept.points >= points[concept.weaker_of]:
                raise ValueError(
                    f"concept {concept.id!r} is a weaker wording of {concept.weaker_of!r}: give it fewer points "
                    f"than its {points[concept.weaker_of]:g}"
                )
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
    "bias-miscounted",
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
        description="Points given for a diagnosed mistake, by kind (e.g. `{wrong-input-size: 1}`); default 0. "
        "`bias-miscounted` (the weights right, one bias per input instead of per output) earns what `bias-missing` "
        "does unless given its own.",
    )


ShapeMistake = Literal[
    "same-padding",
    "valid-padding",
    "stride-forgotten",
    "pool-ignored",
    "channels-first",
    "channels-last",
    "flattened",
    "channels-missing",
]
ReceptiveMistake = Literal["stride-ignored", "pool-ignored", "pool-window-ignored"]
Layer = Annotated[
    int | str,
    Field(
        description="The layer: its name as `model.summary()` shows it (`conv2d`, `max_pooling2d`, `conv2d_1`), "
        "its type when the model has one of that type (`Flatten`), or its index in `model.layers` (from 0; "
        "-1 for the last)."
    ),
]


class ShapeCheck(Model):
    """The shape of a layer's output (or input), computed from the model: `(26, 26, 32)`, `26×26×32`,
    `(None, 26, 26, 32)`. A wrong shape is diagnosed (padding, strides, pooling left out, channel order)."""

    type: Literal["shape"]
    model: Id | ModelSpec = Field(
        description="The model: the name of one in the rubric's `models`, or a model spec written here."
    )
    layer: Layer
    of: Literal["output", "input"] = Field("output", description="The layer's `output` shape, or its `input`.")
    partial: dict[ShapeMistake, Annotated[float, Field(ge=0, le=MAX_POINTS)]] = Field(
        default_factory=dict,
        description="Points given for a diagnosed mistake, by kind (e.g. `{same-padding: 1, channels-first: 1}`); "
        "default 0.",
    )
    accept: list[ShapeMistake] = Field(
        default_factory=list,
        description="Diagnosed forms the rubric accepts with full marks, noted `convention:<kind>` "
        "(e.g. `[channels-first]` when PyTorch's order is fine for a Keras model).",
    )


class ReceptiveFieldCheck(Model):
    """The receptive field of one unit of a layer's output, in input pixels along one side, computed from the
    model's kernels, strides and dilations. `8`, `8 px`, `8x8` are read as a side of 8."""

    type: Literal["receptive_field"]
    model: Id | ModelSpec = Field(
        description="The model: the name of one in the rubric's `models`, or a model spec written here."
    )
    layer: Layer
    units: list[Phrase] = Field(
        default_factory=lambda: ["pixels", "pixel", "px"],
        description="Words that may follow the result and mark it.",
    )
    partial: dict[ReceptiveMistake, Annotated[float, Field(ge=0, le=MAX_POINTS)]] = Field(
        default_factory=dict,
        description="Points given for a diagnosed mistake (`stride-ignored`, `pool-ignored`, `pool-window-ignored`); "
        "default 0.",
    )


MODEL_CHECKS = ("params", "shape", "receptive_field")  # the check types whose `model` may name a rubric model

Check = Annotated[
    NumberCheck
    | ExpressionCheck
    | EquationCheck
    | TextCheck
    | SetCheck
    | ChoiceCheck
    | ParamsCheck
    | ShapeCheck
    | ReceptiveFieldCheck,
    Field(discriminator="type", description="How the part is checked; `type` selects the kind."),
]
