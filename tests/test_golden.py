"""Golden output: the small scenario's CSV, byte for byte, without and with committee decisions.

If the model changes on purpose, regenerate with ``quota run tests/data/golden/<name>.yaml
--out /tmp/g`` and copy ``allocation.csv`` without its byte order mark (see the test body),
then review the diff like any other change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quota.cli import cli
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "data" / "golden"


@pytest.mark.parametrize("name", ["small", "small-decisions"])
def test_small_scenario_csv_matches_golden(tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(cli, ["run", str(GOLDEN / f"{name}.yaml"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = (tmp_path / name / "allocation.csv").read_bytes()
    expected = b"\xef\xbb\xbf" + (GOLDEN / f"{name}.allocation.csv").read_bytes()
    assert written == expected


def test_the_decisions_golden_holds_its_decisions() -> None:
    """The golden file itself: the decided numbers hold and the proposal is the plain run's."""
    plain = (GOLDEN / "small.allocation.csv").read_text(encoding="utf-8").splitlines()
    decided = (GOLDEN / "small-decisions.allocation.csv").read_text(encoding="utf-8").splitlines()
    header = decided[0].split(",")
    assert header[-2:] == ["auto_total", "decided"]
    rows = [dict(zip(header, line.split(","), strict=True)) for line in decided[1:]]
    totals = [line.split(",")[6] for line in plain[1:]]
    assert [r["auto_total"] for r in rows] == totals
    by_street = {(r["street"], r["kind"]): r for r in rows}
    assert by_street[("东城街道", "admin")]["total"] == "30"
    assert by_street[("东城街道", "admin")]["decided"] == "核定30名"
    north = by_street[("北山街道", "institutional")]
    assert north["total"] == north["current"] == "28"
    assert north["decided"] == "维持现有编制28名"
    assert sum(r["decided"] != "" for r in rows) == 2
