from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from quota.cli import cli
from tests.conftest import REPO, small_scenario, write_scenario


def english() -> CliRunner:
    """A runner whose commands speak English (``QUOTA_LANG=en``): these tests read its words."""
    return CliRunner(env={"QUOTA_LANG": "en"})


def test_run_writes_a_complete_folder(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = english().invoke(cli, ["run", str(district), "--out", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / "small"
    for name in ("allocation.csv", "allocation.xlsx", "manifest.json"):
        assert (folder / name).exists()
    assert (
        (folder / "allocation.csv").read_bytes().startswith(b"\xef\xbb\xbfstreet,kind,current,base")
    )
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "optimal"
    assert len(manifest["inputs"]["data"]["sha256"]) == 64
    assert "small" in result.output and "reserve" in result.output


def test_rerun_gives_identical_csv(district: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["run", str(district), "--out", str(tmp_path / "a")])
    runner.invoke(cli, ["run", str(district), "--out", str(tmp_path / "b")])
    a = (tmp_path / "a" / "small" / "allocation.csv").read_bytes()
    assert a == (tmp_path / "b" / "small" / "allocation.csv").read_bytes()


def test_bad_input_exit_2_nothing_written(district: Path, tmp_path: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["admin"]["indicators"] = {"nonexistent": 1}
    path = write_scenario(district.parent, raw, "bad.yaml")
    out = tmp_path / "out"
    result = english().invoke(cli, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "no column 'nonexistent'" in result.output
    assert "Traceback" not in result.output
    assert not (out / "small").exists()


def test_infeasible_exit_3_and_old_folder_kept(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = english()
    assert runner.invoke(cli, ["run", str(district), "--out", str(out)]).exit_code == 0
    before = (out / "small" / "allocation.csv").read_bytes()
    raw = small_scenario()
    raw["kinds"]["admin"]["pool"] = 60
    path = write_scenario(district.parent, raw, "tight.yaml")
    result = runner.invoke(cli, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 3
    assert "base quotas need 83" in result.output
    assert (out / "small" / "allocation.csv").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["small"]


def test_unknown_key_and_missing_file_exit_2(tmp_path: Path) -> None:
    runner = english()
    result = runner.invoke(cli, ["run", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "not found" in result.output
    raw = small_scenario(polo=1)
    result = runner.invoke(cli, ["validate", str(write_scenario(tmp_path, raw))])
    assert result.exit_code == 2 and "unknown key 'polo'" in result.output


def test_usage_error_exit_2() -> None:
    result = CliRunner().invoke(cli, ["run"])
    assert result.exit_code == 2


def test_validate_ok_and_infeasible(district: Path) -> None:
    runner = english()
    ok = runner.invoke(cli, ["validate", str(district)])
    assert ok.exit_code == 0 and "ok" in ok.output
    raw = small_scenario()
    raw["kinds"]["institutional"]["pool"] = 50
    bad = runner.invoke(cli, ["validate", str(write_scenario(district.parent, raw, "x.yaml"))])
    assert bad.exit_code == 3


def test_init_creates_a_runnable_folder(tmp_path: Path) -> None:
    runner = english()
    folder = tmp_path / "work"
    result = runner.invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    scenario = folder / "scenarios" / "baseline.yaml"
    assert "常住人口" in (folder / "data" / "streets.csv").read_text(encoding="utf-8-sig")
    run = runner.invoke(cli, ["run", str(scenario), "--out", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    assert "dropped the totals row" in run.output
    again = runner.invoke(cli, ["init", str(folder)])
    assert again.exit_code == 2 and "not empty" in again.output


def test_bundled_baseline_runs(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["run", str(REPO / "scenarios" / "xinzhou-baseline.yaml"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output


def test_synth_writes_a_runnable_scenario(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["synth", "300", "--seed", "7", "--out", str(tmp_path / "s")])
    assert made.exit_code == 0, made.output
    scenario = tmp_path / "s" / "synth-300-seed7.yaml"
    run = runner.invoke(cli, ["run", str(scenario), "--out", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    again = runner.invoke(cli, ["synth", "300", "--seed", "7", "--out", str(tmp_path / "t")])
    assert again.exit_code == 0
    first = (tmp_path / "s" / "streets-300-seed7.csv").read_bytes()
    assert first == (tmp_path / "t" / "streets-300-seed7.csv").read_bytes()
