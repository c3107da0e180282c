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

Outputs (:func:`write_sensitivity`): ``sensitivity.csv`` (UTF-8 with BOM) with,
per street and kind, the base result's total and the minimum, 5th percentile,
median, 95th percentile and maximum of the total over the draws, and the share
of draws in which the total differs from the base result; ``charts/sensitivity.png``
(range bars per street with the base marked); ``manifest.json``.
Percentiles are taken as values of the draws (the inverted empirical
distribution function, Hyndman & Fan type 1), so they are whole quotas.
"""

from __future__ import annotations

import concurrent.futures
import json
import math
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import numpy as np
import pandas as pd

from quota._typing import FloatArray, IntArray
from quota.config.schema import Scenario
from quota.errors import InfeasibleError, InputError
from quota.methods.weights import compute_share_scores
from quota.methods.workload import WISN_INDICATOR, build_indicator_values
from quota.model.problem import KindInputs, rebuild_kind_inputs
from quota.solve.dispatch import solve_kinds

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from quota.pipeline import Prepared

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
#: chunks per worker: enough to balance the load and move the progress bar
CHUNKS_PER_WORKER = 4
#: below this many street-solves (draws x streets over all kinds) the default runs the
#: draws in this process: starting a process pool costs more than it saves
MIN_PARALLEL_WORK = 250_000
#: most streets per kind in the chart (those with the widest 5–95% range)
MAX_CHART_STREETS = 60
#: marks a draw whose kind had no feasible allocation
INFEASIBLE = -1

_TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "敏感性分析：权重与指标变动时各街道编制总量的范围（{draws}次抽样）",
        "Sensitivity: range of each street's total quotas ({draws} draws)",
    ),
    "axis": ("与基准方案相比的编制总量差（名）", "total minus the base result [quotas]"),
    "range": ("最小–最大", "min–max"),
    "band": ("5%–95%分位", "5th–95th percentile"),
    "median": ("中位数", "median"),
    "base": ("基准方案", "base result"),
    "col.base": ("基准", "base"),
    "col.band": ("5%–95%", "5–95%"),
    "col.changed": ("变动概率", "P(change)"),
    "subset": (
        "仅显示变动范围最宽的{shown}个街道（共{total}个）",
        "the {shown} streets with the widest range (of {total})",
    ),
    "settings": (
        "权重集中度 C = {concentration:g}，指标扰动 ±{noise:.0%}，随机种子 {seed}",
        "weight concentration C = {concentration:g}, indicator noise ±{noise:.0%}, seed {seed}",
    ),
}


class ExecutorLike(Protocol):
    """Anything with ``concurrent.futures.Executor.submit``'s signature."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Schedule ``fn(*args, **kwargs)`` and return a future with ``result()``."""
        ...


@dataclass(frozen=True)
class KindSampler:
    """What a draw needs to re-solve one quota kind (picklable).

    Attributes
    ----------
    inputs : KindInputs
        The kind's inputs in the base scenario (bounds, base, staff on board).
    sources : int array
        Per indicator, its column in :attr:`SensitivityTask.values`.
    weights : float array
        The scenario's weight per indicator (sums to 1).
    transforms : tuple of str
        Per indicator: ``none``, ``sqrt`` or ``log1p``.
    """

    inputs: KindInputs
    sources: IntArray
    weights: FloatArray
    transforms: tuple[str, ...]


@dataclass(frozen=True)
class SensitivityTask:
    """Everything the draws need, sent once per chunk to a worker (picklable).

    Attributes
    ----------
    kinds : tuple of KindSampler
        One per quota kind, in scenario order.
    values : float array, shape (streets, sources)
        Indicator values before noise and transforms [indicator units].
    method : str
        ``lp`` (exact fast path) or a classical apportionment method.
    seed : int
        Root seed; draw ``i`` uses ``SeedSequence(seed, spawn_key=(i,))``.
    concentration : float
        Dirichlet concentration ``C`` [-].
    noise : float
        Relative noise ``R`` on indicator values [-].
    """

    kinds: tuple[KindSampler, ...]
    values: FloatArray
    method: str
    seed: int
    concentration: float
    noise: float


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
        :data:`INFEASIBLE` in the rows of draws without a feasible allocation.
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
        """The range chart (see :func:`plot_sensitivity`); names are drawn as plain text."""
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
        return write_sensitivity(self, Path(folder), lang=lang)


# ------------------------------------------------------------------------- draws


def draw_weights(rng: np.random.Generator, weights: FloatArray, concentration: float) -> FloatArray:
    """Weights drawn from ``Dirichlet(concentration * weights)``; zero weights stay 0.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream of the draw.
    weights : float array
        Centre of the draw, non-negative, summing to 1 [-].
    concentration : float
        ``C > 0``; the variance of weight ``i`` is ``w_i (1 - w_i) / (C + 1)``.

    Returns
    -------
    float array
        A new weight vector summing to 1.
    """
    w = np.asarray(weights, dtype=np.float64)
    out = np.zeros_like(w)
    positive = np.flatnonzero(w > 0)
    if positive.size == 1:
        out[positive] = 1.0
    elif positive.size > 1:
        out[positive] = rng.dirichlet(concentration * w[positive])
    return out


def solve_draw_totals(inputs: KindInputs, method: str) -> IntArray | None:
    """Total quotas per street for one kind's inputs, or None when infeasible.

    Solved by :func:`quota.solve.dispatch.solve_kinds`, the pipeline's dispatch:
    ``lp`` with the exact fast path (the kinds are not linked), a classical
    apportionment method as the scenario says. Infeasible draws are counted,
    not explained.
    """
    p = inputs.problem
    try:
        solved = solve_kinds([p], method, {p.kind: inputs.score}, engine="fast", diagnose=False)
    except InfeasibleError:
        return None
    found = solved[p.kind]
    return np.asarray(p.base + found.q + found.t, dtype=np.int64)


def compute_draw_chunk(task: SensitivityTask, start: int, stop: int) -> IntArray:
    """Totals of draws ``start`` .. ``stop - 1``: one row per draw, kinds side by side.

    Parameters
    ----------
    task : SensitivityTask
        The base scenario's numbers and the sampling settings.
    start, stop : int
        Draw numbers (``0 <= start <= stop``).

    Returns
    -------
    int array, shape (stop - start, sum of the kinds' street counts)
        The kinds' totals per street in scenario order; a kind without a
        feasible allocation in a draw has :data:`INFEASIBLE` in its columns.
    """
    widths = [k.inputs.problem.size for k in task.kinds]
    out = np.empty((stop - start, sum(widths)), dtype=np.int64)
    for row, number in enumerate(range(start, stop)):
        rng = np.random.default_rng(np.random.SeedSequence(task.seed, spawn_key=(number,)))
        values = task.values
        if task.noise > 0:
            values = values * (1.0 + rng.uniform(-task.noise, task.noise, size=values.shape))
        column = 0
        for sampler, width in zip(task.kinds, widths, strict=True):
            weights = draw_weights(rng, sampler.weights, task.concentration)
            try:
                score = compute_share_scores(
                    values[:, sampler.sources], weights, sampler.transforms
                )
                totals = solve_draw_totals(
                    rebuild_kind_inputs(sampler.inputs, score=score), task.method
                )
            except InputError:
                totals = None
            out[row, column : column + width] = INFEASIBLE if totals is None else totals
            column += width
    return out


# ---------------------------------------------------------------------- the task


def build_sensitivity_task(
    prepared: Prepared, *, seed: int, concentration: float, noise: float
) -> SensitivityTask:
    """The numbers every draw needs, from a prepared scenario.

    Raises
    ------
    InputError
        When a constraint links the kinds (``street_share_min``): the fast path
        solves kinds one at a time.
    """
    scenario = prepared.scenario
    if scenario.constraints.street_share_min is not None:
        raise InputError(
            "sensitivity re-solves each kind on its own with the exact fast path, but "
            "constraints.street_share_min links the kinds; drop it in a variant scenario "
            "(extends: ...) to analyse the sensitivity"
        )
    frame = prepared.table.frame
    keys: list[str] = []
    columns: list[FloatArray] = []
    samplers = []
    for kind, inputs in prepared.inputs.items():
        result = prepared.weights[kind]
        names = [str(x) for x in result.weights.index]
        workload = prepared.workloads.get(kind)
        values = build_indicator_values(frame, names, workload)
        sources = []
        for name in names:
            key = f"{WISN_INDICATOR}@{kind}" if name == WISN_INDICATOR and workload else name
            if key not in keys:
                keys.append(key)
                columns.append(values[name].to_numpy(dtype=float))
            sources.append(keys.index(key))
        samplers.append(
            KindSampler(
                inputs=inputs,
                sources=np.asarray(sources, dtype=np.int64),
                weights=result.weights.to_numpy(dtype=float),
                transforms=tuple(prepared.transforms[kind].get(n, "none") for n in names),
            )
        )
    return SensitivityTask(
        kinds=tuple(samplers),
        values=np.column_stack(columns) if columns else np.zeros((len(frame), 0)),
        method=scenario.method,
        seed=seed,
        concentration=concentration,
        noise=noise,
    )


def build_chunks(draws: int, parts: int) -> list[tuple[int, int]]:
    """Split draws ``0 .. draws - 1`` into at most ``parts`` contiguous ranges of near-equal size."""
    parts = max(1, min(parts, draws))
    edges = np.linspace(0, draws, parts + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a]


def count_workers() -> int:
    """CPU cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _progress_bar(total: int, enabled: bool | None, label: str) -> Any:
    show = sys.stderr.isatty() if enabled is None else enabled
    if show:
        # tqdm.auto draws a widget in Jupyter; imported only when a bar is shown, since
        # without ipywidgets it warns even for a disabled bar
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=total, disable=not show, unit="draw", desc=label, file=sys.stderr)


def run_chunks(
    task: SensitivityTask,
    chunks: list[tuple[int, int]],
    executor: ExecutorLike | None,
    progress: Any,
) -> IntArray:
    """Run the chunks in this process (``executor`` None) or on an executor; rows in draw order."""
    if executor is None:
        parts = []
        for start, stop in chunks:
            parts.append(compute_draw_chunk(task, start, stop))
            progress.update(stop - start)
        return np.vstack(parts)
    futures = [executor.submit(compute_draw_chunk, task, a, b) for a, b in chunks]
    if all(isinstance(f, concurrent.futures.Future) for f in futures):
        sizes = {id(f): b - a for f, (a, b) in zip(futures, chunks, strict=True)}
        for future in concurrent.futures.as_completed(futures):
            progress.update(sizes[id(future)])
        return np.vstack([f.result() for f in futures])
    parts = []
    for future, (start, stop) in zip(futures, chunks, strict=True):
        parts.append(np.asarray(future.result(), dtype=np.int64))
        progress.update(stop - start)
    return np.vstack(parts)


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
        Totals per draw; rows of :data:`INFEASIBLE` are left out.

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
        work is small: fewer than :data:`MIN_PARALLEL_WORK` draws x streets).
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
    from quota.pipeline import check_scenario, prepare_scenario, solve_scenario

    started = time.perf_counter()
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    settings = scenario.sensitivity
    n_draws = settings.draws if draws is None else int(draws)
    c = settings.concentration if concentration is None else float(concentration)
    r = settings.noise if noise is None else float(noise)
    root = settings.seed if seed is None else int(seed)
    if root is None:
        root = int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    check_settings(n_draws, root, c, r, workers, chunk_size)
    prepared = prepare_scenario(scenario)
    check_scenario(prepared)
    task = build_sensitivity_task(prepared, seed=root, concentration=c, noise=r)
    base = solve_scenario(prepared, solver)
    timings = {"prepare": time.perf_counter() - started}

    n_workers = count_workers() if workers is None else workers
    if chunk_size is not None:
        chunks = build_chunks(n_draws, math.ceil(n_draws / chunk_size))
    else:
        chunks = build_chunks(n_draws, n_workers * CHUNKS_PER_WORKER)
    task_size = sum(k.inputs.problem.size for k in task.kinds)
    mark = time.perf_counter()
    bar = _progress_bar(n_draws, progress, scenario.name)
    try:
        if executor is not None:
            used = 0
            rows = run_chunks(task, chunks, executor, bar)
        elif n_workers == 1 or len(chunks) == 1 or n_draws * task_size < MIN_PARALLEL_WORK:
            used = 1
            rows = run_chunks(task, chunks, None, bar)
        else:
            used = min(n_workers, len(chunks))
            with concurrent.futures.ProcessPoolExecutor(max_workers=used) as pool:
                rows = run_chunks(task, chunks, pool, bar)
    finally:
        bar.close()
    seconds = time.perf_counter() - mark
    timings["draws"] = seconds

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
    return SensitivityResult(
        scenario=scenario,
        table=pd.concat(frames, ignore_index=True),
        totals=totals,
        draws=n_draws,
        seed=root,
        concentration=c,
        noise=r,
        infeasible=infeasible,
        seconds=seconds,
        workers=used,
        timings=timings,
    )


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
    problems = []
    if draws < 1:
        problems.append(f"draws must be at least 1, got {draws}")
    if seed < 0:
        problems.append(f"seed must be a whole number >= 0, got {seed}")
    if not (math.isfinite(concentration) and concentration > 0):
        problems.append(f"concentration must be a number above 0, got {concentration:g}")
    if not (0.0 <= noise < 1.0):
        problems.append(f"noise is a relative change from 0 up to (not including) 1, got {noise:g}")
    if workers is not None and workers < 1:
        problems.append(f"workers must be at least 1, got {workers}")
    if chunk is not None and chunk < 1:
        problems.append(f"chunk_size must be at least 1, got {chunk}")
    if problems:
        raise InputError(problems)


# ------------------------------------------------------------------------ output


def format_sensitivity_csv(table: pd.DataFrame) -> str:
    """``sensitivity.csv`` as text: fixed columns, ``p_change`` with 4 decimals, ``\\n`` lines."""
    out = table.loc[:, list(SENSITIVITY_COLUMNS)].copy()
    out["p_change"] = [
        "" if not math.isfinite(v) else f"{v:.4f}" for v in out["p_change"].to_numpy(dtype=float)
    ]
    from quota.outputs.folder import protect_csv_frame

    return protect_csv_frame(out).to_csv(index=False, lineterminator="\n")


def _text(key: str, lang: str, **values: Any) -> str:
    zh, en = _TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def select_chart_rows(part: pd.DataFrame, most: int = MAX_CHART_STREETS) -> pd.DataFrame:
    """A kind's rows to draw: all of them, or the ``most`` with the widest 5–95% range (table order kept)."""
    if len(part) <= most:
        return part
    width = (part["p95"].astype("Float64") - part["p5"].astype("Float64")).fillna(0.0)
    keys = pd.DataFrame(
        {"width": width.to_numpy(dtype=float), "p": part["p_change"].fillna(0.0).to_numpy()},
        index=part.index,
    )
    chosen = keys.sort_values(["width", "p"], ascending=False, kind="stable").index[:most]
    return part.loc[sorted(chosen)]


def _numbers(part: pd.DataFrame, column: str) -> FloatArray:
    return part[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _format_range(low: float, high: float) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return "–"
    return f"{int(low)}" if low == high else f"{int(low)}–{int(high)}"


def plot_sensitivity(
    table: pd.DataFrame,
    *,
    lang: str = "zh",
    draws: int | None = None,
    settings: dict[str, Any] | None = None,
) -> Figure:
    """Range bars of each street's total over the draws, against the base result.

    Parameters
    ----------
    table : pandas.DataFrame
        :data:`SENSITIVITY_COLUMNS` (as in :attr:`SensitivityResult.table`).
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    draws : int, optional
        Number of draws, for the title.
    settings : dict, optional
        ``concentration``, ``noise`` and ``seed``, stated under the title.

    Returns
    -------
    Figure
        One panel per kind, one row per street, on a common axis of "total
        minus the base result's total" [quotas]: a thin line from the minimum
        to the maximum, a bar from the 5th to the 95th percentile, a tick at
        the median and a diamond at the base result (0). Beside each row: the
        base total, the 5–95% range of the total and the share of draws whose
        total differs from the base. Above :data:`MAX_CHART_STREETS` streets a
        kind shows those with the widest range.
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from quota.locale import kind_label
    from quota.outputs import fonts
    from quota.outputs.charts import STYLE_RC

    missing = [c for c in SENSITIVITY_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(f"the sensitivity table lacks column(s) {', '.join(missing)}")
    code, font_rc = fonts.build_rc_params(lang)
    families = font_rc["font.family"]
    kinds = list(dict.fromkeys(str(k) for k in table["kind"]))
    parts = {k: select_chart_rows(table.loc[table["kind"] == k]) for k in kinds}
    rows = max([len(p) for p in parts.values()] or [1])
    colours = {"range": "#9A9A9A", "band": "#4C78A8", "median": "#1F1F1F", "base": "#F58518"}
    headers = [_text(k, code) for k in ("col.base", "col.band", "col.changed")]
    with matplotlib.rc_context(cast(Any, {**STYLE_RC, **font_rc})):
        count = max(len(kinds), 1)
        figure = Figure(figsize=(7.2 * count, 0.3 * rows + 2.6), layout="constrained")
        grid = figure.subplots(1, 2 * count, squeeze=False, width_ratios=[3.0, 1.3] * count)[0]
        pairs = [(grid[2 * i], grid[2 * i + 1]) for i in range(count)]
        for index, (kind, (axis, beside)) in enumerate(zip(kinds, pairs, strict=False)):
            part = parts[kind]
            total = int((table["kind"] == kind).sum())
            names = [
                name if not fonts.find_missing_glyphs(name, families) else f"#{position + 1}"
                for position, name in enumerate(part["street"].astype(str))
            ]
            y = np.arange(len(part))
            base = _numbers(part, "base_total")
            low, high = _numbers(part, "min") - base, _numbers(part, "max") - base
            p5, p95 = _numbers(part, "p5") - base, _numbers(part, "p95") - base
            median = _numbers(part, "median") - base
            axis.axvline(0.0, color=colours["base"], linewidth=0.8, alpha=0.6, zorder=0)
            axis.hlines(y, low, high, color=colours["range"], linewidth=1.2, zorder=1)
            axis.barh(
                y,
                np.maximum(p95 - p5, 0.2),
                left=np.where(p95 > p5, p5, p5 - 0.1),
                height=0.5,
                color=colours["band"],
                alpha=0.85,
                zorder=2,
            )
            axis.vlines(median, y - 0.3, y + 0.3, color=colours["median"], linewidth=1.6, zorder=3)
            axis.scatter(
                np.zeros(len(part)),
                y,
                marker="D",
                s=26,
                color=colours["base"],
                edgecolor="white",
                linewidth=0.6,
                zorder=4,
            )
            reach = float(np.nanmax(np.abs(np.concatenate([low, high, [1.0]]))))
            axis.set_xlim(-reach - 0.6, reach + 0.6)
            axis.xaxis.get_major_locator().set_params(integer=True)
            axis.set_yticks(y, labels=names)
            axis.set_ylim(len(part) - 0.5, -0.5)
            axis.grid(axis="x", color="#E5E5E5", linewidth=0.6, zorder=0)
            axis.set_xlabel(_text("axis", code))
            beside.set_ylim(len(part) - 0.5, -0.5)
            beside.set_xlim(0.0, 1.0)
            beside.set_axis_off()
            columns = (0.02, 0.3, 0.72)
            for x, header in zip(columns, headers, strict=True):
                beside.text(
                    x,
                    1.0,
                    header,
                    transform=beside.transAxes,
                    fontsize=8,
                    color="#444444",
                    va="bottom",
                )
            for yy, b, a5, a95, share in zip(
                y,
                base,
                _numbers(part, "p5"),
                _numbers(part, "p95"),
                part["p_change"].to_numpy(dtype=float),
                strict=True,
            ):
                cells = (
                    f"{int(b)}" if math.isfinite(b) else "–",
                    _format_range(a5, a95),
                    f"{share:.0%}" if math.isfinite(share) else "–",
                )
                for x, cell in zip(columns, cells, strict=True):
                    beside.text(x, yy, cell, fontsize=8, va="center")
            title = kind_label(kind, code)
            if fonts.find_missing_glyphs(title, families):
                title = f"{index + 1}"
            if len(part) < total:
                title += "\n" + _text("subset", code, shown=len(part), total=total)
            axis.set_title(title, loc="left")
        heading = _text("title", code, draws=draws if draws is not None else "?")
        if settings:
            heading += "\n" + _text("settings", code, **settings)
        figure.suptitle(heading, fontsize=12)
        handles = [
            Line2D([], [], color=colours["range"], linewidth=1.2, label=_text("range", code)),
            Patch(color=colours["band"], alpha=0.85, label=_text("band", code)),
            Line2D([], [], color=colours["median"], linewidth=1.6, label=_text("median", code)),
            Line2D(
                [],
                [],
                marker="D",
                linestyle="none",
                color=colours["base"],
                markeredgecolor="white",
                label=_text("base", code),
            ),
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=4)
    return figure


def build_sensitivity_manifest(result: SensitivityResult, files: list[str]) -> dict[str, Any]:
    """The run's settings, infeasible draws, timings and package versions."""
    from quota.outputs.folder import package_versions

    return {
        "scenario": result.scenario.name,
        "scenario_file": result.scenario.source,
        "method": result.scenario.method,
        "draws": result.draws,
        "seed": result.seed,
        "concentration": result.concentration,
        "noise": result.noise,
        "infeasible_draws": result.infeasible,
        "workers": result.workers,
        "timings_s": {k: round(v, 4) for k, v in result.timings.items()},
        "versions": package_versions(),
        "files": files,
    }


def write_sensitivity(result: SensitivityResult, folder: Path, *, lang: str = "zh") -> Path:
    """Write ``sensitivity.csv``, ``charts/sensitivity.png`` and ``manifest.json``, complete or not at all."""
    from quota.outputs.charts import write_figure
    from quota.outputs.folder import write_csv_text, write_folder_atomically

    def fill(temp: Path) -> None:
        write_csv_text(temp / "sensitivity.csv", format_sensitivity_csv(result.table))
        (temp / "charts").mkdir()
        write_figure(result.plot(lang=lang), temp / "charts" / "sensitivity.png", lang=lang)
        files = ["charts/sensitivity.png", "manifest.json", "sensitivity.csv"]
        manifest = build_sensitivity_manifest(result, files)
        (temp / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    return write_folder_atomically(folder, fill)


def format_sensitivity_summary(result: SensitivityResult, target: Path) -> str:
    """A few lines about a sensitivity run for the terminal."""
    lines = [
        f"{result.scenario.name}: {result.draws} draws (seed {result.seed}, concentration "
        f"{result.concentration:g}, noise {result.noise:g}) in {result.seconds:.1f} s -> {target}"
    ]
    for kind, part in result.table.groupby("kind", sort=False):
        moving = part.loc[part["p_change"].fillna(0.0) >= 0.5]
        width = (part["p95"].astype("Float64") - part["p5"].astype("Float64")).fillna(0)
        widest = part.iloc[int(np.argmax(width.to_numpy(dtype=float)))] if len(part) else None
        line = f"  {kind}: {len(moving)} of {len(part)} streets differ from the base in at least half of the draws"
        if widest is not None and pd.notna(widest["p5"]):
            line += (
                f"; widest 90% range: {widest['street']} {int(widest['p5'])}–{int(widest['p95'])}"
                f" (base {int(widest['base_total'])})"
            )
        if result.infeasible.get(str(kind)):
            line += f"; {result.infeasible[str(kind)]} draws infeasible (left out)"
        lines.append(line)
    return "\n".join(lines)


__all__ = [
    "SENSITIVITY_COLUMNS",
    "SensitivityResult",
    "SensitivityTask",
    "build_sensitivity_task",
    "compute_draw_chunk",
    "draw_weights",
    "plot_sensitivity",
    "run_sensitivity",
    "summarize_draws",
    "write_sensitivity",
]
