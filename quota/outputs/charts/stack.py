"""Stacked base, quantified and turnover quotas per street (:func:`plot_stack`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from quota._typing import FloatArray
from quota.outputs.charts.common import (
    COLORS,
    ChartContext,
    build_context,
    chart_style,
    check_table,
    column_values,
    group_column,
    select_kinds,
)
from quota.outputs.charts.layout import (
    build_kind_layout,
    draw_grid,
    draw_kinds,
    finish_figure,
    finish_street_bars,
    group_names,
    group_sums,
    label_group_panel,
)

STACK_COLUMNS = ("street", "kind", "base", "quantified", "turnover")


def _stack_handles(ctx: ChartContext) -> list[Patch]:
    return [Patch(color=COLORS[c], label=ctx.text(c)) for c in ("base", "quantified", "turnover")]


def _draw_stack_bars(axis: Axes, names: list[str], parts: dict[str, FloatArray]) -> None:
    y = np.arange(len(names), dtype=float)
    left = np.zeros(len(names))
    for column in ("base", "quantified", "turnover"):
        values = np.nan_to_num(parts[column])
        axis.barh(y, values, left=left, color=COLORS[column], height=0.7, label=column)
        left = left + values
    finish_street_bars(axis, names, left, [f"{v:.0f}" for v in left], fraction=0.08)


def _draw_stack_small(axis: Axes, part: pd.DataFrame, ctx: ChartContext) -> None:
    names = ctx.streets(part)
    _draw_stack_bars(axis, names, {c: column_values(part, c) for c in STACK_COLUMNS[2:]})
    axis.set_xlabel(ctx.text("axis.quotas"))


def _draw_stack_large(
    panels: list[Axes], part: pd.DataFrame, ctx: ChartContext, group: str | None
) -> None:
    parts = {c: np.nan_to_num(column_values(part, c)) for c in STACK_COLUMNS[2:]}
    order = np.argsort(-(parts["base"] + parts["quantified"] + parts["turnover"]), kind="stable")
    rank = np.arange(1, len(part) + 1)
    axis = panels[0]
    axis.stackplot(
        rank,
        *(parts[c][order] for c in ("base", "quantified", "turnover")),
        colors=[COLORS[c] for c in ("base", "quantified", "turnover")],
        linewidth=0,
    )
    axis.set_xlim(1, len(part))
    axis.set_xlabel(ctx.text("axis.rank"))
    axis.set_ylabel(ctx.text("axis.quotas"))
    axis.set_title(ctx.text("chart.stack_profile"), fontsize=10)
    draw_grid(axis, "y")
    if group is not None and len(panels) > 1:
        sums = group_sums(part, group, ["total", "base", "quantified", "turnover"])
        names = group_names(ctx, group, list(sums.index))
        _draw_stack_bars(
            panels[1], names, {c: sums[c].to_numpy(dtype=float) for c in STACK_COLUMNS[2:]}
        )
        panels[1].set_xlabel(ctx.text("axis.quotas"))
        title = ctx.text("chart.stack_groups", group=ctx.text(group))
        label_group_panel(panels[1], ctx, group, title, len(sums), part[group].nunique())


def plot_stack(
    table: pd.DataFrame, kind: str | None = None, *, lang: str = "zh", ax: Axes | None = None
) -> Figure:
    """Stacked base, quantified and turnover quotas per street.

    Parameters
    ----------
    table : DataFrame
        Allocation table with ``street, kind, base, quantified, turnover`` [quotas]
        (``total`` too for large tables with a ``province``/``city`` column).
    kind : str, optional
        One quota kind; all kinds (one panel each) when None.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    ax : Axes, optional
        Draw into this axes (needs a single kind).

    Returns
    -------
    Figure
        Small tables: one horizontal stacked bar per street, the total at its end.
        Large tables: the quota mix of all streets ranked by total (and sums per
        group when the table has a ``province`` or ``city`` column).
    """
    check_table(table, STACK_COLUMNS)
    kinds = select_kinds(table, kind, ax)
    ctx = build_context(table, lang)
    group = group_column(table)
    with chart_style(ctx.rc):
        figure, panels, _ = build_kind_layout(
            table, kinds, ax, group, large_panels=1, large_width=7.0, small_width=6.2
        )
        draw_kinds(
            table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_stack_large(row, part, ctx, group),
            lambda axis, part: _draw_stack_small(axis, part, ctx),
            title_y=1.06,
        )
        finish_figure(figure, ctx, ctx.text("chart.stack"), ax, _stack_handles(ctx), "lower right")
    return figure
