"""One renderer per output format: `render(report, format) -> str`. Renderers never print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from grader.models.formats import Format

if TYPE_CHECKING:
    from grader.models.report import Report


def render(report: Report, fmt: Format | str = Format.TEXT, *, color: bool = False, width: int = 100) -> str:
    """The report in `fmt`. `color` and `width` apply to the text format."""
    fmt = Format(fmt)
    if fmt is Format.JSON:
        from grader.render.json import render_json

        return render_json(report)
    if fmt is Format.GRADESCOPE:
        import json

        from grader.classroom.exports import gradescope_results

        return json.dumps(gradescope_results(report), indent=2, ensure_ascii=False) + "\n"
    if fmt is Format.MARKDOWN:
        from grader.render.markdown import render_markdown

        return render_markdown(report)
    from grader.render.text import render_text

    return render_text(report, color=color, width=width)


__all__ = ["Format", "render"]
