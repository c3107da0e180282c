"""Benchmark: the exact fast path against the general integer program, at country scale.

Prints tables of times and ratios against baselines measured in the same run
(the general integer program through PuLP/HiGHS; plain numpy / heapq
apportionment; pandas reading and writing the same CSV; ``import click`` for
start-up), peak memory of an end to end ``quota run``, whether the objectives
agree, the commands (``plan``, ``compare``, ``sensitivity``, ``run``) at
scale, and the two parts of a run that ``parts`` times in this process (reading
the table against pandas, the charts against ``Figure.savefig``). Solve times are medians of ``--repeat`` runs, start-up times the minimum
of 5 (2 with ``--quick``). Nothing here asserts a time: read the figures.

Child processes get a bytecode cache of their own (``PYTHONPYCACHEPREFIX`` in a
temporary folder, ``PYTHONDONTWRITEBYTECODE`` unset) and one untimed warm-up
run, as an installed package has its ``.pyc`` files; the start-up table also
shows one run without them.

    python benchmarks/bench.py                 # 100 / 1,000 / 10,000 / 40,000 units
    python benchmarks/bench.py --quick         # 100 / 1,000 (a smoke run)
    python benchmarks/bench.py --only startup,scale
    python benchmarks/bench.py --only parts    # reading and charts, in this process
"""

from __future__ import annotations

import argparse
import functools
import heapq
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from quota.analysis.synth import synth_kind_problem, synth_scenario_dict, synth_streets
from quota.model.problem import KindProblem
from quota.solve.apportion import apportion
from quota.solve.dispatch import compute_objective, solve_milp
from quota.solve.fast import solve_fast

KINDS = ("admin", "institutional")
REPO = Path(__file__).resolve().parent.parent
#: the 12-street district of the start-up table
SMALL_SCENARIO = REPO / "scenarios" / "xinzhou-baseline.yaml"
SECTIONS = (
    "solve",
    "apportion",
    "end-to-end",
    "sensitivity",
    "startup",
    "scale",
    "parts",
    "app",
    "levels",
)
#: start-up targets [s]: over ``import click`` for --help, absolute otherwise
HELP_OVER_CLICK_S = 0.2
IMPORT_QUOTA_S = 0.3
SMALL_RUN_S = 1.5
#: ``quota run`` at 40,000 units, end to end [s]
LARGE_RUN_S = 8.0
#: the plan of the scale table: years and attrition (synthetic tables have no retiring_* columns)
PLAN_ARGS = ("--years", "5", "--attrition", "0.04")


def measure(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls [s], and the last call's value."""
    times = []
    value = None
    for _ in range(repeat):
        started = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def best_of(func: Callable[[], Any], repeat: int) -> float:
    """Minimum wall time of ``repeat`` calls [s]."""
    return min(measure(func, 1)[0] for _ in range(max(repeat, 1)))


def bench_solve(
    n: int, repeat: int, milp_limit: int, time_limit: float, tiebreak_limit: int = 1_000
) -> dict[str, Any]:
    """Fast path vs general integer program on one synthetic instance, both kinds.

    ``milp_s`` is the general program's optimisation (objective stage); up to
    ``tiebreak_limit`` units the full lexicographic solve (objective, then the
    canonical tie-break) is timed too and its allocation compared with the
    fast path's, street by street (``same_q``).
    """
    problems = [synth_kind_problem(n, seed=1, kind=k) for k in KINDS]
    fast_time, fast = measure(lambda: [solve_fast(p) for p in problems], repeat)
    fast_obj = sum(compute_objective(p, s.q, s.t) for p, s in zip(problems, fast, strict=True))
    row: dict[str, Any] = {"units": n, "fast_s": fast_time, "fast_objective": fast_obj}
    if n <= milp_limit:
        started = time.perf_counter()
        try:
            milp = solve_milp(problems, engine="highs", time_limit=time_limit, tiebreak=False)
            milp_time = time.perf_counter() - started
            milp_obj = sum(milp[p.kind].objective for p in problems)
            row.update(
                milp_s=milp_time,
                speedup=milp_time / fast_time,
                objective_gap=abs(milp_obj - fast_obj),
            )
            if n <= tiebreak_limit:
                started = time.perf_counter()
                full = solve_milp(problems, engine="highs", time_limit=time_limit)
                row["milp_tiebreak_s"] = time.perf_counter() - started
                row["same_q"] = all(
                    np.array_equal(full[p.kind].q, s.q) for p, s in zip(problems, fast, strict=True)
                )
        except Exception as exc:  # a time limit is a result here, not a failure
            row.update(
                milp_s=float("nan"),
                speedup=float("nan"),
                objective_gap=float("nan"),
                same_q=f"{type(exc).__name__}",
            )
    return row


def numpy_hamilton(weights: np.ndarray, seats: int) -> np.ndarray:
    """Plain largest remainder: the baseline."""
    quota = weights / weights.sum() * seats
    low = np.floor(quota).astype(np.int64)
    order = np.argsort(-(quota - low), kind="stable")
    low[order[: seats - int(low.sum())]] += 1
    return low


def heap_huntington_hill(weights: np.ndarray, seats: int) -> np.ndarray:
    """Plain priority-queue Huntington–Hill with one seat each to start: the baseline."""
    n = len(weights)
    held = np.ones(n, dtype=np.int64)
    queue = [(-float(w) / math.sqrt(2.0), i) for i, w in enumerate(weights)]
    heapq.heapify(queue)
    for _ in range(seats - n):
        _, i = heapq.heappop(queue)
        held[i] += 1
        k = held[i]
        heapq.heappush(queue, (-float(weights[i]) / math.sqrt(k * (k + 1)), i))
    return held


def bench_apportion(n: int, repeat: int) -> list[dict[str, Any]]:
    """quota.solve.apportion against plain numpy / heapq at n units."""
    weights = synth_streets(n, seed=2)["population"].to_numpy(dtype=float)
    seats = int(2.5 * n)
    rows = []
    base_t, base = measure(lambda: numpy_hamilton(weights, seats), repeat)
    ours_t, ours = measure(lambda: apportion("hamilton", weights, seats).seats, repeat)
    rows.append(
        {
            "method": "hamilton",
            "units": n,
            "seats": seats,
            "quota_s": ours_t,
            "baseline_s": base_t,
            "ratio": ours_t / base_t,
            "same": bool(np.array_equal(base, ours)),
        }
    )
    base_t, base = measure(lambda: heap_huntington_hill(weights, seats), 1)
    ones = np.ones(n, dtype=np.int64)
    ours_t, ours = measure(
        lambda: apportion("huntington-hill", weights, seats, lower=ones).seats, repeat
    )
    rows.append(
        {
            "method": "huntington-hill",
            "units": n,
            "seats": seats,
            "quota_s": ours_t,
            "baseline_s": base_t,
            "ratio": ours_t / base_t,
            "same": bool(np.array_equal(base, ours)),
        }
    )
    return rows


def bench_end_to_end(n: int, folder: Path, cache: Path | None = None) -> dict[str, Any]:
    """``quota run`` on a synthetic table of n units, in a child process.

    Peak memory is the child's VmHWM (its own high-water mark; ``ru_maxrss``
    of a forked child starts from the parent's peak on Linux).
    """
    streets = synth_streets(n, seed=3)
    csv = folder / f"streets-{n}.csv"
    streets.to_csv(csv, index=False)
    scenario = synth_scenario_dict(n, seed=3, data=csv.name, streets=streets)
    path = folder / f"synth-{n}.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    started = time.perf_counter()
    io_floor = pd.read_csv(csv)
    io_floor.to_csv(folder / "copy.csv", index=False)
    floor_s = time.perf_counter() - started
    code = (
        "import resource, sys, time; t = time.perf_counter(); from quota.cli import main; "
        "sys.argv = ['quota', 'run', sys.argv[1], '--out', sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "print('peak_kb', hwm[0].split()[1] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(folder / "out")],
        capture_output=True,
        text=True,
        env=child_env(cache) if cache is not None else {**os.environ, "MPLBACKEND": "Agg"},
        check=False,
    )
    wall = time.perf_counter() - started
    peak_kb = next(
        (int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("peak_kb")),
        -1,
    )
    ok = done.returncode == 0 and (folder / "out" / scenario["name"] / "allocation.xlsx").exists()
    return {
        "units": n,
        "run_s": wall,
        "io_floor_s": floor_s,
        "ratio": wall / floor_s,
        "peak_mb": peak_kb / 1024,
        "ok": ok,
        "stderr": "" if ok else done.stderr[-800:],
    }


def bench_sensitivity(draws: int, n: int) -> dict[str, Any] | None:
    """Sensitivity draws on an n-street district, against one solve of the same district."""
    try:
        from quota.analysis.sensitivity import run_sensitivity
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        streets = synth_streets(n, seed=4)
        streets.to_csv(folder / "s.csv", index=False)
        scenario = synth_scenario_dict(n, seed=4, data="s.csv", streets=streets)
        path = folder / "s.yaml"
        path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
        problems: list[KindProblem] = [synth_kind_problem(n, seed=4, kind=k) for k in KINDS]
        one_s, _ = measure(lambda: [solve_fast(p) for p in problems], 5)
        started = time.perf_counter()
        run_sensitivity(path, draws, seed=0)
        total = time.perf_counter() - started
    return {
        "streets": n,
        "draws": draws,
        "total_s": total,
        "one_solve_s": one_s,
        "per_draw_s": total / draws,
    }


def child_env(cache: Path | None) -> dict[str, str]:
    """Environment of a timed child: Agg charts; its own bytecode cache unless ``cache`` is None."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def time_command(
    argv: Callable[[int], list[str]] | list[str],
    runs: int,
    env: dict[str, str],
    *,
    warm_up: bool = True,
) -> float:
    """Minimum wall time of ``runs`` runs of a command in a fresh process [s].

    ``argv`` may be a function of the run's number (to give each run its own
    output folder); run -1 is the untimed warm-up, which fills the bytecode cache.
    Raises RuntimeError when the command fails.
    """
    best = math.inf
    for i in range(-1 if warm_up else 0, runs):
        args = argv(i) if callable(argv) else argv
        started = time.perf_counter()
        done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, env=env, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited {done.returncode}: {done.stderr[-800:]}")
        if i >= 0:
            best = min(best, elapsed)
    return best


def warm_up(cache: Path, folder: Path) -> None:
    """Fill the bytecode cache: one untimed ``quota run`` of the 12-street district."""
    argv = [sys.executable, "-m", "quota", "run", str(SMALL_SCENARIO), "--out", str(folder)]
    time_command(argv, 0, child_env(cache))


def bench_startup(runs: int, cache: Path, folder: Path) -> list[dict[str, Any]]:
    """Start-up of the package and the CLI against ``import click``, same run, minimum of ``runs``."""
    py = sys.executable
    env = child_env(cache)

    def small_run(tag: str) -> Callable[[int], list[str]]:
        return lambda i: [
            *(py, "-m", "quota", "run", str(SMALL_SCENARIO)),
            *("--out", str(folder / f"{tag}{i + 1}")),
        ]

    commands: list[tuple[str, Any, dict[str, str], float | None, str]] = [
        ('python -c "import click" (baseline)', [py, "-c", "import click"], env, None, ""),
        ('python -c "import quota"', [py, "-c", "import quota"], env, IMPORT_QUOTA_S, "abs"),
        ("quota --help", [py, "-m", "quota", "--help"], env, HELP_OVER_CLICK_S, "over"),
        ("quota run --help", [py, "-m", "quota", "run", "--help"], env, HELP_OVER_CLICK_S, "over"),
        (
            'python -c "import pandas, pydantic, matplotlib.figure, xlsxwriter, jinja2"'
            " (what a run needs)",
            [py, "-c", "import pandas, pydantic, matplotlib.figure, xlsxwriter, jinja2, yaml"],
            env,
            None,
            "",
        ),
        ("quota run, 12 streets, every output", small_run("run"), env, SMALL_RUN_S, "abs"),
        (
            "quota run, 12 streets, no bytecode cache (every module compiled)",
            small_run("cold"),
            child_env(None),
            None,
            "",
        ),
    ]
    rows: list[dict[str, Any]] = []
    baseline = math.nan
    for name, argv, child, target, kind in commands:
        seconds = time_command(argv, runs, child)
        if not rows:
            baseline = seconds
        over = seconds - baseline
        met: Any = ""
        if kind == "abs":
            met = seconds <= float(target or 0)
        elif kind == "over":
            met = over <= float(target or 0)
        rows.append(
            {
                "command": name,
                "seconds": seconds,
                "minus_click_s": over,
                "ratio_to_click": seconds / baseline,
                "target": (
                    f"<= {target} s"
                    if kind == "abs"
                    else f"<= click + {target} s"
                    if kind == "over"
                    else ""
                ),
                "met": met,
            }
        )
    return rows


def write_synth(units: int, folder: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """``quota synth UNITS`` into ``folder``, and a second scenario (8% turnover) on its table."""
    subprocess.run(
        [sys.executable, "-m", "quota", "synth", str(units), "--out", str(folder)],
        cwd=REPO,
        env=env,
        capture_output=True,
        check=True,
    )
    first = folder / f"synth-{units}-seed0.yaml"
    other = yaml.safe_load(first.read_text(encoding="utf-8"))
    other["name"] = f"synth-{units}-turnover8"
    for kind in other["kinds"].values():
        kind["turnover_share"] = 0.08
    second = folder / f"{other['name']}.yaml"
    second.write_text(yaml.safe_dump(other, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return first, second


def bench_levels(units: int, runs: int, cache: Path, folder: Path) -> list[dict[str, Any]]:
    """``quota run`` of one level against ``levels: [province, city, street]`` on the same table.

    Fresh processes, minimum of ``runs`` runs each, in turn; the target is the
    same time budget as the one-level run (ratio about 1).
    """
    env = child_env(cache)
    first, _ = write_synth(units, folder / "data", env)
    three = folder / "data" / "three-levels.yaml"
    three.write_text(
        f"extends: {first.name}\nname: synth-{units}-three-levels\n"
        "levels: [province, city, street]\n",
        encoding="utf-8",
    )
    py = sys.executable
    times: dict[str, float] = {}
    for name, scenario in (("one level", first), ("[province, city, street]", three)):
        out = str(folder / "out")
        times[name] = time_command(
            [py, "-m", "quota", "run", str(scenario), "--out", out], runs, env, warm_up=False
        )
    base = times["one level"]
    return [
        {
            "command": f"quota run, {name}",
            "units": units,
            "seconds": seconds,
            "ratio_to_one_level": seconds / base,
            "target": "" if name == "one level" else "<= 1.25 x one level",
            "met": "" if name == "one level" else seconds <= 1.25 * base,
        }
        for name, seconds in times.items()
    ]


def bench_commands(
    sizes: list[int], run_size: int, cache: Path, folder: Path
) -> list[dict[str, Any]]:
    """``quota plan``, ``compare`` and ``sensitivity --draws 100`` at each size; ``run`` at ``run_size``.

    One timed run each (after the start-up table the bytecode cache is warm).
    ``per_1000_units_s`` shows how the time grows: flat is linear.
    """
    py = sys.executable
    env = child_env(cache)
    rows: list[dict[str, Any]] = []
    for units in sorted({*sizes, run_size}):
        data = folder / f"data-{units}"
        first, second = write_synth(units, data, env)
        out = str(folder / f"out-{units}")
        commands: list[tuple[str, list[str], float | None]] = []
        if units in sizes:
            commands += [
                ("plan " + " ".join(PLAN_ARGS), [str(first), *PLAN_ARGS], None),
                ("compare (two scenarios)", [str(first), str(second), "--name", "c"], None),
                ("sensitivity --draws 100", [str(first), "--draws", "100", "--seed", "0"], None),
            ]
        if units == run_size:
            commands.append(("run", [str(first)], LARGE_RUN_S if units >= 40_000 else None))
        for name, args, target in commands:
            command = name.split()[0]
            seconds = time_command(
                [py, "-m", "quota", command, *args, "--out", out], 1, env, warm_up=False
            )
            rows.append(
                {
                    "command": f"quota {name}",
                    "units": units,
                    "seconds": seconds,
                    "per_1000_units_s": seconds / units * 1000,
                    "target": f"<= {target} s" if target else "",
                    "met": seconds <= target if target else "",
                }
            )
    return rows


def bench_parts(large: int, repeat: int, folder: Path) -> list[dict[str, Any]]:
    """Reading the table and drawing the charts, in this process, minimum of ``repeat`` runs.

    Reading (``quota.io.table.read_table``) against pandas reading the same CSV;
    the charts (``write_charts``) in one process and shared with a forked helper,
    against the same figures written by ``Figure.savefig`` (what ``write_figure``
    did before it drew each figure once on a canvas of its own), 12 streets and
    ``large`` units.
    """
    from quota.io.table import read_table
    from quota.outputs import charts
    from quota.pipeline import allocate

    streets = synth_streets(large, seed=5)
    csv = folder / f"parts-{large}.csv"
    streets.to_csv(csv, index=False)
    scenario = synth_scenario_dict(large, seed=5, data=csv.name, streets=streets)
    path = folder / f"parts-{large}.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    rows: list[dict[str, Any]] = []
    ours = best_of(functools.partial(read_table, csv), repeat)
    floor = best_of(functools.partial(pd.read_csv, csv), repeat)
    rows.append(_part("read_table", large, ours, floor, "pandas.read_csv"))
    for name, source in (("12 streets", SMALL_SCENARIO), (f"{large:,} units", path)):
        table = allocate(source).table
        units = len(table) // max(table["kind"].nunique(), 1)
        saved = best_of(functools.partial(_savefig_charts, table, folder), repeat)
        for parallel in (False, True):
            draw = functools.partial(charts.write_charts, table, folder, parallel=parallel)
            step = "write_charts, " + ("shared with a helper" if parallel else "one process")
            rows.append(_part(f"{step} ({name})", units, best_of(draw, repeat), saved, "savefig"))
    return rows


def bench_app(sizes: list[int], changes: int) -> list[dict[str, Any]]:
    """The meeting page (``quota serve``): the server's time per change, solve and render.

    Each change (a weight, a pool, a turnover share, a pin and back) is timed from the
    call that makes it to the page's view built and serialised as it is sent
    (:func:`quota.app.state.time_changes`); the median and the slowest of ``changes``.
    Targets: 150 ms at 100 streets, 2 s at 40,000 units (the aggregated view).
    """
    from quota.app.state import time_changes

    rows = []
    for n in sizes:
        timing = time_changes(n, changes)
        target = 0.15 if n <= 100 else 2.0
        rows.append(
            {
                "streets": n,
                "changes": changes,
                "solve_ms": 1000 * float(np.median(timing.solve)),
                "render_ms": 1000 * float(np.median(timing.render)),
                "per_change_ms": 1000 * timing.per_change,
                "worst_ms": 1000 * timing.worst,
                "target_ms": 1000 * target,
                "met": timing.worst <= target,
            }
        )
    return rows


def _part(step: str, units: int, seconds: float, baseline: float, what: str) -> dict[str, Any]:
    return {
        "step": step,
        "units": units,
        "seconds": seconds,
        "baseline": what,
        "baseline_s": baseline,
        "ratio": seconds / baseline,
    }


def _savefig_charts(table: pd.DataFrame, folder: Path) -> None:
    """Every chart of ``table`` through ``Figure.savefig``, one after another."""
    import matplotlib

    from quota.outputs import charts, fonts

    code, font_rc = fonts.build_rc_params("zh")
    for name in charts.find_applicable_charts(table):
        figure = charts.CHARTS[name](table, lang=code)
        charts.protect_figure_text(figure)
        with matplotlib.rc_context({**charts.STYLE_RC, **font_rc}):
            figure.savefig(
                folder / f"{name}-savefig.png", dpi=charts.DPI, metadata={"Software": None}
            )


def print_table(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n## {title}\n")
    if not rows:
        print("(nothing measured)")
        return
    frame = pd.DataFrame(rows)
    print(
        frame.to_markdown(index=False, floatfmt=".4g")
        if _has_tabulate()
        else frame.to_string(index=False)
    )


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="sizes 100 and 1,000 only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--milp-limit", type=int, default=10_000, help="largest size given to the general program"
    )
    parser.add_argument(
        "--time-limit", type=float, default=300.0, help="seconds for the general program"
    )
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose of {SECTIONS}")
    sizes = [100, 1_000] if args.quick else [100, 1_000, 10_000, 40_000]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    )
    if "solve" in only:
        print_table(
            "Solve phase: fast path vs general integer program (HiGHS via PuLP), two kinds",
            [bench_solve(n, args.repeat, args.milp_limit, args.time_limit) for n in sizes],
        )
    if "apportion" in only:
        print_table(
            "Apportionment at the largest size: quota.solve.apportion vs plain numpy / heapq",
            bench_apportion(sizes[-1], args.repeat),
        )
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "pycache"
        warm_up(cache, Path(tmp) / "warm-up")
        if "end-to-end" in only:
            rows = [bench_end_to_end(n, Path(tmp), cache) for n in sizes]
            print_table(
                "End to end `quota run` (read CSV, solve, write CSV/XLSX/report/charts/manifest) vs pandas read+write of the same CSV",
                rows,
            )
        if "sensitivity" in only:
            sens = bench_sensitivity(100 if args.quick else 1_000, 100)
            print_table("Sensitivity analysis (100 streets)", [sens] if sens else [])
        if "startup" in only:
            print_table(
                f"Start-up: fresh processes against `import click`, minimum of {2 if args.quick else 5} runs",
                bench_startup(2 if args.quick else 5, cache, Path(tmp) / "startup"),
            )
        if "scale" in only:
            print_table(
                "Commands at scale: `quota plan`, `compare`, `sensitivity --draws 100`, `run` (fresh processes, end to end)",
                bench_commands(
                    [1_000] if args.quick else [10_000, 40_000],
                    1_000 if args.quick else 40_000,
                    cache,
                    Path(tmp) / "scale",
                ),
            )
        if "levels" in only:
            print_table(
                "Levels: `quota run` of one level against three levels on the same table",
                bench_levels(
                    1_000 if args.quick else 40_000,
                    1 if args.quick else 3,
                    cache,
                    Path(tmp) / "levels",
                ),
            )
        if "parts" in only:
            print_table(
                "Parts in this process: reading the table, drawing the charts (minimum of "
                f"{args.repeat} runs)",
                bench_parts(1_000 if args.quick else 40_000, args.repeat, Path(tmp)),
            )
    if "app" in only:
        print_table(
            "Meeting page (`quota serve`): server time per change, solve + render",
            bench_app([100, 1_000] if args.quick else [100, 40_000], 8 if args.quick else 24),
        )
    print(
        f"\nbenchmark process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
