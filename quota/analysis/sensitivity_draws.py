"""The draws of a sensitivity run: random weights and indicator values, re-solved.

:func:`build_sensitivity_task` takes from a prepared scenario what every draw
needs (picklable, sent once per chunk to a worker); :func:`compute_draw_chunk`
computes a range of draws, each from its own random stream
``SeedSequence(seed, spawn_key=(i,))``; :func:`run_draws` runs the chunks in this
process, on a process pool or on any executor, in draw order. See
:mod:`quota.analysis.sensitivity` for the sampling model.
"""

from __future__ import annotations

import concurrent.futures
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from quota._typing import FloatArray, IntArray
from quota.errors import InfeasibleError, InputError
from quota.locale import msg
from quota.methods.scores import compute_share_scores
from quota.methods.workload import WISN_INDICATOR, build_indicator_values
from quota.model.problem import KindInputs, rebuild_kind_inputs
from quota.solve.dispatch import solve_kinds

if TYPE_CHECKING:
    from quota.pipeline import Prepared

#: chunks per worker: enough to balance the load and move the progress bar
CHUNKS_PER_WORKER = 4
#: below this many street-solves (draws x streets over all kinds) the default runs the
#: draws in this process: starting a process pool costs more than it saves
MIN_PARALLEL_WORK = 250_000
#: marks a draw whose kind had no feasible allocation
INFEASIBLE = -1


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
        raise InputError(msg("analysis.sensitivity_linked"))
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


def open_progress_bar(total: int, enabled: bool | None, label: str, unit: str = "draw") -> Any:
    """A tqdm bar on stderr (a widget in Jupyter); disabled unless ``enabled`` or stderr is a terminal."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if show:
        # tqdm.auto draws a widget in Jupyter; imported only when a bar is shown, since
        # without ipywidgets it warns even for a disabled bar
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=total, disable=not show, unit=unit, desc=label, file=sys.stderr)


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


def run_draws(
    task: SensitivityTask,
    draws: int,
    *,
    executor: ExecutorLike | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    label: str = "",
) -> tuple[IntArray, int]:
    """Run draws ``0 .. draws - 1`` in chunks; the totals in draw order and the processes used.

    Parameters
    ----------
    task : SensitivityTask
        What every draw needs.
    draws : int
        Number of draws.
    executor : Executor-like, optional
        Runs the chunks (not shut down); default: this process or a process pool.
    workers : int, optional
        Processes of the default pool (default: the usable CPU cores); with a custom
        executor the number of chunks is ``4 * workers``.
    chunk_size : int, optional
        Draws per chunk (default: about :data:`CHUNKS_PER_WORKER` chunks per worker).
    progress : bool, optional
        Show a progress bar on stderr (default: when stderr is a terminal).
    label : str
        The progress bar's label (the scenario's name).

    Returns
    -------
    rows : int array, shape (draws, sum of the kinds' street counts)
        See :func:`compute_draw_chunk`.
    used : int
        Processes of the default executor (1 in this process, 0 with ``executor``).
    """
    n_workers = count_workers() if workers is None else workers
    if chunk_size is not None:
        chunks = build_chunks(draws, math.ceil(draws / chunk_size))
    else:
        chunks = build_chunks(draws, n_workers * CHUNKS_PER_WORKER)
    task_size = sum(k.inputs.problem.size for k in task.kinds)
    bar = open_progress_bar(draws, progress, label)
    try:
        if executor is not None:
            return run_chunks(task, chunks, executor, bar), 0
        if n_workers == 1 or len(chunks) == 1 or draws * task_size < MIN_PARALLEL_WORK:
            return run_chunks(task, chunks, None, bar), 1
        used = min(n_workers, len(chunks))
        with concurrent.futures.ProcessPoolExecutor(max_workers=used) as pool:
            return run_chunks(task, chunks, pool, bar), used
    finally:
        bar.close()


__all__ = [
    "INFEASIBLE",
    "ExecutorLike",
    "KindSampler",
    "SensitivityTask",
    "build_chunks",
    "build_sensitivity_task",
    "compute_draw_chunk",
    "count_workers",
    "draw_weights",
    "open_progress_bar",
    "run_chunks",
    "run_draws",
    "solve_draw_totals",
]
