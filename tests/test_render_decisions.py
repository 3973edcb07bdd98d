"""A human decision leads every rendering; the machine's verdict is not shown, only what it read. And math on
student pages is MathML from grader's own LaTeX, escaped, with the text as a fallback."""

from __future__ import annotations

import re

import pytest

from grader import Format, PartResult, QuestionResult, Report, Status, Student, render
from grader.classroom.overrides import apply_overrides
from grader.models.report import Override
from grader.render.html import student_page
from grader.render.mathml import mathml

MACHINE = "Not equivalent to the expected f_t = σ(W_f·[h_{t-1}, x_t] + b_f) (differs at t = 0)."


def overridden() -> Report:
    """A report whose math part the machine failed and an instructor gave 2/3 with a comment."""
    part = PartResult(
        id="q1.gate", status=Status.INCORRECT, score=0, max_score=3, feedback=MACHINE,
        interpreted_as="f_t = σ(W_f·[h_{t-1}, x_t])", interpreted_latex=r"f_t = \sigma\left(W_f \left[h_{t-1}, x_t\right]\right)",
        expected="f_t = σ(W_f·[h_{t-1}, x_t] + b_f)", note="not_equivalent",
    )  # fmt: skip
    report = Report(
        assignment="demo", student=Student(id="7"), score=0, max_score=3,
        questions=[QuestionResult(id="q1", title="Gates", score=0, max_score=3, parts=[part])],
    )  # fmt: skip
    decision = Override(score=2, by="ta1", at="2026-11-24T10:00:00Z", comment="Bias left out <b>only</b>.",
                        automatic_score=0, automatic_status=Status.INCORRECT)  # fmt: skip
    return apply_overrides(report, {"q1.gate": decision})


@pytest.mark.parametrize("fmt", [Format.MARKDOWN, Format.TEXT], ids=["markdown", "text"])
def test_a_decision_leads_and_the_machine_verdict_is_not_shown(fmt: Format) -> None:
    text = render(overridden(), fmt)

    body = text[text.index("q1.gate") :]
    assert re.search(r"Score set by instructor: 2/3", body)
    assert body.index("Score set by instructor") < body.index("Bias left out")
    assert "The machine read: " in body
    assert "Not equivalent" not in text
    assert "Score set by ta1" not in text


def test_the_student_page_leads_with_the_decision_and_typesets_the_reading() -> None:
    page = student_page(overridden())

    part = page[page.index("<div class='part'>") :]
    assert "<strong>Score set by instructor: 2/3</strong>" in part
    assert "Bias left out &lt;b&gt;only&lt;/b&gt;." in part
    assert "Not equivalent" not in page
    assert "The machine read: </span><math" in part
    assert part.count("<math") == 2  # the reading and the expected answer
    assert "\\left" not in page
    assert "\\sigma" not in page


@pytest.mark.parametrize(
    ("latex", "pieces"),
    [
        (r"\frac{\partial E}{\partial c_t}", ["<mfrac>", "<mi>∂</mi>", "<msub><mi>c</mi><mi>t</mi></msub>"]),
        (r"\tilde{c}_{t-1}", ['<mover accent="true"><mi>c</mi><mo>~</mo></mover>', "<mo>−</mo>"]),
        (r"\sqrt{x} \odot \hat{h}'", ["<msqrt><mi>x</mi></msqrt>", "<mo>⊙</mo>", "<mo>′</mo>"]),
        (r"\sum_{j=1}^{n} x_j", ["<munderover>", "∑"]),
        (r"\text{ReLU}\left(x\right)", ['<mi mathvariant="normal">ReLU</mi>', "<mo>(</mo>"]),
        (r"{W}^\top \bar{x}", ["<msup><mi>W</mi><mi>⊤</mi></msup>", "<mo>¯</mo>"]),
    ],
    ids=["frac", "tilde-sub", "sqrt-odot-prime", "sum", "text-fence", "transpose-bar"],
)
def test_grader_latex_becomes_presentation_mathml(latex: str, pieces: list[str]) -> None:
    converted = mathml(latex)

    assert converted is not None
    assert converted.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"')
    for piece in pieces:
        assert piece in converted


@pytest.mark.parametrize("latex", [r"\unknown{x}", r"\frac{a}", "x}", r"\left( x", "", "x" * 5000],
                         ids=["unknown-command", "missing-argument", "unbalanced", "unclosed-fence", "blank", "long"])  # fmt: skip
def test_latex_it_does_not_know_falls_back_to_none(latex: str) -> None:
    assert mathml(latex) is None


def test_every_text_node_is_escaped() -> None:
    converted = mathml('</math><script>"x"')

    assert converted is not None
    assert "<script>" not in converted
    assert "</math><" not in converted
    assert "&lt;" in converted
    assert "&quot;" in converted
