"""Files to models: the only library code that reads input files.

Errors name the file, the line, the path inside the file (`questions[3].parts[1].check.expected`) and
what to write instead; every problem of a file is reported at once.
"""

from __future__ import annotations

import json
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from grader.errors import (
    DocumentError,
    ModelError,
    Problem,
    RubricError,
    RubricNotFoundError,
    SubmissionError,
    _FileProblems,
)
from grader.io.messages import problems_of
from grader.models.rubric import Rubric
from grader.models.submission import Submission
from grader.params.spec import ModelSpec

if TYPE_CHECKING:
    from grader.io.cache import DiskCache

RUBRIC_SUFFIXES = (".yaml", ".yml")

MAX_FILE_BYTES = 8 * 2**20
"""Larger rubric or submission files are refused unread: no real one comes near it."""

_E = TypeVar("_E", bound=_FileProblems)


def load_rubric(path: str | Path, cache: DiskCache | None = None) -> Rubric:
    """Read and validate a rubric file. Raises RubricError with every problem found. With a `cache`, a
    rubric validated in an earlier run is read back from it instead of validated again."""
    path = Path(path)
    text = _read(path, RubricError)
    return rubric_from_yaml(text, str(path), cache)


def rubric_from_yaml(text: str, name: str = "<rubric>", cache: DiskCache | None = None) -> Rubric:
    """A rubric from YAML text; `name` is the file name used in messages. Parsed and validated once per
    content: the same text again returns the same (frozen) rubric (in this process, and through `cache` in
    later ones); an invalid one raises every time."""
    if (text, name) in _FROM_CACHE:
        return _FROM_CACHE[(text, name)]
    if cache is None:
        return _rubric_from_yaml(text, name)
    from grader.io.cache import digest

    key = digest("rubric", text)
    stored = cache.get(key)
    if stored is not None:
        try:
            rubric = Rubric.model_validate_json(stored)
        except ValidationError:
            pass  # stored by another layout of the models: validated again below
        else:
            if len(_FROM_CACHE) >= MEMORY_RUBRICS:
                del _FROM_CACHE[next(iter(_FROM_CACHE))]
            _FROM_CACHE[(text, name)] = rubric  # read again later in this process (`grader grade`'s outputs)
            return rubric
    rubric = _rubric_from_yaml(text, name)
    dumped = rubric.model_dump_json()
    if Rubric.model_validate_json(dumped) == rubric:  # stored only if it reads back as the same rubric
        cache.put(key, dumped)
    return rubric


MEMORY_RUBRICS = 32  # rubrics kept in memory, by text and name, in each of the two ways below
_FROM_CACHE: dict[tuple[str, str], Rubric] = {}  # those read from a DiskCache in this process


@lru_cache(maxsize=MEMORY_RUBRICS)
def _rubric_from_yaml(text: str, name: str) -> Rubric:
    from grader.io.yamlfile import parse_yaml

    data, lines = parse_yaml(text, name)
    if not isinstance(data, dict):
        raise RubricError([Problem("", "a rubric is a mapping with `assignment`, `title` and `questions`")], name)
    from grader.checks import validate_rubric

    try:
        rubric = Rubric.model_validate(data)
        validate_rubric(rubric)  # every check can run: expected answers read, models counted, phrasings compile
    except ValidationError as error:
        raise _sorted(RubricError(problems_of(error, Rubric, data), name).in_file(name, lines)) from None
    except RubricError as error:
        raise error.in_file(name, lines) from None
    return rubric


def yaml_lines(text: str, name: str = "<rubric>") -> dict[str, int]:
    """The line of every path (`questions[1].parts[0].check`) in a YAML document."""
    from grader.io.yamlfile import parse_yaml

    return parse_yaml(text, name)[1]


def load_model(path: str | Path, name: str | None = None) -> tuple[str, ModelSpec]:
    """A model spec from a spec file, or the model `name` of a rubric file (its only model when `name` is
    None), with its name. Raises ModelError or RubricError naming the file, the place and the fix."""
    from grader.io.yamlfile import parse_yaml
    from grader.params.model import count_model

    path = Path(path)
    text = _read(path, ModelError)
    try:
        data, lines = parse_yaml(text, str(path))
    except RubricError as error:
        raise ModelError(error.problems, str(path)) from None
    if isinstance(data, dict) and "questions" in data:
        rubric = rubric_from_yaml(text, str(path))
        if name is None and len(rubric.models) == 1:
            name = next(iter(rubric.models))
        if name not in rubric.models:
            known = ", ".join(rubric.models) or "none"
            raise ModelError([Problem("models", f"no model named {name!r}; the rubric defines: {known}")], str(path))
        return name, rubric.models[name]
    if name is not None:
        raise ModelError([Problem("", f"{path} is a model spec, not a rubric: leave out the model name")], str(path))
    if not isinstance(data, dict):
        raise ModelError([Problem("", "a model spec is a mapping with `framework` and `layers`")], str(path))
    try:
        spec = ModelSpec.model_validate(data)
        count_model(spec)
    except ValidationError as error:
        raise _sorted(ModelError(problems_of(error, ModelSpec, data), str(path)).in_file(str(path), lines)) from None
    except ModelError as error:
        raise error.in_file(str(path), lines) from None
    return path.stem, spec


def load_submission(path: str | Path) -> Submission:
    """Read and validate a submission file (JSON). Raises SubmissionError with every problem found."""
    path = Path(path)
    return submission_from_bytes(read_capped(path, SubmissionError), str(path))


def submission_from_bytes(raw: bytes, name: str = "<submission>") -> Submission:
    """A submission from the bytes of its file; `name` is the file named in messages. Raises SubmissionError."""
    text = _decode(raw, name, SubmissionError)
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        problem = Problem("", f"not valid JSON: {error.msg} (column {error.colno})", error.lineno)
        raise SubmissionError([problem], name) from None
    except _DuplicateKeyError as error:
        problem = Problem(error.key, "this key appears twice; keep one (the other answer would be lost)")
        raise SubmissionError([problem], name).in_file(name, json_lines(text)) from None
    except RecursionError:
        problem = Problem("", "lists or objects nested too deeply to read; a submission is one object of answers")
        raise SubmissionError([problem], name) from None
    except ValueError:  # a bare number with more digits than Python converts (sys.get_int_max_str_digits)
        problem = Problem("", "a number too long to read (thousands of digits); write answers as text in quotes")
        raise SubmissionError([problem], name) from None
    if not isinstance(data, dict):
        raise SubmissionError(
            [Problem("", "a submission is a JSON object with `assignment`, `student` and `answers`")], name
        )
    try:
        return Submission.model_validate(data)
    except ValidationError as error:
        raise _sorted(
            SubmissionError(problems_of(error, Submission, data), name).in_file(name, json_lines(text))
        ) from None
    except RecursionError:
        problem = Problem("", "lists or objects nested too deeply to read; a submission is one object of answers")
        raise SubmissionError([problem], name) from None


def json_lines(text: str) -> dict[str, int]:
    """The line of every path in a JSON document, for messages (YAML reads JSON, and is imported only here)."""
    from grader.io.yamlfile import json_lines as lines

    return lines(text)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def find_rubric(assignment: str, directory: str | Path, cache: DiskCache | None = None) -> Path:
    """The rubric file for `assignment` in `directory`: `<assignment>.yaml`, or any file whose `assignment` matches.
    With a `cache`, what each file declares is remembered by its content."""
    directory = Path(directory)
    if not directory.is_dir():
        raise RubricNotFoundError(
            f"no rubric folder {directory}: pass --rubric FILE, or --rubrics-dir DIR for the folder of rubrics"
        )
    candidates = sorted(p for p in directory.iterdir() if p.suffix in RUBRIC_SUFFIXES and p.is_file())
    named = [p for p in candidates if p.stem == assignment]
    found: list[str] = []
    for path in named + [p for p in candidates if p not in named]:
        try:
            declared = _declared_assignment(path, cache)
        except RubricError:
            if path in named:
                return path  # load_rubric says what is wrong with it, which "no rubric" would hide
            continue
        if declared == assignment:
            return path
        if declared:
            found.append(declared)
    listed = ", ".join(sorted(set(found))) or "none"
    raise RubricNotFoundError(
        f"no rubric for assignment {assignment!r} in {directory} (rubrics there: {listed}); "
        "pass --rubric FILE to choose one"
    )


def _sorted(error: _E) -> _E:
    """The same error with its problems in file order, so that a reader can fix them top to bottom."""
    problems = sorted(error.problems, key=lambda p: p.line if p.line is not None else 0)
    return type(error)(problems, error.file)


def _declared_assignment(path: Path, cache: DiskCache | None = None) -> str | None:
    """The `assignment` a rubric file declares. Raises RubricError when it cannot be read."""
    text = _read(path, RubricError)
    key = None
    if cache is not None:
        from grader.io.cache import digest

        key = digest("assignment", text)
        if (stored := cache.get(key)) is not None:
            return json.loads(stored)  # type: ignore[no-any-return]
    from grader.io.yamlfile import yaml_data

    # With the caps of load_rubric (size, aliases, depth): every file in the folder is read here.
    data = yaml_data(text, str(path))[0]
    value = data.get("assignment") if isinstance(data, dict) else None
    declared = value if isinstance(value, str) else None
    if cache is not None and key is not None:
        cache.put(key, json.dumps(declared))
    return declared


_Kind = type[RubricError] | type[SubmissionError] | type[ModelError] | type[DocumentError]


def load_document(path: str | Path) -> str:
    """The text of an answer document (`grader import`). Raises DocumentError naming the file and the fix."""
    return _read(Path(path), DocumentError)


def _read(path: Path, error: _Kind) -> str:
    return _decode(read_capped(path, error), str(path), error)


def read_capped(path: Path, error: _Kind) -> bytes:
    """The bytes of an input file: a regular file of at most MAX_FILE_BYTES. A pipe, device or folder is
    refused without waiting on it (opened non-blocking, checked on the open file, so it cannot be swapped
    in between). Raises `error` naming the file."""

    def fail(message: str) -> _FileProblems:
        return error([Problem("", message)], str(path))

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as problem:
        raise fail(f"cannot read it: {problem.strerror}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise fail("not a regular file (a folder, pipe or device): name the file itself")
        size = info.st_size
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = b"" if size > MAX_FILE_BYTES else handle.read(MAX_FILE_BYTES + 1)
        size = max(size, len(data))  # it may have grown since
    except OSError as problem:
        raise fail(f"cannot read it: {problem.strerror}") from None
    finally:
        os.close(descriptor)
    if size > MAX_FILE_BYTES:
        raise fail(
            f"the file is {size / 2**20:.1f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB a rubric or submission "
            "may have; is it the right file?"
        )
    return data


def _decode(raw: bytes, name: str, error: _Kind) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        message = f"not UTF-8 text ({problem.reason} at byte {problem.start}); save it as UTF-8"
        raise error([Problem("", message)], name) from None
