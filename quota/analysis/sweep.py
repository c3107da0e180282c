"""Parameter sweeps: one scenario solved at every point of a grid of its parameters.

``quota sweep S.yaml --grid grid.yaml`` answers "what if the pool were 355,
365 or 380, with a turnover share of 5% or 10%?" in one run. The grid
(:mod:`quota.analysis.sweep_grid`) lists scenario keys and their values; its
points are their product. Every point's scenario is built and validated before
anything runs (a wrong key stops the run with exit code 2, naming the grid
file's line); then each point runs the pipeline (:func:`quota.pipeline.allocate`,
nothing written) and keeps, per street and kind, the total and the change
against current quotas, and per kind the pool, the streets' total, the
district reserve, how many streets gain and lose, the largest change and the
Gini coefficient of workload per quota (base + quantified, as the report's
fairness figures).

A point whose scenario cannot be satisfied is listed with its sentence, not a
crash; when no point can, the run stops with exit code 3. A point with bad
input (a column its values need is missing) stops the run with exit code 2.

Points run in this process, on a process pool (``jobs``) or on any executor
with ``submit(fn, *args)`` (a Dask cluster: :mod:`quota.analysis.cluster`), in
batches; the outcomes are gathered in point order, so the outputs are the same
bytes however the points ran (:mod:`quota.analysis.sweep_points`). The folder
is written by :mod:`quota.analysis.sweep_writer` (and
:mod:`~quota.analysis.sweep_markdown`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from quota.analysis.sensitivity_draws import ExecutorLike
from quota.analysis.sweep_grid import (
    SweepGrid,
    build_point_scenarios,
    describe_point,
    format_value,
    read_grid,
)
from quota.analysis.sweep_points import (
    FAILED,
    INFEASIBLE,
    KIND_COLUMNS,
    STREET_COLUMNS,
    PointOutcome,
    run_points,
)
from quota.config.schema import Scenario
from quota.errors import InfeasibleError, InputError, Msg, SolverError, render
from quota.locale import msg

# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    """The outcome of a sweep.

    Attributes
    ----------
    scenario : Scenario
        The scenario the grid changes.
    grid : SweepGrid
        The grid.
    outcomes : tuple of PointOutcome
        One per point, in point order.
    table : DataFrame
        ``sweep.csv``: ``point``, one column per grid key (the values as
        text), ``street, kind, total, change``, one row per solved point,
        street and kind.
    summary : DataFrame
        ``sweep_summary.csv``: ``point``, the grid keys, :data:`KIND_COLUMNS`
        and ``problem`` (the sentences of an unsolved point, a tuple of
        messages: :func:`render_problems`), one row per point and kind.
    ran_on : str
        ``local``, ``processes:<n>``, ``dask:<scheduler>`` (for the manifest).
    data_files : tuple of str
        The street tables the points read (one, unless the grid changes ``data``).
    timings : dict of str to float
        Seconds of each step.
    """

    scenario: Scenario
    grid: SweepGrid
    outcomes: tuple[PointOutcome, ...]
    table: pd.DataFrame
    summary: pd.DataFrame
    ran_on: str = "local"
    data_files: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def unsolved(self) -> list[PointOutcome]:
        """The points that could not be solved, in order."""
        return [o for o in self.outcomes if not o.ok]

    @property
    def notices(self) -> list[str | Msg]:
        """The points' notices, each once, in the order first seen."""
        seen: dict[str, str | Msg] = {}
        for outcome in self.outcomes:
            for notice in outcome.notices:
                seen.setdefault(str(notice), notice)
        return list(seen.values())

    def write(self, folder: str | Path, *, lang: str = "zh") -> Path:
        """Write the sweep's folder (see :func:`~quota.analysis.sweep_writer.write_sweep`)."""
        from quota.analysis.sweep_writer import write_sweep

        return write_sweep(self, Path(folder), lang=lang)


def _parameter_columns(
    grid: SweepGrid, points: Sequence[int], repeat: Sequence[int]
) -> dict[str, list[str]]:
    """``{dotted key: values as text}``, each point's values repeated for its rows."""
    values = [grid.values_at(p) for p in points]
    columns: dict[str, list[str]] = {}
    for index, key in enumerate(grid.keys):
        texts = [format_value(v[index]) for v in values]
        columns[key.name] = [t for t, r in zip(texts, repeat, strict=True) for _ in range(r)]
    return columns


def build_sweep_tables(
    grid: SweepGrid, outcomes: Sequence[PointOutcome]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``sweep.csv``'s and ``sweep_summary.csv``'s tables from the outcomes (point order)."""
    solved = [o for o in outcomes if o.streets is not None]
    counts = [len(o.streets) for o in solved if o.streets is not None]
    street_parts = [o.streets for o in solved if o.streets is not None]
    streets = (
        pd.concat(street_parts, ignore_index=True)
        if street_parts
        else pd.DataFrame(columns=list(STREET_COLUMNS))
    )
    point_col = np.repeat([o.point for o in solved], counts).astype(np.int64)
    table = pd.DataFrame(
        {
            "point": point_col,
            **_parameter_columns(grid, [o.point for o in solved], counts),
            **{c: streets[c].to_numpy() for c in ("street", "kind")},
            "total": pd.array(streets["total"].tolist(), dtype="Int64"),
            "change": pd.array(streets["change"].tolist(), dtype="Int64"),
        }
    )
    kinds = pd.concat([o.kinds for o in outcomes], ignore_index=True)
    per_point = [len(o.kinds) for o in outcomes]
    problems = [tuple(o.problems) for o in outcomes]
    summary = pd.DataFrame(
        {
            "point": np.repeat([o.point for o in outcomes], per_point).astype(np.int64),
            **_parameter_columns(grid, [o.point for o in outcomes], per_point),
            **{c: kinds[c] for c in KIND_COLUMNS},
            "problem": [p for p, r in zip(problems, per_point, strict=True) for _ in range(r)],
        }
    )
    return table, summary


def render_problems(problems: Sequence[str | Msg], lang: str) -> str:
    """A point's sentences as one text in ``lang``, each ended by its full stop."""
    stop = "。" if lang == "zh" else "."
    texts = [render(p, lang).strip() for p in problems]
    ended = [t if t.endswith(("。", ".", "；", ";", "！", "!")) else t + stop for t in texts if t]
    return ("" if lang == "zh" else " ").join(ended)


def _point_problem(grid: SweepGrid, outcome: PointOutcome, problem: str | Msg) -> Msg:
    return msg(
        "analysis.sweep_point_problem",
        point=outcome.point,
        values=describe_point(grid, grid.values_at(outcome.point)),
        problem=problem,
    )


def check_outcomes(grid: SweepGrid, outcomes: Sequence[PointOutcome]) -> None:
    """Stop on a point with bad input (exit 2) or when no point could be solved (3, or 1).

    Raises
    ------
    InputError
        The first point (in order) whose input is bad: its sentences, the point named.
    InfeasibleError
        No point has a feasible allocation: the first points' sentences.
    SolverError
        No point was solved and the solver failed on some.
    """
    for outcome in outcomes:
        if outcome.exit_code == InputError.exit_code:
            raise InputError([_point_problem(grid, outcome, p) for p in outcome.problems])
    if outcomes and not any(o.ok for o in outcomes):
        listed = [_point_problem(grid, o, o.problems[0]) for o in outcomes[:10] if o.problems]
        first: list[str | Msg] = [msg("analysis.sweep_none_solved", points=len(outcomes))]
        if any(o.exit_code == InfeasibleError.exit_code for o in outcomes):
            raise InfeasibleError([*first, *listed])
        raise SolverError([*first, *listed])


def _check_workers_files(executor: ExecutorLike | None, scenarios: Sequence[Scenario]) -> None:
    """On a remote cluster, every worker must read the same data files as this machine."""
    from quota.analysis.cluster import ClusterExecutor

    if isinstance(executor, ClusterExecutor):
        executor.check_files(sorted({s.data.path for s in scenarios}))


def run_sweep(
    scenario: Scenario | str | Path,
    grid: SweepGrid | str | Path,
    *,
    executor: ExecutorLike | None = None,
    jobs: int | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    solver: str | None = None,
) -> SweepResult:
    """Solve a scenario at every point of a parameter grid.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A loaded scenario or its YAML file.
    grid : SweepGrid, str or Path
        The grid (:func:`~quota.analysis.sweep_grid.read_grid`,
        :func:`~quota.analysis.sweep_grid.build_grid`) or its YAML file.
    executor, jobs, workers, chunk_size, progress, solver
        Where and how the points run: see :func:`~quota.analysis.sweep_points.run_points`
        (an executor is not shut down; a Dask cluster:
        :func:`quota.analysis.cluster.open_cluster`).

    Returns
    -------
    SweepResult
        The same tables, to the byte once written, however the points ran.

    Raises
    ------
    InputError
        The grid or a point's scenario is not valid (before anything runs), the
        data cannot be read, or a point's input is bad.
    InfeasibleError
        No point can be satisfied.
    """
    from quota.config.scenario import load_scenario
    from quota.pipeline import prepare_scenario

    started = time.perf_counter()
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    chosen = grid if isinstance(grid, SweepGrid) else read_grid(grid)
    scenarios = build_point_scenarios(loaded, chosen)
    prepare_scenario(loaded)  # the data read and checked once, before the points run
    _check_workers_files(executor, scenarios)
    timings = {"prepare": time.perf_counter() - started}
    mark = time.perf_counter()
    outcomes, ran_on = run_points(
        scenarios,
        executor=executor,
        jobs=jobs,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
        label=loaded.name,
        solver=solver,
    )
    timings["points"] = time.perf_counter() - mark
    check_outcomes(chosen, outcomes)
    mark = time.perf_counter()
    table, summary = build_sweep_tables(chosen, outcomes)
    timings["tables"] = time.perf_counter() - mark
    return SweepResult(
        scenario=loaded,
        grid=chosen,
        outcomes=tuple(outcomes),
        table=table,
        summary=summary,
        ran_on=ran_on,
        data_files=tuple(sorted({s.data.path for s in scenarios})),
        timings=timings,
    )


# --------------------------------------------------------------------------
# The terminal
# --------------------------------------------------------------------------


def _span(values: pd.Series) -> str:
    known = pd.to_numeric(values, errors="coerce").dropna()
    if known.empty:
        return "-"
    low, high = int(known.min()), int(known.max())
    return str(low) if low == high else f"{low}–{high}"


def describe_ran_on(ran_on: str) -> Msg:
    """Where the points ran, in words: this process, local processes, or a Dask cluster."""
    if ran_on.startswith("processes:"):
        return msg("analysis.sweep_ran_processes", n=ran_on.split(":", 1)[1])
    if ran_on.startswith("dask:local:"):
        return msg("analysis.sweep_ran_local_dask", n=ran_on.rsplit(":", 1)[1])
    if ran_on.startswith("dask:"):
        return msg("analysis.sweep_ran_dask", address=ran_on.split(":", 1)[1])
    return msg("analysis.sweep_ran_here")


def format_sweep_summary(
    result: SweepResult, target: Path | None = None, *, lang: str = "en"
) -> str:
    """A few lines about a sweep for the terminal.

    The points, keys and time (and the folder written); per kind the range of
    the district reserve, of the streets cut and of the largest change over
    the solved points; the points that could not be solved.
    """
    grid = result.grid
    lines: list[Msg] = [
        msg(
            "analysis.sweep_summary",
            name=result.scenario.name,
            points=grid.size,
            keys=" × ".join(grid.names),
            seconds=result.timings.get("points", 0.0),
            ran_on=describe_ran_on(result.ran_on),
            target=msg("analysis.summary_target", target=target) if target is not None else "",
        )
    ]
    solved = result.summary.loc[~result.summary["status"].isin([INFEASIBLE, FAILED])]
    for kind, part in solved.groupby("kind", sort=False):
        lines.append(
            msg(
                "analysis.sweep_summary_kind",
                kind=str(kind),
                reserve=_span(part["reserve"]),
                cut=_span(part["streets_cut"]),
                change=_span(part["max_abs_change"]),
            )
        )
    unsolved = result.unsolved
    if unsolved:
        lines.append(
            msg(
                "analysis.sweep_summary_unsolved",
                count=len(unsolved),
                points=[str(o.point) for o in unsolved[:20]]
                + (["…"] if len(unsolved) > 20 else []),
            )
        )
    return "\n".join(line.render(lang) for line in lines)


__all__ = [
    "FAILED",
    "INFEASIBLE",
    "KIND_COLUMNS",
    "STREET_COLUMNS",
    "SweepResult",
    "build_sweep_tables",
    "check_outcomes",
    "describe_ran_on",
    "format_sweep_summary",
    "render_problems",
    "run_sweep",
]
