"""Figures, panels and axes every chart is laid out with: kinds in panels, legends, notes, bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from quota._typing import FloatArray
from quota.outputs.charts.common import (
    COLORS,
    MAX_GROUPS,
    ChartContext,
    chart_style,
    column_values,
    figure_of,
    is_large,
    kind_rows,
    label_points,
)


def _large_height(table: pd.DataFrame, group: str | None) -> float:
    """Height of one kind's row of large-table panels [inches]: room for one bar per group."""
    if group is None:
        return 5.2
    return max(5.2, 0.2 * min(int(table[group].nunique()), MAX_GROUPS) + 1.8)


def panel_layout(
    ax: Axes | None, n_kinds: int, n_panels: int, panel_size: tuple[float, float], *, by_row: bool
) -> tuple[Figure, list[list[Axes]]]:
    """Figure and axes: one list of panels per kind (a row, or a column of one panel)."""
    if ax is not None:
        return figure_of(ax), [[ax]]
    width, height = panel_size
    if by_row:
        figure = Figure(figsize=(width * n_panels, height * n_kinds), layout="constrained")
        grid = figure.subplots(n_kinds, n_panels, squeeze=False)
        return figure, [list(row) for row in grid]
    figure = Figure(figsize=(width * n_kinds, height), layout="constrained")
    grid = figure.subplots(1, n_kinds, squeeze=False)
    return figure, [[axis] for axis in grid[0]]


def _blank(panels: Sequence[Axes]) -> None:
    """Hide panels a kind does not use (a small kind in a large table's layout)."""
    for axis in panels:
        axis.set_axis_off()


def _use_fonts(ax: Axes, families: Sequence[str]) -> None:
    """Give every text of an axes the chart's fonts.

    Needed for an axes the caller made outside the chart's ``rc_context``: its
    title, axis labels and tick labels were created with the caller's fonts (new
    ticks copy the first tick's font, so setting the existing ones is enough).
    """
    for text in ax.findobj(Text):
        text.set_fontfamily(list(families))


def finish_figure(
    figure: Figure,
    ctx: ChartContext,
    title: str,
    ax: Axes | None,
    handles: Sequence[Any],
    ax_legend: Literal["lower right", "best"] | None = None,
) -> None:
    """Add the legend, the title and the street-number note; give a caller's axes our fonts.

    The legend goes under the panels of a figure made here, or at ``ax_legend``
    (a matplotlib ``loc``) inside a caller's axes; none there when it is None.
    """
    if ax is None:
        _add_legend(figure, handles)
    elif ax_legend is not None:
        ax.legend(handles=list(handles), loc=ax_legend)
    if ax is None:
        figure.suptitle(title)
    else:
        _use_fonts(ax, ctx.rc["font.family"])
    if ctx.renamed:
        figure.text(0.01, 0.005, ctx.text("note.street_numbers"), fontsize=8, color="#555555")


def _add_legend(figure: Figure, handles: Sequence[Any]) -> None:
    """Legend under the panels, in as many columns as fit the figure's width."""
    width = figure.get_size_inches()[0] * 72.0 - 20
    entries = [label_points(str(h.get_label())) * 9 / 8 + 40 for h in handles]
    columns = 1
    for count in range(len(entries), 0, -1):
        rows = -(-len(entries) // count)  # matplotlib fills the legend column by column
        needed = sum(max(entries[start : start + rows]) for start in range(0, len(entries), rows))
        if needed <= width:
            columns = count
            break
    figure.legend(handles=list(handles), loc="outside lower center", ncols=columns)


def note_figure(figure_title: str, note: str, ax: Axes | None, ctx: ChartContext) -> Figure:
    """A figure (or the caller's axes) holding only a note, e.g. that data are missing."""
    with chart_style(ctx.rc):
        if ax is None:
            figure = Figure(figsize=(7.0, 2.5), layout="constrained")
            ax = figure.subplots()
            figure.suptitle(figure_title)
        else:
            figure = figure_of(ax)
        ax.set_axis_off()
        ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=11, transform=ax.transAxes)
        _use_fonts(ax, ctx.rc["font.family"])
    return figure


def build_kind_layout(
    table: pd.DataFrame,
    kinds: list[str],
    ax: Axes | None,
    group: str | None,
    *,
    large_panels: int,
    large_width: float,
    small_width: float,
) -> tuple[Figure, list[list[Axes]], bool]:
    """Figure, one list of panels per kind, and whether any kind is large.

    Large tables get ``large_panels`` panels per kind (one more with a ``group``
    column) of ``large_width`` inches; small ones one column per kind of
    ``small_width`` inches, tall enough for one bar per street.
    """
    large = any(is_large(kind_rows(table, k)) for k in kinds)
    if large:
        n_panels = large_panels + (1 if group is not None else 0)
        figure, panels = panel_layout(
            ax, len(kinds), n_panels, (large_width, _large_height(table, group)), by_row=True
        )
    else:
        n_streets = max(len(kind_rows(table, k)) for k in kinds)
        figure, panels = panel_layout(
            ax, len(kinds), 1, (small_width, 0.34 * n_streets + 1.9), by_row=False
        )
    return figure, panels, large


def draw_kinds(
    table: pd.DataFrame,
    kinds: list[str],
    panels: list[list[Axes]],
    ctx: ChartContext,
    draw_large: Callable[[list[Axes], pd.DataFrame], None],
    draw_small: Callable[[Axes, pd.DataFrame], object],
    title_y: float = 1.08,
) -> list[object]:
    """Draw each kind into its panels, the large or the small way, and name the kind.

    A large kind gets its name above its first panel (``title_y`` in axes
    fraction); a small kind uses only its first panel, titled with its name.

    Returns
    -------
    list
        What ``draw_small`` returned for each small kind, in order.
    """
    drawn: list[object] = []
    for index, (name, row) in enumerate(zip(kinds, panels, strict=True)):
        part = kind_rows(table, name)
        if is_large(part):
            draw_large(row, part)
            row[0].text(
                0.0, title_y, ctx.kind(name, index), transform=row[0].transAxes, fontsize=11
            )
        else:
            _blank(row[1:])
            drawn.append(draw_small(row[0], part))
            row[0].set_title(ctx.kind(name, index))
    return drawn


def draw_grid(
    axis: Axes, which: Literal["x", "y", "both"] = "both", color: str = "#E5E5E5"
) -> None:
    """Thin grid lines of the given axis, drawn below the data."""
    axis.grid(axis=which, color=color, linewidth=0.6)
    axis.set_axisbelow(True)


def street_axis(axis: Axes, names: list[str]) -> None:
    """Horizontal-bar axis with streets top to bottom in table order."""
    axis.set_yticks(np.arange(len(names)), labels=names)
    axis.set_ylim(len(names) - 0.5, -0.5)
    axis.tick_params(axis="y", length=0)
    draw_grid(axis, "x")


def integer_axis(axis: Axes, which: str = "x") -> None:
    """Ticks at whole numbers only on the x (or y) axis."""
    target = axis.xaxis if which == "x" else axis.yaxis
    target.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def sign_colors(values: FloatArray) -> list[str]:
    """The gain, cut or neutral colour of each value, by its sign."""
    return [
        COLORS["gain"] if v > 0 else COLORS["cut"] if v < 0 else COLORS["neutral"] for v in values
    ]


def group_sums(frame: pd.DataFrame, group: str, columns: Sequence[str]) -> pd.DataFrame:
    """Sums per group, largest first by the first column (at most :data:`MAX_GROUPS` rows)."""
    data = pd.DataFrame({c: column_values(frame, c) for c in columns})
    data[group] = frame[group].astype(str).to_numpy()
    sums = data.groupby(group, sort=True)[list(columns)].sum(min_count=1)
    order = sums[columns[0]].abs().sort_values(ascending=False, kind="stable").index
    return sums.loc[order[:MAX_GROUPS]]


def group_names(ctx: ChartContext, group: str, names: Sequence[str]) -> list[str]:
    """Group names as drawn: the name, or ``<group> <n>`` when the fonts lack its glyphs."""
    title = ctx.text(group) if group in ("province", "city") else group
    return [ctx.name(str(n), f"{title} {i + 1}") for i, n in enumerate(names)]


def label_panel(axis: Axes, xlabel: str, title: str) -> None:
    """Label the x axis of one panel of a row and give it a small title."""
    axis.set_xlabel(xlabel)
    axis.set_title(title, fontsize=10)


def label_group_panel(
    axis: Axes, ctx: ChartContext, group: str, title: str, shown: int, total: int
) -> None:
    """Give a panel of group sums its small title and, when groups were left out, a note."""
    axis.set_title(title, fontsize=10)
    if shown < total:
        axis.text(
            1.0,
            -0.08,
            ctx.text("note.groups_shown", n=shown, total=total, group=ctx.text(group)),
            transform=axis.transAxes,
            ha="right",
            va="top",
            fontsize=8,
            color="#555555",
        )


def _bar_labels(
    axis: Axes, positions: FloatArray, values: FloatArray, texts: list[str], offset: float = 3.0
) -> None:
    """Write a text beside the end of each horizontal bar, ``offset`` points away."""
    for y, v, text in zip(positions, values, texts, strict=True):
        if np.isnan(v):
            continue
        axis.annotate(
            text,
            (v, y),
            xytext=(offset if v >= 0 else -offset, 0),
            textcoords="offset points",
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=8,
            color="#333333",
        )


def _pad_x(axis: Axes, values: FloatArray, fraction: float = 0.12) -> None:
    finite = values[np.isfinite(values)]
    if not len(finite):
        return
    low, high = min(0.0, float(finite.min())), max(0.0, float(finite.max()))
    span = (high - low) or 1.0
    axis.set_xlim(low - (fraction * span if low < 0 else 0), high + fraction * span)


def finish_street_bars(
    axis: Axes,
    names: list[str],
    ends: FloatArray,
    texts: list[str],
    *,
    fraction: float = 0.12,
    offset: float = 3.0,
) -> None:
    """Finish an axes of horizontal bars, one per name, top to bottom.

    Street tick labels, ``texts`` ``offset`` points [typographic points] beyond
    the bar ``ends`` [quotas], room for them (``fraction`` of the x span) and
    whole-number ticks.
    """
    street_axis(axis, names)
    _bar_labels(axis, np.arange(len(names), dtype=float), ends, texts, offset)
    _pad_x(axis, ends, fraction)
    integer_axis(axis)


def bin_edges(low: float, high: float) -> FloatArray:
    """Histogram edges: one bin per whole number for narrow ranges, 40 bins otherwise."""
    low, high = float(np.floor(low)), float(np.ceil(high))
    if high - low <= 60:
        return np.arange(low - 0.5, high + 1.5)
    return np.linspace(low, high, 41)


def draw_histogram(
    axis: Axes, values: FloatArray, ylabel: str, colors_by_sign: bool = True
) -> None:
    """Histogram of the finite values (bins of :func:`bin_edges`), coloured by sign or plain."""
    finite = values[np.isfinite(values)]
    if not len(finite):
        return
    edges = bin_edges(float(finite.min()), float(finite.max()))
    counts, edges = np.histogram(finite, bins=edges)
    centres = (edges[:-1] + edges[1:]) / 2
    colors = sign_colors(centres) if colors_by_sign else [COLORS["quantified"]] * len(centres)
    axis.bar(centres, counts, width=np.diff(edges) * 0.9, color=colors)
    draw_grid(axis, "y")
    axis.set_ylabel(ylabel)


def build_sign_patches(ctx: ChartContext, gain: str, neutral: str, cut: str) -> list[Patch]:
    """Legend entries of the gain, neutral and cut colours, labelled with these label keys."""
    keys = {"gain": gain, "neutral": neutral, "cut": cut}
    return [Patch(color=COLORS[color], label=ctx.text(key)) for color, key in keys.items()]
