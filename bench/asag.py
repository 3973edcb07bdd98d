"""Reference-answer similarity on real human-graded answers (Mohler et al. 2011), with the literature's protocol.

12-fold cross-validation leaving one whole assignment out: the ridge regression is fitted on the other 11
assignments only and predicts the held-out one, whose questions it has never seen. Reported: Pearson r
against the average of the two human graders over all answers, and RMSE on the 0-5 scale.

Rows: grader with per-question normalisation and peer features (a class graded together), grader on
reference features only (an answer graded alone, as `grader check` does), and a numpy token-overlap
baseline (recall of the reference's words, scaled to 0-5 by a fit on the training folds).
Published anchors: Mohler 2011 r = 0.518; Sultan et al. 2016 r = 0.592 (RMSE 0.887); humans r = 0.586.

Usage: python bench/asag.py [--data CSV] [--write-weights]. The data is read from ../shared/datasets, never
copied. `--write-weights` fits the reference-features model on all answers and writes the weights grader
ships (grader/checks/similarity_weights.json). The last line is one JSON object for the default install.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.checks.similarity import WEIGHTS, Ridge, content_words, design, group_features  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "mohler2011" / "mohler_v2_clean.csv"
PENALTY = 10.0


def load(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def features(rows: list[dict[str, str]], *, peers: bool) -> Any:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[row["id"]].append(index)
    width = None
    matrix: dict[int, Any] = {}
    for indexes in groups.values():
        first = rows[indexes[0]]
        base = group_features(first["question"], first["desired_answer"], [rows[i]["student_answer"] for i in indexes])
        block = design(base, peers=peers)
        width = block.shape[1]
        for position, index in enumerate(indexes):
            matrix[index] = block[position]
    assert width is not None
    return np.array([matrix[i] for i in range(len(rows))])


def overlap(rows: list[dict[str, str]]) -> Any:
    """The baseline: the share of the reference's content words the answer has."""
    values = []
    for row in rows:
        wanted = set(content_words(row["desired_answer"]))
        values.append(len(wanted & set(content_words(row["student_answer"]))) / max(len(wanted), 1))
    return np.array(values)[:, None]


def semantic_cosine(rows: list[dict[str, str]]) -> tuple[Any, float]:
    """The semantic extra's feature: the cosine between answer and reference (all-MiniLM-L6-v2), and the
    seconds it took per 1,000 answers (model loading included)."""
    from grader.semantic import encoder

    start = time.perf_counter()
    model = encoder()
    assert model is not None
    answers = model.encode([row["student_answer"] for row in rows])
    references = model.encode([row["desired_answer"] for row in rows])
    seconds = time.perf_counter() - start
    return (answers * references).sum(axis=1)[:, None], seconds / len(rows) * 1000


def leave_one_assignment_out(x: Any, y: Any, assignments: Any) -> Any:
    predicted = np.zeros(len(y))
    for held_out in sorted(set(assignments)):
        train, test = assignments != held_out, assignments == held_out
        predicted[test] = Ridge.fit(x[train], y[train], PENALTY).predict(x[test])
    return predicted


def figures(predicted: Any, y: Any) -> tuple[float, float]:
    return float(np.corrcoef(predicted, y)[0, 1]), math.sqrt(float(np.mean((predicted - y) ** 2)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"the Mohler CSV (default: {DATA})")
    parser.add_argument("--write-weights", action="store_true", help="write the shipped reference-features weights")
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"no data at {args.data}: pass --data with the path of mohler_v2_clean.csv")
    rows = load(args.data)
    y = np.array([float(row["score_avg"]) for row in rows])
    assignments = np.array([int(row["assignment"]) for row in rows])
    print(f"{len(rows)} answers, {len({r['id'] for r in rows})} questions, 12-fold leave-one-assignment-out")
    print(f"{'':<44}{'Pearson r':>10}{'RMSE':>8}{'seconds':>9}")
    results = {}
    for label, build in (
        ("grader, per-question normalisation + peers", lambda: features(rows, peers=True)),
        ("grader, reference features only", lambda: features(rows, peers=False)),
        ("baseline: token overlap (numpy)", lambda: overlap(rows)),
    ):
        start = time.perf_counter()
        predicted = leave_one_assignment_out(build(), y, assignments)
        seconds = time.perf_counter() - start
        r, rmse = figures(predicted, y)
        results[label] = (r, rmse)
        print(f"{label:<44}{r:>10.3f}{rmse:>8.3f}{seconds:>9.2f}")
    from grader.semantic import available

    if available():
        cosine, per_thousand = semantic_cosine(rows)
        lexical = features(rows, peers=True)
        for label, x in (("semantic extra: cosine to the reference", cosine),
                         ("grader + semantic cosine", np.hstack([lexical, cosine]))):  # fmt: skip
            r, rmse = figures(leave_one_assignment_out(x, y, assignments), y)
            results[label] = (r, rmse)
            print(f"{label:<44}{r:>10.3f}{rmse:>8.3f}")
        print(f"semantic extra: {per_thousand:.1f} s per 1,000 answers (with their references, model load included)")
    else:
        print("semantic extra: not installed (see the README's Dependencies)")
    print(f"{'always the mean':<44}{'':>10}{math.sqrt(float(np.var(y))):>8.3f}")
    print("anchors: Mohler 2011 r = 0.518; Sultan et al. 2016 r = 0.592 (RMSE 0.887); humans r = 0.586")
    if args.write_weights:
        model = Ridge.fit(features(rows, peers=False), y, PENALTY)
        payload = {
            "fitted_on": "Mohler et al. 2011, all 2,273 answers (bench/asag.py --write-weights)",
            **model.to_json(),
        }
        WEIGHTS.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"weights written to {WEIGHTS}")
    r, rmse = results["grader, per-question normalisation + peers"]
    summary: dict[str, Any] = {"pearson_r": round(r, 4), "rmse": round(rmse, 4), "answers": len(rows),
                               "protocol": "leave-one-assignment-out"}  # fmt: skip
    if "grader + semantic cosine" in results:
        semantic_r, semantic_rmse = results["grader + semantic cosine"]
        summary["with_semantic"] = {"pearson_r": round(semantic_r, 4), "rmse": round(semantic_rmse, 4)}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
