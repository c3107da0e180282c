"""Charts of an allocation table, in Chinese or English.

Every ``plot_*`` function takes the allocation table (``Result.table``: one row
per street and kind, the columns of ``allocation.csv``) and returns a
:class:`matplotlib.figure.Figure`. Nothing here calls ``plt.show()`` or changes
matplotlib's global settings: fonts and style are applied inside
:func:`matplotlib.rc_context`, figures are built with the object-oriented API.

Each function adapts to the table's size. Up to :data:`LARGE_TABLE_STREETS`
streets per kind it draws one bar or point per street; above that it draws
aggregates that stay readable at thousands of streets: distributions, a
scatter (a hexbin from :data:`HEXBIN_MIN_STREETS`), the :data:`TOP_N` largest
and smallest streets, and sums per ``province`` or ``city`` when the table has
such a column.

With ``kind=None`` every kind gets its own panel (small tables) or row of panels
(large tables). With ``ax=...`` the chart is drawn into that axes; it then
needs a single kind, and a large table gets only its main panel.

Names from the data (streets, kinds, groups, scenarios) are drawn as plain
text: a ``$`` is escaped (:func:`plain_text`) so matplotlib never reads
``A$x^{$`` as mathtext, and :func:`write_figure` escapes any text of a figure
(tick labels included) that would still be read as mathtext.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import matplotlib
import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from quota._typing import FloatArray
from quota.errors import InputError
from quota.locale import kind_label, label
from quota.outputs import fonts

#: above this many streets in a kind, charts show aggregates instead of one bar per street
LARGE_TABLE_STREETS = 60
#: from this many streets in a kind, the share scatter becomes a hexbin
HEXBIN_MIN_STREETS = 2000
#: length of the largest/smallest lists in large-table charts
TOP_N = 15
#: most groups (provinces, cities) shown in a bar chart
MAX_GROUPS = 32
#: streets named in large share scatters (the ones furthest from equality)
LABELLED_OUTLIERS = 5
#: a small share scatter names every street up to this many streets ...
LABELLED_STREETS = 20
#: ... and only the ones furthest from equality above it; groups likewise
LABELLED_MANY = 12
LABELLED_GROUPS = 10
#: columns used to aggregate large tables, in order of preference
GROUP_COLUMNS: tuple[str, ...] = ("province", "city")
#: resolution of written charts [dots per inch]
DPI = 150

COLORS: dict[str, str] = {
    "base": "#A9BCD0",
    "quantified": "#4C78A8",
    "turnover": "#F58518",
    "gain": "#4C78A8",
    "cut": "#E45756",
    "neutral": "#A0A0A0",
    "onboard": "#222222",
    "excess": "#C0392B",
    "equality": "#777777",
}

STYLE_RC: dict[str, Any] = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.titlesize": 13,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "text.usetex": False,
}

STACK_COLUMNS = ("street", "kind", "base", "quantified", "turnover")
SHARE_COLUMNS = ("street", "kind", "base", "quantified", "score")
CHANGE_COLUMNS = ("street", "kind", "current", "total", "change")
ONBOARD_COLUMNS = ("street", "kind", "base", "quantified", "turnover", "total", "onboard")


# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def plain_text(text: str) -> str:
    """``text`` for a matplotlib label, shown as it is: every ``$`` escaped as ``\\$``.

    Without this a name with two ``$`` (``A$x^{$``) is parsed as mathtext, and
    drawing fails or shows something else.
    """
    return text.replace("$", "\\$")


def _escape_math(text: str) -> str:
    """``text`` with the ``$`` not yet escaped escaped (idempotent)."""
    return _UNESCAPED_DOLLAR.sub(r"\\$", text) if "$" in text else text


class _PlainTickFormatter(Formatter):
    """Wraps an axis formatter so that its labels are never read as mathtext."""

    def __init__(self, inner: Formatter) -> None:
        self.inner = inner

    def __call__(self, x: Any, pos: int | None = None) -> str:
        return _escape_math(str(self.inner(x, pos)))

    def format_ticks(self, values: Any) -> list[str]:
        return [_escape_math(str(t)) for t in self.inner.format_ticks(values)]

    def format_data(self, value: Any) -> str:
        return _escape_math(str(self.inner.format_data(value)))

    def format_data_short(self, value: Any) -> str:
        return _escape_math(str(self.inner.format_data_short(value)))

    def get_offset(self) -> str:
        return _escape_math(str(self.inner.get_offset()))

    def set_locs(self, locs: Any) -> None:
        self.inner.set_locs(locs)

    def set_axis(self, axis: Any) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)


def protect_figure_text(figure: Figure) -> None:
    """Make every text of a figure plain: no ``$`` left that matplotlib would read as mathtext.

    Titles, labels, annotations and legend entries are escaped; tick labels,
    which are made while drawing, through their axis formatters. For figures
    drawn by code that did not pass names through :func:`plain_text`.
    """
    for text in figure.findobj(Text):
        content = text.get_text()
        if "$" in content:
            text.set_text(_escape_math(content))
    for axes in figure.findobj(Axes):
        for axis in (axes.xaxis, axes.yaxis):
            major, minor = axis.get_major_formatter(), axis.get_minor_formatter()
            if not isinstance(major, _PlainTickFormatter):
                axis.set_major_formatter(_PlainTickFormatter(major))
            if not isinstance(minor, _PlainTickFormatter):
                axis.set_minor_formatter(_PlainTickFormatter(minor))


@dataclass
class _Context:
    """Language, fonts and display names for one chart."""

    lang: str
    rc: dict[str, Any]
    positions: dict[str, int]
    renamed: bool = field(default=False)

    def text(self, key: str, **values: object) -> str:
        return label(key, self.lang).format(**values)

    def fits(self, text: str) -> bool:
        return not fonts.find_missing_glyphs(text, self.rc["font.family"])

    def street(self, name: str) -> str:
        if self.fits(name):
            return plain_text(name)
        self.renamed = True
        return f"#{self.positions.get(name, 0) + 1}"

    def streets(self, frame: pd.DataFrame) -> list[str]:
        return [self.street(s) for s in frame["street"].astype(str)]

    def name(self, text: str, fallback: str) -> str:
        return plain_text(text) if self.fits(text) else fallback

    def kind(self, kind: str, index: int) -> str:
        return self.name(kind_label(kind, self.lang), f"{self.text('kind')} {index + 1}")


def _style(rc: dict[str, Any]) -> AbstractContextManager[None]:
    """Apply chart settings for the duration of a ``with`` block (global ones are restored)."""
    return matplotlib.rc_context(cast(Any, rc))


def _build_context(table: pd.DataFrame, lang: str) -> _Context:
    code, font_rc = fonts.build_rc_params(lang)
    streets = pd.unique(table["street"].astype(str))
    return _Context(
        lang=code,
        rc={**STYLE_RC, **font_rc},
        positions={name: i for i, name in enumerate(streets)},
    )


def check_table(table: pd.DataFrame, columns: Sequence[str]) -> None:
    """Check that a table has the columns a chart needs.

    Parameters
    ----------
    table : DataFrame
        Allocation table.
    columns : sequence of str
        Required column names.

    Raises
    ------
    InputError
        Naming the missing columns.
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            f"the allocation table has no column {', '.join(missing)}"
            f" (columns present: {', '.join(map(str, table.columns))})"
        )


def _select_kinds(table: pd.DataFrame, kind: str | None, ax: Axes | None) -> list[str]:
    present = [str(k) for k in pd.unique(table["kind"].astype(str))]
    if kind is not None:
        if kind not in present:
            raise InputError(
                f"quota kind {kind!r} is not in the table (kinds: {', '.join(present) or 'none'})"
            )
        return [kind]
    if ax is not None and len(present) > 1:
        raise InputError(
            f"drawing into one axes needs one quota kind: pass kind= one of {', '.join(present)}"
        )
    if not present:
        raise InputError("the allocation table has no rows")
    return present


def _kind_rows(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    return table.loc[table["kind"].astype(str) == kind].reset_index(drop=True)


def _values(frame: pd.DataFrame, column: str) -> FloatArray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _has_values(table: pd.DataFrame, column: str) -> bool:
    return column in table.columns and bool(
        pd.to_numeric(table[column], errors="coerce").notna().any()
    )


def _group_column(table: pd.DataFrame) -> str | None:
    for column in GROUP_COLUMNS:
        if column in table.columns and table[column].notna().any():
            return column
    return None


def _large_height(table: pd.DataFrame, group: str | None) -> float:
    """Height of one kind's row of large-table panels [inches]: room for one bar per group."""
    if group is None:
        return 5.2
    return max(5.2, 0.2 * min(int(table[group].nunique()), MAX_GROUPS) + 1.8)


def _is_large(frame: pd.DataFrame) -> bool:
    return len(frame) > LARGE_TABLE_STREETS


def _figure_of(ax: Axes) -> Figure:
    """The top-level figure an axes is drawn in (also when it sits in a subfigure)."""
    owner = ax.get_figure()
    while owner is not None and not isinstance(owner, Figure):
        owner = owner.get_figure()
    if owner is None:
        raise InputError("the axes given to draw into belongs to no figure")
    return owner


def _layout(
    ax: Axes | None, n_kinds: int, n_panels: int, panel_size: tuple[float, float], *, by_row: bool
) -> tuple[Figure, list[list[Axes]]]:
    """Figure and axes: one list of panels per kind (a row, or a column of one panel)."""
    if ax is not None:
        return _figure_of(ax), [[ax]]
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


def _finish(
    figure: Figure,
    ctx: _Context,
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
    entries = [_label_points(str(h.get_label())) * 9 / 8 + 40 for h in handles]
    columns = 1
    for count in range(len(entries), 0, -1):
        rows = -(-len(entries) // count)  # matplotlib fills the legend column by column
        needed = sum(max(entries[start : start + rows]) for start in range(0, len(entries), rows))
        if needed <= width:
            columns = count
            break
    figure.legend(handles=list(handles), loc="outside lower center", ncols=columns)


def _note_figure(figure_title: str, note: str, ax: Axes | None, ctx: _Context) -> Figure:
    """A figure (or the caller's axes) holding only a note, e.g. that data are missing."""
    with _style(ctx.rc):
        if ax is None:
            figure = Figure(figsize=(7.0, 2.5), layout="constrained")
            ax = figure.subplots()
            figure.suptitle(figure_title)
        else:
            figure = _figure_of(ax)
        ax.set_axis_off()
        ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=11, transform=ax.transAxes)
        _use_fonts(ax, ctx.rc["font.family"])
    return figure


def _build_kind_layout(
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
    large = any(_is_large(_kind_rows(table, k)) for k in kinds)
    if large:
        n_panels = large_panels + (1 if group is not None else 0)
        figure, panels = _layout(
            ax, len(kinds), n_panels, (large_width, _large_height(table, group)), by_row=True
        )
    else:
        n_streets = max(len(_kind_rows(table, k)) for k in kinds)
        figure, panels = _layout(
            ax, len(kinds), 1, (small_width, 0.34 * n_streets + 1.9), by_row=False
        )
    return figure, panels, large


def _draw_kinds(
    table: pd.DataFrame,
    kinds: list[str],
    panels: list[list[Axes]],
    ctx: _Context,
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
        part = _kind_rows(table, name)
        if _is_large(part):
            draw_large(row, part)
            row[0].text(
                0.0, title_y, ctx.kind(name, index), transform=row[0].transAxes, fontsize=11
            )
        else:
            _blank(row[1:])
            drawn.append(draw_small(row[0], part))
            row[0].set_title(ctx.kind(name, index))
    return drawn


def _draw_grid(
    axis: Axes, which: Literal["x", "y", "both"] = "both", color: str = "#E5E5E5"
) -> None:
    """Thin grid lines of the given axis, drawn below the data."""
    axis.grid(axis=which, color=color, linewidth=0.6)
    axis.set_axisbelow(True)


def _street_axis(axis: Axes, names: list[str]) -> None:
    """Horizontal-bar axis with streets top to bottom in table order."""
    axis.set_yticks(np.arange(len(names)), labels=names)
    axis.set_ylim(len(names) - 0.5, -0.5)
    axis.tick_params(axis="y", length=0)
    _draw_grid(axis, "x")


def _integer_axis(axis: Axes, which: str = "x") -> None:
    target = axis.xaxis if which == "x" else axis.yaxis
    target.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def _signed(value: float) -> str:
    return f"{value:+.0f}" if value else "0"


def _sign_colors(values: FloatArray) -> list[str]:
    return [
        COLORS["gain"] if v > 0 else COLORS["cut"] if v < 0 else COLORS["neutral"] for v in values
    ]


def _group_sums(frame: pd.DataFrame, group: str, columns: Sequence[str]) -> pd.DataFrame:
    """Sums per group, largest first by the first column; at most :data:`MAX_GROUPS` rows."""
    data = pd.DataFrame({c: _values(frame, c) for c in columns})
    data[group] = frame[group].astype(str).to_numpy()
    sums = data.groupby(group, sort=True)[list(columns)].sum(min_count=1)
    order = sums[columns[0]].abs().sort_values(ascending=False, kind="stable").index
    return sums.loc[order[:MAX_GROUPS]]


def _group_names(ctx: _Context, group: str, names: Sequence[str]) -> list[str]:
    title = ctx.text(group) if group in ("province", "city") else group
    return [ctx.name(str(n), f"{title} {i + 1}") for i, n in enumerate(names)]


def _label_panel(axis: Axes, xlabel: str, title: str) -> None:
    """Label the x axis of one panel of a row and give it a small title."""
    axis.set_xlabel(xlabel)
    axis.set_title(title, fontsize=10)


def _label_group_panel(
    axis: Axes, ctx: _Context, group: str, title: str, shown: int, total: int
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


def _finish_street_bars(
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
    _street_axis(axis, names)
    _bar_labels(axis, np.arange(len(names), dtype=float), ends, texts, offset)
    _pad_x(axis, ends, fraction)
    _integer_axis(axis)


# --------------------------------------------------------------------------
# Stacked base / quantified / turnover
# --------------------------------------------------------------------------


def _stack_handles(ctx: _Context) -> list[Patch]:
    return [Patch(color=COLORS[c], label=ctx.text(c)) for c in ("base", "quantified", "turnover")]


def _draw_stack_bars(axis: Axes, names: list[str], parts: dict[str, FloatArray]) -> None:
    y = np.arange(len(names), dtype=float)
    left = np.zeros(len(names))
    for column in ("base", "quantified", "turnover"):
        values = np.nan_to_num(parts[column])
        axis.barh(y, values, left=left, color=COLORS[column], height=0.7, label=column)
        left = left + values
    _finish_street_bars(axis, names, left, [f"{v:.0f}" for v in left], fraction=0.08)


def _draw_stack_small(axis: Axes, part: pd.DataFrame, ctx: _Context) -> None:
    names = ctx.streets(part)
    _draw_stack_bars(axis, names, {c: _values(part, c) for c in STACK_COLUMNS[2:]})
    axis.set_xlabel(ctx.text("axis.quotas"))


def _draw_stack_large(
    panels: list[Axes], part: pd.DataFrame, ctx: _Context, group: str | None
) -> None:
    parts = {c: np.nan_to_num(_values(part, c)) for c in STACK_COLUMNS[2:]}
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
    _draw_grid(axis, "y")
    if group is not None and len(panels) > 1:
        sums = _group_sums(part, group, ["total", "base", "quantified", "turnover"])
        names = _group_names(ctx, group, list(sums.index))
        _draw_stack_bars(
            panels[1], names, {c: sums[c].to_numpy(dtype=float) for c in STACK_COLUMNS[2:]}
        )
        panels[1].set_xlabel(ctx.text("axis.quotas"))
        title = ctx.text("chart.stack_groups", group=ctx.text(group))
        _label_group_panel(panels[1], ctx, group, title, len(sums), part[group].nunique())


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
    kinds = _select_kinds(table, kind, ax)
    ctx = _build_context(table, lang)
    group = _group_column(table)
    with _style(ctx.rc):
        figure, panels, _ = _build_kind_layout(
            table, kinds, ax, group, large_panels=1, large_width=7.0, small_width=6.2
        )
        _draw_kinds(
            table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_stack_large(row, part, ctx, group),
            lambda axis, part: _draw_stack_small(axis, part, ctx),
            title_y=1.06,
        )
        _finish(figure, ctx, ctx.text("chart.stack"), ax, _stack_handles(ctx), "lower right")
    return figure


# --------------------------------------------------------------------------
# Workload share vs quota share
# --------------------------------------------------------------------------


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
    score = np.nan_to_num(_values(part, "score"))
    kept = np.nan_to_num(_values(part, "base")) + np.nan_to_num(_values(part, "quantified"))
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
    _draw_grid(axis, color="#EEEEEE")


def _label_points(text: str) -> float:
    """Approximate width of an 8-pt label [typographic points] (CJK characters are full width)."""
    return sum(8.5 if ord(c) > 0x2E80 else 4.8 for c in text) + 2


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
        needed = [x[i] + (_label_points(name) + 8) * per_point for i, name in right]
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
    widths = np.array([_label_points(n) * per_point for n in names])
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


def _share_handles(ctx: _Context) -> list[Line2D]:
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


def _draw_shares_small(axis: Axes, part: pd.DataFrame, ctx: _Context) -> None:
    workload, quota = compute_shares(part)
    names = ctx.streets(part)
    most = len(names) if len(names) <= LABELLED_STREETS else LABELLED_MANY
    _draw_labelled_shares(axis, workload, quota, names, most=most, zoom=False)
    axis.set_xlabel(ctx.text("axis.workload_share"))
    axis.set_ylabel(ctx.text("axis.quota_share"))


def _draw_shares_large(
    panels: list[Axes], part: pd.DataFrame, ctx: _Context, group: str | None
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
        sums = _group_sums(data, group, ["_quota", "_workload"])
        _draw_labelled_shares(
            panels[1],
            sums["_workload"].to_numpy(dtype=float),
            sums["_quota"].to_numpy(dtype=float),
            _group_names(ctx, group, list(sums.index)),
            most=LABELLED_GROUPS,
            zoom=True,
        )
        panels[1].set_xlabel(ctx.text("axis.workload_share"))
        panels[1].set_ylabel(ctx.text("axis.quota_share"))
        _label_group_panel(panels[1], ctx, group, ctx.text(group), len(sums), part[group].nunique())


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
    kinds = _select_kinds(table, kind, ax)
    ctx = _build_context(table, lang)
    group = _group_column(table)
    with _style(ctx.rc):
        large = any(_is_large(_kind_rows(table, k)) for k in kinds)
        n_panels = 2 if large and group is not None else 1
        size = (6.0, 5.6) if large else (5.2, 5.4)
        figure, panels = _layout(ax, len(kinds), n_panels, size, by_row=large)
        _draw_kinds(
            table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_shares_large(row, part, ctx, group),
            lambda axis, part: _draw_shares_small(axis, part, ctx),
        )
        _finish(figure, ctx, ctx.text("chart.shares"), ax, _share_handles(ctx))
    return figure


# --------------------------------------------------------------------------
# Change against current
# --------------------------------------------------------------------------


def _build_sign_patches(ctx: _Context, gain: str, neutral: str, cut: str) -> list[Patch]:
    """Legend entries of the gain, neutral and cut colours, labelled with these label keys."""
    keys = {"gain": gain, "neutral": neutral, "cut": cut}
    return [Patch(color=COLORS[color], label=ctx.text(key)) for color, key in keys.items()]


def _change_handles(ctx: _Context) -> list[Patch]:
    return _build_sign_patches(ctx, "legend.gain", "legend.unchanged", "legend.cut")


def _draw_signed_bars(axis: Axes, names: list[str], values: FloatArray) -> None:
    y = np.arange(len(names), dtype=float)
    axis.barh(y, np.nan_to_num(values), color=_sign_colors(values), height=0.7)
    axis.axvline(0, color="#555555", linewidth=0.8)
    _finish_street_bars(axis, names, values, ["" if np.isnan(v) else _signed(v) for v in values])


def _draw_change_small(axis: Axes, part: pd.DataFrame, ctx: _Context) -> None:
    names = ctx.streets(part)
    _draw_signed_bars(axis, names, _values(part, "change"))
    axis.set_xlabel(ctx.text("axis.change"))


def _bin_edges(low: float, high: float) -> FloatArray:
    """Histogram edges: one bin per whole number for narrow ranges, 40 bins otherwise."""
    low, high = float(np.floor(low)), float(np.ceil(high))
    if high - low <= 60:
        return np.arange(low - 0.5, high + 1.5)
    return np.linspace(low, high, 41)


def _draw_histogram(
    axis: Axes, values: FloatArray, ylabel: str, colors_by_sign: bool = True
) -> None:
    finite = values[np.isfinite(values)]
    if not len(finite):
        return
    edges = _bin_edges(float(finite.min()), float(finite.max()))
    counts, edges = np.histogram(finite, bins=edges)
    centres = (edges[:-1] + edges[1:]) / 2
    colors = _sign_colors(centres) if colors_by_sign else [COLORS["quantified"]] * len(centres)
    axis.bar(centres, counts, width=np.diff(edges) * 0.9, color=colors)
    _draw_grid(axis, "y")
    axis.set_ylabel(ylabel)


def _draw_top(
    axis: Axes, part: pd.DataFrame, ctx: _Context, values: FloatArray, largest: bool
) -> None:
    finite = np.where(np.isfinite(values), values, 0.0)
    order = np.argsort(-finite if largest else finite, kind="stable")[:TOP_N]
    chosen = order[(finite[order] > 0) if largest else (finite[order] < 0)]
    names = ctx.streets(part.iloc[chosen])
    _draw_signed_bars(axis, names, values[chosen])
    if not len(chosen):
        axis.set_yticks([])


def _draw_change_large(
    panels: list[Axes], part: pd.DataFrame, ctx: _Context, group: str | None
) -> None:
    change = _values(part, "change")
    xlabel = ctx.text("axis.change")
    _draw_histogram(panels[0], change, ctx.text("axis.streets"))
    _label_panel(panels[0], xlabel, ctx.text("chart.change_hist"))
    if len(panels) < 3:
        return
    _draw_top(panels[1], part, ctx, change, largest=True)
    _label_panel(panels[1], xlabel, ctx.text("chart.top_gains", n=TOP_N))
    _draw_top(panels[2], part, ctx, change, largest=False)
    _label_panel(panels[2], xlabel, ctx.text("chart.top_cuts", n=TOP_N))
    if group is not None and len(panels) > 3:
        sums = _group_sums(part, group, ["change"])
        names = _group_names(ctx, group, list(sums.index))
        _draw_signed_bars(panels[3], names, sums["change"].to_numpy(dtype=float))
        panels[3].set_xlabel(xlabel)
        title = ctx.text("chart.change_groups", group=ctx.text(group))
        _label_group_panel(panels[3], ctx, group, title, len(sums), part[group].nunique())


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
        Large tables: the distribution of change, the :data:`TOP_N` largest gains
        and cuts, and sums per group when the table has a ``province`` or ``city``
        column. When the table has no current quotas, a figure saying so.
    """
    check_table(table, ("street", "kind"))
    kinds = _select_kinds(table, kind, ax)
    ctx = _build_context(table, lang)
    title = ctx.text("chart.change")
    if not all(_has_values(table, c) for c in ("current", "change")):
        return _note_figure(title, ctx.text("note.no_current"), ax, ctx)
    check_table(table, CHANGE_COLUMNS)
    group = _group_column(table)
    with _style(ctx.rc):
        figure, panels, _ = _build_kind_layout(
            table, kinds, ax, group, large_panels=3, large_width=4.6, small_width=5.2
        )
        _draw_kinds(
            table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_change_large(row, part, ctx, group),
            lambda axis, part: _draw_change_small(axis, part, ctx),
        )
        _finish(figure, ctx, title, ax, _change_handles(ctx))
    return figure


# --------------------------------------------------------------------------
# Staff on board vs new total
# --------------------------------------------------------------------------


def _build_diamond(color: str, text: str) -> Line2D:
    """Legend entry of a diamond marker (staff on board)."""
    return Line2D([], [], color=color, marker="D", linestyle="", markersize=5, label=text)


def _onboard_handles(ctx: _Context, excess: bool) -> list[Any]:
    handles: list[Any] = [
        Patch(color=COLORS["base"], label=ctx.text("legend.base_quantified")),
        Patch(color=COLORS["turnover"], label=ctx.text("legend.turnover_used")),
        _build_diamond(COLORS["onboard"], ctx.text("onboard")),
    ]
    if excess:
        handles.append(_build_diamond(COLORS["excess"], ctx.text("legend.excess")))
    return handles


def _onboard_large_handles(ctx: _Context) -> list[Any]:
    return [
        *_build_sign_patches(ctx, "legend.vacant", "note.full", "legend.excess"),
        Patch(color=COLORS["base"], label=ctx.text("total")),
        _build_diamond(COLORS["onboard"], ctx.text("onboard")),
    ]


def _vacancy_text(ctx: _Context, onboard: float, total: float) -> str:
    if np.isnan(onboard):
        return ""
    gap = int(round(total - onboard))
    if gap > 0:
        return ctx.text("note.vacant_n", n=gap)
    if gap < 0:
        return ctx.text("note.excess_n", n=-gap)
    return ctx.text("note.full")


def _draw_onboard_small(axis: Axes, part: pd.DataFrame, ctx: _Context) -> bool:
    names = ctx.streets(part)
    kept = np.nan_to_num(_values(part, "base")) + np.nan_to_num(_values(part, "quantified"))
    turnover = np.nan_to_num(_values(part, "turnover"))
    total = kept + turnover
    onboard = _values(part, "onboard")
    y = np.arange(len(names), dtype=float)
    axis.barh(y, kept, color=COLORS["base"], height=0.7)
    axis.barh(y, turnover, left=kept, color=COLORS["turnover"], height=0.7)
    excess = np.nan_to_num(onboard) > total
    marker_colors = [COLORS["excess"] if e else COLORS["onboard"] for e in excess]
    axis.scatter(onboard, y, marker="D", s=22, color=marker_colors, zorder=3)
    texts = [_vacancy_text(ctx, o, t) for o, t in zip(onboard, total, strict=True)]
    ends = np.fmax(total, np.nan_to_num(onboard))
    _finish_street_bars(axis, names, ends, texts, fraction=0.2, offset=7.0)
    needs = np.nan_to_num(onboard) > kept
    for tick, flag in zip(axis.get_yticklabels(), needs, strict=True):
        if flag:
            tick.set_color(COLORS["turnover"])
    axis.set_xlabel(ctx.text("axis.quotas"))
    return bool(excess.any())


def _draw_onboard_large(
    panels: list[Axes], part: pd.DataFrame, ctx: _Context, group: str | None
) -> None:
    vacancy = _values(part, "total") - _values(part, "onboard")
    _draw_histogram(panels[0], vacancy, ctx.text("axis.streets"))
    _label_panel(panels[0], ctx.text("axis.vacancy"), ctx.text("chart.vacancy_hist"))
    if len(panels) < 2:
        return
    turnover = _values(part, "turnover")
    finite = np.nan_to_num(turnover)
    order = np.argsort(-finite, kind="stable")[:TOP_N]
    chosen = order[finite[order] > 0]
    names = ctx.streets(part.iloc[chosen])
    axis = panels[1]
    axis.barh(np.arange(len(chosen)), finite[chosen], color=COLORS["turnover"], height=0.7)
    _finish_street_bars(axis, names, finite[chosen], [f"{v:.0f}" for v in finite[chosen]])
    _label_panel(axis, ctx.text("turnover"), ctx.text("chart.top_turnover", n=TOP_N))
    if group is not None and len(panels) > 2:
        sums = _group_sums(part, group, ["total", "onboard"])
        names = _group_names(ctx, group, list(sums.index))
        y = np.arange(len(names), dtype=float)
        panels[2].barh(y, sums["total"], height=0.7, color=COLORS["base"])
        panels[2].scatter(sums["onboard"], y, marker="D", s=16, color=COLORS["onboard"], zorder=3)
        _street_axis(panels[2], names)
        panels[2].set_xlabel(ctx.text("axis.quotas"))
        _label_group_panel(panels[2], ctx, group, ctx.text(group), len(sums), part[group].nunique())


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
    kinds = _select_kinds(table, kind, ax)
    ctx = _build_context(table, lang)
    title = ctx.text("chart.onboard")
    if not _has_values(table, "onboard"):
        return _note_figure(title, ctx.text("note.no_onboard"), ax, ctx)
    check_table(table, ONBOARD_COLUMNS)
    group = _group_column(table)
    with _style(ctx.rc):
        figure, panels, large = _build_kind_layout(
            table, kinds, ax, group, large_panels=2, large_width=5.0, small_width=5.6
        )
        excess = _draw_kinds(
            table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_onboard_large(row, part, ctx, group),
            lambda axis, part: _draw_onboard_small(axis, part, ctx),
        )
        handles = _onboard_large_handles(ctx) if large else _onboard_handles(ctx, any(excess))
        _finish(figure, ctx, title, ax, handles)
    return figure


# --------------------------------------------------------------------------
# Scenario comparison
# --------------------------------------------------------------------------


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
    axis: Axes, part: pd.DataFrame, ctx: _Context, scenarios: list[str], names: list[str]
) -> None:
    """Dot plot of each scenario's difference from the first one, one row per street.

    The first scenario is the reference line at zero; the totals of all scenarios
    are written in a column right of the axes.
    """
    streets = ctx.streets(part)
    y = np.arange(len(streets), dtype=float)
    values = np.column_stack([_values(part, c) for c in scenarios])
    diffs = values - values[:, :1]
    axis.axvline(0, color=_palette(0), linewidth=1.5, zorder=2)
    low = np.nanmin(np.fmin(diffs, 0), axis=1)
    high = np.nanmax(np.fmax(diffs, 0), axis=1)
    axis.hlines(y, low, high, color="#CCCCCC", linewidth=2.5, zorder=1)
    for i in range(1, len(scenarios)):
        axis.scatter(diffs[:, i], y, s=34, marker=_marker(i), color=_palette(i), zorder=3)
    _street_axis(axis, streets)
    axis.grid(axis="y", color="#F0F0F0", linewidth=0.6)
    _integer_axis(axis)
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
    ctx: _Context,
    scenarios: list[str],
    names: list[str],
    group: str | None,
) -> None:
    axis = panels[0]
    first = _values(part, scenarios[0])
    if len(scenarios) == 1:
        _draw_histogram(axis, first, ctx.text("axis.streets"), colors_by_sign=False)
        axis.set_xlabel(ctx.text("axis.quotas"))
    else:
        diffs = [_values(part, c) - first for c in scenarios[1:]]
        finite = np.concatenate([d[np.isfinite(d)] for d in diffs])
        low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 0.0)
        edges = _bin_edges(low, high)
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
        sums = _group_sums(part, group, scenarios)
        groups = _group_names(ctx, group, list(sums.index))
        _draw_compare_small(
            panels[1], sums.reset_index(drop=True).assign(street=groups), ctx, scenarios, names
        )
        title = ctx.text("chart.compare_groups", group=ctx.text(group))
        _label_group_panel(panels[1], ctx, group, title, len(sums), part[group].nunique())


def plot_compare(
    wide_table: pd.DataFrame, kind: str | None = None, *, lang: str = "zh", ax: Axes | None = None
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

    Returns
    -------
    Figure
        Small tables: grouped bars, one per scenario, for each street. Large
        tables: the distribution of each scenario's difference from the first
        scenario per street, and scenario totals per group when present.
    """
    check_table(wide_table, ("street", "kind"))
    kinds = _select_kinds(wide_table, kind, ax)
    ctx = _build_context(wide_table, lang)
    scenarios = find_scenario_columns(wide_table)
    title = ctx.text("chart.compare")
    if not scenarios:
        return _note_figure(title, ctx.text("note.no_scenarios"), ax, ctx)
    names = [ctx.name(s, f"{ctx.text('scenario')} {i + 1}") for i, s in enumerate(scenarios)]
    group = _group_column(wide_table)
    with _style(ctx.rc):
        figure, panels, _ = _build_kind_layout(
            wide_table, kinds, ax, group, large_panels=1, large_width=6.5, small_width=5.8
        )
        _draw_kinds(
            wide_table,
            kinds,
            panels,
            ctx,
            lambda row, part: _draw_compare_large(row, part, ctx, scenarios, names, group),
            lambda axis, part: _draw_compare_small(axis, part, ctx, scenarios, names),
        )
        _finish(figure, ctx, title, ax, _compare_handles(names), "best")
    return figure


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------

#: file stem -> chart function, in the order charts are written
CHARTS: dict[str, Callable[..., Figure]] = {
    "stack": plot_stack,
    "shares": plot_shares,
    "change": plot_change,
    "onboard": plot_onboard,
}


def find_applicable_charts(table: pd.DataFrame) -> list[str]:
    """Return the names of the charts a table has the data for.

    Parameters
    ----------
    table : DataFrame
        Allocation table.

    Returns
    -------
    list of str
        ``stack`` and ``shares`` always; ``change`` when current quotas are
        present; ``onboard`` when staff on board are present.
    """
    names = ["stack", "shares"]
    if _has_values(table, "current") and _has_values(table, "change"):
        names.append("change")
    if _has_values(table, "onboard"):
        names.append("onboard")
    return names


def write_figure(figure: Figure, path: Path, *, lang: str = "zh") -> Path:
    """Save a figure as a byte-reproducible PNG.

    Parameters
    ----------
    figure : Figure
        Figure to save.
    path : Path
        Target file; its folder must exist.
    lang : {"zh", "en"}
        Language the figure was drawn in (its fonts are applied while saving).

    Returns
    -------
    Path
        ``path``. Texts that matplotlib would read as mathtext are escaped
        first (:func:`protect_figure_text`), so any name can be drawn.
    """
    _, font_rc = fonts.build_rc_params(lang)
    protect_figure_text(figure)
    with _style({**STYLE_RC, **font_rc}):
        figure.savefig(path, dpi=DPI, format="png", metadata={"Software": None})
    return path


def write_charts(table: pd.DataFrame, folder: Path, *, lang: str = "zh") -> list[Path]:
    """Write every chart the table has data for as PNG files.

    Parameters
    ----------
    table : DataFrame
        Allocation table.
    folder : Path
        Output folder of the scenario; charts go into ``folder / "charts"``
        (created if missing) as ``stack.png``, ``shares.png``, ``change.png`` and
        ``onboard.png`` (the last two only when current quotas / staff on board
        are present).
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.

    Returns
    -------
    list of Path
        The files written, in the order above. The same table gives
        byte-identical files.
    """
    target = Path(folder) / "charts"
    target.mkdir(parents=True, exist_ok=True)
    code, _ = fonts.build_rc_params(lang)
    written: list[Path] = []
    for name in find_applicable_charts(table):
        figure = CHARTS[name](table, lang=code)
        written.append(write_figure(figure, target / f"{name}.png", lang=code))
    return written
