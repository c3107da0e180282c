"""The linter and the type checker are part of the test suite (and so of CI)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=False)


@pytest.mark.skipif(
    shutil.which("ruff") is None and not shutil.which(sys.executable), reason="ruff missing"
)
def test_ruff_check() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "quota", "tests", "benchmarks", "data")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run(
        sys.executable, "-m", "ruff", "format", "--check", "quota", "tests", "benchmarks", "data"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = run(sys.executable, "-m", "mypy", "quota")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contract() -> None:
    """Imports point down the pipeline (the layers contract in pyproject.toml)."""
    from pathlib import Path

    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports"
    )
    assert lint is not None, "import-linter is not installed (pip install -e '.[test]')"
    result = run(lint)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout
