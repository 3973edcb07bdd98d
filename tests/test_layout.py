"""The package's architecture, checked from the source: no import cycles (lazy imports inside functions
count, `if TYPE_CHECKING:` blocks do not), the data contracts import no engine, classroom or authoring
module, and no class name is defined twice."""

from __future__ import annotations

import ast
from pathlib import Path

import grader

PACKAGE = Path(grader.__file__).parent


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(path): path for path in PACKAGE.rglob("*.py")}


def _known(name: str) -> str | None:
    """The module `name` names, or the nearest package holding it (`grader.checks.CHECKERS` -> grader.checks)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(path: Path) -> set[str]:
    """The grader modules a module imports anywhere but under `if TYPE_CHECKING:`."""
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.module.split(".")[0] == "grader":
                for alias in node.names:
                    target = _known(f"{node.module}.{alias.name}")
                    if target:
                        found.add(target)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(
                t for alias in node.names if alias.name.split(".")[0] == "grader" and (t := _known(alias.name))
            )

    Visitor().visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_the_data_contracts_import_no_engine_classroom_or_authoring_module() -> None:
    engine = ("grader.checks", "grader.math", "grader.classroom", "grader.authoring", "grader.grading", "grader.cli")
    leaks = {
        f"{name} -> {target}"
        for name in GRAPH
        if name.startswith("grader.models")
        for target in GRAPH[name]
        if target.startswith(engine)
    }
    assert leaks == set()


def test_every_class_name_names_one_class() -> None:
    """One `Outcome`, one `Verdict`, one `Kind`: a name defined twice means a reader must ask which one."""
    homes: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                homes.setdefault(node.name, []).append(name)
    assert {name: where for name, where in homes.items() if len(where) > 1} == {}
