"""Self-contained HTML: the class report (charts, common mistakes, answer groups, review queue, students) and
one feedback page per student. No network: styles, charts (inline SVG) and the small table-sorting script
are in the page. Every piece of student or rubric text is escaped."""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from grader.models.report import PartResult, Report, Status, shown
from grader.render.common import MACHINE_READ, decision_lines
from grader.render.mathml import mathml

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
h1, h2, h3 { line-height: 1.2; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
th.sortable { cursor: pointer; } th.sortable:after { content: " ↕"; color: #999; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .85em; color: #fff; }
.correct { background: #2e7d32; } .partial { background: #ef6c00; } .incorrect { background: #c62828; }
.unanswered { background: #757575; } .needs_review { background: #6a1b9a; } .error { background: #000; }
.ok { background: #2e7d32; } .overridden { background: #1565c0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid #eee; border-radius: .4rem; padding: .5rem; }
figcaption { font-weight: 600; font-size: .9em; margin-bottom: .3rem; }
code, .answer { font-family: ui-monospace, monospace; font-size: .9em; white-space: pre-wrap; word-break: break-word; }
.feedback { white-space: pre-wrap; } .muted { color: #666; }
.part { border: 1px solid #eee; border-radius: .4rem; padding: .6rem .8rem; margin: .6rem 0; }
math { font-size: 1.1em; } .decision { color: #1565c0; }
"""

SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, column) {
    th.classList.add("sortable");
    th.addEventListener("click", function () {
      var body = table.tBodies[0], rows = Array.from(body.rows), up = th.dataset.dir !== "up";
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.value || a.cells[column].textContent;
        var y = b.cells[column].dataset.value || b.cells[column].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return up ? order : -order;
      });
      th.dataset.dir = up ? "up" : "down";
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
document.documentElement.dataset.ready = "1";
"""


@dataclass(frozen=True)
class StudentLine:
    """A student's line in the class report."""

    student_id: str
    name: str
    file: str
    status: str
    total: float | None
    max_total: float | None
    message: str
    page: str | None  # the feedback page's file name, relative to the report


@dataclass(frozen=True)
class GroupLine:
    """An answer group in the class report."""

    id: str
    part_id: str
    count: int
    answer: str
    read_as: str | None
    status: str
    score: float
    max_score: float
    note: str
    reason: str
    expected: str


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _badge(status: str, text: str | None = None) -> str:
    return f'<span class="badge {escape(status)}">{escape(text or status.replace("_", " "))}</span>'


def bar_chart(counts: Sequence[tuple[str, int]], *, label: str) -> str:
    """An inline SVG bar chart of `counts` (label, count), with an accessible title."""
    width, height, gap = 260, 120, 4
    peak = max((count for _, count in counts), default=0) or 1
    step = width / max(1, len(counts))
    bars = []
    for index, (name, count) in enumerate(counts):
        bar = (height - 30) * count / peak
        x = index * step + gap / 2
        bars.append(
            f'<rect x="{x:.1f}" y="{height - 18 - bar:.1f}" width="{step - gap:.1f}" height="{bar:.1f}" '
            f'fill="#1565c0"><title>{escape(name)}: {count}</title></rect>'
            f'<text x="{x + (step - gap) / 2:.1f}" y="{height - 4}" font-size="10" text-anchor="middle">'
            f"{escape(name)}</text>"
            f'<text x="{x + (step - gap) / 2:.1f}" y="{height - 21 - bar:.1f}" font-size="10" '
            f'text-anchor="middle">{count}</text>'
        )
    return (
        f'<svg role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="100%">'
        f"<title>{escape(label)}</title>{''.join(bars)}</svg>"
    )


def histogram(scores: list[float], max_score: float) -> list[tuple[str, int]]:
    """Counts over the whole score range, from 0 to `max_score`, empty bins included: one bin per point when
    the maximum is at most 12 points and every score is whole, else ten equal bins (the last takes the maximum)."""
    if max_score <= 0:
        return [(shown(max_score), len(scores))]
    if max_score <= 12 and float(max_score).is_integer() and all(float(s).is_integer() for s in scores):
        counted = Counter(int(s) for s in scores)
        return [(str(value), counted[value]) for value in range(int(max_score) + 1)]
    width = max_score / 10
    bins: Counter[int] = Counter(min(9, max(0, int(score // width))) for score in scores)
    return [(f"{shown(round(i * width, 2))}–{shown(round((i + 1) * width, 2))}", bins[i]) for i in range(10)]


def class_report(
    title: str,
    students: list[StudentLine],
    reports: list[Report],
    groups: list[GroupLine],
    review: list[GroupLine],
    *,
    out: str = "OUT_DIR",
) -> str:
    """The class report page; `out` is the output folder the suggested commands name."""
    graded = [s for s in students if s.status != "error"]
    statuses = Counter(s.status for s in students)
    mean = sum(s.total or 0 for s in graded) / len(graded) if graded else None
    body = [f"<h1>{escape(title)}</h1>"]
    body.append(
        f"<p>{len(students)} submissions: {statuses['ok']} fully graded, {statuses['needs_review']} need review, "
        f"{statuses['error']} could not be graded."
        + (f" Mean total {mean:.2f} of {shown(graded[0].max_total)}." if graded and mean is not None else "")
        + "</p>"
    )
    body.append("<h2>Score distributions</h2>")
    body.append(_charts(reports))
    body.append("<h2>Most common mistakes</h2>")
    body.append(_mistakes(reports))
    body.append(f"<h2>Review queue ({sum(g.count for g in review)} answers in {len(review)} groups)</h2>")
    body.append(_groups(review, "Nothing waits for a human.", decide=out))
    body.append("<h2>Most common answers</h2>")
    body.append(_groups(groups, "No answers yet.", decide=None))
    body.append("<h2>Students</h2>")
    body.append(_students(students))
    return _page(title, "\n".join(body))


def _charts(reports: list[Report]) -> str:
    if not reports:
        return '<p class="muted">No graded submissions.</p>'
    figures = []
    by_assignment: dict[str, list[Report]] = {}
    for report in reports:
        by_assignment.setdefault(report.assignment, []).append(report)
    for assignment, group in sorted(by_assignment.items()):
        first = group[0]
        figures.append(_figure(f"{assignment}: total", [r.score for r in group], first.max_score))
        for index, question in enumerate(first.questions):
            scores = [r.questions[index].score for r in group if len(r.questions) > index]
            figures.append(_figure(f"{question.id}: {question.title}", scores, question.max_score))
            for number, part in enumerate(question.parts):
                part_scores = [r.questions[index].parts[number].score for r in group if len(r.questions) > index]
                figures.append(_figure(part.id, part_scores, part.max_score))
    return f'<div class="charts">{"".join(figures)}</div>'


def _figure(caption: str, scores: list[float], max_score: float) -> str:
    chart = bar_chart(histogram(scores, max_score), label=f"Scores of {caption} (max {shown(max_score)})")
    caption_html = f"{escape(caption)} <span class='muted'>/ {shown(max_score)}</span>"
    return f"<figure><figcaption>{caption_html}</figcaption>{chart}</figure>"


def _mistakes(reports: list[Report]) -> str:
    """Named mistakes (the rubric's `mistake:<slug>`) first, apart from the generic notes of other answers."""
    named: Counter[tuple[str, str]] = Counter()
    generic: Counter[tuple[str, str]] = Counter()
    for report in reports:
        for part in report.parts():
            if part.status is Status.CORRECT:
                continue
            if part.note.startswith("mistake:"):
                named[(part.id, part.note.removeprefix("mistake:"))] += 1
            else:
                generic[(part.id, part.note)] += 1
    sections = ["<h3>Named mistakes</h3>"]
    sections.append(_note_table(named, "Mistake", "No answer matched a mistake the rubric names."))
    sections.append("<h3>Other notes</h3>")
    sections.append(_note_table(generic, "Note", "Every answer not fully right matched a named mistake."))
    return "\n".join(sections)


def _note_table(notes: Counter[tuple[str, str]], column: str, empty: str) -> str:
    if not notes:
        return f'<p class="muted">{escape(empty)}</p>'
    rows = "".join(
        f"<tr><td>{escape(part)}</td><td><code>{escape(note)}</code></td><td class='num'>{count}</td></tr>"
        for (part, note), count in notes.most_common(15)
    )
    return _table(["Part", column, "#Students"], [rows])


def _groups(groups: list[GroupLine], empty: str, *, decide: str | None) -> str:
    """The groups' table; with `decide` (the output folder), the command that decides each group."""
    if not groups:
        return f'<p class="muted">{escape(empty)}</p>'
    rows = []
    for group in groups[:40]:
        read = f"<br><span class='muted'>read as</span> <code>{escape(group.read_as)}</code>" if group.read_as else ""
        command = f"grader override {shlex.quote(decide)} --group {shlex.quote(group.id)} --score S" if decide else ""
        action = f"<br><code>{escape(command)}</code>" if command else ""
        rows.append(
            f"<tr><td><code>{escape(group.id)}</code></td><td>{escape(group.part_id)}</td>"
            f"<td class='num'>{group.count}</td>"
            f"<td><span class='answer'>{escape(group.answer[:400]) or '<em>blank</em>'}</span>{read}</td>"
            f"<td>{_badge(group.status)} {shown(group.score)}/{shown(group.max_score)}"
            f"<br><code>{escape(group.note)}</code>"
            f"<br>{escape(group.reason[:300])}{action}</td>"
            f"<td><code>{escape(group.expected)}</code></td></tr>"
        )
    return _table(["Group", "Part", "#Answers", "Answer", "Machine", "Expected"], rows)


def _students(students: list[StudentLine]) -> str:
    rows = []
    for s in students:
        who = escape(s.student_id or s.file)
        link = f'<a href="{escape(s.page)}">{who}</a>' if s.page else who
        rows.append(
            f"<tr><td>{link}</td><td>{escape(s.name)}</td><td>{_badge(s.status)}</td>"
            f"<td class='num' data-value='{shown(s.total) if s.total is not None else -1}'>{shown(s.total)}</td>"
            f"<td class='num'>{shown(s.max_total)}</td><td>{escape(s.message)}</td><td>{escape(s.file)}</td></tr>"
        )
    return _table(["Student", "Name", "Status", "#Total", "#Max", "Message", "File"], rows)


def _table(columns: list[str], rows: list[str]) -> str:
    """A sortable table; a column name starting with `#` is numeric."""
    head = "".join(
        f"<th class='num'>{escape(c[1:])}</th>" if c.startswith("#") else f"<th>{escape(c)}</th>" for c in columns
    )
    return f'<table class="sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def student_page(report: Report, *, back: str | None = None) -> str:
    """One student's feedback page."""
    who = escape(report.student.name or report.student.id)
    body = [f'<p><a href="{escape(back)}">← class report</a></p>' if back else ""]
    body.append(f"<h1>{escape(report.assignment)}: {who}</h1>")
    body.append(f"<p>Score <strong>{shown(report.score)}</strong> of {shown(report.max_score)}.</p>")
    for question in report.questions:
        body.append(f"<h2>{escape(question.id)}. {escape(question.title)} "
                    f"<span class='muted'>{shown(question.score)}/{shown(question.max_score)}</span></h2>")  # fmt: skip
        body += [_part(part) for part in question.parts]
    if report.unknown_answers:
        body.append(
            f"<p class='muted'>Answers the rubric does not know: {escape(', '.join(report.unknown_answers))}</p>"
        )
    return _page(f"{report.assignment}: {report.student.id}", "\n".join(body))


def _part(part: PartResult) -> str:
    badges = _badge(part.status.value) + (" " + _badge("overridden", "reviewed by a human") if part.override else "")
    head = (
        f"<div class='part'><h3>{escape(part.id)} {badges} "
        f"<span class='muted'>{shown(part.score)}/{shown(part.max_score)}</span></h3>"
    )
    math = part.interpreted_latex is not None
    reading = _math(part.interpreted_latex, part.interpreted_as) if part.interpreted_as else ""
    decided = decision_lines(part)
    if decided:
        # The human's decision is the verdict: the machine's feedback (its "not equivalent", a parse error) is
        # not shown, only what it read.
        body = f"<p class='decision'><strong>{escape(decided[0])}</strong></p>" + "".join(
            f"<p class='comment'>{escape(line)}</p>" for line in decided[1:]
        )
        if reading:
            body += f"<p><span class='muted'>{escape(MACHINE_READ)}</span>{reading}</p>"
    else:
        read = f"<p><span class='muted'>Read as</span> {reading}</p>" if reading else ""
        body = f"{read}<p class='feedback'>{escape(part.feedback)}</p>"
    expected = ""
    if part.expected:
        shown_expected = _math(part.expected, part.expected) if math else f"<code>{escape(part.expected)}</code>"
        expected = f"<p><span class='muted'>Expected</span> {shown_expected}</p>"
    return f"{head}{body}{expected}</div>"


def _math(latex: str | None, text: str) -> str:
    """Typeset math (MathML) when `latex` converts, else `text` as code."""
    typeset = mathml(latex) if latex else None
    return typeset if typeset is not None else f"<code>{escape(text)}</code>"
