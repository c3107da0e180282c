"""Tests of the transition plan as users see it (quota.analysis.plan and ``quota plan``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from quota.analysis.plan import ScenarioPlan, plan_scenario, summarize_reach
from quota.analysis.plan_charts import plot_plan_onboard, plot_plan_turnover
from quota.analysis.plan_departures import KnownDepartures, read_known_departures
from quota.analysis.plan_markdown import build_plan_section
from quota.analysis.plan_settings import resolve_plan_settings
from quota.analysis.plan_text import format_years
from quota.analysis.plan_writer import build_hiring_schedule, format_plan_csv
from quota.analysis.transition import PLAN_COLUMNS, PlanSettings, build_plan
from quota.cli import cli
from quota.config.schema import PlanConfig
from quota.errors import InputError
from quota.io.table import read_table
from tests.conftest import SMALL_CSV, small_scenario, write_scenario

HEADER = "year,street,kind,entitlement,turnover,total,onboard_start,departures,hires,onboard_end"
FILES = (
    "plan.csv",
    "plan.xlsx",
    "plan.md",
    "plan.docx",
    "charts/plan_onboard.png",
    "charts/plan_turnover.png",
)

# Known retirements for SMALL_CSV's five streets: admin 2027 and 2028, institutional 2027
# (one blank cell: 西城街道 in 2028), and a column of a kind the scenario does not have.
RETIRING = {
    "retiring_admin_2027": ["2", "4", "0", "3", "1"],
    "retiring_admin_2028": ["1", "", "0", "2", "1"],
    "retiring_institutional_2027": ["3", "1", "2", "0", "1"],
    "retiring_foo_2027": ["1", "1", "1", "1", "1"],
}


def with_columns(csv: str, columns: dict[str, list[str]]) -> str:
    lines = csv.strip().splitlines()
    out = [lines[0] + "," + ",".join(columns)]
    for i, line in enumerate(lines[1:]):
        out.append(line + "," + ",".join(values[i] for values in columns.values()))
    return "\n".join(out) + "\n"


@pytest.fixture
def retiring(tmp_path: Path) -> Path:
    """A district whose street table has retiring_<kind>_<year> columns; returns the scenario."""
    folder = tmp_path / "retiring"
    folder.mkdir()
    (folder / "streets.csv").write_text(with_columns(SMALL_CSV, RETIRING), encoding="utf-8")
    return write_scenario(folder, small_scenario())


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["plan", *args])
    return result.exit_code, result.output


def read_plan_csv(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "plan.csv", encoding="utf-8-sig")


# --------------------------------------------------------------------------------- CLI


def test_plan_writes_every_file_with_exact_columns(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = invoke(
        str(district), "--years", "3", "--attrition", "0.05", "--hiring-cap", "4", "--out", str(out)
    )
    assert code == 0, output
    folder = out / "small-plan"
    assert sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
    ) == sorted(FILES)
    raw = (folder / "plan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\n")
    assert b"\r" not in raw
    table = read_plan_csv(folder)
    assert tuple(table.columns) == PLAN_COLUMNS
    assert len(table) == 3 * 5 * 2
    assert table["year"].unique().tolist() == [1, 2, 3]
    assert (table["total"] == table["entitlement"] + table["turnover"]).all()
    balance = table["onboard_start"] - table["departures"] + table["hires"]
    assert (table["onboard_end"] == balance).all()
    assert (table["onboard_end"] <= table["total"]).all()
    assert (table.groupby(["year", "kind"])["hires"].sum() <= 4).all()
    book = openpyxl.load_workbook(folder / "plan.xlsx")
    assert book.sheetnames == ["过渡计划", "年度汇总", "招录计划", "达标年份"]
    assert book["过渡计划"]["A1"].value == "年份"
    assert book["过渡计划"].max_row == 1 + 30
    # the terminal speaks the user's language, Chinese by default, as do the files
    assert "small：3年过渡计划" in output and "年度招录上限4" in output
    assert "行政编制：实有人数 126" in output
    assert (folder / "plan.md").read_text(encoding="utf-8").startswith("## 过渡计划（不减人）")


def test_rerun_gives_identical_files(district: Path, tmp_path: Path) -> None:
    args = [str(district), "--years", "2", "--attrition", "0.04"]
    assert invoke(*args, "--out", str(tmp_path / "a"))[0] == 0
    assert invoke(*args, "--out", str(tmp_path / "b"))[0] == 0
    for name in FILES:
        first = (tmp_path / "a" / "small-plan" / name).read_bytes()
        assert first == (tmp_path / "b" / "small-plan" / name).read_bytes(), name


def test_missing_attrition_exits_2_and_writes_nothing(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = invoke(str(district), "--years", "3", "--out", str(out))
    assert code == 2
    assert "--attrition RATE" in output and "retiring_<kind>_<year>" in output
    assert "Traceback" not in output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "give --years N"),
        (["--years", "0"], "plan years must be a whole number from 1 to 50, got 0"),
        (["--years", "51"], "from 1 to 50"),
        (["--years", "three"], "'three' is not a valid integer"),
        (["--years", "3", "--attrition", "1.5"], "attrition rate must be a share"),
        (["--years", "3", "--hiring-cap", "-1"], "hiring cap must be a whole number"),
    ],
)
def test_bad_settings_exit_2(
    district: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    rate = [] if "--attrition" in options else ["--attrition", "0.05"]
    out = ["--out", str(tmp_path / "out"), "--lang", "en"]
    code, output = invoke(str(district), *options, *rate, *out)
    assert code == 2
    assert message in output


def test_retiring_columns_are_used(retiring: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = invoke(
        str(retiring), "--years", "2", "--attrition", "0.05", "--out", str(out), "--lang", "en"
    )
    assert code == 0, output
    assert "retiring_foo_2027" in output and "ignored" in output
    table = read_plan_csv(out / "small-plan")
    # the start year is the earliest retiring_* year
    assert table["year"].unique().tolist() == [2027, 2028]
    admin = table[table["kind"] == "admin"]
    assert admin[admin["year"] == 2027]["departures"].tolist() == [2, 4, 0, 3, 1]
    # 2028: known where given; 西城街道's blank cell falls back to the rate
    known_2028 = admin[(admin["year"] == 2028) & (admin["street"] != "西城街道")]
    assert known_2028["departures"].tolist() == [1, 0, 2, 1]
    institutional = table[(table["kind"] == "institutional") & (table["year"] == 2027)]
    assert institutional["departures"].tolist() == [3, 1, 2, 0, 1]
    assert "known retirements in the street table" in output


def test_retiring_columns_without_rate_need_every_cell(retiring: Path, tmp_path: Path) -> None:
    en = ["--out", str(tmp_path / "out"), "--lang", "en"]
    code, output = invoke(str(retiring), "--years", "2", *en)
    assert code == 2
    assert "西城街道 (2028)" in output
    assert "no retiring_institutional_<year> column for 2028" in output
    code, output = invoke(str(retiring), "--years", "2", "--out", str(tmp_path / "out"))
    assert code == 2
    assert "西城街道（2028）" in output
    assert "事业编制：年份 2028 既没有减员率，也没有 retiring_institutional_<year> 列" in output
    # one year, every cell filled: no rate needed
    code, output = invoke(str(retiring), "--years", "1", *en)
    assert code == 0, output
    assert "1-year plan, 2027;" in output
    assert "4 of 5 streets reach their entitlement by 2027, 1 unknown (no rate)" in output


def test_bad_retiring_cell_exits_2(tmp_path: Path) -> None:
    columns = {"retiring_admin_2027": ["2", "x", "0", "-1", "1.5"]}
    (tmp_path / "streets.csv").write_text(with_columns(SMALL_CSV, columns), encoding="utf-8")
    path = write_scenario(tmp_path, small_scenario())
    code, output = invoke(
        str(path),
        "--years",
        "1",
        "--attrition",
        "0.1",
        "--out",
        str(tmp_path / "o"),
        "--lang",
        "en",
    )
    assert code == 2
    assert "row 3 (street 西城街道), column 'retiring_admin_2027': 'x'" in output
    assert "(street 北山街道)" in output and "(street 滨江街道)" in output


def test_scenario_plan_section_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    raw = small_scenario(
        plan={"attrition": {"admin": 0.05, "institutional": 0.1}, "hiring_cap": 20, "years": 2}
    )
    path = write_scenario(tmp_path, raw)
    code, output = invoke(str(path), "--out", str(tmp_path / "out"), "--lang", "en")
    assert code == 0, output
    assert "2-year plan" in output and "hiring cap 20" in output
    code, output = invoke(
        str(path),
        "--years",
        "4",
        "--hiring-cap",
        "25",
        "--start-year",
        "2030",
        "--out",
        str(tmp_path / "out"),
        "--lang",
        "en",
    )
    assert code == 0, output
    table = read_plan_csv(tmp_path / "out" / "small-plan")
    assert table["year"].unique().tolist() == [2030, 2031, 2032, 2033]
    assert "hiring cap 25" in output


def test_bad_plan_section_exits_2(tmp_path: Path) -> None:
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    path = write_scenario(tmp_path, small_scenario(plan={"attrition": 1.2, "colour": 1}))
    code, output = invoke(str(path), "--years", "2", "--out", str(tmp_path / "out"))
    assert code == 2
    assert "plan.attrition" in output and "plan.colour" in output


def test_english_output(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _ = invoke(
        str(district), "--years", "2", "--attrition", "0.05", "--lang", "en", "--out", str(out)
    )
    assert code == 0
    book = openpyxl.load_workbook(out / "small-plan" / "plan.xlsx")
    assert book.sheetnames == ["plan", "yearly summary", "hiring schedule", "year of reach"]
    assert (
        (out / "small-plan" / "plan.md")
        .read_text(encoding="utf-8")
        .startswith("## Transition plan")
    )


# ---------------------------------------------------------------------------- Python API


def test_plan_scenario_api(district: Path) -> None:
    planned = plan_scenario(district, years=3, attrition=0.05, hiring_cap=2)
    assert isinstance(planned, ScenarioPlan)
    table = planned.plan.table
    assert tuple(table.columns) == PLAN_COLUMNS
    assert planned.name == "small-plan"
    # years chain: the start of a year is the end of the one before
    for kind in ("admin", "institutional"):
        rows = table[table["kind"] == kind]
        ends = rows[rows["year"] < 3]["onboard_end"].to_numpy()
        starts = rows[rows["year"] > 1]["onboard_start"].to_numpy()
        assert np.array_equal(ends, starts)
    # turnover only shrinks, the pool is never exceeded, the cap holds
    turnover = table.pivot_table(index="year", columns="kind", values="turnover", aggfunc="sum")
    assert (turnover.diff().dropna() <= 0).all().all()
    assert (planned.plan.summary["total"] <= planned.plan.summary["pool"]).all()
    assert (planned.plan.summary["hires"] <= 2).all()
    assert format_plan_csv(table).splitlines()[0] == HEADER
    reach = planned.reach
    assert list(reach.columns) == ["street", "kind", "year", "status"]
    assert set(reach["status"]) <= {"within", "projected", "never"}


def test_read_known_departures(retiring: Path) -> None:
    data = read_table(retiring.parent / "streets.csv")
    known = read_known_departures(data, ["admin", "institutional"])
    assert known.years == [2027, 2028]
    assert known.columns[("admin", 2028)] == "retiring_admin_2028"
    assert known.blanks == (("西城街道", "admin", 2028),)
    assert len(known.table) == 5 + 4 + 5
    assert known.table["departures"].dtype == np.int64
    assert any("retiring_foo_2027" in str(n) for n in known.notices)


def test_two_columns_for_one_kind_and_year(tmp_path: Path) -> None:
    columns = {"retiring_admin_2027": ["1"] * 5, "RETIRING_ADMIN_2027": ["2"] * 5}
    (tmp_path / "streets.csv").write_text(with_columns(SMALL_CSV, columns), encoding="utf-8")
    with pytest.raises(InputError, match="both give the retirements of kind admin in 2027"):
        read_known_departures(read_table(tmp_path / "streets.csv"), ["admin"])


def no_known() -> KnownDepartures:
    empty = pd.DataFrame({"street": [], "kind": [], "year": [], "departures": []})
    return KnownDepartures(table=empty, columns={}, blanks=(), notices=())


def test_settings_precedence() -> None:
    config = PlanConfig(attrition=0.1, hiring_cap=5, years=4, start_year=2030)
    settings, rate_kinds = resolve_plan_settings(config, ["admin"], no_known())
    assert settings == PlanSettings(4, 0.1, 5, 2030)
    assert rate_kinds == ("admin",)
    settings, _ = resolve_plan_settings(
        config, ["admin"], no_known(), years=2, attrition=0.02, hiring_cap=1, start_year=1
    )
    assert settings == PlanSettings(2, 0.02, 1, 1)
    settings, _ = resolve_plan_settings(None, ["admin"], no_known(), years=3, attrition=0.0)
    assert settings.start_year == 1 and settings.hiring_cap is None
    with pytest.raises(InputError, match="for kind\\(s\\) other"):
        resolve_plan_settings(None, ["admin"], no_known(), years=3, attrition={"other": 0.1})


def make_allocation(n: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """An allocation table of n streets, one kind: entitlement 10, on board 6 to 14."""
    onboard = 6 + np.arange(n) % 9
    turnover = np.maximum(onboard - 10, 0)
    table = pd.DataFrame(
        {
            "street": pd.array([f"S{i:03d}" for i in range(n)], dtype="str"),
            "kind": pd.array(["admin"] * n, dtype="str"),
            "base": 4,
            "quantified": 6,
            "turnover": turnover,
            "total": 10 + turnover,
            "onboard": onboard,
        }
    )
    return table, {"admin": int(10 * n + turnover.sum() + 5)}


def test_reach_without_rate_is_unknown_beyond_the_horizon() -> None:
    table, pools = make_allocation(9)
    plan = build_plan(table, pools, PlanSettings(2, 0.0, None))
    reach = summarize_reach(plan, rate_kinds=())
    over = table["onboard"].to_numpy() > 10
    assert set(reach.loc[over, "status"]) == {"unknown"}
    assert reach.loc[over, "year"].isna().all()
    assert set(reach.loc[~over, "status"]) == {"within"}
    reach = summarize_reach(plan, rate_kinds=("admin",))
    assert set(reach.loc[over, "status"]) == {"never"}


def test_charts_small_and_large() -> None:
    table, pools = make_allocation(9)
    plan = build_plan(table, pools, PlanSettings(3, 0.1, 4))
    small = plot_plan_onboard(plan, table, lang="en")
    assert len([a for a in small.axes if a.has_data()]) == 9
    turnover = plot_plan_turnover(plan, table, lang="en")
    assert len(turnover.axes) == 1
    table, pools = make_allocation(40)
    plan = build_plan(table, pools, PlanSettings(3, 0.1, None))
    large = plot_plan_onboard(plan, table, lang="zh")
    assert len(large.axes) == 2  # district sums and streets below/at/above, for one kind


def test_markdown_section_and_hiring_schedule() -> None:
    table, pools = make_allocation(9)
    plan = build_plan(table, pools, PlanSettings(2, 0.1, 3))
    schedule, totals = build_hiring_schedule(plan, "zh")
    assert totals == [9]
    assert schedule.iloc[9]["street"] == "合计"
    assert schedule.iloc[9][[1, 2]].tolist() == [3, 3]


def test_markdown_reports_projection(district: Path) -> None:
    planned = plan_scenario(district, years=1, attrition=0.05, hiring_cap=3)
    text = build_plan_section(planned, lang="en", level=3)
    assert text.startswith("### Transition plan (no dismissals)")
    assert "#### Per year and kind" in text and "#### Hiring schedule" in text
    assert "at the same rate and cap they would get there in: year " in text
    zh = build_plan_section(planned, lang="zh")
    assert "按同样的减员率和招录上限推算" in zh


def test_format_years() -> None:
    assert format_years([2029, 2027, 2030, 2031]) == "2027, 2029–2031"
    assert format_years([1]) == "1"
    assert format_years([]) == ""
