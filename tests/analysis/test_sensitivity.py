"""Monte Carlo sensitivity: draws, reproducibility across executors, outputs, CLI."""

from __future__ import annotations

import concurrent.futures
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import quota
from quota.analysis.sensitivity import SENSITIVITY_COLUMNS, run_sensitivity, summarize_draws
from quota.analysis.sensitivity_chart import plot_sensitivity, select_chart_rows
from quota.analysis.sensitivity_draws import INFEASIBLE, build_chunks, draw_weights
from quota.analysis.sensitivity_writer import format_sensitivity_csv
from quota.cli import cli
from quota.errors import InputError
from quota.methods.scores import compute_scores, compute_share_scores
from tests.conftest import small_scenario, write_scenario

REPO = Path(__file__).resolve().parents[2]
XINZHOU = REPO / "scenarios" / "xinzhou-baseline.yaml"


class _Done:
    """A finished future that is not a concurrent.futures.Future."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class InlineExecutor:
    """The smallest executor-like object: ``submit`` runs at once."""

    def __init__(self) -> None:
        self.calls = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> _Done:
        self.calls += 1
        return _Done(fn(*args, **kwargs))


def csv_bytes(result: Any) -> bytes:
    return format_sensitivity_csv(result.table).encode("utf-8")


# ----------------------------------------------------------------------------- pieces


def test_draw_weights_centre_and_spread() -> None:
    rng = np.random.default_rng(7)
    w = np.array([0.5, 0.0, 0.3, 0.2])
    draws = np.array([draw_weights(rng, w, 100.0) for _ in range(4000)])
    assert np.allclose(draws.sum(axis=1), 1.0)
    assert (draws[:, 1] == 0).all()
    np.testing.assert_allclose(draws.mean(axis=0), w, atol=0.005)
    expected_sd = np.sqrt(w * (1 - w) / 101)
    np.testing.assert_allclose(draws.std(axis=0), expected_sd, atol=0.004)
    assert draw_weights(rng, np.array([0.0, 1.0]), 5.0).tolist() == [0.0, 1.0]


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(
        st.tuples(st.floats(0.5, 1e6), st.floats(0.5, 1e6), st.floats(0.5, 1e6)),
        min_size=2,
        max_size=8,
    ),
    raw=st.tuples(st.floats(0.01, 1), st.floats(0, 1), st.floats(0.01, 1)),
    transforms=st.tuples(*[st.sampled_from(["none", "sqrt", "log1p"])] * 3),
)
def test_draw_scores_equal_compute_scores(
    values: list[tuple[float, float, float]],
    raw: tuple[float, float, float],
    transforms: tuple[str, str, str],
) -> None:
    """The draws and the pipeline share one score kernel: the same numbers, bit for bit."""
    frame = pd.DataFrame(values, columns=["a", "b", "c"])
    w = np.array(raw) / sum(raw)
    expected = compute_scores(
        frame, dict(zip("abc", w, strict=True)), dict(zip("abc", transforms, strict=True))
    )
    # compute_scores divides the weights by their sum once more; give the kernel the same
    total = sum(float(x) for x in w if x > 0)
    normalised = np.array([float(x) / total for x in w])
    # the draws pass a C-ordered slice of the task's value table (columns strided)
    table = np.ascontiguousarray(frame.to_numpy(dtype=np.float64))
    got = compute_share_scores(table, normalised, transforms)
    np.testing.assert_array_equal(got, expected.to_numpy())
    np.testing.assert_allclose(
        compute_share_scores(table, w, transforms), expected.to_numpy(), rtol=1e-12, atol=1e-15
    )


def test_build_chunks_cover_every_draw_once() -> None:
    for draws, parts in [(10, 3), (7, 20), (1000, 8), (1, 1)]:
        chunks = build_chunks(draws, parts)
        assert chunks[0][0] == 0 and chunks[-1][1] == draws
        assert all(a < b for a, b in chunks)
        assert all(chunks[i][1] == chunks[i + 1][0] for i in range(len(chunks) - 1))
        assert len(chunks) <= max(1, min(parts, draws))


def test_summarize_draws_statistics() -> None:
    totals = np.array([[5, 1], [6, 1], [7, 2], [INFEASIBLE, INFEASIBLE], [8, 1], [5, 1]])
    table = summarize_draws(["A", "B"], "admin", np.array([5, 1]), totals)
    assert list(table.columns) == list(SENSITIVITY_COLUMNS)
    a, b = table.to_dict(orient="records")
    assert (a["min"], a["median"], a["max"], a["draws"]) == (5, 6, 8, 5)
    assert a["p_change"] == pytest.approx(3 / 5)
    assert (b["min"], b["p95"], b["max"]) == (1, 2, 2)
    assert b["p_change"] == pytest.approx(1 / 5)
    empty = summarize_draws(["A"], "admin", np.array([1]), np.full((2, 1), INFEASIBLE))
    assert empty["median"].isna().all() and empty["draws"].tolist() == [0]
    assert format_sensitivity_csv(empty).splitlines()[1] == "A,admin,1,,,,,,,0"


# ------------------------------------------------------------------------- whole runs


def test_tight_draws_reproduce_the_base_result() -> None:
    result = run_sensitivity(XINZHOU, 40, seed=1, concentration=1e9, progress=False)
    base = quota.allocate(XINZHOU).table
    table = result.table
    assert table["base_total"].tolist() == base["total"].tolist()
    assert (table["p_change"] == 0).all()
    assert (table["min"] == table["base_total"]).all() and (
        table["max"] == table["base_total"]
    ).all()
    assert result.infeasible == {"admin": 0, "institutional": 0}


def test_statistics_are_ordered_and_totals_keep_the_rules() -> None:
    result = run_sensitivity(XINZHOU, 150, seed=5, concentration=20, noise=0.2, progress=False)
    t = result.table
    for low, high in [("min", "p5"), ("p5", "median"), ("median", "p95"), ("p95", "max")]:
        assert (t[low] <= t[high]).all()
    assert ((t["p_change"] >= 0) & (t["p_change"] <= 1)).all()
    assert (t["draws"] == 150).all()
    assert (t["p_change"] > 0).any()
    for kind, totals in result.totals.items():
        kin = quota.prepare_scenario(result.scenario).inputs[kind]
        assert totals.shape == (150, 12)
        assert (totals >= kin.onboard).all()  # no dismissal in every draw
        assert (totals.sum(axis=1) <= kin.pool).all()


def test_same_seed_same_bytes_whatever_the_executor() -> None:
    kwargs: dict[str, Any] = {"seed": 11, "concentration": 30, "noise": 0.1, "progress": False}
    reference = csv_bytes(run_sensitivity(XINZHOU, 60, workers=1, **kwargs))
    assert csv_bytes(run_sensitivity(XINZHOU, 60, workers=1, chunk_size=7, **kwargs)) == reference
    inline = InlineExecutor()
    assert (
        csv_bytes(run_sensitivity(XINZHOU, 60, executor=inline, chunk_size=13, **kwargs))
        == reference
    )
    assert inline.calls == 5
    with concurrent.futures.ThreadPoolExecutor(3) as threads:
        assert csv_bytes(run_sensitivity(XINZHOU, 60, executor=threads, **kwargs)) == reference
    with concurrent.futures.ProcessPoolExecutor(2) as processes:
        got = run_sensitivity(XINZHOU, 60, executor=processes, workers=2, **kwargs)
    assert csv_bytes(got) == reference and got.workers == 0
    other = run_sensitivity(XINZHOU, 60, workers=1, **{**kwargs, "seed": 12})
    assert csv_bytes(other) != reference


def test_default_pool_runs_large_work_in_processes(tmp_path: Path) -> None:
    from quota.analysis.synth import synth_scenario_dict, synth_streets

    frame = synth_streets(300, seed=2)
    frame.to_csv(tmp_path / "s.csv", index=False)
    path = write_scenario(tmp_path, synth_scenario_dict(300, 2, data="s.csv", streets=frame))
    pooled = run_sensitivity(path, 450, seed=3, workers=2, progress=False)
    assert pooled.workers == 2
    serial = run_sensitivity(path, 450, seed=3, workers=1, progress=False)
    assert serial.workers == 1
    assert csv_bytes(pooled) == csv_bytes(serial)


def test_seed_from_the_scenario_or_fresh(district: Path) -> None:
    raw = small_scenario(sensitivity={"draws": 12, "seed": 4, "concentration": 50, "noise": 0.05})
    path = write_scenario(district.parent, raw, "s.yaml")
    first = run_sensitivity(path, progress=False)
    assert (first.draws, first.seed, first.concentration, first.noise) == (12, 4, 50.0, 0.05)
    assert csv_bytes(first) == csv_bytes(run_sensitivity(path, progress=False))
    fresh = run_sensitivity(district, 5, progress=False)
    assert fresh.seed >= 0
    assert csv_bytes(fresh) == csv_bytes(
        run_sensitivity(district, 5, seed=fresh.seed, progress=False)
    )


@pytest.mark.parametrize("method", ["hamilton", "huntington-hill"])
def test_apportionment_methods_are_resolved_by_their_method(district: Path, method: str) -> None:
    path = write_scenario(district.parent, small_scenario(method=method), f"{method}.yaml")
    result = run_sensitivity(path, 30, seed=2, concentration=1e9, progress=False)
    assert (result.table["p_change"] == 0).all()
    assert result.table["base_total"].tolist() == quota.allocate(path).table["total"].tolist()


def test_workload_target_and_indicator_noise(tmp_path: Path) -> None:
    (tmp_path / "streets.csv").write_text(
        "street,population,cases\nA,100,10\nB,300,40\nC,200,25\nD,50,5\n", encoding="utf-8"
    )
    raw = {
        "name": "w",
        "data": "streets.csv",
        "constraints": {"no_dismissal": False},
        "kinds": {
            "admin": {
                "pool": 40,
                "workload": {
                    "use": "target",
                    "available_time": {"working_days": 200, "hours_per_day": 8},
                    "activities": {"cases": 40},
                },
            },
            "institutional": {"pool": 30, "indicators": {"population": 1}},
        },
    }
    path = write_scenario(tmp_path, raw, "w.yaml")
    still = run_sensitivity(path, 20, seed=1, noise=0.0, progress=False)
    assert (still.table.loc[still.table["kind"] == "admin", "p_change"] == 0).all()
    moved = run_sensitivity(path, 200, seed=1, noise=0.5, progress=False)
    assert (moved.table["p_change"] > 0).any()


def test_linked_kinds_are_refused(district: Path) -> None:
    raw = small_scenario(constraints={"street_share_min": 0.3, "district_total": 400})
    path = write_scenario(district.parent, raw, "linked.yaml")
    with pytest.raises(InputError, match="street_share_min links the kinds"):
        run_sensitivity(path, 5, seed=1, progress=False)


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"draws": 0}, "draws must be at least 1"),
        ({"concentration": -1.0}, "concentration must be a number above 0"),
        ({"noise": 1.0}, "noise is a relative change"),
        ({"workers": 0}, "workers must be at least 1"),
        ({"chunk_size": 0}, "chunk_size must be at least 1"),
    ],
)
def test_bad_settings(district: Path, kwargs: dict[str, Any], text: str) -> None:
    with pytest.raises(InputError, match=text):
        run_sensitivity(district, **{"seed": 1, **kwargs})


# ----------------------------------------------------------------------------- output


def test_cli_writes_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["sensitivity", str(XINZHOU), "--draws", "80", "--seed", "3", "--noise", "0.1"]
    run = CliRunner().invoke(cli, [*args, "--out", str(out), "--workers", "1"])
    assert run.exit_code == 0, run.output
    folder = out / "xinzhou-baseline-sensitivity"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "charts/sensitivity.png",
        "manifest.json",
        "sensitivity.csv",
    ]
    data = (folder / "sensitivity.csv").read_bytes()
    assert data.startswith(
        b"\xef\xbb\xbfstreet,kind,base_total,min,p5,median,p95,max,p_change,draws\n"
    )
    assert (folder / "charts" / "sensitivity.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["draws"], manifest["seed"], manifest["noise"]) == (80, 3, 0.1)
    assert "抽样 80 次（随机种子 3，权重集中度 100，指标扰动 0.1）" in run.output
    again = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "again")])
    assert again.exit_code == 0
    assert (
        tmp_path / "again" / "xinzhou-baseline-sensitivity" / "sensitivity.csv"
    ).read_bytes() == data


@pytest.mark.parametrize(
    ("extra", "text"),
    [
        (["--noise", "1.5"], "Invalid value for '--noise'"),
        (["--draws", "0"], "Invalid value for '--draws'"),
        (["--concentration", "0"], "Invalid value for '--concentration'"),
    ],
)
def test_cli_usage_errors(tmp_path: Path, extra: list[str], text: str) -> None:
    run = CliRunner().invoke(
        cli, ["sensitivity", str(XINZHOU), "--out", str(tmp_path), "--lang", "en", *extra]
    )
    assert run.exit_code == 2
    assert text in run.output
    assert not any(tmp_path.iterdir())


def test_cli_bad_scenario_and_infeasible(district: Path, tmp_path: Path) -> None:
    raw = small_scenario()
    raw["kinds"]["admin"]["indicators"] = {"nope": 1}
    bad = write_scenario(district.parent, raw, "bad.yaml")
    args = ["sensitivity", str(bad), "--out", str(tmp_path / "o"), "--lang", "en"]
    run = CliRunner().invoke(cli, args)
    assert run.exit_code == 2 and "no column 'nope'" in run.output
    assert "Traceback" not in run.output
    raw = small_scenario()
    raw["kinds"]["admin"]["pool"] = 60
    tight = write_scenario(district.parent, raw, "tight.yaml")
    run = CliRunner().invoke(cli, ["sensitivity", str(tight), "--out", str(tmp_path / "o")])
    assert run.exit_code == 3
    assert not (tmp_path / "o").exists()


def test_chart_of_many_streets_shows_the_widest() -> None:
    n = 80
    table = pd.DataFrame(
        {
            "street": pd.array([f"街道{i:02d}" for i in range(n)], dtype="string"),
            "kind": pd.array(["admin"] * n, dtype="string"),
            "base_total": pd.array([20] * n, dtype="Int64"),
            "min": pd.array([18] * n, dtype="Int64"),
            "p5": pd.array([20 - (i % 4) for i in range(n)], dtype="Int64"),
            "median": pd.array([20] * n, dtype="Int64"),
            "p95": pd.array([20 + (i % 3) for i in range(n)], dtype="Int64"),
            "max": pd.array([23] * n, dtype="Int64"),
            "p_change": np.linspace(0, 1, n),
            "draws": pd.array([100] * n, dtype="Int64"),
        }
    )
    shown = select_chart_rows(table)
    assert len(shown) == 60
    assert list(shown.index) == sorted(shown.index)
    width = (table["p95"] - table["p5"]).astype(int)
    assert width[shown.index].min() >= width.drop(shown.index).max()
    figure = plot_sensitivity(table, lang="en", draws=100)
    assert len(figure.axes) == 2
    assert "of 80" in figure.axes[0].get_title(loc="left")
    with pytest.raises(InputError, match="lacks column"):
        plot_sensitivity(table.drop(columns=["p95"]))
