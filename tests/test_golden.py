"""Golden output: the small scenario's CSV, byte for byte.

If the model changes on purpose, regenerate with
``python -c "import quota; from quota.outputs.folder import format_allocation_csv as f; ..."``
(see the test body) and review the diff like any other change.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quota.cli import cli
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "data" / "golden"


def test_small_scenario_csv_matches_golden(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(GOLDEN / "small.yaml"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "small" / "allocation.csv").read_bytes()
    expected = b"\xef\xbb\xbf" + (GOLDEN / "small.allocation.csv").read_bytes()
    assert written == expected
