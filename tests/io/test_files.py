"""Files in the output folder: one name per student id in any script, nothing written outside the folder,
whole files or none."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from grader.errors import InputError
from grader.io.files import atomic_write, name_key, safe_name, student_path


@pytest.mark.parametrize(
    ("student_id", "name"),
    [
        ("223737856", "223737856"),
        ("s.mueller-2", "s.mueller-2"),
        ("张三", "张三"),
        ("café", "café"),
        ("Ωmega_1", "Ωmega_1"),
    ],
    ids=["digits", "ascii-with-dot-and-dash", "chinese", "accented", "greek"],
)
def test_ids_that_are_already_safe_are_their_own_file_names(student_id: str, name: str) -> None:
    assert safe_name(student_id) == name


@pytest.mark.parametrize(
    "student_id",
    ["a/b", "../../etc/passwd", ".hidden", "-rf", "CON", "nul.txt", "x" * 300, "tab\there", "a\\b"],
    ids=["slash", "traversal", "leading-dot", "leading-dash", "windows-device", "windows-device-ext", "too-long",
         "control-char", "backslash"],
)  # fmt: skip
def test_other_ids_get_a_plain_name_and_a_hash_of_the_exact_id(student_id: str) -> None:
    name = safe_name(student_id)

    assert not set(name) & {"/", "\\", "\t"}
    assert not name.startswith((".", "-"))
    assert len(name) <= 90
    assert name.rsplit("-", 1)[1] != ""  # the hash
    assert safe_name(student_id) == name  # stable


def test_ids_never_share_a_file_name() -> None:
    ids = ["a/b", "a_b", "a:b", "a b", "张三", "李四", "x" * 300, "x" * 301]

    assert len({safe_name(i) for i in ids}) == len(ids)


def test_ids_that_differ_only_in_case_or_normal_form_share_a_key() -> None:
    assert name_key("A1") == name_key("a1")
    assert name_key("cafe\u0301") == name_key("caf\u00e9")
    assert name_key("a/b") != name_key("a_b")


def test_a_student_file_never_lands_outside_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "students"

    assert student_path(folder, "hw1", "../../x", ".json").parent == folder / "hw1"
    with pytest.raises(InputError, match="outside the output folder"):
        student_path(folder, "../../other-class-grades", "s1", ".json")


def test_a_link_planted_at_a_students_file_is_replaced_not_written_through(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "students"
    (folder / "hw1").mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    (folder / "hw1" / "s1.json").symlink_to(victim)

    atomic_write(student_path(folder, "hw1", "s1", ".json"), "report\n")

    assert victim.read_text() == "keep\n"
    assert not (folder / "hw1" / "s1.json").is_symlink()
    assert (folder / "hw1" / "s1.json").read_text() == "report\n"


def test_a_linked_assignment_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "students"
    folder.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (folder / "hw2").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    with pytest.raises(InputError, match="outside the output folder"):
        student_path(folder, "hw2", "s1", ".json")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "gradebook.csv"
    atomic_write(path, "old\n")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError, match="No space"):
        atomic_write(path, "new\n")

    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gradebook.csv"]
