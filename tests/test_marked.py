"""Marked math: the `$...$` pieces of an answer in order, and the statements a display holds."""

from __future__ import annotations

import pytest

from grader.marked import marked_math, marked_statements


def test_marked_math_in_order() -> None:
    answer = r"First $$a = b$$ then \[c = d\], inline $e$ and \(f\); a price of 5 dollars is prose."
    assert marked_math(answer) == ["a = b", "c = d", "e", "f"]


def test_marked_math_in_a_justification_is_working() -> None:
    answer = r"$s' = s(1-s)$. (From $s = (1+e^{-x})^{-1}$, the factor is $1-s$.)"
    assert marked_math(answer) == ["s' = s(1-s)"]
    assert marked_math(r"(From $s = 1$ we get $t = 2$.)") == ["s = 1", "t = 2"]  # nothing outside it: all of it


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        pytest.param(r"Taking the derivative with respect to $z_k$: $a = b$", ["a = b"], id="with-respect-to"),
        pytest.param(r"$g = p - y$, the gradient w.r.t. $z$", ["g = p - y"], id="w-r-t"),
        pytest.param(r"with respect to $z$", ["z"], id="alone-it-stays"),
        pytest.param(r"with respect to $z$: $z = 1$", ["z = 1"], id="an-equation-after-it-stays"),
    ],
)
def test_the_variable_of_a_derivative_is_no_statement(answer: str, found: list[str]) -> None:
    assert marked_math(answer) == found


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        pytest.param(r"$s' = s(1-s)$, immediate from differentiating $(1+e^{-x})^{-1}$.", ["s' = s(1-s)"], id="from"),
        pytest.param(r"$s' = a b$, and the last fraction is $1-s$.", ["s' = a b"], id="a-term-named"),
        pytest.param(
            r"$s' = a b$, and the derivative is $s(1-s)$.", ["s' = a b", "s(1-s)"], id="the-subject-is-no-term"
        ),
        pytest.param(r"the last fraction is $1-s$", ["1-s"], id="alone-it-stays"),
    ],
)
def test_what_the_working_started_from_or_a_term_of_it_is_no_statement(answer: str, found: list[str]) -> None:
    assert marked_math(answer) == found


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        pytest.param(r"$f = a b$ (d2l writes it as $F = b a$, same thing.)", ["f = a b"], id="writes-it-as"),
        pytest.param(r"$f = a b$ (in Goodfellow's notation $f = b a$)", ["f = a b"], id="in-a-books-notation"),
        pytest.param(r"(d2l writes it as $F = b a$)", ["F = b a"], id="alone-it-stays"),
        pytest.param(r"$f = a b$ (or $f = b a$)", ["f = a b", "f = b a"], id="an-alternative-stays"),
        pytest.param(r"$f = a b$ (I wrote $f = b a$ first)", ["f = a b", "f = b a"], id="the-students-own-stays"),
        pytest.param(
            r"$f = a b$ (d2l writes it as $f = b a$, but actually $f = c$)",
            ["f = a b", "f = b a", "f = c"],
            id="taken-back-stays",
        ),
    ],
)
def test_the_answer_in_another_books_notation_in_an_aside_is_no_statement(answer: str, found: list[str]) -> None:
    assert marked_math(answer) == found


def test_marked_math_leaves_the_sentence_punctuation_out() -> None:
    assert marked_statements(r"$$\mathrm{softmax}(QK^\top) V,$$ taken row-wise, and $x = 1.$") == [
        r"\mathrm{softmax}(QK^\top) V",
        "x = 1",
    ]


@pytest.mark.parametrize(
    ("answer", "statements"),
    [
        pytest.param(r"$\frac{a}{b} = f_t \approx 1$", [r"\frac{a}{b} = f_t", "1"], id="approx"),
        pytest.param(r"$c_t = a \Rightarrow c_t = b$", ["c_t = a", "c_t = b"], id="implies"),
        pytest.param(r"$x \to 0$ and $y$", [r"x \to 0", "y"], id="a-limit-arrow-stays"),
    ],
)
def test_marked_math_splits_at_arrows_and_approximations(answer: str, statements: list[str]) -> None:
    assert marked_statements(answer) == statements


@pytest.mark.parametrize(
    ("answer", "statements"),
    [
        pytest.param("$c = a + b$\n$\\;\\;= a + d$", ["c = a + b = a + d"], id="spaced-equals"),
        pytest.param("$c = a$\n$= b$ and $x$", ["c = a = b", "x"], id="bare-equals"),
        pytest.param("$a + b$\n$= c$", ["a + b", "= c"], id="no-equation-before"),
        pytest.param("$c = a$ $=$", ["c = a", "="], id="nothing-after-the-equals"),
    ],
)
def test_a_display_opening_with_equals_goes_on_with_the_equation_before(answer: str, statements: list[str]) -> None:
    assert marked_statements(answer) == statements


@pytest.mark.parametrize(
    ("answer", "statements"),
    [
        pytest.param(r"$$a = b,\qquad c = d$$", ["a = b", "c = d"], id="comma-qquad"),
        pytest.param(r"$$a = b \quad\text{and}\quad c = d$$", ["a = b", "c = d"], id="quad-and-quad"),
        pytest.param(r"$$a = b \quad (\text{along the cell})$$", ["a = b"], id="words-after-an-equation"),
        pytest.param(r"$$a = b \quad (+\ \text{other terms})$$", ["a = b"], id="plus-words"),
        pytest.param(r"$$a = b \quad \forall t$$", [r"a = b \quad \forall t"], id="a-condition-stays"),
        pytest.param(r"$$f(a, \quad b) = c$$", [r"f(a, \quad b) = c"], id="inside-brackets"),
    ],
)
def test_marked_math_splits_equations_set_apart_by_a_wide_space(answer: str, statements: list[str]) -> None:
    assert marked_statements(answer) == statements


def test_a_display_closed_with_one_dollar_is_read() -> None:
    answer = "$a = b$ y $c = d$, entonces\n$$e = f + g$\ndonde $h$ depende de $x$."
    assert marked_math(answer) == ["a = b", "c = d", "e = f + g", "h", "x"]


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        pytest.param(r"Attention = softmax(QKᵀ / $\sqrt{d_k}$) V", [], id="between-an-operator-and-a-bracket"),
        pytest.param(r"softmax($QK^T/\sqrt{d_k}$)V", [], id="inside-a-call"),
        pytest.param(r"$\sigma$(W x + b), then $z = 1$", [r"\sigma", "z = 1"], id="a-name-before-a-bracket-stays"),
        pytest.param(r"- $\sigma$ = logistic sigmoid", [r"\sigma"], id="a-bullet-and-a-legend-stay"),
        pytest.param(r"so y = ($a = b$) + 1", ["a = b"], id="an-equation-stays"),
    ],
)
def test_a_piece_of_an_expression_written_around_it_is_read_whole(answer: str, found: list[str]) -> None:
    assert marked_math(answer) == found
