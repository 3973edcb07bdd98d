"""The JSON report: the stable contract other tools read."""

from __future__ import annotations

from grader.models.report import Report


def render_json(report: Report) -> str:
    """The report as indented JSON, keys in contract order."""
    return report.model_dump_json(indent=2) + "\n"
