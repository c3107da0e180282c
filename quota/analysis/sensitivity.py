"""Monte Carlo sensitivity of an allocation to its weights and indicator values.

Reviewers ask "what if population counted for more?". Instead of one answer,
:func:`run_sensitivity` draws many plausible variants of the scenario and
re-solves each:

* **weights**: per kind, ``w' ~ Dirichlet(C * w)`` around the scenario's weights
  ``w`` (indicators with weight 0 stay at 0). The mean of ``w'`` is ``w``; the
  standard deviation of one weight is ``sqrt(w (1 - w) / (C + 1))``, so a larger
  concentration ``C`` keeps the draws closer to the scenario.
* **indicator values** (optional): every cell of the street table used as an
  indicator is multiplied by ``1 + U(-R, R)`` (the same factor for a column
  that several kinds use), before its transform. Required staff from
  workload standards (``wisn_required``) is perturbed the same way.

Each draw computes the new scores with the score kernel of the pipeline
(:func:`quota.methods.weights.compute_share_scores`), rebuilds the kinds'
problems with them (:func:`quota.model.problem.rebuild_kind_inputs`) and solves
them through the pipeline's dispatch (:func:`quota.solve.dispatch.solve_kinds`)
with the exact fast path, or with the scenario's classical apportionment
method: the same allocation the full pipeline gives, without reading files or
writing reports. Weights derived from the data (entropy,
CRITIC, AHP) are the centre of the draws; they are not derived again per draw.

Draw ``i`` uses its own random stream, ``SeedSequence(seed, spawn_key=(i,))``,
so the results depend only on the seed and the number of draws, not on how
the draws are split into chunks or over how many processes they run. Chunks
go to a :class:`concurrent.futures.ProcessPoolExecutor` by default, or to any
executor with a ``submit(fn, *args)`` method returning futures (a Dask
``distributed.Client(...).get_executor()`` works).

Outputs (:func:`~quota.analysis.sensitivity_writer.write_sensitivity`):
``sensitivity.csv`` (UTF-8 with BOM) with, per street and kind, the base result's
total and the minimum, 5th percentile, median, 95th percentile and maximum of the
total over the draws, and the share of draws in which the total differs from the
base result; ``charts/sensitivity.png`` (range bars per street with the base
marked); ``manifest.json``.
Percentiles are taken as values of the draws (the inverted empirical
distribution function, Hyndman & Fan type 1), so they are whole quotas.

This module runs the analysis and aggregates the draws; the draws themselves are
in :mod:`quota.analysis.sensitivity_draws`, the chart in
:mod:`quota.analysis.sensitivity_chart` and the files in
:mod:`quota.analysis.sensitivity_writer`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from quota._typing import IntArray
from quota.analysis.sensitivity_draws import (
    INFEASIBLE,
    ExecutorLike,
    SensitivityTask,
    build_sensitivity_task,
    run_draws,
)
from quota.config.schema import Scenario
from quota.errors import InputError, Msg
from quota.locale import kind_name, msg

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from quota.solve.dispatch import KindSolution

#: columns of ``sensitivity.csv``, in order
SENSITIVITY_COLUMNS: tuple[str, ...] = (
    "street",
    "kind",
    "base_total",
    "min",
    "p5",
    "median",
    "p95",
    "max",
    "p_change",
    "draws",
)


@dataclass(frozen=True)
class SensitivityResult:
    """The outcome of a sensitivity run.

    Attributes
    ----------
    scenario : Scenario
        The scenario analysed.
    table : pandas.DataFrame
        The columns of ``sensitivity.csv`` (:data:`SENSITIVITY_COLUMNS`), one
        row per street and kind; ``p_change`` in 0..1.
    totals : dict of str to int array
        Kind -> total quotas per draw and street, shape (draws, streets);
        :data:`~quota.analysis.sensitivity_draws.INFEASIBLE` in the rows of draws without
        a feasible allocation.
    draws, seed : int
        Number of draws and the root seed (give it again to reproduce the run).
    concentration, noise : float
        Dirichlet concentration and relative indicator noise used.
    infeasible : dict of str to int
        Kind -> draws without a feasible allocation (left out of the statistics).
    seconds : float
        Wall-clock time of the draws [s].
    workers : int
        Processes used by the default executor (1 in this process; 0 when a
        custom executor ran the draws).
    """

    scenario: Scenario
    table: pd.DataFrame
    totals: dict[str, IntArray]
    draws: int
    seed: int
    concentration: float
    noise: float
    infeasible: dict[str, int]
    seconds: float
    workers: int
    timings: dict[str, float] = field(default_factory=dict)

    def plot(self, *, lang: str = "zh") -> Figure:
        """The range chart (see :func:`~quota.analysis.sensitivity_chart.plot_sensitivity`).

        Names are drawn as plain text.
        """
        from quota.analysis.sensitivity_chart import plot_sensitivity
        from quota.outputs.charts import protect_figure_text

        figure = plot_sensitivity(
            self.table,
            lang=lang,
            draws=self.draws,
            settings={"concentration": self.concentration, "noise": self.noise, "seed": self.seed},
        )
        protect_figure_text(figure)
        return figure

    def write(self, folder: str | Path, *, lang: str = "zh") -> Path:
        """Write ``sensitivity.csv``, the chart and a manifest into ``folder`` (atomically)."""
        from quota.analysis.sensitivity_writer import write_sensitivity

        return write_sensitivity(self, Path(folder), lang=lang)


# ------------------------------------------------------------------- statistics


def summarize_draws(
    streets: Sequence[str], kind: str, base: IntArray, totals: IntArray
) -> pd.DataFrame:
    """Statistics of one kind's totals over the feasible draws, one row per street.

    Parameters
    ----------
    streets : sequence of str
        Street names.
    kind : str
        Quota kind.
    base : int array
        Total quotas per street in the base result.
    totals : int array, shape (draws, streets)
        Totals per draw; rows of :data:`~quota.analysis.sensitivity_draws.INFEASIBLE`
        are left out.

    Returns
    -------
    pandas.DataFrame
        :data:`SENSITIVITY_COLUMNS`; min / p5 / median / p95 / max are values
        of the draws (inverted empirical CDF); ``p_change`` is the share of
        draws whose total differs from ``base``. Missing (``<NA>``) when no
        draw was feasible.
    """
    feasible = totals[(totals != INFEASIBLE).all(axis=1)] if totals.size else totals
    n = len(streets)
    count = int(feasible.shape[0])
    stats: dict[str, Any] = {}
    if count:
        q = np.percentile(feasible, [0, 5, 50, 95, 100], axis=0, method="inverted_cdf")
        for name, row in zip(("min", "p5", "median", "p95", "max"), q, strict=True):
            stats[name] = pd.array(np.rint(row).astype(np.int64), dtype="Int64")
        stats["p_change"] = (feasible != base[None, :]).mean(axis=0)
    else:
        for name in ("min", "p5", "median", "p95", "max"):
            stats[name] = pd.array([pd.NA] * n, dtype="Int64")
        stats["p_change"] = np.full(n, np.nan)
    return pd.DataFrame(
        {
            "street": pd.array([str(s) for s in streets], dtype="string"),
            "kind": pd.array([kind] * n, dtype="string"),
            "base_total": pd.array(np.asarray(base, dtype=np.int64), dtype="Int64"),
            **stats,
            "draws": pd.array([count] * n, dtype="Int64"),
        }
    ).loc[:, list(SENSITIVITY_COLUMNS)]


def run_sensitivity(
    scenario: Scenario | str | Path,
    draws: int | None = None,
    *,
    seed: int | None = None,
    concentration: float | None = None,
    noise: float | None = None,
    executor: ExecutorLike | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    solver: str | None = None,
) -> SensitivityResult:
    """Re-solve a scenario under random weights (and indicator values); summarise the totals.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A loaded scenario or its YAML file.
    draws : int, optional
        Number of draws (default: the scenario's ``sensitivity.draws``, 1000).
    seed : int, optional
        Root seed (default: ``sensitivity.seed``; if none, a fresh one, reported
        in the result). Same seed and draws give the same table, whatever the
        executor or the number of workers.
    concentration : float, optional
        Dirichlet concentration ``C`` (default ``sensitivity.concentration``, 100).
    noise : float, optional
        Relative indicator noise ``R`` in [0, 1) (default ``sensitivity.noise``, 0).
    executor : Executor-like, optional
        Runs the chunks: anything with ``submit(fn, *args)`` returning futures
        with ``result()``, e.g. ``distributed.Client(...).get_executor()``. It is
        not shut down. Default: a :class:`~concurrent.futures.ProcessPoolExecutor`
        with ``workers`` processes (in this process when ``workers`` is 1 or the
        work is small: fewer than
        :data:`~quota.analysis.sensitivity_draws.MIN_PARALLEL_WORK` draws x streets).
    workers : int, optional
        Processes of the default pool (default: the usable CPU cores); with a
        custom executor, the number of chunks is ``4 * workers``.
    chunk_size : int, optional
        Draws per chunk (default: about four chunks per worker).
    progress : bool, optional
        Show a progress bar on stderr (default: when stderr is a terminal).
    solver : str, optional
        Engine of the base result (default: the scenario's).

    Returns
    -------
    SensitivityResult

    Raises
    ------
    InputError
        Bad data or scenario, bad settings, or kinds linked by ``street_share_min``.
    InfeasibleError
        The base scenario is infeasible.
    """
    from quota.config.scenario import load_scenario

    started = time.perf_counter()
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    chosen = _choose_settings(loaded, draws, seed, concentration, noise)
    check_settings(*chosen, workers, chunk_size)
    task, base = _prepare_task(loaded, chosen, solver)
    timings = {"prepare": time.perf_counter() - started}
    mark = time.perf_counter()
    rows, used = run_draws(
        task,
        chosen.draws,
        executor=executor,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
        label=loaded.name,
    )
    timings["draws"] = time.perf_counter() - mark
    table, totals, infeasible = aggregate_draws(task, base, rows)
    return SensitivityResult(
        scenario=loaded,
        table=table,
        totals=totals,
        draws=chosen.draws,
        seed=chosen.seed,
        concentration=chosen.concentration,
        noise=chosen.noise,
        infeasible=infeasible,
        seconds=timings["draws"],
        workers=used,
        timings=timings,
    )


class _Settings(NamedTuple):
    """The draws' settings, as given or from the scenario's ``sensitivity:`` section."""

    draws: int
    seed: int
    concentration: float
    noise: float


def _choose_settings(
    scenario: Scenario,
    draws: int | None,
    seed: int | None,
    concentration: float | None,
    noise: float | None,
) -> _Settings:
    """The options over the scenario's settings; a fresh seed when neither gives one."""
    settings = scenario.sensitivity
    root = settings.seed if seed is None else int(seed)
    if root is None:
        root = int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    return _Settings(
        draws=settings.draws if draws is None else int(draws),
        seed=root,
        concentration=settings.concentration if concentration is None else float(concentration),
        noise=settings.noise if noise is None else float(noise),
    )


def _prepare_task(
    scenario: Scenario, chosen: _Settings, solver: str | None
) -> tuple[SensitivityTask, dict[str, KindSolution]]:
    """The draws' task and the base result's solution per kind."""
    from quota.pipeline import check_scenario, prepare_scenario, solve_scenario

    prepared = prepare_scenario(scenario)
    check_scenario(prepared)
    task = build_sensitivity_task(
        prepared, seed=chosen.seed, concentration=chosen.concentration, noise=chosen.noise
    )
    return task, solve_scenario(prepared, solver)


def aggregate_draws(
    task: SensitivityTask, base: Mapping[str, KindSolution], rows: IntArray
) -> tuple[pd.DataFrame, dict[str, IntArray], dict[str, int]]:
    """Split the draws' totals by kind and summarise each against the base result.

    Parameters
    ----------
    task : SensitivityTask
        The kinds, in the order of the columns of ``rows``.
    base : mapping of str to KindSolution
        The base result's solution per kind.
    rows : int array, shape (draws, sum of the kinds' street counts)
        From :func:`~quota.analysis.sensitivity_draws.run_draws`.

    Returns
    -------
    table : DataFrame
        :func:`summarize_draws` of every kind, one after the other.
    totals : dict of str to int array
        Kind -> its block of ``rows``.
    infeasible : dict of str to int
        Kind -> draws without a feasible allocation.
    """
    frames = []
    totals: dict[str, IntArray] = {}
    infeasible: dict[str, int] = {}
    column = 0
    for sampler in task.kinds:
        p = sampler.inputs.problem
        block = rows[:, column : column + p.size]
        column += p.size
        solution = base[p.kind]
        base_total = np.asarray(p.base + solution.q + solution.t, dtype=np.int64)
        totals[p.kind] = block
        infeasible[p.kind] = int((block == INFEASIBLE).any(axis=1).sum())
        frames.append(summarize_draws(p.streets, p.kind, base_total, block))
    return pd.concat(frames, ignore_index=True), totals, infeasible


def check_settings(
    draws: int,
    seed: int,
    concentration: float,
    noise: float,
    workers: int | None,
    chunk: int | None,
) -> None:
    """Refuse settings outside their ranges, naming them.

    Raises
    ------
    InputError
        ``draws < 1``, ``seed < 0``, ``concentration <= 0`` or not finite,
        ``noise`` outside [0, 1), ``workers < 1`` or ``chunk_size < 1``.
    """
    problems: list[str | Msg] = []
    if draws < 1:
        problems.append(msg("analysis.draws_min", draws=draws))
    if seed < 0:
        problems.append(msg("analysis.seed_min", seed=seed))
    if not (math.isfinite(concentration) and concentration > 0):
        problems.append(msg("analysis.concentration", concentration=concentration))
    if not (0.0 <= noise < 1.0):
        problems.append(msg("analysis.noise", noise=noise))
    if workers is not None and workers < 1:
        problems.append(msg("analysis.workers_min", workers=workers))
    if chunk is not None and chunk < 1:
        problems.append(msg("analysis.chunk_size_min", chunk=chunk))
    if problems:
        raise InputError(problems)


# ---------------------------------------------------------------------- summary


def _summary_kind(result: SensitivityResult, kind: str, part: pd.DataFrame) -> Msg:
    """One kind's line of :func:`format_sensitivity_summary`."""
    moving = part.loc[part["p_change"].fillna(0.0) >= 0.5]
    width = (part["p95"].astype("Float64") - part["p5"].astype("Float64")).fillna(0)
    widest = part.iloc[int(np.argmax(width.to_numpy(dtype=float)))] if len(part) else None
    range_text: str | Msg = ""
    if widest is not None and pd.notna(widest["p5"]):
        range_text = msg(
            "analysis.sensitivity_summary_widest",
            street=widest["street"],
            low=int(widest["p5"]),
            high=int(widest["p95"]),
            base=int(widest["base_total"]),
        )
    infeasible = result.infeasible.get(kind)
    return msg(
        "analysis.sensitivity_summary_kind",
        kind=kind_name(kind),
        moving=len(moving),
        streets=len(part),
        widest=range_text,
        infeasible=(
            msg("analysis.sensitivity_summary_infeasible", n=infeasible) if infeasible else ""
        ),
    )


def format_sensitivity_summary(result: SensitivityResult, target: Path, *, lang: str = "en") -> str:
    """A few lines about a sensitivity run for the terminal.

    Parameters
    ----------
    result : SensitivityResult
        The run.
    target : Path
        Folder written, named on the first line.
    lang : {"en", "zh"}
        Language of the lines (kinds are named in that language).

    Returns
    -------
    str
        The settings and time of the run, then per kind how many streets move in at
        least half of the draws, the widest 90% range and the infeasible draws.
    """
    lines = [
        msg(
            "analysis.sensitivity_summary",
            name=result.scenario.name,
            draws=result.draws,
            seed=result.seed,
            concentration=result.concentration,
            noise=result.noise,
            seconds=result.seconds,
            target=msg("analysis.summary_target", target=target),
        )
    ]
    lines += [
        _summary_kind(result, str(kind), part)
        for kind, part in result.table.groupby("kind", sort=False)
    ]
    return "\n".join(line.render(lang) for line in lines)


__all__ = [
    "SENSITIVITY_COLUMNS",
    "SensitivityResult",
    "aggregate_draws",
    "check_settings",
    "format_sensitivity_summary",
    "run_sensitivity",
    "summarize_draws",
]
