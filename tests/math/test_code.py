"""Python array code read as math: the translation, what it refuses, and answers graded through it."""

from __future__ import annotations

import pytest

from grader import Status, rubric_from_yaml
from grader.grading import grade_answer
from grader.math.caps import MAX_CODE_LENGTH
from grader.math.code import code_blocks, code_math, keras_weights
from grader.math.context import Context
from grader.math.equivalence import Verdict, same_expression
from grader.math.parser import parse_one
from grader.math.resolve import resolve

ATTENTION = "softmax(Q K^T / sqrt(d_k)) V"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(d_k), dim=-1) @ V", ATTENTION, id="torch"),
        pytest.param("F.softmax(Q @ K.T / np.sqrt(d_k), axis=-1) @ V", ATTENTION, id="F-and-numpy"),
        pytest.param(
            "torch.nn.functional.softmax(torch.matmul(Q, K.mT) / d_k ** 0.5, -1) @ V",
            ATTENTION,
            id="module-path-matmul-pow",
        ),
        pytest.param("(Q @ K.transpose(1, 2) / math.sqrt(d_k)).softmax(dim=-1).matmul(V)", ATTENTION, id="methods"),
        pytest.param("nn.Softmax(dim=-1)(Q.matmul(K.t()) / math.sqrt(d_k)) @ V", ATTENTION, id="layer-object"),
        pytest.param(
            "def attention(Q, K, V):\n    d_k = Q.size(-1)\n    scores = Q @ K.transpose(-2, -1) / math.sqrt(d_k)\n"
            "    weights = torch.softmax(scores, dim=-1)\n    return weights @ V",
            ATTENTION,
            id="function-with-locals",
        ),
        pytest.param(
            "import torch\nd_k = K.shape[-1]\nscale = 1 / math.sqrt(d_k)\nout = torch.softmax(Q @ K.T * scale, -1) @ V",
            ATTENTION,
            id="script-last-assignment",
        ),
        pytest.param(">>> torch.sigmoid(x) * (1 - torch.sigmoid(x))\ntensor([0.2500])", "σ(x)(1 − σ(x))", id="console"),
        pytest.param("1 / (1 + np.exp(-x))", "σ(x)", id="numpy-sigmoid"),
        pytest.param(
            "def sig(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s)",
            "σ(x)(1 − σ(x))",
            id="function-local-named-as-a-symbol",
        ),
        pytest.param("torch.tanh(W @ x[t] + U @ h[t-1] + b)", r"\tanh(W x_t + U h_{t-1} + b)", id="time-index"),
    ],
)
def test_code_reads_as_the_math_it_computes(code: str, expected: str) -> None:
    context = Context.declare(matrices=["Q", "K", "V", "W", "U"], scalars=["d_k"])
    math = code_math(code)
    assert math
    read, wanted = resolve(parse_one(math[-1]), context), resolve(parse_one(expected), context)
    assert same_expression(wanted.links[-1], read.links[-1]).verdict is Verdict.EQUIVALENT


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("for i in range(3):\n    x = x @ W", id="loop"),
        pytest.param("print(torch.softmax(z, dim=0))", id="unknown-call"),
        pytest.param("torch.softmax(z, dim=0, dtype=torch.float64)", id="unknown-keyword"),
        pytest.param("torch.einsum('ij,kj->ik', Q, K)", id="einsum"),
        pytest.param("a, b = Q, K\nreturn a @ b", id="tuple-assignment"),
        pytest.param("softmax(z) - 1 at the target index", id="prose"),
        pytest.param("L.backward()", id="side-effect"),
        pytest.param("x[None]", id="indexing"),
        pytest.param("x" + " + x" * MAX_CODE_LENGTH, id="too-long"),
        pytest.param("(" * 5_000 + "x" + ")" * 5_000, id="deep-nesting"),
        pytest.param(
            "a = x @ x\n"
            + "".join(f"{n} = {p} @ {p}\n" for p, n in zip("abcdefghijklmnopqrs", "bcdefghijklmnopqrst", strict=True))
            + "return t",
            id="doubling-variables",
        ),
        pytest.param("__import__('os').system('true')", id="hostile"),
    ],
)
def test_code_it_does_not_know_is_not_read(code: str) -> None:
    assert code_math(code) == []


@pytest.mark.parametrize(
    ("code", "statements"),
    [
        pytest.param("grad = softmax(z) - F.one_hot(y, C)", ["(softmax(z) - y)"], id="one-hot-is-the-label"),
        pytest.param("grad = torch.softmax(z, dim=-1) - F.one_hot(y, C).float()", ["(softmax(z) - y)"],
                     id="cast-to-float"),
        pytest.param("grad = softmax(z) - onehot(y)\n(checked: matches z.grad after loss.backward())",
                     ["(softmax(z) - y)"], id="a-remark-line-in-brackets-left-out"),
        pytest.param("c = i*g (f = 0)\nh = o*np.tanh(c)", [], id="prose-inside-a-line-reads-nothing"),
    ],
)  # fmt: skip
def test_a_one_hot_label_and_a_remark_beside_code(code: str, statements: list[str]) -> None:
    assert code_math(code) == statements


def test_a_lower_case_variable_is_the_capital_symbol_only_where_the_question_has_it() -> None:
    assert code_math("q @ k.T @ v", ["Q", "K", "V"]) == ["((Q @ (K)^T) @ V)"]
    assert code_math("q @ k.T @ v", ["Q", "K", "V", "q"]) == ["((q @ (K)^T) @ V)"]
    assert code_math("q @ k.T @ v") == ["((q @ (k)^T) @ v)"]


@pytest.mark.parametrize(
    ("code", "statements"),
    [
        pytest.param(
            "f[t] = sigmoid(W_f @ np.concatenate([h[t-1], x[t]]) + b_f)",
            ["f_{t} = sigmoid(((W_f @ [h_{t-1}, x_{t}]) + b_f))"],
            id="an-indexed-assignment-is-an-equation",
        ),
        pytest.param(
            "o = torch.sigmoid(W_o @ torch.cat((h_prev, x), dim=0) + b_o)\nh = o * torch.tanh(c)",
            ["o = sigmoid(((W_o @ [h_prev, x]) + b_o))", "h = (o * tanh(c))"],
            id="a-symbol-of-the-question-stays-itself",
        ),
        pytest.param(
            "s = q @ k.T\na = s.softmax(-1)\na @ v",
            ["(q @ (k)^T)", "softmax(((q @ (k)^T)))", "((softmax(((q @ (k)^T)))) @ v)"],
            id="steps-are-put-into-what-follows",
        ),
    ],
)
def test_a_script_states_each_assignment(code: str, statements: list[str]) -> None:
    assert code_math(code, ["o_t", "h_t", "c_t", "x_t", "f_t", "W_f", "W_o", "b_f", "b_o"]) == statements


def test_a_keras_cells_weight_names_are_the_questions_symbols() -> None:
    symbols = ["W_z", "U_z", "b_z", "z_t", "x_t", "h_t"]
    assert code_math("z = sigmoid(x @ kernel_z + h_tm1 @ recurrent_kernel_z + bias_z)", symbols) == [
        "z = sigmoid((((x @ W_z) + (h_tm1 @ U_z)) + b_z))"
    ]
    assert keras_weights("z_t = σ(x_t @ kernel_z + h_{t-1} @ recurrent_kernel_z + bias_z)", symbols) == (
        "z_t = σ(x_t @ W_z + h_{t-1} @ U_z + b_z)"
    )
    assert keras_weights("x @ kernel_r + my.bias_z", symbols) == "x @ kernel_r + my.bias_z"  # not the question's
    assert keras_weights("z_t = sigmoid(dot(state_t, Uz) + dot(input_t, Wz) + bz)", symbols) == (
        "z_t = sigmoid(dot(h_tm1, Uz) + dot(x_t, Wz) + bz)"  # Chollet's previous output and input
    )


def test_a_tensors_size_inside_a_formula_is_d_k_where_the_question_has_it() -> None:
    code = "att = (q @ k.transpose(-2, -1)) * k.size(-1)**-0.5\natt = F.softmax(att, dim=-1)\nout = att @ v"
    assert code_math(code, ["Q", "K", "V", "d_k"])[-1] == "((softmax((((Q @ (K)^T) * (d_k ^ (-0.5)))))) @ V)"
    assert code_math("q @ k.T / math.sqrt(q.shape[-1])", ["Q", "K", "d_k"]) == ["((Q @ (K)^T) / sqrt(d_k))"]
    assert code_math("q @ k.T / math.sqrt(q.shape[-1])", ["Q", "K"]) == []  # no d_k in the question: not read


@pytest.mark.parametrize(
    ("answer", "blocks"),
    [
        pytest.param(
            "In code:\n```python\nreturn softmax(s) @ V\n```\nwhich scales.", ["return softmax(s) @ V\n"], id="fenced"
        ),
        pytest.param(
            "torch.sigmoid(x) * (1 - torch.sigmoid(x))", ["torch.sigmoid(x) * (1 - torch.sigmoid(x))"], id="module-call"
        ),
        pytest.param("softmax(QK^T / sqrt(d_k)) V", [], id="math-not-code"),
        pytest.param("z_t = sigmoid(W_z x_t + U_z h_t-1)", [], id="ascii-math-is-not-code"),
    ],
)
def test_code_blocks_are_fences_or_code_looking_answers(answer: str, blocks: list[str]) -> None:
    assert code_blocks(answer) == blocks


RUBRIC = rubric_from_yaml(
    r"""
assignment: code
title: Answers in code
notation: {matrices: [Q, K, V]}
questions:
  - id: q
    title: Attention
    parts:
      - id: formula
        points: 3
        check: {type: expression, expected: 'softmax(Q K^T / \sqrt{d_k}) V'}
        mistakes:
          - {answer: 'softmax(Q K^T) V', score: 1, note: no-scaling, feedback: Divide the scores by √d_k.}
"""
)


@pytest.mark.parametrize(
    ("answer", "status", "score", "note"),
    [
        pytest.param(
            "```python\ndef attention(Q, K, V):\n    d_k = Q.size(-1)\n"
            "    return torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(d_k), dim=-1) @ V\n```",
            Status.CORRECT,
            3.0,
            "equivalent",
            id="right",
        ),
        pytest.param(
            "F.softmax(q @ k.transpose(-2, -1) / math.sqrt(d_k), dim=-1) @ v",
            Status.CORRECT,
            3.0,
            "equivalent",
            id="lower-case-variables",
        ),
        pytest.param("torch.softmax(Q @ K.T, dim=-1) @ V", Status.PARTIAL, 1.0, "mistake:no-scaling", id="mistake"),
        pytest.param(
            "torch.softmax(Q @ K.T / math.sqrt(d_k), dim=-1)", Status.NEEDS_REVIEW, 0.0, "near_miss", id="no-values"
        ),
    ],
)
def test_an_answer_in_code_is_graded_as_the_math_it_computes(
    answer: str, status: Status, score: float, note: str
) -> None:
    question = RUBRIC.questions[0]
    result = grade_answer(RUBRIC, question, question.parts[0], answer, None)
    assert (result.status, result.score, result.note) == (status, score, note)
    assert "read as Python code" in result.feedback
