"""The math engine's size caps live in one module: no other module of grader/math defines a MAX_ constant."""

from __future__ import annotations

import ast
from pathlib import Path

import grader.math

MATH = Path(grader.math.__file__).parent


def test_no_math_module_but_caps_defines_a_size_cap() -> None:
    defined = {
        f"{path.name}: {target.id}"
        for path in MATH.glob("*.py")
        if path.name != "caps.py"
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.startswith(("MAX_", "LARGE_"))
    }
    assert defined == set()
