"""The report: per-question, per-part results. Its JSON form is a stable contract.

```
{"assignment", "student", "score", "max_score", "unknown_answers",
 "questions": [{"id", "title", "score", "max_score",
                "parts": [{"id", "status", "score", "max_score", "feedback",
                           "interpreted_as", "interpreted_latex", "confidence", "expected", "note",
                           "override"}]}]}
```
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from grader.models.common import Model
from grader.models.submission import Student


class Status(StrEnum):
    """The verdict of a part."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    UNANSWERED = "unanswered"
    NEEDS_REVIEW = "needs_review"

    @classmethod
    def of(cls, fraction: float) -> Status:
        """The verdict a score stands for, as a fraction of the points: all of them correct, none incorrect,
        anything between partial. The one place a score becomes a status (checks, known mistakes, humans)."""
        if fraction >= 1:
            return cls.CORRECT
        return cls.PARTIAL if fraction > 0 else cls.INCORRECT


BIAS_FREE = "convention:bias-free"  # credited as a course convention (`notation.biases`), not as equal
WEIGHT_NAMES = "convention:weight-names"  # weights named without subscripts (`notation.weight_names`), not equal
UNTIMED = "convention:time-indices"  # an equation without time indices (`notation.time_indices`), not equal


class Note(StrEnum):
    """The stable tags of `PartResult.note`, what a verdict rests on; a known mistake matched is
    `mistake:<slug>` with the rubric's slug, a convention the rubric accepts `convention:<slug>`
    (`convention:bias-free`: an equation without any bias, `convention:weight-names`: with weights named without
    their subscripts, `convention:time-indices`: without time indices, which a rubric's notation accepts by
    default).
    Exports, the review queue and the class report key on these."""

    # any part
    UNANSWERED = "unanswered"  # blank
    DECLINED = "declined"  # "I don't know", "no idea"
    TOO_LONG = "too_long"  # over the answer size grader reads
    LIMIT = "limit"  # too large or deep to check
    TIMEOUT = "timeout"  # the check ran out of time
    MEMORY = "memory"  # the check ran out of memory
    CRASHED = "crashed"  # the check's process failed
    UNREADABLE = "unreadable"  # nothing of it could be read
    # math
    EQUIVALENT = "equivalent"
    NOT_EQUIVALENT = "not_equivalent"
    UNDETERMINED = "undetermined"  # equivalence could not be decided
    NEAR_MISS = "near_miss"  # right but for a detail a human should weigh (biases left out)
    BROKEN_STEP = "broken_step"  # a step of a derivation chain does not hold
    SLIPPED = "slipped"  # a chain reaches the expected answer, then a false step leads it to another result
    SEVERAL_STATEMENTS = "several_statements"  # statements that disagree, none clearly the answer
    AMBIGUOUS_READING = "ambiguous_reading"  # two readings that grade differently
    PARTLY_UNREADABLE = "partly_unreadable"  # some of it could not be read
    NO_EQUATION = "no_equation"  # an equation was asked for
    OTHER_SUBJECT = "other_subject"  # an equation for another symbol of the question than the one asked
    UNCOMBINED = "uncombined"  # right only once the answer's own steps are put together, which it did not do
    # numbers and parameter counts
    CORRECT = "correct"
    WRONG_VALUE = "wrong_value"
    APPROXIMATE = "approximate"  # shorthand (16k) without the exact value
    HEDGED = "hedged"  # "18,816?", "or maybe 18,624"
    AMBIGUOUS_NUMBER = "ambiguous_number"  # several candidate results that disagree
    AMBIGUOUS_FACTORIAL = "ambiguous_factorial"  # `24!` ending a sentence
    ARITHMETIC_SLIP = "arithmetic_slip"  # the working comes to the right value, the stated result does not
    NO_NUMBER = "no_number"
    UNREAD_NUMBER = "unread_number"  # digits present, no number read
    # shapes
    NO_SHAPE = "no_shape"
    AMBIGUOUS_SHAPE = "ambiguous_shape"  # several shapes that differ, none marked as the result
    UNREAD_SHAPE = "unread_shape"  # numbers present, no shape read
    CARRIED_FORWARD = "carried_forward"  # right for the student's own wrong answer to the part it follows
    # choices and sets
    RIGHT_OPTION = "right_option"
    WRONG_OPTION = "wrong_option"
    NO_OPTION = "no_option"
    SEVERAL_OPTIONS = "several_options"
    CHANGED_OPTION = "changed_option"  # the answer takes its first choice back
    ENOUGH_ITEMS = "enough_items"
    TOO_FEW_ITEMS = "too_few_items"
    NO_ITEMS_FOUND = "no_items_found"
    # explanations
    ALL_CONCEPTS = "all_concepts"
    SOME_CONCEPTS = "some_concepts"
    NO_CONCEPTS = "no_concepts"
    NO_CONCEPTS_FOUND = "no_concepts_found"  # a long answer that states none: a human reads it
    REQUIRED_MISSING = "required_missing"
    MISCONCEPTION = "misconception"
    NEGATED_EVIDENCE = "negated_evidence"  # ideas found only in negated sentences
    UNCERTAIN = "uncertain"  # a stance taken back or hedged, contradicting ideas
    SIMILAR = "similar"  # scored by similarity to the model answer
    DISSIMILAR = "dissimilar"

    @classmethod
    def stable(cls, note: str) -> bool:
        """Whether `note` is one of the stable tags, a known mistake's `mistake:<slug>` or an accepted convention's
        `convention:<slug>`."""
        return note in cls._value2member_map_ or any(
            note.startswith(prefix) and len(note) > len(prefix) for prefix in ("mistake:", "convention:")
        )


class Override(Model):
    """A human's decision on a part (`grader override`): it replaces the machine's score everywhere."""

    score: float = Field(description="The points the human gave.")
    by: str = Field(description="Who decided.")
    at: str = Field(description="When, as an ISO 8601 UTC time.")
    comment: str = Field("", description="Why, in the reviewer's words (shown to the student).")
    automatic_score: float = Field(description="The machine's score when the decision was made.")
    automatic_status: Status = Field(description="The machine's status when the decision was made.")


class PartResult(Model):
    """The result of one part."""

    id: str = Field(description="`<question id>.<part id>`.")
    status: Status
    score: float = Field(description="Points given; for `needs_review`, the points the machine could confirm.")
    max_score: float
    feedback: str = Field(description="What was read, what matched, what was expected, which mistake it looks like.")
    interpreted_as: str | None = Field(description="How the answer was read, in canonical form; null if not read.")
    interpreted_latex: str | None = Field(
        None, description="For math answers, the same reading as LaTeX (what the markdown report typesets)."
    )
    confidence: float | None = Field(
        None, description="For explanations, how sure the verdict is (0 to 1); below 0.5 the part goes to review."
    )
    expected: str = Field(description="The reference answer as text.")
    note: str = Field(
        description="A short stable tag of what the verdict rests on (`Note`: `equivalent`, `near_miss`, "
        "`no_concepts_found`, ...), `mistake:<slug>` for a known mistake matched, or `convention:<slug>` for "
        "an answer in another convention the rubric accepts."
    )
    override: Override | None = Field(
        None, description="The human decision that set this part's score and status, if any; null otherwise."
    )


class QuestionResult(Model):
    """The results of one question's parts."""

    id: str
    title: str
    score: float
    max_score: float
    parts: list[PartResult]


class Report(Model):
    """A graded submission."""

    assignment: str
    student: Student
    score: float
    max_score: float
    questions: list[QuestionResult]
    unknown_answers: list[str] = Field(
        default_factory=list, description="Answer ids in the submission that the rubric does not know."
    )

    def parts(self) -> list[PartResult]:
        """Every part result, in rubric order."""
        return [part for question in self.questions for part in question.parts]

    @property
    def needs_review(self) -> int:
        """How many parts a human must look at."""
        return sum(part.status is Status.NEEDS_REVIEW for part in self.parts())


def shown(value: float | None) -> str:
    """Points as people write them: `2`, `2.5`, `16000`; empty for None."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def total(scores: list[float]) -> float:
    """A sum of points, rounded so that 0.1 + 0.2 reads 0.3."""
    return round(sum(scores), 4)
