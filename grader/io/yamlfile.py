"""YAML read safely and with the line of every path in it (`questions[3].parts[1].check`): libyaml's
parser, duplicate keys refused, depth and alias expansion bounded."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

import yaml

from grader.errors import Problem, RubricError

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


def parse_yaml(text: str, name: str) -> tuple[Any, dict[str, int]]:
    """The data of a YAML document and the line of every path in it. Duplicate keys are errors."""
    data, lines, duplicates = yaml_data(text, name)
    if duplicates:
        raise RubricError(duplicates, name)
    return data, lines


def yaml_data(text: str, name: str) -> tuple[Any, dict[str, int], list[Problem]]:
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


def json_lines(text: str) -> dict[str, int]:
    """Lines of the keys of a submission (`answers.<id>`, `student.<key>`), so that problems point at them."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith('"') and '":' in stripped:
            key = stripped[1 : stripped.index('":')]
            for path in (key, f"answers.{key}", f"student.{key}"):
                lines.setdefault(path, number)
    return lines
