"""``quota run --fix`` and ``--decisions``: every exit code, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from quota.cli import cli
from tests.conftest import SMALL_CSV, small_scenario, write_scenario


def scenario(tmp_path: Path, **overrides: object) -> Path:
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    return write_scenario(tmp_path, small_scenario(**overrides))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["run", *args])
    return result.exit_code, result.stdout, result.stderr


def test_fix_is_applied_summarised_and_recorded(tmp_path: Path) -> None:
    path = scenario(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = run(str(path), "--out", str(out), "--fix", "南湖街道:admin=33")
    assert code == 0, stderr
    assert "编委会决定 1 项" in stdout
    lines = (out / "small" / "allocation.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert header[-2:] == ["auto_total", "decided"]
    row = next(line.split(",") for line in lines if line.startswith("南湖街道,admin"))
    assert row[header.index("total")] == "33"
    manifest = json.loads((out / "small" / "manifest.json").read_text(encoding="utf-8"))
    assert "南湖街道:admin=33" in json.dumps(manifest, ensure_ascii=False)


def test_fix_in_english(tmp_path: Path) -> None:
    path = scenario(tmp_path)
    code, stdout, _ = run(
        str(path), "--out", str(tmp_path / "o"), "--fix", "南湖街道:行政编制=keep", "--lang", "en"
    )
    assert code == 0
    assert "1 committee decision(s)" in stdout


def test_bad_fix_is_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    path = scenario(tmp_path)
    out = tmp_path / "out"
    code, _, stderr = run(str(path), "--out", str(out), "--fix", "南湖街道admin=33")
    assert code == 2
    assert "错误" in stderr and "街道:类别=41" in stderr
    assert not out.exists()
    code, _, stderr = run(str(path), "--out", str(out), "--fix", "南湖:admin=33", "--lang", "en")
    assert code == 2
    assert "no street '南湖'" in stderr and "did you mean '南湖街道'" in stderr
    assert not out.exists()


def test_impossible_fix_is_exit_3_with_the_numbers(tmp_path: Path) -> None:
    path = scenario(tmp_path)
    out = tmp_path / "out"
    code, _, stderr = run(str(path), "--out", str(out), "--fix", "东城街道:admin=20")
    assert code == 3
    assert "无法满足" in stderr and "东城街道行政编制" in stderr and "实有27人" in stderr
    assert not out.exists()
    code, _, stderr = run(
        str(path), "--out", str(out), "--fix", "东城街道:admin=20", "--lang", "en"
    )
    assert code == 3
    assert "infeasible:" in stderr and "below the 27 staff on board" in stderr


def test_decisions_workbook_that_is_not_a_review_workbook(tmp_path: Path) -> None:
    path = scenario(tmp_path)
    code, _, stderr = run(
        str(path), "--out", str(tmp_path / "o"), "--decisions", str(tmp_path / "streets.csv")
    )
    assert code == 2
    assert "错误" in stderr
    code, _, stderr = run(
        str(path), "--out", str(tmp_path / "o"), "--decisions", str(tmp_path / "missing.xlsx")
    )
    assert code == 2
    assert "missing.xlsx" in stderr


def test_scenario_decisions_with_a_classical_method_are_refused(tmp_path: Path) -> None:
    path = scenario(
        tmp_path,
        method="hamilton",
        decisions=[{"street": "东城街道", "kind": "admin", "total": 30}],
    )
    code, _, stderr = run(str(path), "--out", str(tmp_path / "o"), "--lang", "en")
    assert code == 2
    assert "need method: lp" in stderr


def test_run_help_lists_the_decision_options() -> None:
    result = CliRunner().invoke(cli, ["run", "--help"])
    assert "--fix" in result.output and "--decisions" in result.output
    assert "编委会决定" in result.output


def test_validate_checks_the_scenario_s_decisions(tmp_path: Path) -> None:
    ok = scenario(tmp_path, decisions=[{"street": "东城街道", "kind": "admin", "total": 30}])
    result = CliRunner().invoke(cli, ["validate", str(ok)])
    assert result.exit_code == 0, result.output
    bad = scenario(tmp_path, decisions=[{"street": "东城", "kind": "admin", "total": 30}])
    result = CliRunner().invoke(cli, ["validate", str(bad), "--lang", "en"])
    assert result.exit_code == 2 and "did you mean '东城街道'" in result.stderr
    low = scenario(tmp_path, decisions=[{"street": "东城街道", "kind": "admin", "total": 5}])
    result = CliRunner().invoke(cli, ["validate", str(low)])
    assert result.exit_code == 3 and "实有27人" in result.stderr
