"""The HTML class report and feedback pages: self-contained, escaped, and rendered by a real browser
(headless Chromium) without script errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from grader.classroom.batch import grade_class
from grader.classroom.outputs import write_outputs
from grader.cli import EXIT_OK

from .classroom.test_batch import submission, write
from .conftest import RUBRICS, invoke

HOSTILE = '</code><script>document.title="pwned"</script><img src=x onerror=alert(1)>'
BROWSER = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graded class of five (one answer hostile HTML, one file broken) and its HTML report."""
    root = tmp_path_factory.mktemp("html")
    cls = root / "class"
    for n in range(4):
        write(cls, f"s{n}.json", submission(f"s{n}", **{"q3.gradient": HOSTILE if n == 0 else f"δc_t = {n}"}))
    write(cls, "broken.json", "{")
    out = root / "out"
    write_outputs(out, grade_class(cls, out, rubrics_dir=RUBRICS, jobs=1))
    result = invoke("report", out)
    assert result.exit_code == EXIT_OK, result.stderr
    assert "wrote" in result.stdout
    assert "4 student pages" in result.stdout
    return out


def test_pages_are_self_contained_and_escape_student_text(report: Path) -> None:
    pages = [report / "report.html", *sorted((report / "html").glob("*/*.html"))]
    assert len(pages) == 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), f"{page.name} loads something from a network"
        assert "<script>document.title" not in text
        assert "<img src=x" not in text
    assert "&lt;script&gt;document.title" in (report / "html" / "dl-rnn-vs-lstm" / "s0.html").read_text(
        encoding="utf-8"
    )


def test_the_class_report_has_every_section(report: Path) -> None:
    text = (report / "report.html").read_text(encoding="utf-8")

    for heading in ("Score distributions", "Most common mistakes", "Review queue", "Most common answers", "Students"):
        assert f"<h2>{heading}" in text
    assert text.count("<svg") >= 1 + 4 + 14  # the total, each question, each part
    assert 'href="html/dl-rnn-vs-lstm/s1.html"' in text
    assert "broken.json" in text
    assert "could not be graded" in text


@pytest.mark.skipif(
    BROWSER is None, reason="no Chromium: the README's test command installs it (apt-get install chromium)"
)
@pytest.mark.parametrize("page", ["report.html", "html/dl-rnn-vs-lstm/s0.html"], ids=["class-report", "student-page"])
@pytest.mark.slow
def test_a_real_browser_renders_the_page_without_errors(report: Path, page: str, tmp_path: Path) -> None:
    url = (report / page).as_uri()
    flags = [BROWSER or "", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr",
             "--v=0", "--user-data-dir=" + str(tmp_path / "profile")]  # fmt: skip
    shot = tmp_path / "page.png"

    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    picture = subprocess.run([*flags, "--window-size=1280,2000", f"--screenshot={shot}", url], capture_output=True,
                             text=True, timeout=120)  # fmt: skip

    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'data-ready="1"' in dom.stdout, "the page's script did not run to its end"
    assert "<title>pwned" not in dom.stdout
    assert "<img" not in dom.stdout
    for log in (dom.stderr, picture.stderr):
        assert not re.search(r"Uncaught|CONSOLE.*[Ee]rror", log), log[-2000:]
    assert picture.returncode == 0, picture.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


@pytest.mark.skipif(
    BROWSER is None, reason="no Chromium: the README's test command installs it (apt-get install chromium)"
)
@pytest.mark.slow
def test_a_real_browser_typesets_the_math_of_a_student_page_with_a_decision(tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    from grader.render.html import student_page

    from .test_render_decisions import overridden

    page = tmp_path / "student.html"
    page.write_text(student_page(overridden()), encoding="utf-8")
    flags = [BROWSER or "", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr",
             "--v=0", "--user-data-dir=" + str(tmp_path / "profile")]  # fmt: skip
    shot = tmp_path / "student.png"

    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    picture = subprocess.run([*flags, "--window-size=900,700", f"--screenshot={shot}", page.as_uri()],
                             capture_output=True, text=True, timeout=120)  # fmt: skip

    assert dom.returncode == 0, dom.stderr[-2000:]
    assert picture.returncode == 0, picture.stderr[-2000:]
    assert dom.stdout.count("<math") == 2, "the reading and the expected answer are MathML"
    assert "<mfrac" not in dom.stdout
    assert "<msub><mi>f</mi><mi>t</mi></msub>" in dom.stdout
    assert "\\left" not in dom.stdout
    assert "\\sigma" not in dom.stdout
    assert "Score set by instructor: 2/3" in dom.stdout
    assert "Not equivalent" not in dom.stdout
    with image.open(shot) as png:
        assert png.format == "PNG"
        assert png.size == (900, 700)
        colours = png.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, "the screenshot is blank"


@pytest.mark.parametrize(
    ("scores", "max_score", "bins"),
    [
        ([0, 2, 2, 3], 3, [("0", 1), ("1", 0), ("2", 2), ("3", 1)]),
        ([0.5, 34], 34, [("0–3.4", 1), *((f"{3.4 * i:g}–{3.4 * (i + 1):g}", 0) for i in range(1, 9)), ("30.6–34", 1)]),
        ([], 2, [("0", 0), ("1", 0), ("2", 0)]),
        (
            [1.5, 2],
            2,
            [
                ("0–0.2", 0),
                *((f"{i / 5:g}–{(i + 1) / 5:g}", 0) for i in range(1, 7)),
                ("1.4–1.6", 1),
                ("1.6–1.8", 0),
                ("1.8–2", 1),
            ],
        ),
    ],
    ids=["whole-points", "many-points", "nobody", "half-points"],
)
def test_the_histogram_covers_the_score_range_from_zero(
    scores: list[float], max_score: float, bins: list[tuple[str, int]]
) -> None:
    from grader.render.html import histogram

    assert histogram(scores, max_score) == bins


def test_the_class_report_lists_named_mistakes_apart_and_names_the_real_folder(report: Path) -> None:
    text = (report / "report.html").read_text(encoding="utf-8")
    mistakes = text[text.index("<h2>Most common mistakes") : text.index("<h2>Review queue")]

    named = mistakes[mistakes.index("<h3>Named mistakes") : mistakes.index("<h3>Other notes")]
    other = mistakes[mistakes.index("<h3>Other notes") :]
    assert "mistake:" not in other
    assert "<code>mistake:" not in named
    assert "<code>wrong-input-size</code>" in named
    assert "<code>some_concepts</code>" in other
    assert "OUT_DIR" not in text
    assert f"grader override {report} --group g" in text
    assert 'aria-label="Scores of dl-rnn-vs-lstm: total (max 34)"' in text
