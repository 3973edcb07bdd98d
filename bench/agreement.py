"""How far grader agrees with an instructor's key, part by part, beside a baseline in the same run.

Two kinds of input:
- a class: ANSWERS is a folder of submission JSON files (searched recursively) and KEY a JSON object
  `{student id: {part id: points}}` (`../shared/devset/expected_scores.json`);
- a corpus: ANSWERS is a JSON-lines file of answers `{id, assignment, part, answer, ...}` (one answer to
  one part per line, `tests/data/answers/answers.jsonl`) and KEY a JSON object `{answer id: points}` written
  before grading. `--split tune|heldout` keeps the answers of one split (their `split` field), `--round N`
  those of one round of writing (their `round` field; 1 when absent).

Each answer is graded as in a submission (the library's `grade_answer`, bounded like `grader check`).
Figures, overall and per check type:
- agree: grader's score within 25% of the part's points of the key's (a `needs_review` part counts with
  the score it was given, usually 0, as a gradebook would show it before review);
- false credit: grader gives at least half the part's points more than the key (the worst bug);
- false zero: grader gives at least half the points less than the key and says so with confidence (not
  `needs_review`): a right answer marked wrong without a human seeing it;
- review: the share of parts sent to a human;
- agree when sure: agreement among the parts grader did not send to review.
Baseline, same answers: a reader that takes an answer as right only when it equals the expected answer
after removing spaces, `$` and case (what a spreadsheet formula would do), scored all or nothing.

Usage: python bench/agreement.py KEY ANSWERS [--rubrics-dir DIR] [--split S] [--round N] [--show N].
Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import load_rubric, load_submission  # noqa: E402
from grader.checks import CHECKERS  # noqa: E402
from grader.grading import grade_answer  # noqa: E402
from grader.models.report import Status  # noqa: E402
from grader.models.rubric import Part, Question, Rubric, part_id  # noqa: E402
from grader.sandbox import Sandbox  # noqa: E402


@dataclass(frozen=True, kw_only=True)
class Case:
    """One answer to one part, with the key's points."""

    id: str
    assignment: str
    part: str
    answer: str
    key: float
    earlier: dict[str, str] = field(default_factory=dict)  # the same student's other answers (for `follows:`)


@dataclass(frozen=True, kw_only=True)
class Graded:
    """A case with grader's verdict."""

    case: Case
    kind: str
    points: float
    score: float
    status: Status
    note: str
    read_as: str | None
    baseline: float


def cases_of(key_file: Path, answers: Path, split: str | None, round_: int | None = None) -> list[Case]:
    """The cases of a class folder or a corpus file, each with the key's points."""
    key = json.loads(key_file.read_text(encoding="utf-8"))
    if answers.is_dir():
        cases = []
        for path in sorted(answers.rglob("*.json")):
            submission = load_submission(path)
            scores = key.get(submission.student.id, {})
            for part, points in scores.items():
                cases.append(Case(id=f"{submission.student.id}/{part}", assignment=submission.assignment, part=part,
                                  answer=submission.answers.get(part, ""), key=float(points),
                                  earlier=dict(submission.answers)))  # fmt: skip
        return cases
    cases = []
    rows = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines() if line.strip()]
    students: dict[str, dict[str, str]] = {}
    for row in rows:  # a student's answers to the other parts: `<assignment>/<writer>/<part>` ids
        students.setdefault(row["id"].rsplit("/", 1)[0], {})[row["part"]] = row["answer"]
    for row in rows:
        if split is not None and row.get("split") != split:
            continue
        if round_ is not None and row.get("round", 1) != round_:
            continue
        if row["id"] in key:
            cases.append(Case(id=row["id"], assignment=row["assignment"], part=row["part"], answer=row["answer"],
                              key=float(key[row["id"]]), earlier=students[row["id"].rsplit("/", 1)[0]]))  # fmt: skip
    return cases


def rubrics_in(folders: list[Path]) -> dict[str, Rubric]:
    rubrics = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            rubric = load_rubric(path)
            rubrics[rubric.assignment] = rubric
    return rubrics


def baseline(part: Part, answer: str) -> float:
    """All or nothing: the answer equals the expected answer (or an alternative) but for spaces, `$`, case."""

    def norm(text: str) -> str:
        return "".join(text.replace("$", "").split()).casefold().rstrip(".")

    check = part.check
    targets = [str(getattr(check, "expected", "")), *[str(a) for a in getattr(check, "alternatives", [])]]
    if check.type == "params":
        targets.append(CHECKERS["params"].expected(check).split(" = ")[0])
        targets.append(targets[-1].replace(",", ""))
    return part.points if answer.strip() and norm(answer) in {norm(t) for t in targets if t} else 0.0


def grade_all(cases: list[Case], rubrics: dict[str, Rubric]) -> list[Graded]:
    found: dict[tuple[str, str], tuple[Question, Part]] = {
        (a, part_id(q, p)): (q, p) for a, rubric in rubrics.items() for q, p in rubric.parts()
    }
    graded = []
    with Sandbox(memory_mb=1024) as runner:
        for case in cases:
            if (case.assignment, case.part) not in found:
                raise SystemExit(f"{case.id}: no part {case.part} in a rubric for {case.assignment}")
            question, part = found[(case.assignment, case.part)]
            earlier = case.earlier.get(part.follows.part, "") if part.follows else None
            result = grade_answer(rubrics[case.assignment], question, part, case.answer, runner, earlier, case.earlier)
            graded.append(Graded(case=case, kind=part.check.type, points=part.points, score=result.score,
                                 status=result.status, note=result.note, read_as=result.interpreted_as,
                                 baseline=baseline(part, case.answer)))  # fmt: skip
    return graded


def figures(graded: list[Graded], *, of_baseline: bool = False) -> dict[str, Any]:
    """Agreement figures of a list of graded cases (grader's, or the baseline's)."""
    n = len(graded)
    if not n:
        return {"parts": 0}
    agree = false_credit = false_zero = review = sure = sure_agree = 0
    for g in graded:
        score = g.baseline if of_baseline else g.score
        in_review = not of_baseline and g.status is Status.NEEDS_REVIEW
        close = abs(score - g.case.key) <= 0.25 * g.points + 1e-9
        agree += close
        false_credit += score - g.case.key >= 0.5 * g.points - 1e-9
        false_zero += (g.case.key - score >= 0.5 * g.points - 1e-9) and not in_review
        review += in_review
        if not in_review:
            sure += 1
            sure_agree += close
    sure_share = round(sure_agree / sure, 3) if sure else None
    return {"parts": n, "agree": round(agree / n, 3), "false_credit": false_credit, "false_zero": false_zero,
            "review": round(review / n, 3), "agree_when_sure": sure_share}  # fmt: skip


def row(name: str, f: dict[str, Any]) -> str:
    """One line of the table."""
    return (f"{name:<12} {f['parts']:>6} {f['agree']:>7.1%} {f['false_credit']:>13} {f['false_zero']:>11} "
            f"{f['review']:>7.1%} {f['agree_when_sure'] or 0:>6.1%}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("key", type=Path, help="the instructor's key (JSON)")
    parser.add_argument("answers", type=Path, help="a folder of submissions, or a JSON-lines corpus of answers")
    parser.add_argument("--rubrics-dir", type=Path, action="append", help="rubric folders (default: rubrics/ and "
                        "../shared/devset/rubrics/)")  # fmt: skip
    parser.add_argument("--split", choices=["tune", "heldout"], help="only this split of a corpus")
    parser.add_argument(
        "--round", type=int, dest="round_", help="only this round of a corpus (1, 2, …: its `round` field)"
    )
    parser.add_argument("--show", type=int, default=0, help="list this many disagreements")
    args = parser.parse_args()
    for path, what in ((args.key, "key"), (args.answers, "answers")):
        if not path.exists():
            parser.error(f"{what} {path}: no such file or folder")
    folders = args.rubrics_dir or [ROOT / "rubrics", ROOT.parent / "shared" / "devset" / "rubrics"]
    rubrics = rubrics_in([f for f in folders if f.is_dir()])
    cases = cases_of(args.key, args.answers, args.split, args.round_)
    if not cases:
        which = ", ".join(
            text for text in (args.split and f"split {args.split}", args.round_ and f"round {args.round_}") if text
        )
        raise SystemExit(
            f"no answers in {args.answers} with a key in {args.key}{' for ' + which if which else ''}: "
            "check the files, --split and --round"
        )
    start = time.perf_counter()
    graded = grade_all(cases, rubrics)
    seconds = time.perf_counter() - start
    by_kind: dict[str, list[Graded]] = defaultdict(list)
    for g in graded:
        by_kind[g.kind].append(g)
    overall, base = figures(graded), figures(graded, of_baseline=True)
    which = "".join(f", {text}" for text in (args.split, args.round_ and f"round {args.round_}") if text)
    print(f"{len(graded)} parts graded in {seconds:.1f} s ({args.answers}{which})")
    print(f"{'check type':<12} {'parts':>6} {'agree':>7} {'false credit':>13} {'false zero':>11} {'review':>7} "
          f"{'sure':>6}")  # fmt: skip
    for kind, items in sorted(by_kind.items()):
        print(row(kind, figures(items)))
    print(row("all", overall))
    reading = figures([g for g in graded if g.kind != "text"])  # explanations are judged, not read
    if reading["parts"]:
        print(row("all but text", reading))
    print(f"{'baseline':<12} {base['parts']:>6} {base['agree']:>7.1%} {base['false_credit']:>13} "
          f"{base['false_zero']:>11} {'-':>7} {'-':>6}   (exact text match, all or nothing)")  # fmt: skip
    if args.show:
        worst = sorted(graded, key=lambda g: -abs(g.score - g.case.key) / g.points)
        for g in [g for g in worst if abs(g.score - g.case.key) > 0.25 * g.points][: args.show]:
            answer = " ".join(g.case.answer.split())[:150]
            print(f"  {g.case.id} [{g.kind}] key {g.case.key:g} grader {g.score:g}/{g.points:g} {g.status.value} "
                  f"{g.note} read {g.read_as!r}: {answer}")  # fmt: skip
    notes = dict(Counter(g.note for g in graded if g.status is Status.NEEDS_REVIEW))
    kinds = {k: figures(v) for k, v in sorted(by_kind.items())}
    print(json.dumps({"parts": overall["parts"], "seconds": round(seconds, 2), "overall": overall, "baseline": base,
                      "all_but_text": reading, "by_kind": kinds, "review_notes": notes}))  # fmt: skip


if __name__ == "__main__":
    main()
