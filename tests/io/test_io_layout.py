"""The shape of quota/io: modules of one topic, short functions, imports that point one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import quota.io

IO = Path(quota.io.__file__).parent
#: each module may import only the modules before it
ORDER = ["cells", "formulas", "headers", "files", "rows", "table", "decisions", "unit_table"]
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def test_the_modules_are_the_ones_described() -> None:
    assert sorted(p.stem for p in IO.glob("*.py")) == sorted(["__init__", *ORDER])
    overview = quota.io.__doc__ or ""
    for name in ORDER:
        assert f":mod:`quota.io.{name}`" in overview, name


@pytest.mark.parametrize("name", ORDER)
def test_module_size_and_function_length(name: str) -> None:
    source = (IO / f"{name}.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    tree = ast.parse(source)
    assert ast.get_docstring(tree), f"quota/io/{name}.py needs a docstring saying what it owns"
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


@pytest.mark.parametrize("name", ORDER)
def test_imports_inside_the_package_point_one_way(name: str) -> None:
    tree = ast.parse((IO / f"{name}.py").read_text(encoding="utf-8"))
    imported = {
        node.module.rsplit(".", 1)[-1]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.startswith("quota.io.")
    }
    assert imported <= set(ORDER[: ORDER.index(name)]), imported
