"""Benchmark: the exact fast path against the general integer program, at country scale.

Prints tables of times and ratios against baselines measured in the same run
(the general integer program through PuLP/HiGHS; plain numpy / heapq
apportionment; pandas reading and writing the same CSV), peak memory of an end
to end ``quota run``, and whether the objectives agree. Times are medians of
``--repeat`` runs. Nothing here asserts a time: read the figures.

    python benchmarks/bench.py                 # 100 / 1,000 / 10,000 / 40,000 units
    python benchmarks/bench.py --quick         # 100 / 1,000 (a smoke run, ~20 s)
"""

from __future__ import annotations

import argparse
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


def measure(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls [s], and the last call's value."""
    times = []
    value = None
    for _ in range(repeat):
        started = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


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


def bench_end_to_end(n: int, folder: Path) -> dict[str, Any]:
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
        env={**os.environ, "MPLBACKEND": "Agg"},
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
        "--milp-limit", type=int, default=10_000, help="largest size given to the general program"
    )
    parser.add_argument(
        "--time-limit", type=float, default=300.0, help="seconds for the general program"
    )
    args = parser.parse_args(argv)
    sizes = [100, 1_000] if args.quick else [100, 1_000, 10_000, 40_000]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    )
    print_table(
        "Solve phase: fast path vs general integer program (HiGHS via PuLP), two kinds",
        [bench_solve(n, args.repeat, args.milp_limit, args.time_limit) for n in sizes],
    )
    print_table(
        "Apportionment at the largest size: quota.solve.apportion vs plain numpy / heapq",
        bench_apportion(sizes[-1], args.repeat),
    )
    with tempfile.TemporaryDirectory() as tmp:
        rows = [bench_end_to_end(n, Path(tmp)) for n in sizes]
    print_table(
        "End to end `quota run` (read CSV, solve, write CSV/XLSX/report/charts/manifest) vs pandas read+write of the same CSV",
        rows,
    )
    sens = bench_sensitivity(100 if args.quick else 1_000, 100)
    print_table("Sensitivity analysis (100 streets)", [sens] if sens else [])
    print(
        f"\nbenchmark process peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
