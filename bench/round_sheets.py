"""The sheets of a blind round of the answer corpus (tests/data/answers/README.md), made from the rubrics.

For each assignment, two Markdown files:
- `<assignment>-questions.md`, for the writers: the assignment's description, each question's prompt, each
  part's prompt and points. Nothing of the rubric's answers, phrasings or tests.
- `<assignment>-solutions.md`, for the keyers: the same, and for each part the model answer as grader computes
  it (counts with their formula, shapes from the model), the check's accepted alternatives and scheme
  (concepts with their descriptions and points, never their phrasings or hints), the known mistakes with their
  points (or "accepted" for an accepted form) and feedback, and the course's policies for arithmetic slips,
  errors carried forward and shapes without their channels.
Writers see only the first; keyers only the second and the answers; neither sees grader's code or output.

Usage: python bench/round_sheets.py OUT [ASSIGNMENT ...] [--rubrics-dir DIR ...]. Default: the two seed
assignments and the three devset ones. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import load_rubric  # noqa: E402
from grader.checks import CHECKERS  # noqa: E402
from grader.models.rubric import Part, Rubric, part_id  # noqa: E402

ASSIGNMENTS = ["dl-rnn-vs-lstm", "rnn-lstm-theory", "dl-gru", "dl-cnn", "dl-attention"]
# what a keyer must not see (phrasings, hints, tests) or need not (how grader finds a layer or a number)
HIDDEN = {"phrasings", "synonyms", "tests", "hint", "model", "units", "find", "row_vectors", "layers", "type"}


def scheme(value: Any) -> Any:
    """A check as the keyers see it: without what is HIDDEN, nor empty fields."""
    if isinstance(value, dict):
        return {k: scheme(v) for k, v in value.items() if k not in HIDDEN and v not in (None, [], {})}
    if isinstance(value, list):
        return [scheme(item) for item in value]
    return value


def policies(rubric: Rubric) -> list[str]:
    """The course's marking policies the rubric states for every part."""
    said = [
        f"A count whose working is right but whose stated result has an arithmetic slip: "
        f"{rubric.arithmetic_slips:.0%} of the part's points.",
        f"A parameter count wrong only because the student's own earlier answers on the same model were (a total "
        f"summing their own layer counts: an error carried forward): {rubric.carried_errors:.0%} of the part's points.",
    ]
    if any(part.check.type in ("expression", "shape") and "(" in part_expected(part) for _, part in rubric.parts()):
        said.append(f"A shape given without its channels axis (13x13 for (13, 13, 32)): "
                    f"{rubric.channels_left_out:.0%} of the part's points.")  # fmt: skip
    return said


def part_expected(part: Part) -> str:
    """The part's model answer as grader states it ("" when it has none to state)."""
    try:
        return CHECKERS[part.check.type].expected(part.check)
    except Exception:  # a check type without a model answer to print (explanations)
        return ""


def sheets(rubric: Rubric) -> tuple[str, str]:
    """The questions sheet and the solutions sheet of a rubric."""
    head = [(rubric.description or "").strip(), ""]
    questions = [f"# {rubric.title}", "", *head]
    solutions = [f"# {rubric.title}: solutions and partial-credit scheme", "", *head]
    for name, model in rubric.models.items():
        spec = model.model_dump(exclude_none=True)
        code = spec.get("keras_code") or spec.get("pytorch_code") or json.dumps(spec)
        solutions += [f"Model `{name}`:", "```", str(code).strip(), "```", ""]
    solutions += ["Course policies:", *(f"- {line}" for line in policies(rubric)), ""]
    for question in rubric.questions:
        title = [f"## {question.id}: {question.title or ''}", "", (question.prompt or "").strip(), ""]
        questions += title
        solutions += title
        for part in question.parts:
            asked = [f"### {part_id(question, part)} ({part.points:g} points)", "", part.prompt.strip(), ""]
            questions += asked
            solutions += asked
            expected = part_expected(part)
            solutions += [f"Model answer: {expected}", ""] if expected else []
            dumped = yaml.safe_dump(
                scheme(part.check.model_dump(exclude_none=True)), allow_unicode=True, sort_keys=False
            )
            solutions += ["Scheme:", "```yaml", dumped.strip(), "```"]
            if part.mistakes:
                solutions.append("Known mistakes (answer -> points):")
                solutions += [
                    f"- `{m.answer}` -> {'accepted, full credit' if m.accepted else f'{m.score:g}'}: {m.feedback}"
                    for m in part.mistakes
                ]
            solutions.append("")
    return "\n".join(questions), "\n".join(solutions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder the sheets are written to")
    parser.add_argument("assignments", nargs="*", default=ASSIGNMENTS, help="assignment ids (default: five)")
    parser.add_argument("--rubrics-dir", type=Path, action="append", help="rubric folders (default: rubrics/ and "
                        "../shared/devset/rubrics/)")  # fmt: skip
    args = parser.parse_args()
    folders = args.rubrics_dir or [ROOT / "rubrics", ROOT.parent / "shared" / "devset" / "rubrics"]
    found = {path.stem: path for folder in folders for path in sorted(folder.glob("*.yaml"))}
    missing = [a for a in args.assignments if a not in found]
    if missing:
        parser.error(f"no rubric for {', '.join(missing)} in {', '.join(map(str, folders))}")
    args.out.mkdir(parents=True, exist_ok=True)
    written = {}
    for assignment in args.assignments:
        questions, solutions = sheets(load_rubric(found[assignment]))
        (args.out / f"{assignment}-questions.md").write_text(questions, encoding="utf-8")
        (args.out / f"{assignment}-solutions.md").write_text(solutions, encoding="utf-8")
        written[assignment] = {"questions_chars": len(questions), "solutions_chars": len(solutions)}
        print(f"{assignment}: {args.out / f'{assignment}-questions.md'}, {args.out / f'{assignment}-solutions.md'}")
    print(json.dumps({"out": str(args.out), "sheets": written}))


if __name__ == "__main__":
    main()
