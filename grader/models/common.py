"""What every rubric model shares: identifiers, slugs, phrasings, finite numbers, the frozen base model
and the notation a rubric declares."""

from __future__ import annotations

import math
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
)

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
    """Base of every rubric, submission and report model: frozen, unknown keys are errors, numbers are finite."""

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
    weight_names: Literal["optional", "review"] = Field(
        "optional",
        description="How an equation that names a weight or bias without the subscript the expected one gives it, "
        "one bare name for one weight, and is otherwise equal to it is graded (`h̃_t = tanh(W x_t + U (r_t ⊙ "
        "h_{t-1}) + b)` for `W_h`, `U_h`, `b_h`, as Cho et al. 2014 write the candidate): `optional` credits it, or "
        "grades it as the known mistake it then equals, and says so; `review` sends it to a grader.",
    )
    biases: Literal["optional", "review"] = Field(
        "optional",
        description="How an equation that leaves out every bias of the expected one and otherwise equals it is "
        "graded (`z_t = σ(W_z x_t + U_z h_{t-1})` for `… + b_z`, as Cho et al. 2014 and colah's blog write gates): "
        "`optional` credits it as the expected answer, or as the known mistake it then equals, and says so; "
        "`review` sends it to a grader. A rubric that wants biases written lists the bias-free form as a mistake.",
    )
    time_indices: Literal["optional", "review"] = Field(
        "optional",
        description="How an equation written without any time index is graded when its left side is the symbol "
        "asked, each letter of its right side stands at one time only on the expected right side, and it is "
        "otherwise equal to it (`z = σ(W_z x + U_z h + b_z)` for `z_t = σ(W_z x_t + U_z h_{t-1} + b_z)`, one step "
        "of the cell as lecture slides draw it; `h = (1 − z) h + z h̃`, an assignment): `optional` "
        "credits it, or grades it as the known mistake it then equals, and says so; `review` sends it to a "
        "grader. An equation that writes some time indices and leaves out others is never read so.",
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
            biases=inner.biases if "biases" in inner.model_fields_set else self.biases,
            weight_names=inner.weight_names if "weight_names" in inner.model_fields_set else self.weight_names,
            time_indices=inner.time_indices if "time_indices" in inner.model_fields_set else self.time_indices,
        )
