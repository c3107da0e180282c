"""What every chart shares: sizes, colours, style, plain text, the chart context, checks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, cast

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import (
    EngFormatter,
    Formatter,
    LogFormatter,
    LogitFormatter,
    NullFormatter,
    PercentFormatter,
    ScalarFormatter,
)

from quota._typing import FloatArray
from quota.errors import InputError
from quota.locale import kind_label, kind_name, label, msg
from quota.outputs import fonts
from quota.outputs.charts.job import has_values  # noqa: F401  (the charts' helper)

#: above this many streets in a kind, charts show aggregates instead of one bar per street
LARGE_TABLE_STREETS = 60
#: length of the largest/smallest lists in large-table charts
TOP_N = 15
#: most groups (provinces, cities) shown in a bar chart
MAX_GROUPS = 32
#: columns used to aggregate large tables, in order of preference
GROUP_COLUMNS: tuple[str, ...] = ("province", "city")

#: colour of each part of a chart (quota parts, signs, staff, the equality line)
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

#: matplotlib settings of every chart (fonts are added per language)
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


#: matplotlib's formatters of numbers: their labels hold no names, and the mathtext they
#: write on purpose (``$\mathdefault{10^{3}}$`` on a log scale) must stay mathtext
_NUMBER_FORMATTERS: tuple[type[Formatter], ...] = (
    ScalarFormatter,
    LogFormatter,
    LogitFormatter,
    EngFormatter,
    PercentFormatter,
    NullFormatter,
)


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
    which are made while drawing, through their axis formatters (all but
    matplotlib's formatters of numbers, :data:`_NUMBER_FORMATTERS`, whose
    labels hold no names). For figures drawn by code that did not pass names
    through :func:`plain_text`.
    """
    for text in figure.findobj(Text):
        content = text.get_text()
        if "$" in content:
            text.set_text(_escape_math(content))
    for axes in figure.findobj(Axes):
        for axis in (axes.xaxis, axes.yaxis):
            major, minor = axis.get_major_formatter(), axis.get_minor_formatter()
            if not isinstance(major, (_PlainTickFormatter, *_NUMBER_FORMATTERS)):
                axis.set_major_formatter(_PlainTickFormatter(major))
            if not isinstance(minor, (_PlainTickFormatter, *_NUMBER_FORMATTERS)):
                axis.set_minor_formatter(_PlainTickFormatter(minor))


@dataclass
class ChartContext:
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


def chart_style(rc: dict[str, Any]) -> AbstractContextManager[None]:
    """Apply chart settings for the duration of a ``with`` block (global ones are restored)."""
    return matplotlib.rc_context(cast(Any, rc))


def build_context(table: pd.DataFrame, lang: str) -> ChartContext:
    """The context of one chart of ``table``: the language its fonts allow, style, street numbers."""
    code, font_rc = fonts.build_rc_params(lang)
    streets = dict.fromkeys(table["street"].astype(str).tolist())  # in order of first appearance
    return ChartContext(
        lang=code,
        rc={**STYLE_RC, **font_rc},
        positions=dict(zip(streets, range(len(streets)), strict=True)),
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
            msg(
                "outputs.chart.missing_columns",
                missing=missing,
                present=[str(c) for c in table.columns],
            )
        )


def select_kinds(table: pd.DataFrame, kind: str | None, ax: Axes | None) -> list[str]:
    """The kinds to draw: ``kind``, or every kind of the table (one only into a caller's axes).

    Raises
    ------
    InputError
        ``kind`` is not in the table, several kinds for one axes, or no rows.
    """
    present = [str(k) for k in pd.unique(table["kind"].astype(str))]
    if kind is not None:
        if kind not in present:
            kinds = [kind_name(k) for k in present] if present else msg("outputs.chart.no_kinds")
            raise InputError(msg("outputs.chart.kind_missing", kind=kind_name(kind), kinds=kinds))
        return [kind]
    if ax is not None and len(present) > 1:
        raise InputError(msg("outputs.chart.one_kind_per_axes", kinds=present))
    if not present:
        raise InputError(msg("outputs.chart.no_rows"))
    return present


def kind_rows(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The rows of one kind, numbered from 0."""
    return table.loc[table["kind"].astype(str) == kind].reset_index(drop=True)


def column_values(frame: pd.DataFrame, column: str) -> FloatArray:
    """A column as floats, NaN where a value is missing or not a number."""
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def group_column(table: pd.DataFrame) -> str | None:
    """The first column of :data:`GROUP_COLUMNS` the table has values in, if any."""
    for column in GROUP_COLUMNS:
        if column in table.columns and table[column].notna().any():
            return column
    return None


def is_large(frame: pd.DataFrame) -> bool:
    """Whether one kind's rows are more than :data:`LARGE_TABLE_STREETS` (drawn as aggregates)."""
    return len(frame) > LARGE_TABLE_STREETS


def figure_of(ax: Axes) -> Figure:
    """The top-level figure an axes is drawn in (also when it sits in a subfigure)."""
    owner = ax.get_figure()
    while owner is not None and not isinstance(owner, Figure):
        owner = owner.get_figure()
    if owner is None:
        raise InputError(msg("outputs.chart.axes_without_figure"))
    return owner


def label_points(text: str) -> float:
    """Approximate width of an 8-pt label [typographic points] (CJK characters are full width)."""
    return sum(8.5 if ord(c) > 0x2E80 else 4.8 for c in text) + 2
