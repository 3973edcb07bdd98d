"""Files to models: the only library code that reads input files.

Errors name the file, the line, the path inside the file (`questions[3].parts[1].check.expected`) and
what to write instead; every problem of a file is reported at once.
"""

from __future__ import annotations

import difflib
import json
import os
import stat
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from grader.errors import (
    DocumentError,
    ModelError,
    Problem,
    RubricError,
    RubricNotFoundError,
    SubmissionError,
    _FileProblems,
)
from grader.models.rubric import CHECK_TYPES, Rubric
from grader.models.submission import Submission
from grader.params.spec import ModelSpec

RUBRIC_SUFFIXES = (".yaml", ".yml")

MAX_FILE_BYTES = 8 * 2**20
"""Larger rubric or submission files are refused unread: no real one comes near it."""

_E = TypeVar("_E", bound=_FileProblems)


def load_rubric(path: str | Path) -> Rubric:
    """Read and validate a rubric file. Raises RubricError with every problem found."""
    path = Path(path)
    text = _read(path, RubricError)
    return rubric_from_yaml(text, str(path))


def rubric_from_yaml(text: str, name: str = "<rubric>") -> Rubric:
    """A rubric from YAML text; `name` is the file name used in messages. Parsed and validated once per
    content: the same text again returns the same (frozen) rubric; an invalid one raises every time."""
    return _rubric_from_yaml(text, name)


@lru_cache(maxsize=32)
def _rubric_from_yaml(text: str, name: str) -> Rubric:
    data, lines = _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise RubricError([Problem("", "a rubric is a mapping with `assignment`, `title` and `questions`")], name)
    from grader.checks import validate_rubric

    try:
        rubric = Rubric.model_validate(data)
        validate_rubric(rubric)  # every check can run: expected answers read, models counted, phrasings compile
    except ValidationError as error:
        raise _sorted(RubricError(_problems(error, Rubric, data), name).in_file(name, lines)) from None
    except RubricError as error:
        raise error.in_file(name, lines) from None
    return rubric


def yaml_lines(text: str, name: str = "<rubric>") -> dict[str, int]:
    """The line of every path (`questions[1].parts[0].check`) in a YAML document."""
    return _parse_yaml(text, name)[1]


def load_model(path: str | Path, name: str | None = None) -> tuple[str, ModelSpec]:
    """A model spec from a spec file, or the model `name` of a rubric file (its only model when `name` is
    None), with its name. Raises ModelError or RubricError naming the file, the place and the fix."""
    from grader.params.model import count_model

    path = Path(path)
    text = _read(path, ModelError)
    try:
        data, lines = _parse_yaml(text, str(path))
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
        raise _sorted(ModelError(_problems(error, ModelSpec, data), str(path)).in_file(str(path), lines)) from None
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
        raise SubmissionError([problem], name).in_file(name, _json_lines(text)) from None
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
            SubmissionError(_problems(error, Submission, data), name).in_file(name, _json_lines(text))
        ) from None
    except RecursionError:
        problem = Problem("", "lists or objects nested too deeply to read; a submission is one object of answers")
        raise SubmissionError([problem], name) from None


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


def find_rubric(assignment: str, directory: str | Path) -> Path:
    """The rubric file for `assignment` in `directory`: `<assignment>.yaml`, or any file whose `assignment` matches."""
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
            declared = _declared_assignment(path)
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


def _declared_assignment(path: Path) -> str | None:
    """The `assignment` a rubric file declares. Raises RubricError when it cannot be read."""
    # With the caps of load_rubric (size, aliases, depth): every file in the folder is read here.
    data = _yaml_data(_read(path, RubricError), str(path))[0]
    value = data.get("assignment") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


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


# -- YAML with line numbers ---------------------------------------------------------------------------


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when built in: 10x faster


MAX_YAML_DEPTH = 64
"""Deeper YAML is refused before it is built: a rubric needs about 8 levels, and building recurses per level."""

MAX_ALIAS_REPEATS = 100_000
"""Values that aliases (`*name`) may repeat in a YAML file, in all.

A rubric may share a block by an anchor (`check: &count {...}`, then `check: *count`): the seed rubrics do. The
data is built once per node, but pydantic validates, and messages show, a shared list at every place it is used,
so nine aliases of nine aliases of ... are a billion values from a few hundred bytes. Counting what aliases repeat
bounds everything after loading by the size of the file plus this number: sixty whole seed rubrics (about 1,500
values each, of which aliases repeat 41), so no author meets it, and a file without aliases is bounded by its size.
"""


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[str, int]]:
    """The data of a YAML document and the line of every path in it. Duplicate keys are errors."""
    data, lines, duplicates = _yaml_data(text, name)
    if duplicates:
        raise RubricError(duplicates, name)
    return data, lines


def _yaml_data(text: str, name: str) -> tuple[Any, dict[str, int], list[Problem]]:
    """The data of a YAML document, the line of every path in it, and its duplicate keys."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise RubricError([Problem("", "the file is empty")], name)
        _Expansion(name).size(node, "", node.start_mark.line + 1, 0)
        lines: dict[str, int] = {}
        duplicates: list[Problem] = []
        data = _construct(loader, node, "", _Built(lines=lines, duplicates=duplicates, values={}, name=name))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = f" (column {mark.column + 1})" if mark else ""
        raise RubricError([Problem("", f"not valid YAML: {error.problem}{column}", line)], name) from None
    except yaml.YAMLError as error:
        raise RubricError([Problem("", f"not valid YAML: {error}")], name) from None
    finally:
        loader.dispose()
    return data, lines, duplicates


class _Expansion:
    """A walk of a composed YAML document, before anything is built from it, that refuses what would make building
    or validating it explode: an alias inside its own anchor, nesting deeper than MAX_YAML_DEPTH, and aliases that
    repeat more than MAX_ALIAS_REPEATS values. Each node is walked once; an alias met again adds its size."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sizes: dict[int, int] = {}  # id(node) -> its values, aliases in it expanded
        self.open: set[int] = set()  # the nodes on the current path
        self.repeated = 0

    def size(self, node: yaml.Node, path: str, line: int, depth: int) -> int:
        """The values in `node` with its aliases expanded; `line` is where this use of it is written."""
        key = id(node)
        if key in self.sizes:
            self.repeated += self.sizes[key]
            if self.repeated > MAX_ALIAS_REPEATS:
                self._refuse(
                    path,
                    line,
                    f"aliases (`*name`) repeat over {MAX_ALIAS_REPEATS:,} values in all by here; write the shared "
                    "values out, or share fewer and smaller blocks",
                )
            return self.sizes[key]
        if key in self.open:
            self._refuse(
                path,
                line,
                "a recursive alias: it refers to the anchor (`&name`) it is inside, so the value would contain "
                "itself without end; refer to a block defined elsewhere",
            )
        if depth > MAX_YAML_DEPTH:
            self._refuse(path, line, f"nested deeper than {MAX_YAML_DEPTH} levels; a rubric needs about 8")
        self.open.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = _child_path(path, key_node.value if isinstance(key_node, yaml.ScalarNode) else "?")
                key_line = key_node.start_mark.line + 1
                total += self.size(key_node, child, key_line, depth + 1)
                total += self.size(value_node, child, key_line, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            own_line = node.start_mark.line + 1  # an alias item has no mark of its own: its node is the anchor's
            for index, item in enumerate(node.value):
                total += self.size(item, f"{path}[{index}]", own_line, depth + 1)
        self.open.discard(key)
        self.sizes[key] = total
        return total

    def _refuse(self, path: str, line: int, message: str) -> typing.NoReturn:
        raise RubricError([Problem(path, message, line)], self.name)


@dataclass(frozen=True, kw_only=True)
class _Built:
    """What building a document gathers on the way: lines by path, duplicate keys, the nodes built so far."""

    lines: dict[str, int]
    duplicates: list[Problem]
    values: dict[int, Any]  # id(node) -> its value: an alias is the same value, not built or walked again
    name: str


def _construct(loader: Any, node: yaml.Node, path: str, built: _Built) -> Any:
    # _Expansion has refused cycles and explosions, so this recursion is bounded and each node is built once;
    # lines come from the first place a node is met.
    if id(node) in built.values:
        return built.values[id(node)]
    built.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        built.values[id(node)] = result
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                message = "a key is a list or mapping; write keys as names (`key: value`)"
                raise RubricError([Problem(path, message, key_node.start_mark.line + 1)], built.name)
            key = _scalar(loader, key_node, path, built)
            child = _child_path(path, key)
            if key in result:
                built.duplicates.append(
                    Problem(child, "this key appears twice; keep one", key_node.start_mark.line + 1)
                )
            built.lines[child] = key_node.start_mark.line + 1
            result[key] = _construct(loader, value_node, child, built)
        return result
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        built.values[id(node)] = items
        items.extend(_construct(loader, item, f"{path}[{index}]", built) for index, item in enumerate(node.value))
        return items
    value = _scalar(loader, node, path, built)
    built.values[id(node)] = value
    return value


def _scalar(loader: Any, node: yaml.Node, path: str, built: _Built) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # an integer of thousands of digits (sys.get_int_max_str_digits)
        message = "a number too long to read (thousands of digits); write a real size or count"
        raise RubricError([Problem(path, message, node.start_mark.line + 1)], built.name) from None


def _child_path(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _json_lines(text: str) -> dict[str, int]:
    """Lines of the keys of a submission (`answers.<id>`, `student.<key>`), so that problems point at them."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith('"') and '":' in stripped:
            key = stripped[1 : stripped.index('":')]
            for path in (key, f"answers.{key}", f"student.{key}"):
                lines.setdefault(path, number)
    return lines


# -- validation errors as problems --------------------------------------------------------------------


def _problems(error: ValidationError, model: type[BaseModel], data: Any) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = _clean_loc(detail["loc"])
        problems.append(Problem(_path(loc), _message(detail, model, loc, data)))
    return list(dict.fromkeys(problems))


def _clean_loc(loc: Iterable[int | str]) -> tuple[int | str, ...]:
    """The location without the union tags pydantic inserts (`check.number.expected` → `check.expected`)."""
    cleaned: list[int | str] = []
    for item in loc:
        if cleaned and cleaned[-1] == "check" and item in CHECK_TYPES:
            continue
        if isinstance(item, str) and item.startswith("function-"):
            continue
        cleaned.append(item)
    return tuple(cleaned)


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for item in loc:
        path += f"[{item}]" if isinstance(item, int) else (f".{item}" if path else str(item))
    return path


def _message(detail: Any, model: type[BaseModel], loc: tuple[int | str, ...], data: Any) -> str:
    kind = detail["type"]
    given = detail.get("input")
    if kind == "missing":
        description = _description(model, loc)
        return f"missing key '{loc[-1]}'" + (f": {description}" if description else "")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1], data)
        key = str(loc[-1])
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return (
            f"unknown key '{key}'{hint or '.'} Allowed here: {', '.join(allowed)}."
            if allowed
            else f"unknown key '{key}'"
        )
    if kind == "union_tag_invalid":
        written = given.get("type") if isinstance(given, dict) else given
        return f"unknown check type {written!r}; use one of: {', '.join(CHECK_TYPES)}"
    if kind == "union_tag_not_found":
        return f"missing key 'type': say which check this is, one of: {', '.join(CHECK_TYPES)}"
    if kind == "string_pattern_mismatch":
        description = _description(model, loc)
        return f"{given!r} is not allowed here" + (f". {description}" if description else "")
    message = str(detail["msg"]).removeprefix("Value error, ")
    if kind == "string_type" and isinstance(given, bool):
        return f"{message}, got {given}: YAML reads yes/no/on/off as true/false, so put the text in quotes"
    if kind == "finite_number":
        from grader.models.rubric import FINITE_HINT

        return f"{message}, got {given}: {FINITE_HINT}"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of keys to values, got {_shown(given)}"
    if kind == "list_type":
        return f"expected a list (`- item` lines), got {_shown(given)}"
    if given is not None and not isinstance(given, dict | list) and kind != "value_error":
        return f"{message}, got {_shown(given)}"
    return message


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_model(model: Any, loc: tuple[int | str, ...], data: Any) -> Any:
    """The model class found at `loc`, walking annotations (and the check's `type` in the data)."""
    current: Any = model
    value = data
    for item in loc:
        if isinstance(item, int):
            value = value[item] if isinstance(value, list) and item < len(value) else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or item not in current.model_fields:
            return None
        annotation = current.model_fields[item].annotation
        value = value.get(item) if isinstance(value, dict) else None
        current = _inner_model(annotation, value)
    return current


def _inner_model(annotation: Any, value: Any) -> Any:
    """The model inside list[...], X | None and the check union (picked by the data's `type`)."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (list, tuple, set, frozenset):
            annotation = args[0] if args else None
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            chosen = (
                [m for m in models if _literal_type(m) == (value or {}).get("type")] if isinstance(value, dict) else []
            )
            found = chosen or models
            return found[0] if found else None
        else:
            return annotation


def _literal_type(model: type[BaseModel]) -> Any:
    field = model.model_fields.get("type")
    return typing.get_args(field.annotation)[0] if field is not None else None


def _allowed_keys(model: Any, loc: tuple[int | str, ...], data: Any) -> list[str]:
    target = _field_model(model, loc, data)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _description(model: Any, loc: tuple[int | str, ...]) -> str | None:
    parent = _field_model(model, loc[:-1], None)
    name = loc[-1]
    if (
        isinstance(parent, type)
        and issubclass(parent, BaseModel)
        and isinstance(name, str)
        and name in parent.model_fields
    ):
        return parent.model_fields[name].description
    return None
