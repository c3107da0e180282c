"""Quotas allocated to the units of a level above the streets, e.g. districts (:func:`plot_districts`).

One row per unit (a district, a city, a province) and one panel per quota
kind: a bar of the unit's streets' total and what the unit keeps, stacked, so
the bar's end is what the unit was allocated (``allocated = streets_total +
reserve``, written at the end), and above it, when known, a thinner grey bar of
its streets' current quotas. Above :data:`~quota.outputs.charts.common.MAX_GROUPS` units the
largest are drawn, and a note says how many.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from quota._typing import FloatArray
from quota.outputs import fonts
from quota.outputs.charts.common import (
    COLORS,
    MAX_GROUPS,
    STYLE_RC,
    ChartContext,
    chart_style,
    check_table,
    column_values,
    has_values,
    kind_rows,
    select_kinds,
)
from quota.outputs.charts.layout import finish_figure, integer_axis, panel_layout, street_axis
from quota.outputs.level_view import level_chart_title, level_label

#: the columns :func:`plot_districts` needs (``current`` and ``level`` are used when present)
DISTRICT_COLUMNS = ("unit", "kind", "allocated", "streets_total", "reserve")


def _context(units: pd.DataFrame, lang: str) -> ChartContext:
    code, font_rc = fonts.build_rc_params(lang)
    names = dict.fromkeys(units["unit"].astype(str).tolist())
    return ChartContext(
        lang=code,
        rc={**STYLE_RC, **font_rc},
        positions=dict(zip(names, range(len(names)), strict=True)),
    )


def select_units(part: pd.DataFrame) -> pd.DataFrame:
    """The units drawn for one kind: all, or the :data:`MAX_GROUPS` largest, in table order."""
    if len(part) <= MAX_GROUPS:
        return part
    order = np.argsort(-column_values(part, "allocated"), kind="stable")[:MAX_GROUPS]
    return part.iloc[np.sort(order)]


def _label_bars(axis: Axes, y: FloatArray, ends: FloatArray) -> None:
    """Each unit's allocation written just beyond its bar."""
    for position, end in zip(y, ends, strict=True):
        axis.annotate(
            f"{end:.0f}",
            (end, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=8,
            color="#333333",
        )


def _draw_units(axis: Axes, part: pd.DataFrame, ctx: ChartContext) -> None:
    """One row per unit: the allocation (streets' total + reserve) and, above it, current quotas."""
    shown = select_units(part)
    names = [ctx.street(u) for u in shown["unit"].astype(str)]
    y = np.arange(len(names), dtype=float)
    streets = np.nan_to_num(column_values(shown, "streets_total"))
    reserve = np.nan_to_num(column_values(shown, "reserve"))
    ends = streets + reserve
    widest = ends
    if has_values(shown, "current"):
        current = np.nan_to_num(column_values(shown, "current"))
        axis.barh(y - 0.2, current, color=COLORS["base"], height=0.32)
        bars, height = y + 0.15, 0.42
        widest = np.fmax(ends, current)
    else:
        bars, height = y, 0.7
    axis.barh(bars, streets, color=COLORS["quantified"], height=height)
    axis.barh(bars, reserve, left=streets, color=COLORS["turnover"], height=height)
    # the text a little below the bar's middle, clear of the grey bar above it
    _label_bars(axis, bars + (0.06 if height < 0.7 else 0.0), ends)
    street_axis(axis, names)
    high = float(widest.max()) if len(widest) else 0.0
    axis.set_xlim(0, (high or 1.0) * 1.14)
    integer_axis(axis)
    axis.set_xlabel(ctx.text("axis.quotas"))
    if len(shown) < len(part):
        axis.text(
            1.0,
            -0.1,
            ctx.text("note.units_shown", n=len(shown), total=len(part)),
            transform=axis.transAxes,
            ha="right",
            va="top",
            fontsize=8,
            color="#555555",
        )


def _handles(ctx: ChartContext, level: str, current: bool) -> list[Patch]:
    handles: list[Patch] = [
        Patch(color=COLORS["quantified"], label=ctx.text("legend.level_streets")),
        Patch(
            color=COLORS["turnover"],
            label=ctx.text("legend.level_reserve", level=level_label(level, ctx.lang)),
        ),
    ]
    if current:
        handles.append(Patch(color=COLORS["base"], label=ctx.text("legend.level_current")))
    return handles


def plot_districts(
    units: pd.DataFrame,
    kind: str | None = None,
    *,
    lang: str = "zh",
    ax: Axes | None = None,
    level: str | None = None,
) -> Figure:
    """Quotas allocated to each unit of one level, split into its streets' total and its reserve.

    Parameters
    ----------
    units : DataFrame
        One row per unit and kind with ``unit, kind, allocated, streets_total,
        reserve`` [quotas], and ``current`` (its streets' current quotas) when
        known: a unit frame of :class:`~quota.outputs.level_view.LevelView`, or
        the rows of one level of ``levels.csv``.
    kind : str, optional
        One quota kind; all kinds (one panel each) when None.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    ax : Axes, optional
        Draw into this axes (needs a single kind).
    level : str, optional
        The level's name (``district``, ``city``, ...) for the title and legend;
        by default the frame's ``level`` column, else ``district``.

    Returns
    -------
    Figure
    """
    check_table(units, DISTRICT_COLUMNS)
    if level is None:
        level = str(units["level"].iloc[0]) if "level" in units and len(units) else "district"
    kinds = select_kinds(units, kind, ax)
    ctx = _context(units, lang)
    with chart_style(ctx.rc):
        shown = max(len(select_units(kind_rows(units, k))) for k in kinds)
        figure, panels = panel_layout(ax, len(kinds), 1, (6.2, 0.34 * shown + 1.9), by_row=False)
        for index, (name, row) in enumerate(zip(kinds, panels, strict=True)):
            _draw_units(row[0], kind_rows(units, name), ctx)
            row[0].set_title(ctx.kind(name, index))
        title = level_chart_title(level, ctx.lang)
        handles = _handles(ctx, level, has_values(units, "current"))
        finish_figure(figure, ctx, title, ax, handles, "lower right")
    return figure
