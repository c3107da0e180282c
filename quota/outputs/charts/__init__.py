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

One module per chart: :mod:`~quota.outputs.charts.stack`,
:mod:`~quota.outputs.charts.shares`, :mod:`~quota.outputs.charts.change`,
:mod:`~quota.outputs.charts.onboard` and :mod:`~quota.outputs.charts.compare`;
what they share is in :mod:`~quota.outputs.charts.common` (sizes, colours,
style, the chart context) and :mod:`~quota.outputs.charts.layout` (figures,
panels, legends); :mod:`~quota.outputs.charts.files` writes the PNG files,
sharing them with a forked helper process where that pays
(:mod:`~quota.outputs.charts.workers`).
The names below are the package's API; each is imported from its module on first use
(so that :mod:`~quota.outputs.charts.job` can start the charts without matplotlib).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: public name -> the module that defines it; imported on first use, so that
#: ``quota.outputs.charts.job`` (starting the charts) does not import matplotlib
_WHERE: dict[str, str] = {
    **dict.fromkeys(("CHANGE_COLUMNS", "plot_change"), "change"),
    **dict.fromkeys(
        (
            "COLORS",
            "GROUP_COLUMNS",
            "LARGE_TABLE_STREETS",
            "MAX_GROUPS",
            "STYLE_RC",
            "TOP_N",
            "check_table",
            "plain_text",
            "protect_figure_text",
        ),
        "common",
    ),
    **dict.fromkeys(("find_scenario_columns", "plot_compare"), "compare"),
    **dict.fromkeys(("CHARTS", "DPI", "print_png", "write_charts", "write_figure"), "files"),
    **dict.fromkeys(("ChartJob", "find_applicable_charts", "start_charts"), "job"),
    **dict.fromkeys(("ONBOARD_COLUMNS", "plot_onboard"), "onboard"),
    **dict.fromkeys(
        (
            "HEXBIN_MIN_STREETS",
            "LABELLED_GROUPS",
            "LABELLED_MANY",
            "LABELLED_OUTLIERS",
            "LABELLED_STREETS",
            "SHARE_COLUMNS",
            "compute_shares",
            "plot_shares",
        ),
        "shares",
    ),
    **dict.fromkeys(("STACK_COLUMNS", "plot_stack"), "stack"),
}

__all__ = [
    "CHANGE_COLUMNS",
    "CHARTS",
    "COLORS",
    "DPI",
    "GROUP_COLUMNS",
    "HEXBIN_MIN_STREETS",
    "LABELLED_GROUPS",
    "LABELLED_MANY",
    "LABELLED_OUTLIERS",
    "LABELLED_STREETS",
    "LARGE_TABLE_STREETS",
    "MAX_GROUPS",
    "ONBOARD_COLUMNS",
    "SHARE_COLUMNS",
    "STACK_COLUMNS",
    "STYLE_RC",
    "TOP_N",
    "check_table",
    "compute_shares",
    "find_applicable_charts",
    "find_scenario_columns",
    "plain_text",
    "plot_change",
    "plot_compare",
    "plot_onboard",
    "plot_shares",
    "plot_stack",
    "print_png",
    "protect_figure_text",
    "start_charts",
    "write_charts",
    "write_figure",
    "ChartJob",
]
assert sorted(__all__) == sorted(_WHERE)


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


if TYPE_CHECKING:
    from quota.outputs.charts.change import CHANGE_COLUMNS, plot_change
    from quota.outputs.charts.common import (
        COLORS,
        GROUP_COLUMNS,
        LARGE_TABLE_STREETS,
        MAX_GROUPS,
        STYLE_RC,
        TOP_N,
        check_table,
        plain_text,
        protect_figure_text,
    )
    from quota.outputs.charts.compare import find_scenario_columns, plot_compare
    from quota.outputs.charts.files import CHARTS, DPI, print_png, write_charts, write_figure
    from quota.outputs.charts.job import ChartJob, find_applicable_charts, start_charts
    from quota.outputs.charts.onboard import ONBOARD_COLUMNS, plot_onboard
    from quota.outputs.charts.shares import (
        HEXBIN_MIN_STREETS,
        LABELLED_GROUPS,
        LABELLED_MANY,
        LABELLED_OUTLIERS,
        LABELLED_STREETS,
        SHARE_COLUMNS,
        compute_shares,
        plot_shares,
    )
    from quota.outputs.charts.stack import STACK_COLUMNS, plot_stack
