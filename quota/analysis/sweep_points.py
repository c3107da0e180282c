"""The points of a sweep: each one solved by the pipeline, in batches, on any executor.

:func:`compute_point` runs :func:`quota.pipeline.allocate` for one point's
scenario (nothing written) and keeps what the sweep's files show
(:class:`PointOutcome`); :func:`compute_point_batch` does it for consecutive
points on a worker; :func:`run_points` runs the batches in this process, on a
process pool or on an executor (a Dask cluster), and returns the outcomes in
point order, whatever order the batches finished in.
"""

from __future__ import annotations

import concurrent.futures
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.analysis.sensitivity_draws import (
    CHUNKS_PER_WORKER,
    ExecutorLike,
    build_chunks,
    count_workers,
    open_progress_bar,
)
from quota.config.schema import Scenario
from quota.errors import InfeasibleError, InputError, Msg, SolverError

if TYPE_CHECKING:
    from quota.results.result import Result

#: columns of a point's street rows (before the point and its parameters)
STREET_COLUMNS: tuple[str, ...] = ("street", "kind", "current", "total", "change")
#: columns of a point's kind rows (before the point and its parameters)
KIND_COLUMNS: tuple[str, ...] = (
    "kind",
    "status",
    "pool",
    "streets_total",
    "reserve",
    "streets_up",
    "streets_cut",
    "max_abs_change",
    "gini",
)
#: point status in ``sweep_summary.csv`` when the point could not be solved
INFEASIBLE = "infeasible"
FAILED = "failed"


@dataclass(frozen=True)
class PointBatch:
    """Consecutive points sent together to a worker (picklable).

    Attributes
    ----------
    first : int
        Number of the first point (from 1).
    scenarios : tuple of Scenario
        The points' scenarios, in order.
    solver : str, optional
        Engine for every point (default: each scenario's).
    """

    first: int
    scenarios: tuple[Scenario, ...]
    solver: str | None = None


@dataclass(frozen=True)
class PointOutcome:
    """What one point gave: its numbers, or why it could not be solved.

    Attributes
    ----------
    point : int
        Number of the point (from 1).
    exit_code : int
        0 solved; 3 infeasible; 2 bad input; 1 the solver failed.
    problems : tuple of str or Msg
        The error's sentences when not solved.
    notices : tuple of str or Msg
        What the pipeline noticed on the way (weights rescaled, ...).
    streets : DataFrame, optional
        :data:`STREET_COLUMNS`, one row per street and kind.
    kinds : DataFrame
        :data:`KIND_COLUMNS`, one row per kind (``status`` ``infeasible`` or
        ``failed`` and only ``pool`` known when not solved).
    """

    point: int
    exit_code: int
    problems: tuple[str | Msg, ...]
    notices: tuple[str | Msg, ...]
    streets: pd.DataFrame | None
    kinds: pd.DataFrame

    @property
    def ok(self) -> bool:
        """True when the point was solved."""
        return self.exit_code == 0


# --------------------------------------------------------------------------
# One point
# --------------------------------------------------------------------------


def _gini_of(table: pd.DataFrame) -> dict[str, float]:
    """Kind -> Gini coefficient of workload per quota on base + quantified quotas."""
    from quota.results.fairness import compute_gini, compute_workload_per_quota

    figures = compute_workload_per_quota(table, "entitlement")
    out: dict[str, float] = {}
    for kind, part in figures.groupby("kind", sort=False):
        values = part["workload_per_quota"].to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        out[str(kind)] = round(compute_gini(values), 6) if values.size else math.nan
    return out


def summarize_point(result: Result) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A solved point's street rows and kind rows (:data:`STREET_COLUMNS`, :data:`KIND_COLUMNS`)."""
    table = result.table
    streets = table.loc[:, list(STREET_COLUMNS)].reset_index(drop=True)
    gini = _gini_of(table)
    rows = []
    for record in result.kinds.to_dict(orient="records"):
        kind = str(record["kind"])
        change = pd.to_numeric(table.loc[table["kind"] == kind, "change"], errors="coerce")
        known = change.dropna()
        rows.append(
            {
                "kind": kind,
                "status": str(record["status"]),
                "pool": int(record["pool"]),
                "streets_total": int(record["streets_total"]),
                "reserve": int(record["reserve"]),
                "streets_up": int((known > 0).sum()) if len(known) else pd.NA,
                "streets_cut": int((known < 0).sum()) if len(known) else pd.NA,
                "max_abs_change": int(known.abs().max()) if len(known) else pd.NA,
                "gini": gini.get(kind, math.nan),
            }
        )
    return streets, _kind_frame(rows)


def _kind_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(KIND_COLUMNS))
    for column in ("pool", "streets_total", "reserve", "streets_up", "streets_cut"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    frame["max_abs_change"] = pd.array(frame["max_abs_change"].tolist(), dtype="Int64")
    frame["gini"] = frame["gini"].astype(float)
    return frame


def _unsolved_kinds(scenario: Scenario, status: str) -> pd.DataFrame:
    rows = [
        {"kind": kind, "status": status, "pool": cfg.pool, "gini": math.nan}
        for kind, cfg in scenario.kinds.items()
    ]
    return _kind_frame(rows)


def compute_point(point: int, scenario: Scenario, solver: str | None = None) -> PointOutcome:
    """Solve one point with the pipeline (nothing written); its outcome, solved or not."""
    from quota.pipeline import allocate

    try:
        result = allocate(scenario, solver=solver)
    except (InfeasibleError, SolverError, InputError) as exc:
        status = FAILED if isinstance(exc, SolverError) else INFEASIBLE
        return PointOutcome(
            point=point,
            exit_code=exc.exit_code,
            problems=tuple(exc.problems),
            notices=(),
            streets=None,
            kinds=_unsolved_kinds(scenario, status),
        )
    streets, kinds = summarize_point(result)
    return PointOutcome(
        point=point,
        exit_code=0,
        problems=(),
        notices=tuple(result.notices),
        streets=streets,
        kinds=kinds,
    )


def compute_point_batch(batch: PointBatch) -> list[PointOutcome]:
    """The outcomes of a batch of consecutive points, in order (runs on a worker)."""
    return [
        compute_point(batch.first + offset, scenario, batch.solver)
        for offset, scenario in enumerate(batch.scenarios)
    ]


# --------------------------------------------------------------------------
# Every point
# --------------------------------------------------------------------------


def _batches(
    scenarios: Sequence[Scenario], parts: int, chunk_size: int | None, solver: str | None
) -> list[PointBatch]:
    n = len(scenarios)
    chunks = build_chunks(n, math.ceil(n / chunk_size) if chunk_size else parts)
    return [PointBatch(a + 1, tuple(scenarios[a:b]), solver) for a, b in chunks]


def _gather(
    batches: list[PointBatch], executor: ExecutorLike | None, progress: Any
) -> list[PointOutcome]:
    """Run the batches here (``executor`` None) or on an executor; outcomes in point order."""
    if executor is None:
        outcomes: list[PointOutcome] = []
        for batch in batches:
            outcomes += compute_point_batch(batch)
            progress.update(len(batch.scenarios))
        return outcomes
    futures = [executor.submit(compute_point_batch, batch) for batch in batches]
    if all(isinstance(f, concurrent.futures.Future) for f in futures):
        sizes = {id(f): len(b.scenarios) for f, b in zip(futures, batches, strict=True)}
        for future in concurrent.futures.as_completed(futures):
            progress.update(sizes[id(future)])
        return [outcome for f in futures for outcome in f.result()]
    gathered: list[PointOutcome] = []
    for future, batch in zip(futures, batches, strict=True):
        gathered += list(future.result())
        progress.update(len(batch.scenarios))
    return gathered


def run_points(
    scenarios: Sequence[Scenario],
    *,
    executor: ExecutorLike | None = None,
    jobs: int | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    label: str = "",
    solver: str | None = None,
) -> tuple[list[PointOutcome], str]:
    """Solve every point; the outcomes in point order and how they ran.

    Parameters
    ----------
    scenarios : sequence of Scenario
        The points' scenarios (point 1 first).
    executor : Executor-like, optional
        Runs the batches (not shut down); else this process, or a process pool
        of ``jobs`` processes.
    jobs : int, optional
        Processes of the local pool (default 1: this process).
    workers : int, optional
        With ``executor``: its workers, for about :data:`CHUNKS_PER_WORKER`
        batches each (default: the local core count).
    chunk_size : int, optional
        Points per batch.
    progress : bool, optional
        A progress bar on stderr (default: when stderr is a terminal).
    label : str
        The bar's label.
    solver : str, optional
        Engine of every point.

    Returns
    -------
    outcomes : list of PointOutcome
    ran_on : str
        ``local``, ``processes:<n>`` or the executor's ``description``
        (``dask:tcp://...``), for the manifest.
    """
    n_jobs = 1 if jobs is None else jobs
    bar = open_progress_bar(len(scenarios), progress, label, unit="point")
    try:
        if executor is not None:
            parts = (workers or count_workers()) * CHUNKS_PER_WORKER
            batches = _batches(scenarios, parts, chunk_size, solver)
            ran_on = str(getattr(executor, "description", "executor"))
            return _gather(batches, executor, bar), ran_on
        if n_jobs <= 1 or len(scenarios) <= 1:
            batches = _batches(scenarios, min(len(scenarios), 100), chunk_size, solver)
            return _gather(batches, None, bar), "local"
        used = min(n_jobs, len(scenarios))
        batches = _batches(scenarios, used * CHUNKS_PER_WORKER, chunk_size, solver)
        with concurrent.futures.ProcessPoolExecutor(max_workers=used) as pool:
            return _gather(batches, pool, bar), f"processes:{used}"
    finally:
        bar.close()


__all__ = [
    "FAILED",
    "INFEASIBLE",
    "KIND_COLUMNS",
    "STREET_COLUMNS",
    "PointBatch",
    "PointOutcome",
    "compute_point",
    "compute_point_batch",
    "run_points",
    "summarize_point",
]
