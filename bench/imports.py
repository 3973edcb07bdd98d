"""How well `grader import` places answers in documents nobody on the project wrote (tests/data/imports/),
beside a baseline in the same run: parts placed with their whole answer and nothing of another part's,
answers placed for parts the writer skipped, names and ids read.

Baseline, same documents: what a short script would do without layouts: the document's paragraphs (text
between blank lines), headings and name lines left out, given to the rubric's parts in order.

Usage: python bench/imports.py [FOLDER ...]   (default: tests/data/imports/tune and .../heldout)
"""

from __future__ import annotations

import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import load_rubric  # noqa: E402
from grader.authoring.documents import read_document  # noqa: E402
from grader.authoring.importer import import_document  # noqa: E402
from grader.models.rubric import Rubric  # noqa: E402

RUBRICS = {
    "dl-rnn-vs-lstm": ROOT / "rubrics/dl-rnn-vs-lstm.yaml",
    "rnn-lstm-theory": ROOT / "rubrics/rnn-lstm-theory.yaml",
    "dl-gru": ROOT.parent / "shared/devset/rubrics/dl-gru.yaml",
    "dl-cnn": ROOT.parent / "shared/devset/rubrics/dl-cnn.yaml",
    "dl-attention": ROOT.parent / "shared/devset/rubrics/dl-attention.yaml",
}


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).lower()))


SKIPPED = re.compile(r"^\s*(?:#|\*\*)?\s*(?:question|q\d|task|exercise|problem|name|student|matr|---)", re.IGNORECASE)


def _paragraphs(text: str) -> list[str]:
    """The baseline's answers: paragraphs that are not headings or name lines, in order."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return [b for b in blocks[1:] if not SKIPPED.match(b)]


def _letters(rubric: Rubric) -> dict[str, str]:
    """`q2.b` (the sheet's numbering) -> the rubric's part id."""
    return {f"q{qi}.{chr(97 + pi)}": f"{q.id}.{p.id}" for qi, q in enumerate(rubric.questions, 1)
            for pi, p in enumerate(q.parts)}  # fmt: skip


def score(folder: Path) -> dict[str, int]:
    key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
    counts = dict.fromkeys(("documents", "parts", "placed", "baseline", "skipped_filled", "ids", "names",
                            "keyed_ids", "keyed_names"), 0)  # fmt: skip
    for file, entry in key.items():
        rubric = load_rubric(RUBRICS[entry["assignment"]])
        text = read_document(folder / file)
        imported = import_document(text, rubric, fallback_id=Path(file).stem)
        got = imported.submission.answers
        names = _letters(rubric)
        counts["documents"] += 1
        naive = dict(zip(names.values(), _paragraphs(text), strict=False))
        for letter, answer in entry["parts"].items():
            counts["parts"] += 1
            placed = _words(got.get(names[letter], ""))
            others = [a for k, a in entry["parts"].items() if k != letter and len(_words(a).split()) >= 4]
            counts["placed"] += _words(answer) in placed and not any(_words(a) in placed for a in others)
            guess = _words(naive.get(names[letter], ""))
            counts["baseline"] += _words(answer) in guess and not any(_words(a) in guess for a in others)
        keyed = {names[letter] for letter in entry["parts"]}
        counts["skipped_filled"] += sum(1 for pid, a in got.items() if pid not in keyed and a.strip())
        counts["keyed_ids"] += bool(entry.get("student_id"))
        counts["ids"] += bool(entry.get("student_id")) and imported.submission.student.id == str(entry["student_id"])
        counts["keyed_names"] += bool(entry.get("name"))
        counts["names"] += bool(entry.get("name")) and (imported.submission.student.name or "") == entry["name"]
    return counts


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [ROOT / "tests/data/imports/tune", ROOT / "tests/data/imports/heldout"]
    head = ("docs", "parts", "placed", "baseline", "skipped filled", "ids", "names", "s/doc")
    print(f"{'folder':<10} " + " ".join(f"{h:>{w}}" for h, w in zip(head, (5, 6, 8, 9, 15, 7, 7, 7), strict=True)))
    for folder in folders:
        start = time.perf_counter()
        c = score(folder)
        per = (time.perf_counter() - start) / max(c["documents"], 1)
        print(f"{folder.name:<10} {c['documents']:>5} {c['parts']:>6} {c['placed'] / c['parts']:>8.1%} "
              f"{c['baseline'] / c['parts']:>9.1%} {c['skipped_filled']:>15} {c['ids']:>3}/{c['keyed_ids']:<3} "
              f"{c['names']:>3}/{c['keyed_names']:<3} {per:>7.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
