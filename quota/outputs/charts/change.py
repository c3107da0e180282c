"""Change of each street's quotas against its current quotas (:func:`plot_change`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from quota._typing import FloatArray
from quota.outputs.charts.common import (
    TOP_N,
    ChartContext,
    build_context,
    chart_style,
    check_table,
    column_values,
    group_column,
    has_values,
    select_kinds,
)
from quota.outputs.charts.layout import (
    build_kind_layout,
    build_sign_patches,
    draw_histogram,
    draw_kinds,
    finish_figure,
    finish_street_bars,
    group_names,
    group_sums,
    label_group_panel,
    label_panel,
    note_figure,
    sign_colors,
)

CHANGE_COLUMNS = ("street", "kind", "current", "total", "change")


def _change_handles(ctx: ChartContext) -> list[Patch]:
    return build_sign_patches(ctx, "legend.gain", "legend.unchanged", "legend.cut")


def _signed(value: float) -> str:
    return f"{value:+.0f}" if value else "0"


def _draw_signed_bars(axis: Axes, names: list[str], values: FloatArray) -> None:
    y = np.arange(len(names), dtype=float)
    axis.barh(y, np.nan_to_num(values), color=sign_colors(values), height=0.7)
    axis.axvline(0, color="#555555", linewidth=0.8)
    finish_street_bars(axis, names, values, ["" if np.isnan(v) else _signed(v) for v in values])


def _draw_change_small(axis: Axes, part: pd.DataFrame, ctx: ChartContext) -> None:
    names = ctx.streets(part)
    _draw_signed_bars(axis, names, column_values(part, "change"))
    axis.set_xlabel(ctx.text("axis.change"))


def _draw_top(
    axis: Axes, part: pd.DataFrame, ctx: ChartContext, values: FloatArray, largest: bool
) -> None:
    finite = np.where(np.isfinite(values), values, 0.0)
    order = np.argsort(-finite if largest else finite, kind="stable")[:TOP_N]
    chosen = order[(finite[order] > 0) if largest else (finite[order] < 0)]
    names = ctx.streets(part.iloc[chosen])
    _draw_signed_bars(axis, names, values[chosen])
    if not len(chosen):
        axis.set_yticks([])


def _draw_change_large(
    panels: list[Axes], part: pd.DataFrame, ctx: ChartContext, group: str | None
) -> None:
    change = column_values(part, "change")
    xlabel = ctx.text("axis.change")
    draw_histogram(panels[0], change, ctx.text("axis.streets"))
    label_panel(panels[0], xlabel, ctx.text("chart.change_hist"))
    if len(panels) < 3:
        return
    _draw_top(panels[1], part, ctx, change, largest=True)
    label_panel(panels[1], xlabel, ctx.text("chart.top_gains", n=TOP_N))
    _draw_top(panels[2], part, ctx, change, largest=False)
    label_panel(panels[2], xlabel, ctx.text("chart.top_cuts", n=TOP_N))
    if group is not None and len(panels) > 3:
        sums = group_sums(part, group, ["change"])
        names = group_names(ctx, group, list(sums.index))
        _draw_signed_bars(panels[3], names, sums["change"].to_numpy(dtype=float))
        panels[3].set_xlabel(xlabel)
        title = ctx.text("chart.change_groups", group=ctx.text(group))
        label_group_panel(panels[3], ctx, group, title, len(sums), part[group].nunique())


def plot_change(
    table: pd.DataFrame, kind: str | None = None, *, lang: str = "zh", ax: Axes | None = None
) -> Figure:
    """Change of each street's quotas against its current quotas.

    Parameters
    ----------
    table : DataFrame
        Allocation table with ``street, kind, current, total, change`` [quotas].
    kind : str, optional
        One quota kind; all kinds when None.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    ax : Axes, optional
        Draw into this axes (needs a single kind).

    Returns
    -------
    Figure
        Small tables: one bar per street, gains and cuts in distinct colours.
        Large tables: the distribution of change, the
        :data:`~quota.outputs.charts.common.TOP_N` largest gains and cuts, and
        sums per group when the table has a ``province`` or ``city`` column.
        When the table has no current quotas, a figure saying so.
    """
    check_table(table, ("street", "kind"))
    kinds = select_kinds(table, kind, ax)
    ctx = build_context(table, lang)
    title = ctx.text("chart.change")
    if not all(has_values(table, c) for c in ("current", "change")):
        return note_figure(title, ctx.text("note.no_current"), ax, ctx)
    check_table(table, CHANGE_COLUMNS)
    group = group_column(table)
    with chart_style(ctx.rc):
        figure, panels, _ = build_kind_layout(
            table, kinds, ax, group, large_panels=3, large_width=4.6, small_width=5.2
        )
        draw_kinds(
            table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_change_large(row, part, ctx, group),
            lambda axis, part: _draw_change_small(axis, part, ctx),
        )
        finish_figure(figure, ctx, title, ax, _change_handles(ctx))
    return figure
