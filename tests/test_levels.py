"""Runs over several levels (city → districts → streets): CLI, API, reconciliation, properties."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota
from quota.cli import cli
from quota.config.decisions import Decision
from quota.errors import InfeasibleError, InputError
from quota.results.result import Result
from tests.conftest import REPO, write_scenario

EXAMPLES = int(os.environ.get("QUOTA_HYPOTHESIS_EXAMPLES", "40"))

HEADER = (
    "区县,街道名称,常住人口,辖区面积,权责清单事项数,执法案件数,内设机构数,事业单位数,"
    "现有行政编制,现有事业编制,行政实有人数,事业实有人数"
)
ROWS = [
    "东城区,东华街道,86000,6.5,212,640,6,3,28,40,27,38",
    "东城区,东门街道,54000,4.1,205,410,6,3,24,34,25,33",
    "东城区,东湖街道,121000,18.7,218,890,6,3,30,44,29,41",
    "西城区,西山街道,23000,46.2,190,150,5,3,20,28,21,26",
    "西城区,西江街道,68000,9.8,210,520,6,3,26,38,24,35",
    "南湖区,南苑街道,99000,8.0,215,700,6,3,29,41,28,40",
    "南湖区,南塘镇,31000,60.5,185,120,5,3,19,27,19,25",
    "西城区,西关街道,45000,12.0,200,300,5,3,22,30,22,29",
]
DISTRICTS = ("东城区", "西城区", "南湖区")


def city_scenario(**overrides: Any) -> dict[str, Any]:
    """A feasible two-level, two-kind scenario over the city table."""
    raw: dict[str, Any] = {
        "name": "city",
        "title": "测试市",
        "data": "streets.csv",
        "levels": ["district", "street"],
        "kinds": {
            "admin": {
                "pool": {"existing": 198, "from_city": 12},
                "turnover_share": 0.05,
                "base": {"per_office": 2, "leaders": 5},
                "indicators": {"population": 0.5, "area_km2": 0.2, "duty_items": 0.3},
                "max_change": 8,
            },
            "institutional": {
                "pool": 300,
                "turnover_share": 0.05,
                "base": {"per_unit": 6},
                "indicators": {"population": 0.4, "enforcement_cases": 0.6},
            },
        },
    }
    raw.update(overrides)
    return raw


def write_city(
    folder: Path, rows: list[str] = ROWS, header: str = HEADER, **overrides: Any
) -> Path:
    (folder / "streets.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return write_scenario(folder, city_scenario(**overrides), "city.yaml")


@pytest.fixture
def city(tmp_path: Path) -> Path:
    return write_city(tmp_path)


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def check_reconciles(result: Result) -> None:
    """Every level's sums, no dismissal at the bottom, every unit within its bounds."""
    levels = result.levels
    assert levels is not None
    table = result.table
    t = levels.table
    assert list(t.columns) == ["level", "unit", "kind", "allocated", "streets_total", "reserve"]
    assert (t["allocated"] == t["streets_total"] + t["reserve"]).all()
    assert (t["reserve"] >= 0).all()
    for level in levels.upper:
        sums = table.groupby([level, "kind"], sort=False)["total"].sum()
        mine = t[t["level"] == level].set_index(["unit", "kind"])["streets_total"]
        assert {k: int(v) for k, v in sums.items()} == {k: int(v) for k, v in mine.items()}
    for kind, row in levels.top.set_index("kind").iterrows():
        top = t[(t["level"] == levels.names[0]) & (t["kind"] == kind)]
        assert int(top["allocated"].sum()) + int(row["held"]) == int(row["pool"])
        assert int(row["held"]) >= 0
        assert int(result.kinds.set_index("kind").loc[kind, "pool"]) == int(row["pool"])
    for upper, lower in zip(levels.upper, levels.upper[1:], strict=False):
        children = t[t["level"] == lower].copy()
        children["parent"] = children["unit"].map(levels.parents[lower])
        given = children.groupby(["parent", "kind"])["allocated"].sum()
        parents = t[t["level"] == upper].set_index(["unit", "kind"])["allocated"]
        for key, value in given.items():
            assert int(value) <= int(parents[key])
    needs = levels.needs
    allocated = t["allocated"].to_numpy()
    assert (allocated >= needs["lower"].to_numpy()).all()
    bounded = needs["upper"].notna().to_numpy()
    assert (allocated[bounded] <= needs["upper"].to_numpy()[bounded].astype(int)).all()
    if result.scenario.constraints.no_dismissal:
        onboard = pd.to_numeric(table["onboard"])
        known = onboard.notna()
        assert (table.loc[known, "total"] >= onboard[known]).all()


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_run_writes_levels_csv_and_the_level_column(city: Path, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(city), "--out", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    folder = out / "city"
    rows = read_csv(folder / "allocation.csv")
    assert list(rows[0])[:4] == ["district", "street", "kind", "current"]
    levels = read_csv(folder / "levels.csv")
    assert list(levels[0]) == ["level", "unit", "kind", "allocated", "streets_total", "reserve"]
    assert [(r["unit"], r["kind"]) for r in levels] == [
        (d, k) for d in DISTRICTS for k in ("admin", "institutional")
    ]
    for r in levels:
        assert int(r["allocated"]) == int(r["streets_total"]) + int(r["reserve"])
        mine = [
            int(a["total"]) for a in rows if a["district"] == r["unit"] and a["kind"] == r["kind"]
        ]
        assert sum(mine) == int(r["streets_total"])
    assert "levels.csv" in (folder / "manifest.json").read_text(encoding="utf-8")


def test_levels_csv_is_the_same_bytes_on_a_rerun(city: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("a", "b"):
        assert runner.invoke(cli, ["run", str(city), "--out", str(tmp_path / name)]).exit_code == 0
    for file in ("levels.csv", "allocation.csv"):
        first = (tmp_path / "a" / "city" / file).read_bytes()
        assert first == (tmp_path / "b" / "city" / file).read_bytes()


def test_unit_names_are_written_as_text_not_formulas(tmp_path: Path) -> None:
    rows = [r.replace("南湖区", "=1+1") for r in ROWS]
    path = write_city(tmp_path, rows)
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["run", str(path), "--out", str(out)]).exit_code == 0
    assert "'=1+1" in {r["district"] for r in read_csv(out / "city" / "allocation.csv")}
    assert "'=1+1" in {r["unit"] for r in read_csv(out / "city" / "levels.csv")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_validate_a_levels_scenario(city: Path, lang: str) -> None:
    result = CliRunner().invoke(cli, ["validate", str(city), "--lang", lang])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("lang", "words"), [("zh", "区县"), ("en", "district")])
def test_a_missing_district_column_exits_2(tmp_path: Path, lang: str, words: str) -> None:
    header = HEADER.replace("区县,", "")
    path = write_city(tmp_path, [r.split(",", 1)[1] for r in ROWS], header)
    for command in ("run", "validate"):
        result = CliRunner().invoke(
            cli,
            [command, str(path), "--out", str(tmp_path / "o"), "--lang", lang][:2]
            + ["--lang", lang],
        )
        assert result.exit_code == 2, result.output
        assert words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["无法满足", "各区县所需合计", "东城区", "超过编制总量150名"]),
        ("en", ["infeasible", "the districts need", "东城区", "more than the pool 150"]),
    ],
)
def test_an_impossible_upper_split_exits_3_naming_the_district(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    raw = city_scenario()
    raw["kinds"]["admin"]["pool"] = 150
    (tmp_path / "streets.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    path = write_scenario(tmp_path, raw, "tight.yaml")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), "--lang", lang])
    assert result.exit_code == 3, result.output
    for word in words:
        assert word in result.output
    assert not (out / "city").exists()
    assert CliRunner().invoke(cli, ["validate", str(path), "--lang", lang]).exit_code == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_district_decision_from_the_command_line(city: Path, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["run", str(city), "--out", str(out), "--fix", "东城区:admin=95", "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(out / "city" / "levels.csv")
    mine = [r for r in rows if r["unit"] == "东城区" and r["kind"] == "admin"]
    assert int(mine[0]["allocated"]) == 95
    below = CliRunner().invoke(
        cli, ["run", str(city), "--out", str(out), "--fix", "东城区:admin=60", "--lang", lang]
    )
    assert below.exit_code == 3, below.output
    assert "东城区" in below.output and ("低于" in below.output or "below" in below.output)


def test_sensitivity_refuses_a_levels_scenario(city: Path) -> None:
    result = CliRunner().invoke(cli, ["sensitivity", str(city), "--draws", "3", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "levels" in result.output and "Traceback" not in result.output


def test_the_bundled_yangquan_example_runs_and_reconciles() -> None:
    result = quota.allocate(REPO / "scenarios" / "yangquan-levels.yaml")
    check_reconciles(result)
    assert result.pool_sources == {
        "admin": {"existing": 629, "from_city": 12},
        "institutional": {"existing": 786, "from_city": 24},
    }
    units = result.levels.units.set_index(["unit", "kind"])  # type: ignore[union-attr]
    assert units.loc[("城区", "institutional"), "turnover_share"] == 0.02
    assert int(units.loc[("城区", "institutional"), "kept"]) > 0
    towns = result.table[(result.table["district"] == "盂县") & (result.table["kind"] == "admin")]
    assert ((towns["base"] + towns["quantified"]) >= 20).all()


# --------------------------------------------------------------------------
# The API
# --------------------------------------------------------------------------


def test_decisions_at_both_levels_hold(city: Path) -> None:
    decisions = [
        Decision(street="西城区", level="district", kind="admin", total=72),
        Decision(street="东华街道", kind="admin", total=29, origin="fix"),
    ]
    result = quota.allocate(city, decisions=decisions)
    check_reconciles(result)
    t = result.levels.table  # type: ignore[union-attr]
    assert int(t[(t["unit"] == "西城区") & (t["kind"] == "admin")]["allocated"].iloc[0]) == 72
    row = result.table[(result.table["street"] == "东华街道") & (result.table["kind"] == "admin")]
    assert int(row["total"].iloc[0]) == 29
    assert result.decisions is not None and len(result.decisions.targets) == 1
    unit_decisions = result.levels.decisions  # type: ignore[union-attr]
    assert unit_decisions[["unit", "total"]].values.tolist() == [["西城区", 72]]
    assert [d.level for d in result.scenario.decisions] == ["district", "street"]


def test_three_levels_reconcile(tmp_path: Path) -> None:
    header = "市," + HEADER
    rows = [("甲市," if r.startswith(("东", "西")) else "乙市,") + r for r in ROWS]
    path = write_city(
        tmp_path,
        rows,
        header,
        levels=["city", "district", "street"],
        units={"district": {"admin": {"turnover_share": 0.03}}},
    )
    result = quota.allocate(path)
    check_reconciles(result)
    assert list(result.table.columns[:3]) == ["city", "district", "street"]
    assert result.levels.parents["district"] == {  # type: ignore[union-attr]
        "东城区": "甲市",
        "西城区": "甲市",
        "南湖区": "乙市",
    }


def test_a_units_floor_reaches_its_streets(tmp_path: Path) -> None:
    path = write_city(tmp_path, units={"南湖区": {"institutional": {"floor": 36}}})
    result = quota.allocate(path)
    check_reconciles(result)
    mine = result.table[
        (result.table["district"] == "南湖区") & (result.table["kind"] == "institutional")
    ]
    assert ((mine["base"] + mine["quantified"]) >= 36).all()


@pytest.mark.parametrize("objective", ["l1", "minimax"])
def test_fast_and_the_integer_program_agree(city: Path, objective: str) -> None:
    from quota.config.scenario import load_scenario

    scenario = load_scenario(city).model_copy(update={"objective": objective})
    fast = quota.allocate(scenario, solver="fast")
    columns = ["district", "street", "kind", "quantified", "turnover", "total"]
    for engine in ("highs", "cbc"):
        other = quota.allocate(scenario, solver=engine)
        assert fast.table[columns].equals(other.table[columns]), engine
        assert fast.levels.table.equals(other.levels.table)  # type: ignore[union-attr]


def test_street_share_min_is_refused_with_levels(tmp_path: Path) -> None:
    path = write_city(tmp_path, constraints={"street_share_min": 0.3, "district_total": 1000})
    with pytest.raises(InputError, match="street_share_min"):
        quota.allocate(path)


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------


@st.composite
def one_level(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A random one-level scenario (several kinds, floors, caps, no dismissal) and its table."""
    n = draw(st.integers(2, 6))
    kinds = ("admin", "institutional")[: draw(st.integers(1, 2))]
    columns: dict[str, list[int]] = {
        "population": draw(st.lists(st.integers(1, 50), min_size=n, max_size=n)),
        "area_km2": draw(st.lists(st.integers(1, 20), min_size=n, max_size=n)),
    }
    raw_kinds: dict[str, Any] = {}
    for kind in kinds:
        columns[f"onboard_{kind}"] = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
        columns[f"current_{kind}"] = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n))
        cfg: dict[str, Any] = {
            "pool": draw(st.integers(n, 45)),
            "turnover_share": draw(st.sampled_from([0.0, 0.1, 0.2])),
            "indicators": {"population": 1.0, "area_km2": draw(st.sampled_from([0.0, 0.5]))},
        }
        if draw(st.booleans()):
            cfg["floor"] = draw(st.integers(0, 4))
        if draw(st.booleans()):
            cfg["max_change"] = draw(st.integers(1, 6))
        raw_kinds[kind] = cfg
    frame = pd.DataFrame({"street": [f"S{i}" for i in range(n)], **columns})
    raw = {
        "name": "prop",
        "data": "d.csv",
        "objective": draw(st.sampled_from(["l1", "minimax"])),
        "kinds": raw_kinds,
        "constraints": {"no_dismissal": draw(st.booleans())},
    }
    return frame, raw


def _run(folder: Path, frame: pd.DataFrame, raw: dict[str, Any]) -> Result | Exception:
    frame.to_csv(folder / "d.csv", index=False)
    path = write_scenario(folder, raw, "s.yaml")
    try:
        return quota.allocate(path)
    except (InfeasibleError, InputError) as exc:
        return exc


ALLOCATION = [
    "street",
    "kind",
    "current",
    "base",
    "quantified",
    "turnover",
    "total",
    "change",
    "onboard",
    "vacancy",
    "score",
]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=one_level())
def test_every_street_its_own_district_gives_the_one_level_result(
    tmp_path: Path, case: tuple[pd.DataFrame, dict[str, Any]]
) -> None:
    frame, raw = case
    single = _run(tmp_path, frame, raw)
    split = frame.copy()
    split.insert(0, "district", [f"D-{s}" for s in frame["street"]])
    levels = _run(tmp_path, split, {**raw, "levels": ["district", "street"]})
    if isinstance(single, Exception):
        assert isinstance(levels, InfeasibleError | InputError), levels
        return
    assert isinstance(levels, Result), levels
    assert single.table[ALLOCATION].equals(levels.table[ALLOCATION])
    check_reconciles(levels)


@st.composite
def hierarchies(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A random city: streets in districts (in cities, sometimes), units' own rules, decisions."""
    frame, raw = draw(one_level())
    n = len(frame)
    districts = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    frame.insert(0, "district", [f"D{d}" for d in districts])
    levels = ["district", "street"]
    if draw(st.booleans()):
        frame.insert(0, "city", [f"C{d % 2}" for d in districts])
        levels = ["city", "district", "street"]
    raw["levels"] = levels
    units: dict[str, Any] = {}
    for kind in raw["kinds"]:
        if draw(st.booleans()):
            units.setdefault("district", {})[kind] = {
                "turnover_share": draw(st.sampled_from([0.05, 0.1, 0.3]))
            }
        if draw(st.booleans()):
            units.setdefault(f"D{districts[0]}", {})[kind] = {"floor": draw(st.integers(0, 5))}
    if units:
        raw["units"] = units
    return frame, raw


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=hierarchies())
def test_random_hierarchies_reconcile_at_every_level(
    tmp_path: Path, case: tuple[pd.DataFrame, dict[str, Any]]
) -> None:
    frame, raw = case
    result = _run(tmp_path, frame, raw)
    if isinstance(result, InfeasibleError):
        assert result.render("zh") and result.render("en")
        return
    assert isinstance(result, Result), result
    check_reconciles(result)
    levels = result.levels
    assert levels is not None
    units = levels.units
    for kind, top in levels.top.set_index("kind").iterrows():
        first = units[(units["level"] == levels.names[0]) & (units["kind"] == kind)]
        assert int(first["quantified"].sum()) == int(top["quantified"])
        assert (first["quantified"] >= first["q_min"]).all()
    # the streets' quantified quotas make what each lowest unit divided
    lowest = levels.names[-2]
    divided = units[units["level"] == lowest].set_index(["unit", "kind"])["divided"]
    got = result.table.groupby([lowest, "kind"], sort=False)["quantified"].sum()
    assert {k: int(v) for k, v in got.items()} == {k: int(v) for k, v in divided.items()}
    assert np.all(result.table["total"] >= 0)


@settings(
    max_examples=max(EXAMPLES // 4, 5),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=hierarchies())
def test_random_hierarchies_fast_and_highs_agree(
    tmp_path: Path, case: tuple[pd.DataFrame, dict[str, Any]]
) -> None:
    frame, raw = case
    fast = _run(tmp_path, frame, {**raw, "solver": {"name": "fast"}})
    highs = _run(tmp_path, frame, {**raw, "solver": {"name": "highs"}})
    if isinstance(fast, Exception):
        assert type(highs) is type(fast)
        return
    assert isinstance(highs, Result), highs
    columns = [*raw["levels"][:-1], "street", "kind", "quantified", "turnover", "total"]
    assert fast.table[columns].equals(highs.table[columns])
    assert fast.levels.table.equals(highs.levels.table)  # type: ignore[union-attr]
