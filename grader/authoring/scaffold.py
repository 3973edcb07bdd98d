"""`grader rubric new`: a commented starter rubric with one part of each check type, each with self-tests.
It validates and its tests pass as written (a test checks that), so an author starts from a working file."""

from __future__ import annotations

import re

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A starter rubric for `{assignment}`: one part of each check type. Edit, then prove it:
#   grader rubric validate {assignment}.yaml    (schema, points, mistakes that equal the answer, ...)
#   grader rubric test {assignment}.yaml        (runs every part's `tests:`)
assignment: {assignment}                # submissions name this in their "assignment"
title: {title}
points: 18                              # optional: the parts must add up to it

notation:                               # how math answers are read, for every math part
  matrices: [W, U]                      # products with matrices keep their order
  aliases:
    '\\tilde{{c}}': ['\\bar{{c}}', 'g']     # \\bar{{c}}_t and g_t read as \\tilde{{c}}_t

models:                                 # parameter counts are computed from models, never typed in
  classifier:
    keras_code: |
      model.add(Embedding(1000, 16))
      model.add(LSTM(32))
      model.add(Dense(1, activation='sigmoid'))
  cnn:
    keras_code: |
      model.add(Conv2D(32, (3, 3), input_shape=(28, 28, 1)))
      model.add(MaxPooling2D((2, 2)))
      model.add(Conv2D(64, (3, 3)))

questions:
  - id: q1
    label: Q1                           # the number `grader import` looks for in a student's document
    title: Cell state and gates
    prompt: Write the LSTM cell state update and explain the forget gate.
    points: 6
    parts:
      - id: update                      # answer id: q1.update
        prompt: Give the cell state update c_t.
        points: 2
        check:
          type: equation                # equivalent equations in any notation (LaTeX, Unicode, ASCII)
          expected: 'c_t = f_t \\odot c_{{t-1}} + i_t \\odot \\tilde{{c}}_t'
        mistakes:                       # known wrong answers, with feedback and partial credit
          - answer: 'c_t = f_t \\odot c_{{t-1}}'
            score: 1
            feedback: The input gate adds new information, i_t ⊙ c̃_t; without it the cell can only forget.
            note: missing-input-term
        tests:                          # `grader rubric test` checks each of these
          - {{answer: 'c_t = f_t \\odot c_{{t-1}} + i_t \\odot \\tilde{{c}}_t', status: correct, name: LaTeX}}
          - {{answer: 'c_t = i_t ⊙ c̃_t + f_t ⊙ c_{{t-1}}', status: correct, name: 'Unicode, terms swapped'}}
          - {{answer: 'c_t = f_t*c_{{t-1}} + i_t*g_t', status: correct, name: ASCII with an alias}}
          - {{answer: 'c_t = f_t*c_{{t-1}}', score: 1, note: 'mistake:missing-input-term'}}
          - {{answer: '', status: unanswered}}
          - {{answer: '@@@ ###', status: needs_review, name: garbage}}
      - id: gate
        prompt: Give the forget gate's activation as an expression.
        points: 1
        check:
          type: expression
          expected: '\\sigma(W_f x_t + U_f h_{{t-1}} + b_f)'
        tests:
          - {{answer: 'σ(U_f h_{{t-1}} + W_f x_t + b_f)', status: correct}}
          - {{answer: 'tanh(W_f x_t + U_f h_{{t-1}} + b_f)', status: incorrect}}
      - id: role
        prompt: What does the forget gate do?
        points: 3
        check:
          type: text                    # concepts with phrasings; unsure verdicts go to a human
          concepts:
            - id: decides
              description: the forget gate decides what to discard from the cell state
              points: 2
              phrasings: [decides what to forget, discard/discards/forget/forgets ... cell state, removes information]
            - id: sigmoid
              description: its sigmoid output between 0 and 1 scales each entry of c_{{t-1}}
              points: 1
              phrasings: [between 0 and 1, sigmoid, scales/multiplies ... cell state]
              math: ['f_t \\odot c_{{t-1}}']
              hint: Say how the gate acts on c_{{t-1}}.
        tests:
          - answer: It decides what to forget from the cell state; its sigmoid output between 0 and 1 scales c_{{t-1}}.
            score: 3
          - {{answer: 'It decides what to forget.', score: 2}}
          - {{answer: '', status: unanswered}}

  - id: q2
    label: Q2
    title: Counting
    points: 12
    parts:
      - id: lstm-params
        prompt: How many parameters does the LSTM layer have?
        points: 3
        check:
          type: params                  # the count comes from the model: 4 * (32 * (16 + 32) + 32)
          model: classifier
          layers: lstm
        mistakes:
          - answer: '32 * (16 + 32) + 32'
            score: 1
            feedback: This is one gate; an LSTM has four (input, forget and output gates and the candidate layer).
            note: one-gate-only
        tests:
          - {{answer: '6272', status: correct}}
          - {{answer: 'The LSTM has 4 × (32 × (16 + 32) + 32) = 6,272 parameters.', status: correct}}
          - {{answer: '1568', score: 1, note: 'mistake:one-gate-only'}}
      - id: units
        prompt: How many units does the LSTM layer have?
        points: 1
        check:
          type: number
          expected: 32
        tests:
          - {{answer: '32', status: correct}}
          - {{answer: '16', status: incorrect}}
      - id: variants
        prompt: Name two gated RNN variants.
        points: 2
        check:
          type: set
          min_count: 2
          items:
            - name: LSTM
              synonyms: [long short-term memory]
            - name: GRU
              synonyms: [gated recurrent unit]
        tests:
          - {{answer: 'LSTM and GRU', status: correct}}
          - {{answer: 'LSTM', status: partial}}
      - id: shared
        prompt: Do the weights change from one time step to the next? (yes or no)
        points: 3
        check:
          type: choice
          answer: "no"
          where: first_sentence
          options:
            - id: "no"
              phrasings: ["no", do not change, stay the same, shared]
            - id: "yes"
              phrasings: ["yes", change, differ]
        tests:
          - {{answer: 'No, they are shared across time steps.', status: correct}}
          - {{answer: 'Yes.', status: incorrect}}
      - id: conv-shape
        prompt: What is the output shape of the second Conv2D layer?
        points: 2
        check:
          type: shape                   # computed from the model; read as (11, 11, 64), 11x11x64, (None, 11, 11, 64)
          model: cnn
          layer: conv2d_1               # a name as model.summary() shows it, a type, or an index
          partial: {{same-padding: 1}}    # diagnosed mistakes: same-padding, stride-forgotten, channels-first, ...
        tests:
          - {{answer: '(11, 11, 64)', status: correct}}
          - {{answer: 'It outputs 11 × 11 × 64.', status: correct}}
          - {{answer: '(13, 13, 64)', score: 1, note: 'mistake:same-padding'}}
      - id: field
        prompt: What is the receptive field of one unit of the second Conv2D layer, in input pixels?
        points: 1
        check:
          type: receptive_field         # from kernels, strides and dilations: 3 + (2 - 1) + (3 - 1) * 2 = 8
          model: cnn
          layer: conv2d_1
        tests:
          - {{answer: '8', status: correct}}
          - {{answer: '8x8 pixels', status: correct}}
          - {{answer: '5', status: incorrect, note: 'mistake:pool-ignored'}}
"""


def starter_rubric(assignment: str, schema: str = "rubric.schema.json") -> str:
    """The starter rubric text for `assignment`. Raises ValueError for an id a rubric cannot have."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", assignment):
        raise ValueError(
            f"{assignment!r} cannot be an assignment id: use letters, digits, `-` and `_` (no dots or spaces), "
            "e.g. `lstm-hw3`"
        )
    title = assignment.replace("-", " ").replace("_", " ").capitalize()
    return TEMPLATE.format(assignment=assignment, title=title, schema=schema)
