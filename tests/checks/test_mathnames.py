"""Equations about another symbol than the one asked, and known mistakes in other names: a grader's call."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.expression import MathChecker
from grader.models.checks import EquationCheck
from grader.models.common import Notation
from grader.models.outcome import Outcome
from grader.models.report import Status
from grader.models.rubric import Mistake

CHECKER = MathChecker()
LSTM = Notation(
    matrices=["W", "U"],
    aliases={"c": ["C"], r"\tilde{c}": [r"\bar{c}", r"\tilde{C}", r"\bar{C}", "g"]},
)
GRU = Notation(matrices=["W", "U"], aliases={"h": ["H"], "x": ["X"], "z": ["Z"], r"\tilde{h}": [r"\hat{h}"]})


def grade(check: EquationCheck, answer: str) -> Outcome:
    return CHECKER.grade(check, answer, PartContext(points=2, notation=LSTM))


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("g_t = σ(W_g [h_{t-1}, x_t] + b_g)", Status.NEEDS_REVIEW, "other_subject", id="an-aliased-letter"),
        pytest.param("c̃_t = σ(W_c [h_{t-1}, x_t] + b_c)", Status.INCORRECT, "not_equivalent", id="another-gate"),
        pytest.param("i_t = σ(W_i [h_{t-1}, x_t] + b_i)", Status.CORRECT, "equivalent", id="the-gate-asked"),
    ],
)
def test_an_equation_for_another_symbol_by_an_alias_goes_to_a_grader(answer: str, status: Status, note: str) -> None:
    check = EquationCheck(type="equation", expected=r"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)")
    outcome = grade(check, answer)
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("c_t = tanh(W_c [h_{t-1}, x_t] + b_c)", Status.NEEDS_REVIEW, "other_subject", id="right-side"),
        pytest.param("c_t = σ(W_c [h_{t-1}, x_t] + b_c)", Status.INCORRECT, "not_equivalent", id="wrong-both"),
        pytest.param("c̃_t = tanh(W_c [h_{t-1}, x_t] + b_c)", Status.CORRECT, "equivalent", id="the-symbol-asked"),
        pytest.param("c = tanh(W[h,x]+b)", Status.NEEDS_REVIEW, "other_subject", id="right-side-by-the-conventions"),
        pytest.param("c = sigmoid(W[h,x]+b)", Status.INCORRECT, "not_equivalent", id="wrong-by-the-conventions"),
        pytest.param("c~ = tanh(W[h,x]+b)", Status.CORRECT, None, id="the-symbol-asked-by-the-conventions"),
    ],
)
def test_the_expected_right_side_under_another_name_goes_to_a_grader(
    answer: str, status: Status, note: str | None
) -> None:
    """`c_t = tanh(W_c [h_{t-1}, x_t] + b_c)` for the candidate c̃_t: the right side expected, the left side
    another symbol; also where the right side is the expected one only by the notation's conventions (`c =
    tanh(W[h,x]+b)`: no time index, the weight unnamed)."""
    check = EquationCheck(type="equation", expected=r"\tilde{c}_t = \tanh(W_c [h_{t-1}, x_t] + b_c)")
    outcome = grade(check, answer)
    assert outcome.status is status, outcome.feedback
    if note is not None:
        assert outcome.note == note, outcome.feedback


CANDIDATE_MISTAKES = (
    Mistake(answer=r"\tilde{h}_t = \tanh(W_h x_t + U_h h_{t-1} + b_h)", score=1, note="reset-missing",
            feedback="The reset gate must act on the previous state."),
    Mistake(answer=r"\tilde{h}_t = \sigma(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)", score=0, note="sigmoid",
            feedback="The candidate uses tanh."),
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("h~_t = tanh(W x_t + U h_{t-1} + b)", Status.PARTIAL, "mistake:reset-missing", id="bare-names"),
        pytest.param("h~_t = tanh(W x_t + U h + b)", Status.NEEDS_REVIEW, "near_miss", id="partial-mistake-unindexed"),
        pytest.param(
            "h~_t = tanh(W_h x_t + U_h h_{t-1} + b_h)", Status.PARTIAL, "mistake:reset-missing", id="the-mistake-itself"
        ),
        pytest.param(
            "h~_t = sigmoid(W x_t + U (r_t * h_{t-1}))", Status.INCORRECT, "mistake:sigmoid", id="zero-mistake-named"
        ),
        pytest.param(
            "h~_t = tanh(W_h x_t + U_h h_{t-1})", Status.PARTIAL, "mistake:reset-missing", id="the-mistake-without-bias"
        ),
        pytest.param("h~_t = sigmoid(W x_t + U h_{t-1}) * r_t", Status.INCORRECT, "not_equivalent", id="neither"),
    ],
)
def test_a_known_mistake_in_other_names_is_that_mistake_or_a_graders_call(
    answer: str, status: Status, note: str
) -> None:
    """An answer equal to a known mistake once its weights are named without subscripts or its biases left out
    is that mistake (the notation accepts both); once its other symbols are named too (`h` for h_{t-1}), the
    mistake when it earns nothing (the names cannot earn more), a grader's call when it earns points."""
    check = EquationCheck(type="equation", expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)")
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=GRU, mistakes=CANDIDATE_MISTAKES))
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
    if status is Status.NEEDS_REVIEW:
        assert "a known mistake with U for U_h, W for W_h, b for b_h, h for h_{t-1} (The reset" in outcome.feedback[-1]


@pytest.mark.parametrize(
    ("answer", "status", "note", "said"),
    [
        pytest.param("h~_t = r_t * tanh(W_h x_t + U_h h_{t-1} + b_h)", Status.PARTIAL, "mistake:reset-missing",
                     "Your r_t is in the wrong place", id="gate-outside"),
        pytest.param("h~_t = tanh(r_t * (W_h x_t + U_h h_{t-1}) + b_h)", Status.PARTIAL, "mistake:reset-missing",
                     "Your r_t is in the wrong place", id="gate-on-the-sum"),
        pytest.param("h~_t = tanh(W x_t + U h_{t-1} + b) ⊙ r_t", Status.PARTIAL, "mistake:reset-missing",
                     "Your r_t is in the wrong place", id="gate-outside-bare-names"),
        pytest.param("h~_t = tanh(W_h [h_{t-1}, x_t] + b_h) * r_t", Status.PARTIAL, "mistake:reset-missing",
                     "Your r_t is in the wrong place", id="gate-outside-concatenated"),
        pytest.param("h~_t = tanh(W_h x_t + U_h (z_t * h_{t-1}) + b_h)", Status.PARTIAL, "mistake:reset-missing",
                     "Your z_t is where r_t belongs", id="another-gate-in-its-place"),
        pytest.param("h~_t = r_t * tanh(W_h x_t + U_h (r_t * h_{t-1}) + b_h)", Status.INCORRECT, "not_equivalent",
                     "differs", id="the-gate-twice"),
        pytest.param("h~_t = r_t * sigmoid(W_h x_t + U_h h_{t-1} + b_h)", Status.INCORRECT, "not_equivalent",
                     "differs", id="moved-and-another-mistake"),
        pytest.param("h~_t = tanh(W_h x_t + r_t * h_{t-1} + b_h)", Status.NEEDS_REVIEW, "near_miss",
                     "without the factor U_h inside it", id="a-weight-missing-goes-to-a-grader"),
        pytest.param("h~_t = tanh(W x_t + r_t * h_{t-1} + b)", Status.NEEDS_REVIEW, "near_miss",
                     "with W for W_h, b for b_h and without the factor U_h inside it",
                     id="a-weight-missing-and-names-without-subscripts"),
        pytest.param("h~_t = tanh(W x_t + U h_{t-1})", Status.PARTIAL, "mistake:reset-missing",
                     "reset", id="the-known-mistake-comes-first"),
    ],
)  # fmt: skip
def test_a_factor_out_of_place_earns_what_leaving_it_out_earns(
    answer: str, status: Status, note: str, said: str
) -> None:
    """The answer equals a partly credited mistake that leaves a factor out once one factor of its own is taken
    out: the factor misplaced, or another in its place, earns that mistake's points and says so."""
    check = EquationCheck(
        type="equation",
        expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)",
        alternatives=[r"\tilde{h}_t = \tanh(W_h [r_t \odot h_{t-1}, x_t] + b_h)"],
    )
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=GRU, mistakes=CANDIDATE_MISTAKES))
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
    assert said in outcome.feedback[-1]
    if status is Status.PARTIAL:
        assert outcome.fraction == 0.5


UPDATE_MISTAKES = (
    Mistake(answer=r"z_t = \sigma(W_z x_t + U_z h_t + b_z)", score=1, note="wrong-time-index",
            feedback="The gate reads h_{t-1}."),
)  # fmt: skip
UPDATE_BY_ROWS = EquationCheck(
    type="equation",
    expected=r"z_t = \sigma(W_{xz} x_t + W_{hz} h_{t-1} + b_z)",
    alternatives=[r"z_t = \sigma(x_t W_{xz} + h_{t-1} W_{hz} + b_z)"],
)


@pytest.mark.parametrize(
    ("check", "answer", "status", "note"),
    [
        pytest.param(UPDATE_BY_ROWS, "z_t = σ(x_t W_z + h_t U_z + b_z)", Status.PARTIAL, "mistake:wrong-time-index",
                     id="rows-accepted"),
        pytest.param(UPDATE_BY_ROWS, "z_t = σ(W_z x_t + U_z h_t + b_z)", Status.PARTIAL, "mistake:wrong-time-index",
                     id="the-mistake-as-written"),
        pytest.param(UPDATE_BY_ROWS.model_copy(update={"alternatives": []}), "z_t = σ(x_t W_z + h_t U_z + b_z)",
                     Status.INCORRECT, "not_equivalent", id="rows-not-accepted"),
        pytest.param(UPDATE_BY_ROWS, "z_t = σ(x_t W + h_t U + b)", Status.PARTIAL, "mistake:wrong-time-index",
                     id="rows-and-bare-names"),
    ],
)  # fmt: skip
def test_a_known_mistake_written_with_row_vectors_is_that_mistake_where_rows_are_accepted(
    check: EquationCheck, answer: str, status: Status, note: str
) -> None:
    """`x_t W_z + h_t U_z` is the mistake `W_z x_t + U_z h_t` written for row vectors: where the rubric's own
    answers write the products both ways, the mistake is read the same way (never with time indices left out:
    `x W_z + h U_z` reads h as h_{t-1}, the expected answer's, not as the mistake's h_t)."""
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=GRU, mistakes=UPDATE_MISTAKES))
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


def test_an_answer_for_row_vectors_without_time_indices_is_read_by_the_conventions() -> None:
    """`z = σ(x W_z + h U_z + b_z)`: the products read the other way, as the rubric's own row-vector answer
    writes them, and the letters without time indices at the one time the expected answer writes them."""
    outcome = CHECKER.grade(UPDATE_BY_ROWS.model_copy(update={"expected": r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)"}),
                            "z = σ(x W_z + h U_z + b_z)", PartContext(points=2, notation=GRU, mistakes=UPDATE_MISTAKES))  # fmt: skip
    assert (outcome.status, outcome.note) == (Status.CORRECT, "convention:time-indices"), outcome.feedback


NO_BIAS = (Mistake(answer=r"\tilde{c}_t = \tanh(W_c [h_{t-1}, x_t])", score=0.5, note="no-bias",
                   feedback="The candidate layer has a bias b_c."),)  # fmt: skip
CANDIDATE_WITH_BIAS = EquationCheck(type="equation", expected=r"\tilde{c}_t = \tanh(W_c [h_{t-1}, x_t] + b_c)")


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("c~ = tanh(W*[h,x])", Status.PARTIAL, "mistake:no-bias", id="untimed-unnamed-without-bias"),
        pytest.param("c~_t = tanh(W [h_{t-1}, x_t])", Status.PARTIAL, "mistake:no-bias", id="unnamed-without-bias"),
        pytest.param("c~ = tanh(W*[h,x] + b)", Status.CORRECT, "convention:time-indices", id="untimed-with-a-bias"),
    ],
)
def test_a_bias_left_out_under_the_conventions_is_the_mistake_the_rubric_lists(
    answer: str, status: Status, note: str
) -> None:
    """The conventions credit an answer that leaves out a bias only where the rubric does not list the bias-free
    form as a mistake: `c~ = tanh(W*[h,x])` is that mistake, written without time indices and subscripts."""
    outcome = CHECKER.grade(CANDIDATE_WITH_BIAS, answer, PartContext(points=1, notation=LSTM, mistakes=NO_BIAS))
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


def test_a_bias_the_expected_answer_lacks_is_a_near_miss_for_a_grader() -> None:
    """`h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t + b`: the interpolation right, with a bias it has none of; the
    keyers gave such answers most of the points, so it goes to a grader, never a confident zero."""
    check = EquationCheck(type="equation", expected=r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t")
    outcome = CHECKER.grade(check, "h_t = (1 - z_t) h_{t-1} + z_t h~_t + b", PartContext(points=2, notation=GRU))
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "near_miss"), outcome.feedback
    assert "with a bias b it does not have" in outcome.feedback[-1]


@pytest.mark.parametrize(
    ("answer", "status", "said"),
    [
        pytest.param(
            "h_t = (1 - z_t) h_{t-1} + z_t h~_{t-1}", Status.NEEDS_REVIEW, r"\tilde{h}_{t-1}", id="candidate-before"
        ),
        pytest.param("h_t = (1 - z_t) h_{t-2} + z_t h~_t", Status.NEEDS_REVIEW, "h_{t-2}", id="state-two-back"),
        pytest.param("h_t = (1 - z_t) h_t + z_t h~_t", Status.INCORRECT, None, id="subject-on-both-sides"),
        pytest.param("h_t = (1 - z_t) h_{t-1} + z_t h~_t", Status.CORRECT, None, id="right"),
    ],
)
def test_one_time_index_off_is_a_near_miss_for_a_grader(answer: str, status: Status, said: str | None) -> None:
    """`h̃_{t-1}` for h̃_t: the expected formula but for one symbol's time step. The keyers gave such answers half
    the points or more; it goes to a grader, never a confident zero. The subject on both sides (`h_t` for h_{t-1})
    is no such slip: the formula then defines h_t by itself."""
    check = EquationCheck(type="equation", expected=r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t")
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=GRU))
    assert outcome.status is status, outcome.feedback
    if said is not None:
        assert outcome.note == "near_miss"
        assert f"but for {said}, where it has" in outcome.feedback[-1], outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("dZ = A - Y", Status.CORRECT, "equivalent", id="ng-activations-and-labels-read-as-his"),
        pytest.param("dZ = B - Y", Status.NEEDS_REVIEW, "near_miss", id="other-letters-no-textbook"),
        pytest.param("q - y", Status.NEEDS_REVIEW, "near_miss", id="right-side-alone-another-letter"),
        pytest.param("p - y", Status.CORRECT, "equivalent", id="right-side-alone"),
        pytest.param("dZ = A - Y + 1", Status.INCORRECT, "not_equivalent", id="another-letter-and-wrong"),
    ],
)
def test_a_right_side_alone_in_other_letters_is_a_near_miss(answer: str, status: Status, note: str) -> None:
    """`dZ = B - Y` for ∂L/∂z = p - y: read as the right-hand side alone, its letters are compared with that
    side's, not with the whole equation's (whose ∂L/∂z it never names). Ng's `dZ = A - Y` is read in his letters
    (A the softmax output p, Y the labels y: grader/math/textbooks.py)."""
    check = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")
    notation = Notation(aliases={"L": ["E", "J"]})
    outcome = CHECKER.grade(check, answer, PartContext(points=3, notation=notation))
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
