"""The README's two commands: the test command is what CI runs, the check command names a real seed."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", quick_start, re.DOTALL)


def test_the_quick_start_has_exactly_two_commands() -> None:
    commands = _commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in script.splitlines()


def test_the_check_command_grades_a_seed_submission() -> None:
    check = _commands()[0]
    path = re.search(r"grader check (\S+)", check)
    assert path is not None
    assert (ROOT / path.group(1)).is_file()


def test_the_rubric_example_is_a_valid_rubric_whose_tests_pass() -> None:
    from grader.authoring.selftest import lint, self_test
    from grader.io.loaders import rubric_from_yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Rubrics.*?```yaml\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    rubric = rubric_from_yaml(block.group(1), "README.md")
    assert not lint(rubric).errors
    assert all(result.passed for result in self_test(rubric))
