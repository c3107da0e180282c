"""Total quotas per street under several scenarios (:func:`plot_compare`), named by their titles."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from quota.outputs.charts.common import (
    GROUP_COLUMNS,
    ChartContext,
    build_context,
    chart_style,
    check_table,
    column_values,
    group_column,
    select_kinds,
)
from quota.outputs.charts.layout import (
    bin_edges,
    build_kind_layout,
    draw_histogram,
    draw_kinds,
    finish_figure,
    group_names,
    group_sums,
    integer_axis,
    label_group_panel,
    note_figure,
    street_axis,
)


def find_scenario_columns(wide_table: pd.DataFrame) -> list[str]:
    """Return the scenario columns of a comparison table.

    Parameters
    ----------
    wide_table : DataFrame
        ``street, kind`` and one numeric column of totals per scenario; grouping
        columns (``province``, ``city``, ``district``) and text columns are not
        scenarios.

    Returns
    -------
    list of str
        Scenario column names in table order.
    """
    skip = {"street", "kind", "district", *GROUP_COLUMNS}
    return [
        str(c)
        for c in wide_table.columns
        if c not in skip and pd.api.types.is_numeric_dtype(wide_table[c])
    ]


def _draw_compare_small(
    axis: Axes, part: pd.DataFrame, ctx: ChartContext, scenarios: list[str], names: list[str]
) -> None:
    """Dot plot of each scenario's difference from the first one, one row per street.

    The first scenario is the reference line at zero; the totals of all scenarios
    are written in a column right of the axes.
    """
    streets = ctx.streets(part)
    y = np.arange(len(streets), dtype=float)
    values = np.column_stack([column_values(part, c) for c in scenarios])
    diffs = values - values[:, :1]
    axis.axvline(0, color=_palette(0), linewidth=1.5, zorder=2)
    low = np.nanmin(np.fmin(diffs, 0), axis=1)
    high = np.nanmax(np.fmax(diffs, 0), axis=1)
    axis.hlines(y, low, high, color="#CCCCCC", linewidth=2.5, zorder=1)
    for i in range(1, len(scenarios)):
        axis.scatter(diffs[:, i], y, s=34, marker=_marker(i), color=_palette(i), zorder=3)
    street_axis(axis, streets)
    axis.grid(axis="y", color="#F0F0F0", linewidth=0.6)
    integer_axis(axis)
    extent = max(float(np.nanmax(np.abs(diffs))), 1.0) * 1.08 + 0.5
    axis.set_xlim(-extent, extent)
    to_right = axis.get_yaxis_transform()  # x in axes fraction, y in data
    for yi, row in zip(y, values, strict=True):
        text = " / ".join("–" if np.isnan(v) else f"{v:.0f}" for v in row)
        axis.annotate(
            text,
            (1.0, yi),
            xytext=(6, 0),
            textcoords="offset points",
            xycoords=to_right,
            va="center",
            ha="left",
            fontsize=8,
            color="#333333",
        )
    axis.annotate(
        ctx.text("total"),
        (1.0, -0.75),
        xytext=(6, 0),
        textcoords="offset points",
        xycoords=to_right,
        va="center",
        ha="left",
        fontsize=8,
        color="#555555",
    )
    axis.set_xlabel(ctx.text("axis.difference_from", base=names[0]))


def _compare_handles(names: list[str]) -> list[Line2D]:
    first = Line2D(
        [], [], color=_palette(0), marker="|", markersize=12, linestyle="", label=names[0]
    )
    return [first] + [
        Line2D([], [], color=_palette(i), marker=_marker(i), linestyle="", label=name)
        for i, name in enumerate(names[1:], start=1)
    ]


def _marker(index: int) -> str:
    return ("o", "s", "^", "D", "v", "P", "X", "*")[index % 8]


def _palette(index: int) -> str:
    colors = (
        "#4C78A8",
        "#F58518",
        "#54A24B",
        "#B279A2",
        "#E45756",
        "#72B7B2",
        "#9D755D",
        "#BAB0AC",
    )
    return colors[index % len(colors)]


def _draw_compare_large(
    panels: list[Axes],
    part: pd.DataFrame,
    ctx: ChartContext,
    scenarios: list[str],
    names: list[str],
    group: str | None,
) -> None:
    axis = panels[0]
    first = column_values(part, scenarios[0])
    if len(scenarios) == 1:
        draw_histogram(axis, first, ctx.text("axis.streets"), colors_by_sign=False)
        axis.set_xlabel(ctx.text("axis.quotas"))
    else:
        diffs = [column_values(part, c) - first for c in scenarios[1:]]
        finite = np.concatenate([d[np.isfinite(d)] for d in diffs])
        low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 0.0)
        edges = bin_edges(low, high)
        for i, (diff, shown) in enumerate(zip(diffs, names[1:], strict=True)):
            axis.hist(
                diff[np.isfinite(diff)],
                bins=list(edges),
                histtype="step",
                linewidth=1.5,
                color=_palette(i + 1),
                label=shown,
            )
        axis.axvline(0, color="#555555", linewidth=0.8)
        axis.set_xlabel(ctx.text("axis.difference"))
        axis.set_ylabel(ctx.text("axis.streets"))
        axis.set_title(ctx.text("chart.compare_diff", base=names[0]), fontsize=10)
    if group is not None and len(panels) > 1:
        sums = group_sums(part, group, scenarios)
        groups = group_names(ctx, group, list(sums.index))
        _draw_compare_small(
            panels[1], sums.reset_index(drop=True).assign(street=groups), ctx, scenarios, names
        )
        title = ctx.text("chart.compare_groups", group=ctx.text(group))
        label_group_panel(panels[1], ctx, group, title, len(sums), part[group].nunique())


def plot_compare(
    wide_table: pd.DataFrame,
    kind: str | None = None,
    *,
    lang: str = "zh",
    ax: Axes | None = None,
    titles: Mapping[str, str] | None = None,
) -> Figure:
    """Total quotas per street under several scenarios, side by side.

    Parameters
    ----------
    wide_table : DataFrame
        ``street, kind`` and one column of total quotas per scenario (named after
        the scenario); optional ``province``/``city`` column.
    kind : str, optional
        One quota kind; all kinds when None.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    ax : Axes, optional
        Draw into this axes (needs a single kind).
    titles : mapping of str to str, optional
        Scenario column -> the title legends and axis labels show (e.g.
        :meth:`quota.analysis.compare.Comparison.titles`); a column without one
        is shown by its name.

    Returns
    -------
    Figure
        Small tables: grouped bars, one per scenario, for each street. Large
        tables: the distribution of each scenario's difference from the first
        scenario per street, and scenario totals per group when present.
    """
    check_table(wide_table, ("street", "kind"))
    kinds = select_kinds(wide_table, kind, ax)
    ctx = build_context(wide_table, lang)
    scenarios = find_scenario_columns(wide_table)
    title = ctx.text("chart.compare")
    if not scenarios:
        return note_figure(title, ctx.text("note.no_scenarios"), ax, ctx)
    shown = titles or {}
    names = [
        ctx.name(shown.get(s) or s, f"{ctx.text('scenario')} {i + 1}")
        for i, s in enumerate(scenarios)
    ]
    group = group_column(wide_table)
    with chart_style(ctx.rc):
        figure, panels, _ = build_kind_layout(
            wide_table, kinds, ax, group, large_panels=1, large_width=6.5, small_width=5.8
        )
        draw_kinds(
            wide_table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_compare_large(row, part, ctx, scenarios, names, group),
            lambda axis, part: _draw_compare_small(axis, part, ctx, scenarios, names),
        )
        finish_figure(figure, ctx, title, ax, _compare_handles(names), "best")
    return figure
