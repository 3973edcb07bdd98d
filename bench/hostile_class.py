"""A class with hostile files through `grader grade`, beside the same class without them, in one run.

The class: N submissions for the two seed assignments (answers drawn as in `bench/batch.py`), of which a
tenth are hostile, of every kind found by attacking grader: invalid JSON, a 5000-digit number, 100k-deep
nesting, files over 8 MiB, answers of 7.5 MB, an assignment that climbs out of the output folder, unknown
assignments, duplicate ids (also NFC/NFD and case spellings of one id), ids and names that are spreadsheet
formulas or terminal escapes, half an emoji, `4!` for a count, Chinese ids, pipes, links to /dev/zero, out
of the class folder and in a loop, folders named `x.json`, a top-level list, a missing id, bytes that are
not UTF-8. The baseline is the same class with the hostile files left out, graded in the same run.

Checked: the run ends with exit 3; the gradebook has one row per file; every graded submission's report
equals `grader check`'s (the library's `grade`, one by one, no cache); no file is written outside OUT; no
CSV cell starts a formula. Measured: wall time and the peak resident memory of any process of the run
(the largest of grader's own process and every worker and check process it waited for).

Usage: python bench/hostile_class.py [--n 5000] [--jobs J] [--verify N]. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from batch import SEEDS, variants  # noqa: E402

from grader import grade, load_rubric, load_submission  # noqa: E402
from grader.sandbox import Sandbox  # noqa: E402

BIG = 9 * 2**20  # over the 8 MiB cap
LONG = int(7.5 * 2**20)  # under it


def good(index: int, rng: random.Random, tables: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    assignment = rng.choice(sorted(SEEDS))
    answers = {key: rng.choice(options) for key, options in tables[assignment].items()}
    return {"assignment": assignment, "student": {"id": f"s{index:05}", "name": f"Student {index}"},
            "answers": {key: text for key, text in answers.items() if text}}  # fmt: skip


def hostile(kind: int, index: int, folder: Path, base: dict[str, Any], elsewhere: Path) -> None:
    """Write the `kind`-th hostile file (kinds cycle) as submission `index`."""
    name = folder / f"h{index:05}.json"
    sid = f"h{index:05}"

    def data(**changes: Any) -> str:
        return json.dumps({**base, "student": {"id": sid, "name": "H"}, **changes})  # escapes keep surrogates

    writers: list[Any] = [
        lambda: name.write_text("{not json", encoding="utf-8"),
        lambda: name.write_text(data()[:-1] + ', "x": ' + "9" * 5000 + "}", encoding="utf-8"),
        lambda: name.write_text(data()[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8"),
        lambda: (
            name.write_text(data(answers={"q1.difference": "a" * BIG}), encoding="utf-8")
            if index % 50 == 2
            else name.write_text("[1, 2, 3]", encoding="utf-8")
        ),
        lambda: (
            name.write_text(
                data(answers={**base["answers"], "q1.difference": "gates " * (LONG // 6)}), encoding="utf-8"
            )
            if index % 50 == 4
            else name.write_text(data(), encoding="utf-8")
        ),
        lambda: name.write_text(data(assignment="x/../../../escaped/gradebook"), encoding="utf-8"),
        lambda: name.write_text(data(assignment="no-such-assignment"), encoding="utf-8"),
        lambda: [name.with_name(f"h{index:05}{s}.json").write_text(data(), encoding="utf-8") for s in "ab"],
        lambda: name.write_text(
            data(student={"id": '=HYPERLINK("http://x.invalid")&' + sid, "name": "@SUM(1+1)*cmd|' /C calc'!A0"}),
            encoding="utf-8",
        ),
        lambda: name.write_text(
            data(
                student={"id": sid, "name": "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2K"},
                answers={**base["answers"], "q2.forget": "\x1b[1A\x1b[32m✔ correct\x1b[0m"},
            ),
            encoding="utf-8",
        ),
        lambda: name.write_text(
            data(answers={**base["answers"], "q1.difference": "gates \ud800 cell"}), encoding="utf-8"
        ),
        lambda: name.write_text(
            data(answers={**base["answers"], "q4.dense-params": "4! parameters"}), encoding="utf-8"
        ),
        lambda: name.write_text(data(student={"id": f"张三{index}", "name": "张三"}), encoding="utf-8"),
        lambda: [
            name.with_name(f"h{index:05}{s}.json").write_text(
                data(student={"id": f"café{index}" if s == "a" else f"cafe\u0301{index}"}), encoding="utf-8"
            )
            for s in "ab"
        ],
        lambda: [
            name.with_name(f"h{index:05}{s}.json").write_text(
                data(student={"id": f"X{index}" if s == "a" else f"x{index}"}), encoding="utf-8"
            )
            for s in "ab"
        ],
        lambda: os.mkfifo(name),
        lambda: name.symlink_to("/dev/zero"),
        lambda: name.symlink_to(elsewhere / "other.json"),
        lambda: (
            name.symlink_to(name.with_name(f"h{index:05}-loop.json")),
            name.with_name(f"h{index:05}-loop.json").symlink_to(name),
        ),
        lambda: name.mkdir(),
        lambda: name.write_text(data(student={"name": "no id"}), encoding="utf-8"),
        lambda: name.write_bytes(b'{"assignment": "dl-rnn-vs-lstm", "student": {"id": "\xff\xfe"}}'),
    ]
    writers[kind % len(writers)]()


def make_class(folder: Path, clean: Path, n: int, elsewhere: Path) -> int:
    """The class (good and hostile files) and the same class without its hostile files. Hostile count."""
    rng = random.Random(2026)
    tables = {}
    for assignment, stem in SEEDS.items():
        seed = json.loads((ROOT / "submissions" / f"{stem}.json").read_text(encoding="utf-8"))["answers"]
        tables[assignment] = variants(load_rubric(ROOT / "rubrics" / f"{assignment}.yaml"), seed)
    base = json.loads((ROOT / "submissions" / "000_bbf2462fc864e187.json").read_text(encoding="utf-8"))
    elsewhere.mkdir()
    (elsewhere / "other.json").write_text(json.dumps({**base, "student": {"id": "outsider"}}), encoding="utf-8")
    hostile_count = n // 10
    for index in range(n - hostile_count):
        text = json.dumps(good(index, rng, tables), ensure_ascii=False)
        (folder / f"s{index:05}.json").write_text(text, encoding="utf-8")
        (clean / f"s{index:05}.json").write_text(text, encoding="utf-8")
    for index in range(hostile_count):
        hostile(index, index, folder, base, elsewhere)
    return hostile_count


PEAK = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run(folder: Path, out: Path, jobs: int | None) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """`grader grade` as a whole command: its result, wall seconds and the peak RSS (KiB) of any process of
    it (getrusage of a fresh wrapper's children: the largest of grader and every process it waited for)."""
    command = [sys.executable, "-m", "grader", "grade", str(folder), "--out", str(out),
               "--rubrics-dir", str(ROOT / "rubrics")]  # fmt: skip
    command += ["--jobs", str(jobs)] if jobs else []
    peak_file = out.with_name(out.name + ".peak")
    os.sync()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, str(peak_file), *command], capture_output=True, text=True,
                            check=False)  # fmt: skip
    seconds = time.perf_counter() - start
    peak = int(peak_file.read_text())
    peak_file.unlink()
    return result, seconds, peak


def verify(folder: Path, out: Path, sample: int | None) -> dict[str, Any]:
    """One row per file, no formula cell, nothing outside OUT, and graded reports equal to the library's."""
    entries = [p for p in folder.iterdir() if p.name.endswith(".json")]
    with (out / "gradebook-dl-rnn-vs-lstm.csv").open(encoding="utf-8") as handle:
        first = list(csv.DictReader(handle))
    with (out / "gradebook-rnn-lstm-theory.csv").open(encoding="utf-8") as handle:
        second = list(csv.DictReader(handle))
    rows = {row["file"]: row for row in [*first, *second]}  # error rows without an assignment are in both
    errors = [row for row in rows.values() if row["status"] == "error"]
    cells = [value for table in (first, second) for row in table for value in row.values()]
    formulas = [v for v in cells if v and (v.lstrip(" ")[:1] in "=+-@" or v[:1] in "\t\r")]
    graded = [row for row in rows.values() if row["status"] != "error"]
    rubrics = {a: load_rubric(ROOT / "rubrics" / f"{a}.yaml") for a in SEEDS}
    from grader.io.files import student_path

    checked = differ = 0
    with Sandbox(memory_mb=1024) as runner:
        for row in graded[:sample] if sample else graded:
            submission = load_submission(folder / row["file"])
            alone = grade(rubrics[submission.assignment], submission, runner=runner)
            path = student_path(out / "students", submission.assignment, submission.student.id, ".json")
            stored = json.loads(path.read_text(encoding="utf-8"))
            checked += 1
            differ += stored != json.loads(alone.model_dump_json())
    return {"files": len(entries), "rows": len(rows), "error_rows": len(errors), "graded": len(graded),
            "formula_cells": len(formulas), "checked_against_check": checked, "differ_from_check": differ}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="files in the class (default 5000)")
    parser.add_argument("--jobs", type=int, default=None, help="grader's worker processes (default: all cores)")
    parser.add_argument("--verify", type=int, default=None, help="compare only this many reports (default: all)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="grader-hostile-"))
    try:
        folder, clean = work / "class", work / "clean"
        folder.mkdir()
        clean.mkdir()
        count = make_class(folder, clean, args.n, work / "elsewhere")
        base_result, base_seconds, base_peak = run(clean, work / "clean-out", args.jobs)
        result, seconds, peak = run(folder, work / "out", args.jobs)
        outside = sorted(p.name for p in work.iterdir()) != ["class", "clean", "clean-out", "elsewhere", "out"]
        checks = verify(folder, work / "out", args.verify)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"clean class:   {args.n - count} files in {base_seconds:.1f} s, exit {base_result.returncode}, "
          f"peak RSS of any process {base_peak / 1024:.0f} MiB")  # fmt: skip
    print(f"hostile class: {args.n} files ({count} hostile) in {seconds:.1f} s, exit {result.returncode}, "
          f"peak RSS of any process {peak / 1024:.0f} MiB")  # fmt: skip
    print(f"  {result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]}")
    print(f"  rows {checks['rows']} for {checks['files']} files ({checks['error_rows']} errors, "
          f"{checks['graded']} graded); reports differing from grader check: {checks['differ_from_check']} of "
          f"{checks['checked_against_check']}; formula cells: {checks['formula_cells']}; "
          f"files outside OUT: {'yes' if outside else 'none'}")  # fmt: skip
    print(json.dumps({"n": args.n, "hostile": count, "exit": result.returncode, "seconds": round(seconds, 2),
                      "peak_rss_mib": round(peak / 1024), "baseline_seconds": round(base_seconds, 2),
                      "baseline_peak_rss_mib": round(base_peak / 1024), "outside_out": outside, **checks}))  # fmt: skip


if __name__ == "__main__":
    main()
