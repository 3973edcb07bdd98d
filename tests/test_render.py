"""Renderers: golden reports of both seed submissions in every format, and the rules each renderer keeps."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from grader import Format, PartResult, QuestionResult, Report, Status, Student, grade, render
from grader.render.common import visible

from .conftest import GOLDEN, RAW_CONTROLS, SEED_PAIRS, check_golden

SUFFIXES = {Format.TEXT: "txt", Format.JSON: "json", Format.MARKDOWN: "md", Format.GRADESCOPE: "gradescope.json"}


@cache
def _seed_report(stem: str) -> Report:
    from grader import load_rubric, load_submission

    from .conftest import RUBRICS, SUBMISSIONS

    return grade(load_rubric(RUBRICS / f"{SEED_PAIRS[stem]}.yaml"), load_submission(SUBMISSIONS / f"{stem}.json"))


@pytest.mark.parametrize("fmt", list(Format), ids=[fmt.value for fmt in Format])
@pytest.mark.parametrize("stem", SEED_PAIRS)
def test_seed_reports_match_their_golden_files(stem: str, fmt: Format, update_golden: bool) -> None:
    check_golden(GOLDEN / f"{stem}.{SUFFIXES[fmt]}", render(_seed_report(stem), fmt), update_golden)


def _report() -> Report:
    def result(identifier: str, status: Status, score: float, feedback: str, **extra: str) -> PartResult:
        return PartResult(
            id=identifier,
            status=status,
            score=score,
            max_score=2,
            feedback=feedback,
            interpreted_as=extra.get("interpreted_as"),
            expected=extra.get("expected", "6272"),
            note=extra.get("note", status.value),
        )

    parts = [
        result("q1.a", Status.CORRECT, 2, "Equivalent to the expected answer.", interpreted_as="4*(32*48+32)"),
        result("q1.b", Status.INCORRECT, 0, "Read as: 4352 = 16*256 + 256.\nYou used *16* inputs; `#` | _x_"),
        result("q1.c", Status.NEEDS_REVIEW, 0, "The check took longer than 2 s; a human will grade it."),
        result("q1.d", Status.UNANSWERED, 0, "No answer."),
    ]
    question = QuestionResult(id="q1", title="Counts", score=2, max_score=8, parts=parts)
    return Report(
        assignment="demo",
        student=Student(id="7"),
        score=2,
        max_score=8,
        questions=[question],
        unknown_answers=["q9.z"],
    )


def test_the_json_report_round_trips_into_the_model() -> None:
    report = _report()

    text = render(report, Format.JSON)

    assert Report.model_validate_json(text) == report
    assert list(json.loads(text)) == ["assignment", "student", "score", "max_score", "questions", "unknown_answers"]


def test_markdown_escapes_student_text_and_lists_unknown_answers() -> None:
    text = render(_report(), Format.MARKDOWN)

    assert text.startswith("# demo: feedback for 7\n")
    assert "**Score 2/8 · 1 part needs review (score provisional)**" in text
    assert r"You used \*16\* inputs; \`\#\` \| \_x\_" in text
    assert "## Answers the rubric does not know\n\n- `q9.z`" in text
    assert "- Expected: `6272`" in text  # an incorrect part shows what was expected
    assert text.count("Expected:") == 3  # ... every part but the correct one


def test_text_has_colour_only_when_asked_and_no_trailing_spaces() -> None:
    plain = render(_report(), Format.TEXT, width=60)
    coloured = render(_report(), Format.TEXT, color=True, width=60)

    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    assert all(line == line.rstrip() for line in plain.splitlines())
    assert all(len(line) <= 60 for line in plain.splitlines())
    assert "? needs review" in plain
    assert "Answers the rubric does not know: q9.z" in plain


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="pdf"):
        render(_report(), "pdf")


# What a hostile student writes: an OSC 52 clipboard write, then cursor up, erase line and a fake verdict in green,
# a window title, an 8-bit CSI, DEL, and a right-to-left override that reorders the rest of the line.
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x1b\\"
FAKE_LINE = "\x1b[1A\x1b[2K\x1b[32m✔ correct 1/1 q2.forget\x1b[0m"
HOSTILE = f"{CLIPBOARD} {FAKE_LINE} \x1b]0;TITLE\x07 \x9b2J \x7f \u202egnp.exe"


@pytest.mark.parametrize(
    ("text", "shown", "one_line"),
    [
        ("c_t = f_t ⊙ c_{t-1}", "c_t = f_t ⊙ c_{t-1}", False),
        ("Ünïcødé σ ∂ — “quoted” \\frac{a}{b} 张三", "Ünïcødé σ ∂ — “quoted” \\frac{a}{b} 张三", False),
        ("two\n\tlines", "two\n\tlines", False),
        ("two\n\tlines", "two\\n\\tlines", True),
        ("a\r\x00\x07\x08b", "a\\r\\x00\\x07\\x08b", False),
        (CLIPBOARD, "\\x1b]52;c;ZWNobyBwd25lZA==\\x1b\\", False),
        ("\x1b[1A\x1b[2K", "\\x1b[1A\\x1b[2K", False),
        ("\x7f\x85\x9b2J", "\\x7f\\x85\\x9b2J", False),
        ("\u202aa\u202bb\u202cc\u202dd\u202ee", "\\u202aa\\u202bb\\u202cc\\u202dd\\u202ee", False),
        ("\u2066a\u2067b\u2068c\u2069", "\\u2066a\\u2067b\\u2068c\\u2069", False),
    ],
    ids=["math", "unicode-and-backslashes", "layout-kept", "layout-shown-on-one-line", "c0", "osc-52",
         "cursor-and-erase", "del-and-c1", "bidi-overrides", "bidi-isolates"],
)  # fmt: skip
def test_visible_shows_terminal_controls_as_escapes_and_keeps_ordinary_text(text: str, shown: str,
                                                                             one_line: bool) -> None:  # fmt: skip
    assert visible(text, one_line=one_line) == shown


def _hostile_report() -> Report:
    part = PartResult(
        id="q2.forget",
        status=Status.NEEDS_REVIEW,
        score=0,
        max_score=1,
        feedback=f"Could not read your answer as math: “{HOSTILE}”.",
        interpreted_as=HOSTILE,
        expected="f_t",
        note="unreadable",
    )
    question = QuestionResult(id="q2", title="Gates", score=0, max_score=1, parts=[part])
    return Report(
        assignment="demo",
        student=Student(id=f"7{FAKE_LINE}", name="\x1b]0;TITLE\x07Ada\nScore 1/1"),
        score=0,
        max_score=1,
        questions=[question],
        unknown_answers=[f"q9{CLIPBOARD}"],
    )


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
def test_the_text_report_shows_a_students_escape_sequences_instead_of_sending_them(color: bool) -> None:
    text = render(_hostile_report(), Format.TEXT, color=color, width=400)
    colourless = re.sub("\x1b\\[[0-9;]*m", "", text)  # with colour on, rich's own SGR sequences are allowed

    assert not RAW_CONTROLS.search(colourless)
    assert not any(raw in text for raw in ("\x1b]", "\x1b[1A", "\x1b[2K", "\x1b[32m✔"))
    assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x1b\\" in colourless
    assert "\\x1b[1A\\x1b[2K\\x1b[32m✔ correct" in colourless
    assert "\\u202egnp.exe" in colourless
    # A line break in the name is shown too: it cannot forge a score line under the title.
    assert colourless.splitlines()[:2] == [
        "demo  \\x1b]0;TITLE\\x07Ada\\nScore 1/1 (7\\x1b[1A\\x1b[2K\\x1b[32m✔ correct 1/1 q2.forget\\x1b[0m)",
        "Score 0/1 · 1 part needs review (score provisional)",
    ]


def _markdown_of(field: str, text: str) -> str:
    """The Markdown feedback with `text` as the student's name, a feedback line (feedback quotes answers), the
    reading of an answer, or the id of an answer the rubric does not know."""
    part = PartResult(
        id="q1.a",
        status=Status.INCORRECT,
        score=0,
        max_score=2,
        feedback={"feedback": text, "read-as": ""}.get(field, "Not equivalent."),  # a reading in it is not repeated
        interpreted_as=text if field == "read-as" else "4352",
        expected="6272",
        note="incorrect",
    )
    return render(
        Report(
            assignment="demo",
            student=Student(id="7", name=text if field == "name" else "Ada"),
            score=0,
            max_score=2,
            questions=[QuestionResult(id="q1", title="Counts", score=0, max_score=2, parts=[part])],
            unknown_answers=[text] if field == "unknown-answer" else [],
        ),
        Format.MARKDOWN,
    )


def _read(markdown: str) -> tuple[set[str], list[str]]:
    """What a CommonMark reader makes of `markdown`, one that follows links to any URL as a careless LMS might:
    the kinds of token, and the text of each line as shown."""
    reader = MarkdownIt("commonmark")
    reader.validateLink = lambda url: True
    tokens = reader.parse(markdown)
    kinds = {token.type for token in tokens} | {child.type for token in tokens for child in token.children or []}
    return kinds, ["".join(child.content for child in token.children or []) for token in tokens if token.children]


ACTIVE = {"html_inline", "html_block", "link_open", "image"}


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("name", "<script>alert(1)</script>"),
        ("feedback", "[x](javascript:alert(2)) <img src=x onerror=alert(3)>"),
        ("feedback", "Read as: “![i](https://evil.example/i.png) <https://evil.example> [y][r] [r]”."),
        ("feedback", "[r]: https://evil.example\n<div onclick=alert(4)>\n[r] and [x] ticked"),
        ("feedback", "typed &lt;b&gt; &#60;i&#62; &amp; AT&T"),
        ("feedback", "`<b>` *bold* _em_ \\(x\\) # | \\"),
        ("read-as", "a ` b ``c`` <b>x</b> [y](https://evil.example)"),
        ("read-as", "`x`\n- <b>y</b>"),
        ("unknown-answer", "q9`<img src=x onerror=alert(5)>`"),
        ("name", "Ada\n# Lovelace <b>x</b>"),
    ],
    ids=["script-in-name", "link-and-img-in-answer", "image-autolink-reference", "definition-html-block-task",
         "entities-shown-as-typed", "markup-and-backslashes", "backticks-in-reading", "line-break-in-reading",
         "code-span-breakout-in-answer-id", "line-break-in-name"],
)  # fmt: skip
def test_markdown_shows_student_text_as_written_without_html_or_links(field: str, text: str) -> None:
    markdown = _markdown_of(field, text)

    kinds, shown = _read(markdown)

    assert not kinds & ACTIVE, markdown
    for line in text.splitlines() if field == "feedback" else [visible(text, one_line=True)]:
        assert any(line in shown_line for shown_line in shown), (line, markdown)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("4352", "`4352`"),
        ("a ` b", "``a ` b``"),
        ("``x``", "``` ``x`` ```"),
        ("`x", "`` `x ``"),
        (" x ", "`  x  `"),
        ("a\nb", "`a\\nb`"),
    ],
    ids=["plain", "one-backtick", "two-backticks", "leading-backtick", "spaces-kept", "line-break-shown"],
)
def test_a_code_span_is_fenced_by_more_backticks_than_it_holds(text: str, span: str) -> None:
    assert f"- Read as: {span}\n" in _markdown_of("read-as", text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(min_size=1))
def test_any_reading_stays_inside_its_code_span(text: str) -> None:
    kinds, shown = _read(_markdown_of("read-as", text))

    assert not kinds & ACTIVE
    assert f"Read as: {visible(text, one_line=True)}" in shown


# Pieces of links, images, reference definitions, autolinks, HTML, entities and code spans.
MARKUP = [
    "<",
    ">",
    "/",
    "a",
    "b",
    " ",
    "\n",
    "[",
    "]",
    "(",
    ")",
    "!",
    ":",
    "https://e.x",
    "`",
    "\\",
    "&",
    "#60;",
    "lt;",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(MARKUP), min_size=1, max_size=30).map("".join))
def test_no_feedback_text_becomes_html_or_a_link(text: str) -> None:
    kinds, _ = _read(_markdown_of("feedback", f"{text}: “{text}”"))

    assert not kinds & ACTIVE
