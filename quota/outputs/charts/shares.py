"""Workload share against quota share per street (:func:`plot_shares`)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from quota._typing import FloatArray
from quota.outputs.charts.common import (
    COLORS,
    ChartContext,
    build_context,
    chart_style,
    check_table,
    column_values,
    group_column,
    is_large,
    kind_rows,
    label_points,
    select_kinds,
)
from quota.outputs.charts.layout import (
    draw_grid,
    draw_kinds,
    finish_figure,
    group_names,
    group_sums,
    label_group_panel,
    panel_layout,
)

SHARE_COLUMNS = ("street", "kind", "base", "quantified", "score")
#: from this many streets in a kind, the share scatter becomes a hexbin
HEXBIN_MIN_STREETS = 2000
#: streets named in large share scatters (the ones furthest from equality)
LABELLED_OUTLIERS = 5
#: a small share scatter names every street up to this many streets ...
LABELLED_STREETS = 20
#: ... and only the ones furthest from equality above it; groups likewise
LABELLED_MANY = 12
LABELLED_GROUPS = 10


def compute_shares(part: pd.DataFrame) -> tuple[FloatArray, FloatArray]:
    """Workload share and quota share of each street within one kind.

    Parameters
    ----------
    part : DataFrame
        Rows of one quota kind with ``score``, ``base`` and ``quantified``.

    Returns
    -------
    workload : float array
        ``score`` rescaled to sum to 1 [share].
    quota : float array
        ``(base + quantified) / sum(base + quantified)`` [share].
    """
    score = np.nan_to_num(column_values(part, "score"))
    kept = np.nan_to_num(column_values(part, "base")) + np.nan_to_num(
        column_values(part, "quantified")
    )
    workload = score / score.sum() if score.sum() > 0 else score
    quota = kept / kept.sum() if kept.sum() > 0 else kept
    return workload, quota


def _spread_labels(y: FloatArray, gap: float) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Positions as close as possible to ``y`` with at least ``gap`` between neighbours.

    Overlapping labels are merged into blocks centred on their points (the
    classic one-dimensional label placement); the order of ``y`` is kept.

    Returns
    -------
    placed : float array
        Label positions.
    block : int array
        Index of the block each label belongs to (labels of one block touch).
    """
    order = np.argsort(y, kind="stable")
    blocks: list[list[float]] = []  # [first position, number of labels, sum of shifted targets]
    for target in y[order]:
        blocks.append([float(target), 1.0, float(target)])
        while len(blocks) > 1 and blocks[-2][0] + blocks[-2][1] * gap > blocks[-1][0]:
            last = blocks.pop()
            prev = blocks[-1]
            prev[2] += last[2] - prev[1] * gap * last[1]
            prev[1] += last[1]
            prev[0] = prev[2] / prev[1]
    placed = np.empty_like(y)
    block = np.empty(len(y), dtype=np.int64)
    position = 0
    for number, (first, count, _) in enumerate(blocks):
        for k in range(int(count)):
            placed[order[position]] = first + k * gap
            block[order[position]] = number
            position += 1
    return placed, block


def _format_percent(value: float, _position: int | None = None) -> str:
    return f"{value * 100:.4g}%"


def _equality_line(axis: Axes, limits: tuple[float, float]) -> None:
    low, high = limits
    axis.plot([low, high], [low, high], color=COLORS["equality"], linestyle="--", linewidth=1)
    axis.set_xlim(low, high)
    axis.set_ylim(low, high)
    axis.set_aspect("equal", adjustable="box")
    for target in (axis.xaxis, axis.yaxis):
        target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        target.set_major_formatter(FuncFormatter(_format_percent))
    draw_grid(axis, color="#EEEEEE")


def _share_limits(
    x: FloatArray,
    y: FloatArray,
    labelled: npt.NDArray[np.int64],
    names: list[str],
    panel_inches: float,
    *,
    zoom: bool,
) -> tuple[float, float]:
    """Limits of both share axes [share].

    From zero (or, with ``zoom``, from just below the points) to above the
    points, with room for the names of the ``labelled`` points (``names`` in the
    same order) that sit right of their point.
    """
    smallest = float(min(x.min(initial=1.0), y.min(initial=1.0)))
    largest = float(max(x.max(initial=0.0), y.max(initial=0.0), 1e-9))
    low = max(smallest - 0.12 * (largest - smallest), 0.0) if zoom else 0.0
    high = largest + 0.08 * (largest - low)
    right = [(int(i), name) for i, name in zip(labelled, names, strict=True) if y[i] <= x[i]]
    for _ in range(2):  # the room depends on the scale, which depends on the room
        per_point = (high - low) / (panel_inches * 72.0)
        needed = [x[i] + (label_points(name) + 8) * per_point for i, name in right]
        high = max(high, *needed) if needed else high
    return low, high


def _pick_labelled(x: FloatArray, y: FloatArray, most: int) -> npt.NDArray[np.int64]:
    """Indices of the ``most`` points furthest from the equality line (all when fewer)."""
    order = np.argsort(-np.abs(y - x), kind="stable")
    return np.sort(order[:most])


def _annotate_points(
    axis: Axes,
    x: FloatArray,
    y: FloatArray,
    names: list[str],
    limits: tuple[float, float],
    panel_inches: float,
) -> None:
    """Name each point without overlaps.

    Points above the equality line get their label on the left, the others on
    the right, away from the line. Crowded labels are stacked in a column beside
    their group of points (kept inside the axes and moved off any point it would
    cover) and joined to their point by a thin line.
    """
    low, high = limits
    per_point = (high - low) / (panel_inches * 72.0)  # data units per typographic point
    gap = 10.5 * per_point
    widths = np.array([label_points(n) * per_point for n in names])
    above = y > x
    leaders: list[list[tuple[float, float]]] = []
    for left in (True, False):
        chosen = np.flatnonzero(above == left)
        if not len(chosen):
            continue
        heights, block = _spread_labels(y[chosen], gap)
        for number in np.unique(block):
            members = chosen[block == number]
            rows = heights[block == number]
            crowded = len(members) > 1
            width = float(widths[members].max())
            dx = (14 if crowded else 5) * per_point
            if left:
                edge = x[members].min() if crowded else x[members[0]]
                anchor = max(edge - dx, low + width + 2 * per_point)
                span = (anchor - width, anchor)
            else:
                edge = x[members].max() if crowded else x[members[0]]
                anchor = min(edge + dx, high - width - 2 * per_point)
                span = (anchor, anchor + width)
            marker = 5 * per_point  # half a marker plus a little air
            inside = (x > span[0] - marker) & (x < span[1] + marker)
            covered = inside & (y > rows.min() - gap) & (y < rows.max() + gap)
            if covered.any():  # move the column off the points it would hide
                rows = (
                    rows + (y[covered].max() + gap - rows.min())
                    if left
                    else rows - (rows.max() - (y[covered].min() - gap))
                )
                crowded = True
            for i, hi in zip(members, rows, strict=True):
                axis.text(
                    anchor,
                    hi,
                    names[i],
                    fontsize=8,
                    va="center",
                    ha="right" if left else "left",
                )
                if crowded:
                    leaders.append([(x[i], y[i]), (anchor + (1 if left else -1) * per_point, hi)])
    if leaders:  # one collection: far cheaper to draw and lay out than one arrow per label
        axis.add_collection(LineCollection(leaders, colors="#999999", linewidths=0.5, zorder=2))


def _share_handles(ctx: ChartContext) -> list[Line2D]:
    return [
        Line2D(
            [],
            [],
            color=COLORS["quantified"],
            marker="o",
            linestyle="",
            label=ctx.text("legend.streets"),
        ),
        Line2D([], [], color=COLORS["equality"], linestyle="--", label=ctx.text("legend.equality")),
    ]


def _draw_labelled_shares(
    axis: Axes,
    x: FloatArray,
    y: FloatArray,
    names: list[str],
    *,
    most: int,
    zoom: bool,
) -> None:
    """Scatter of shares with the equality line, the points furthest from it named."""
    chosen = _pick_labelled(x, y, most)
    shown = [names[i] for i in chosen]
    limits = _share_limits(x, y, chosen, shown, 4.2, zoom=zoom)
    _equality_line(axis, limits)
    axis.scatter(x, y, s=26, color=COLORS["quantified"], zorder=3)
    _annotate_points(axis, x[chosen], y[chosen], shown, limits, 4.2)


def _draw_shares_small(axis: Axes, part: pd.DataFrame, ctx: ChartContext) -> None:
    workload, quota = compute_shares(part)
    names = ctx.streets(part)
    most = len(names) if len(names) <= LABELLED_STREETS else LABELLED_MANY
    _draw_labelled_shares(axis, workload, quota, names, most=most, zoom=False)
    axis.set_xlabel(ctx.text("axis.workload_share"))
    axis.set_ylabel(ctx.text("axis.quota_share"))


def _draw_shares_large(
    panels: list[Axes], part: pd.DataFrame, ctx: ChartContext, group: str | None
) -> None:
    workload, quota = compute_shares(part)
    outliers = _pick_labelled(workload, quota, LABELLED_OUTLIERS)
    names = ctx.streets(part.iloc[outliers])
    limits = _share_limits(workload, quota, outliers, names, 4.6, zoom=False)
    axis = panels[0]
    _equality_line(axis, limits)
    if len(part) >= HEXBIN_MIN_STREETS:
        cells = axis.hexbin(
            workload,
            quota,
            gridsize=45,
            extent=(limits[0], limits[1], limits[0], limits[1]),
            mincnt=1,
            cmap="Blues",
            bins="log",
        )
        figure = axis.get_figure()
        assert figure is not None
        figure.colorbar(cells, ax=axis, label=ctx.text("legend.density"), shrink=0.8)
    else:
        axis.scatter(workload, quota, s=8, alpha=0.45, color=COLORS["quantified"], linewidths=0)
    axis.scatter(
        workload[outliers], quota[outliers], s=18, facecolors="none", edgecolors=COLORS["cut"]
    )
    _annotate_points(axis, workload[outliers], quota[outliers], names, limits, 4.6)
    axis.set_xlabel(ctx.text("axis.workload_share"))
    axis.set_ylabel(ctx.text("axis.quota_share"))
    axis.set_title(ctx.text("note.n_streets", n=len(part)), fontsize=10)
    if group is not None and len(panels) > 1:
        data = part.assign(_workload=workload, _quota=quota)
        sums = group_sums(data, group, ["_quota", "_workload"])
        _draw_labelled_shares(
            panels[1],
            sums["_workload"].to_numpy(dtype=float),
            sums["_quota"].to_numpy(dtype=float),
            group_names(ctx, group, list(sums.index)),
            most=LABELLED_GROUPS,
            zoom=True,
        )
        panels[1].set_xlabel(ctx.text("axis.workload_share"))
        panels[1].set_ylabel(ctx.text("axis.quota_share"))
        label_group_panel(panels[1], ctx, group, ctx.text(group), len(sums), part[group].nunique())


def plot_shares(
    table: pd.DataFrame, kind: str | None = None, *, lang: str = "zh", ax: Axes | None = None
) -> Figure:
    """Workload share against quota share per street, with the equality line.

    Parameters
    ----------
    table : DataFrame
        Allocation table with ``street, kind, base, quantified, score``.
    kind : str, optional
        One quota kind; all kinds (one panel each) when None.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    ax : Axes, optional
        Draw into this axes (needs a single kind).

    Returns
    -------
    Figure
        x: workload share (``score`` within the kind) [share]; y: quota share
        ``(base + quantified) / sum`` [share]; streets on the dashed line get
        quotas exactly in proportion to workload (the base pulls small streets
        above it). Large tables: a scatter (hexbin from
        :data:`HEXBIN_MIN_STREETS` streets) with the five streets furthest from
        the line named, and group shares when the table has a ``province`` or
        ``city`` column.
    """
    check_table(table, SHARE_COLUMNS)
    kinds = select_kinds(table, kind, ax)
    ctx = build_context(table, lang)
    group = group_column(table)
    with chart_style(ctx.rc):
        large = any(is_large(kind_rows(table, k)) for k in kinds)
        n_panels = 2 if large and group is not None else 1
        size = (6.0, 5.6) if large else (5.2, 5.4)
        figure, panels = panel_layout(ax, len(kinds), n_panels, size, by_row=large)
        draw_kinds(
            table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_shares_large(row, part, ctx, group),
            lambda axis, part: _draw_shares_small(axis, part, ctx),
        )
        finish_figure(figure, ctx, ctx.text("chart.shares"), ax, _share_handles(ctx))
    return figure
