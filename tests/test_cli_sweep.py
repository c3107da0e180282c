"""``quota sweep`` and the cluster options on the command line: exit codes 0, 2 and 3 in both languages."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quota.cli import cli

GRID = "kinds.admin.pool: [130, 140]\nkinds.admin.turnover_share: [0.05, 0.1]\n"


def invoke(*args: str) -> Result:
    runner = CliRunner(env={"QUOTA_LANG": None})
    return runner.invoke(cli, list(args), catch_exceptions=False)


def grid_file(folder: Path, text: str = GRID, name: str = "grid.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connecting is refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sweep_ok_in_chinese_and_english(district: Path, tmp_path: Path) -> None:
    grid = grid_file(tmp_path)
    zh = invoke("sweep", str(district), "--grid", str(grid), "--out", str(tmp_path / "zh"))
    assert zh.exit_code == 0, zh.output
    assert "small：4 个参数组合（kinds.admin.pool × kinds.admin.turnover_share）" in zh.output
    assert "（在本进程中运行）" in zh.output and "  行政编制：区级周转预留 " in zh.output
    folder = tmp_path / "zh" / "small-sweep"
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json",
        "sweep.csv",
        "sweep.md",
        "sweep.xlsx",
        "sweep_summary.csv",
    ]
    assert (folder / "sweep.md").read_text(encoding="utf-8").startswith("# 测试方案：参数扫描")
    en = invoke(
        "sweep", str(district), "--grid", str(grid), "--out", str(tmp_path / "en"), "--lang", "en"
    )
    assert en.exit_code == 0, en.output
    assert "small: 4 points (kinds.admin.pool × kinds.admin.turnover_share) in " in en.output
    assert (
        " in this process -> " in en.output and "  administrative: district reserve " in en.output
    )
    assert "行政编制" not in en.output


def test_sweep_with_jobs_writes_the_same_csv(district: Path, tmp_path: Path) -> None:
    grid = grid_file(tmp_path)
    one = invoke("sweep", str(district), "--grid", str(grid), "--out", str(tmp_path / "a"))
    two = invoke(
        "sweep", str(district), "--grid", str(grid), "--out", str(tmp_path / "b"), "--jobs", "2"
    )
    assert one.exit_code == two.exit_code == 0, two.output
    assert "本机 2 个进程并行" in two.output
    for name in ("sweep.csv", "sweep_summary.csv", "sweep.md", "sweep.xlsx"):
        first = (tmp_path / "a" / "small-sweep" / name).read_bytes()
        assert first == (tmp_path / "b" / "small-sweep" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("lang", "needles"),
    [
        ("zh", ["错误：grid.yaml，第2行", "kinds.admin.pol", "pool"]),
        ("en", ["error: grid.yaml, line 2", "kinds.admin.pol", "did you mean 'pool'"]),
    ],
)
def test_a_bad_grid_key_is_exit_2_with_the_key_and_line(
    district: Path, tmp_path: Path, lang: str, needles: list[str]
) -> None:
    grid = grid_file(tmp_path, "# pools\nkinds.admin.pol: [130, 140]\n")
    out = tmp_path / "out"
    done = invoke("sweep", str(district), "--grid", str(grid), "--out", str(out), "--lang", lang)
    assert done.exit_code == 2
    for needle in needles:
        assert needle in done.output, done.output
    assert "Traceback" not in done.output and not out.exists()


def test_an_unknown_kind_and_a_missing_grid_are_exit_2(district: Path, tmp_path: Path) -> None:
    grid = grid_file(tmp_path, "kinds.adminx.pool: [1]\n")
    done = invoke("sweep", str(district), "--grid", str(grid), "--lang", "en")
    assert done.exit_code == 2
    assert "line 1 (kinds.adminx.pool): the scenario has no 'adminx' under kinds" in done.output
    done = invoke("sweep", str(district), "--grid", str(tmp_path / "none.yaml"))
    assert done.exit_code == 2 and "找不到参数网格文件" in done.output
    done = invoke("sweep", str(district))
    assert done.exit_code == 2 and "--grid" in done.output


@pytest.mark.parametrize(
    ("lang", "needles"),
    [
        (
            "zh",
            ["无法满足：2 个参数组合都无法满足", "参数组合 1（kinds.admin.pool = 50）：行政编制"],
        ),
        (
            "en",
            [
                "infeasible: none of the 2 points can be satisfied",
                "point 1 (kinds.admin.pool = 50)",
            ],
        ),
    ],
)
def test_no_feasible_point_is_exit_3(
    district: Path, tmp_path: Path, lang: str, needles: list[str]
) -> None:
    grid = grid_file(tmp_path, "kinds.admin.pool: [50, 60]\n")
    out = tmp_path / "out"
    done = invoke("sweep", str(district), "--grid", str(grid), "--out", str(out), "--lang", lang)
    assert done.exit_code == 3
    for needle in needles:
        assert needle in done.output, done.output
    assert not out.exists()


def test_some_infeasible_points_are_listed_and_the_rest_written(
    district: Path, tmp_path: Path
) -> None:
    grid = grid_file(tmp_path, "kinds.admin.pool: [60, 140]\n")
    done = invoke("sweep", str(district), "--grid", str(grid), "--out", str(tmp_path / "o"))
    assert done.exit_code == 0, done.output
    assert "1 个参数组合无法满足：1（原因见 sweep_summary.csv）" in done.output
    summary = (tmp_path / "o" / "small-sweep" / "sweep_summary.csv").read_text(encoding="utf-8-sig")
    assert ",admin,infeasible,60," in summary


@pytest.mark.parametrize("command", ["sweep", "sensitivity"])
@pytest.mark.parametrize(
    ("lang", "needle"),
    [
        ("zh", "错误：无法连接调度器 tcp://127.0.0.1:{port}（"),
        ("en", "error: cannot reach the scheduler at tcp://127.0.0.1:{port} ("),
    ],
)
def test_an_unreachable_scheduler_is_exit_2_naming_it(
    district: Path, tmp_path: Path, command: str, lang: str, needle: str
) -> None:
    port = closed_port()
    extra = ["--grid", str(grid_file(tmp_path))] if command == "sweep" else ["--draws", "5"]
    address = f"tcp://127.0.0.1:{port}"
    done = invoke(command, str(district), *extra, "--scheduler", address, "--lang", lang)
    assert done.exit_code == 2
    assert needle.format(port=port) in done.output, done.output
    assert "Traceback" not in done.output


@pytest.mark.parametrize("command", ["sweep", "sensitivity"])
def test_cluster_options_refuse_bad_use(district: Path, tmp_path: Path, command: str) -> None:
    extra = ["--grid", str(grid_file(tmp_path))] if command == "sweep" else ["--draws", "5"]
    done = invoke(command, str(district), *extra, "--scheduler", "nowhere", "--lang", "en")
    assert done.exit_code == 2
    assert "scheduler address 'nowhere' is not of the form tcp://host:8786" in done.output
    both = invoke(
        command, str(district), *extra, "--scheduler", "tcp://127.0.0.1:1", "--dask", "--lang", "en"
    )
    assert both.exit_code == 2 and "give --scheduler or --dask, not both" in both.output


@pytest.mark.parametrize(
    ("lang", "needle"),
    [("zh", '未安装 Dask：请先安装 pip install "quota[dask]"'), ("en", "Dask is not installed")],
)
def test_without_dask_the_message_says_how_to_install_it(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, needle: str
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    grid = grid_file(tmp_path)
    done = invoke("sweep", str(district), "--grid", str(grid), "--dask", "--lang", lang)
    assert done.exit_code == 2 and needle in done.output, done.output
    done = invoke("sensitivity", str(district), "--draws", "5", "--dask", "--lang", lang)
    assert done.exit_code == 2 and needle in done.output, done.output


def test_help_pages_in_both_languages() -> None:
    zh = invoke("sweep", "--help")
    assert zh.exit_code == 0
    assert (
        "在参数网格（GRID）的每个参数组合上求解方案" in zh.output
        and "--scheduler ADDRESS" in zh.output
    )
    en = invoke("sweep", "--help", "--lang", "en")
    assert "Solve SCENARIO at every point of the parameter grid GRID" in en.output
    assert "--jobs" in en.output and "--dask" in en.output
    sens = invoke("sensitivity", "--help", "--lang", "en")
    assert "--scheduler ADDRESS" in sens.output and "--dask" in sens.output
    listing = invoke("--help")
    assert "sweep" in listing.output


def test_many_notices_are_cut_short_on_the_terminal(district: Path, tmp_path: Path) -> None:
    """A grid over a weight gives a rescaling notice per point: ten are printed, then a count."""
    weights = [round(0.3 + i / 100, 2) for i in range(15)]
    grid = grid_file(tmp_path, f"kinds.admin.indicators.population: {weights}\n")
    done = invoke("sweep", str(district), "--grid", str(grid), "--out", str(tmp_path / "o"))
    assert done.exit_code == 0, done.output
    assert (
        "11 条提示：" in done.output
        and "另有 5 条提示，见 sweep.md 和 manifest.json" in done.output
    )
    assert done.output.count("已按比例调整为合计 1") == 10
    manifest = (tmp_path / "o" / "small-sweep" / "manifest.json").read_text(encoding="utf-8")
    assert manifest.count("rescaled to add up to 1") == 15
