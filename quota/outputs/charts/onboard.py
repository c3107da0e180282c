"""Staff on board against the new total (:func:`plot_onboard`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from quota.outputs.charts.common import (
    COLORS,
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
    street_axis,
)

ONBOARD_COLUMNS = ("street", "kind", "base", "quantified", "turnover", "total", "onboard")


def _build_diamond(color: str, text: str) -> Line2D:
    """Legend entry of a diamond marker (staff on board)."""
    return Line2D([], [], color=color, marker="D", linestyle="", markersize=5, label=text)


def _onboard_handles(ctx: ChartContext, excess: bool) -> list[Any]:
    handles: list[Any] = [
        Patch(color=COLORS["base"], label=ctx.text("legend.base_quantified")),
        Patch(color=COLORS["turnover"], label=ctx.text("legend.turnover_used")),
        _build_diamond(COLORS["onboard"], ctx.text("onboard")),
    ]
    if excess:
        handles.append(_build_diamond(COLORS["excess"], ctx.text("legend.excess")))
    return handles


def _onboard_large_handles(ctx: ChartContext, groups: bool) -> list[Any]:
    """The histogram's colours, and the sums' bar and diamond when a panel of sums is drawn."""
    handles: list[Any] = build_sign_patches(ctx, "legend.vacant", "note.full", "legend.excess")
    if groups:
        handles.append(Patch(color=COLORS["base"], label=ctx.text("total")))
        handles.append(_build_diamond(COLORS["onboard"], ctx.text("onboard")))
    return handles


def _vacancy_text(ctx: ChartContext, onboard: float, total: float) -> str:
    if np.isnan(onboard):
        return ""
    gap = int(round(total - onboard))
    if gap > 0:
        return ctx.text("note.vacant_n", n=gap)
    if gap < 0:
        return ctx.text("note.excess_n", n=-gap)
    return ctx.text("note.full")


def _draw_onboard_small(axis: Axes, part: pd.DataFrame, ctx: ChartContext) -> bool:
    names = ctx.streets(part)
    kept = np.nan_to_num(column_values(part, "base")) + np.nan_to_num(
        column_values(part, "quantified")
    )
    turnover = np.nan_to_num(column_values(part, "turnover"))
    total = kept + turnover
    onboard = column_values(part, "onboard")
    y = np.arange(len(names), dtype=float)
    axis.barh(y, kept, color=COLORS["base"], height=0.7)
    axis.barh(y, turnover, left=kept, color=COLORS["turnover"], height=0.7)
    excess = np.nan_to_num(onboard) > total
    marker_colors = [COLORS["excess"] if e else COLORS["onboard"] for e in excess]
    axis.scatter(onboard, y, marker="D", s=22, color=marker_colors, zorder=3)
    texts = [_vacancy_text(ctx, o, t) for o, t in zip(onboard, total, strict=True)]
    ends = np.fmax(total, np.nan_to_num(onboard))
    finish_street_bars(axis, names, ends, texts, fraction=0.2, offset=7.0)
    needs = np.nan_to_num(onboard) > kept
    for tick, flag in zip(axis.get_yticklabels(), needs, strict=True):
        if flag:
            tick.set_color(COLORS["turnover"])
    axis.set_xlabel(ctx.text("axis.quotas"))
    return bool(excess.any())


def _draw_onboard_large(
    panels: list[Axes], part: pd.DataFrame, ctx: ChartContext, group: str | None
) -> None:
    vacancy = column_values(part, "total") - column_values(part, "onboard")
    draw_histogram(panels[0], vacancy, ctx.text("axis.streets"))
    label_panel(panels[0], ctx.text("axis.vacancy"), ctx.text("chart.vacancy_hist"))
    if len(panels) < 2:
        return
    turnover = column_values(part, "turnover")
    finite = np.nan_to_num(turnover)
    order = np.argsort(-finite, kind="stable")[:TOP_N]
    chosen = order[finite[order] > 0]
    names = ctx.streets(part.iloc[chosen])
    axis = panels[1]
    axis.barh(np.arange(len(chosen)), finite[chosen], color=COLORS["turnover"], height=0.7)
    finish_street_bars(axis, names, finite[chosen], [f"{v:.0f}" for v in finite[chosen]])
    label_panel(axis, ctx.text("turnover"), ctx.text("chart.top_turnover", n=TOP_N))
    if group is not None and len(panels) > 2:
        sums = group_sums(part, group, ["total", "onboard"])
        names = group_names(ctx, group, list(sums.index))
        y = np.arange(len(names), dtype=float)
        panels[2].barh(y, sums["total"], height=0.7, color=COLORS["base"])
        panels[2].scatter(sums["onboard"], y, marker="D", s=16, color=COLORS["onboard"], zorder=3)
        street_axis(panels[2], names)
        panels[2].set_xlabel(ctx.text("axis.quotas"))
        label_group_panel(panels[2], ctx, group, ctx.text(group), len(sums), part[group].nunique())


def plot_onboard(
    table: pd.DataFrame, kind: str | None = None, *, lang: str = "zh", ax: Axes | None = None
) -> Figure:
    """Staff on board against the new total, marking streets that need turnover quotas.

    Parameters
    ----------
    table : DataFrame
        Allocation table with ``street, kind, base, quantified, turnover, total,
        onboard`` [quotas, people].
    kind : str, optional
        One quota kind; all kinds when None.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    ax : Axes, optional
        Draw into this axes (needs a single kind).

    Returns
    -------
    Figure
        Small tables: per street a bar of base + quantified, the turnover quotas
        stacked on it, a diamond at the staff on board (red when above the total)
        and, in orange, the names of streets whose staff exceed base + quantified.
        Large tables: the distribution of vacancy (total − on board), the streets
        using most turnover quotas, and sums per group when present. When the
        table has no staff on board, a figure saying so.
    """
    check_table(table, ("street", "kind"))
    kinds = select_kinds(table, kind, ax)
    ctx = build_context(table, lang)
    title = ctx.text("chart.onboard")
    if not has_values(table, "onboard"):
        return note_figure(title, ctx.text("note.no_onboard"), ax, ctx)
    check_table(table, ONBOARD_COLUMNS)
    group = group_column(table)
    with chart_style(ctx.rc):
        figure, panels, large = build_kind_layout(
            table, kinds, ax, group, large_panels=2, large_width=5.0, small_width=5.6
        )
        excess = draw_kinds(
            table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_onboard_large(row, part, ctx, group),
            lambda axis, part: _draw_onboard_small(axis, part, ctx),
        )
        if large:  # the panel of sums by group only in a figure made here (not in ``ax``)
            handles = _onboard_large_handles(ctx, group is not None and ax is None)
        else:
            handles = _onboard_handles(ctx, any(excess))
        finish_figure(figure, ctx, title, ax, handles)
    return figure
