"""The transition plan's charts: staff on board against entitlement, turnover returned.

:func:`plot_plan_onboard` and :func:`plot_plan_turnover` draw a
:class:`~quota.analysis.transition.Plan` (matplotlib is imported when they are
called); :func:`write_plan_charts` writes them as ``charts/plan_onboard.png`` and
``charts/plan_turnover.png``, byte-identical for the same plan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from quota.analysis.plan_text import list_kinds
from quota.analysis.transition import Plan
from quota.locale import kind_label, label
from quota.outputs import fonts
from quota.outputs.charts import COLORS, STYLE_RC, write_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: above this many streets the onboard chart shows district sums instead of one panel per street
SMALL_PLAN_STREETS = 30
#: line colours of the quota kinds, in scenario order
KIND_COLORS: tuple[str, ...] = ("#4C78A8", "#54A24B", "#B279A2", "#9D755D", "#E45756")
#: colour of turnover quotas returned to the district
RETURNED_COLOR = "#C9D3DF"


@dataclass(frozen=True)
class _ChartText:
    """Language and fonts of one chart."""

    lang: str
    rc: dict[str, Any]

    def text(self, key: str, **values: object) -> str:
        return label(key, self.lang).format(**values)

    def name(self, text: str, fallback: str) -> str:
        missing = fonts.find_missing_glyphs(text, self.rc["font.family"])
        return fallback if missing else text

    def kind(self, kind: str, index: int) -> str:
        return self.name(kind_label(kind, self.lang), f"{self.text('kind')} {index + 1}")


def _chart_text(lang: str) -> _ChartText:
    code, font_rc = fonts.build_rc_params(lang)
    return _ChartText(lang=code, rc={**STYLE_RC, **font_rc})


def _year_axis(axis: Axes, first: int, last: int, text: _ChartText) -> None:
    """X axis of years, the start (one before the first year) labelled as such."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    start = first - 1
    if last - start <= 12:
        axis.set_xticks(np.arange(start, last + 1))
    else:
        axis.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    start_text = text.text("plan.start")

    def tick(value: float, _position: int | None = None) -> str:
        return start_text if round(value) == start else f"{round(value)}"

    axis.xaxis.set_major_formatter(FuncFormatter(tick))
    axis.set_xlim(start - 0.4, last + 0.4)
    axis.grid(axis="y", color="#E5E5E5", linewidth=0.6)
    axis.set_axisbelow(True)


def _street_series(
    plan_table: pd.DataFrame, allocation: pd.DataFrame, street: str, kind: str
) -> tuple[np.ndarray, np.ndarray, int]:
    """Staff on board and total quota at the start and at each year end; the entitlement."""
    rows = plan_table[(plan_table["street"] == street) & (plan_table["kind"] == kind)]
    start = allocation[
        (allocation["street"].astype(str) == street) & (allocation["kind"].astype(str) == kind)
    ]
    onboard = np.concatenate([rows["onboard_start"].to_numpy()[:1], rows["onboard_end"].to_numpy()])
    total = np.concatenate(
        [start["total"].to_numpy(dtype=float)[:1], rows["total"].to_numpy(dtype=float)]
    )
    return onboard.astype(float), total, int(rows["entitlement"].iloc[0])


def _onboard_handles(kinds: Sequence[str], text: _ChartText) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    for i, kind in enumerate(kinds):
        color = KIND_COLORS[i % len(KIND_COLORS)]
        name = text.kind(kind, i)
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                marker="o",
                markersize=4,
                label=text.text("legend.plan_onboard", kind=name),
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                linestyle="--",
                label=text.text("legend.plan_entitlement", kind=name),
            )
        )
    handles.append(Patch(color="#999999", alpha=0.25, label=text.text("legend.plan_total")))
    return handles


def _draw_street_panel(
    axis: Axes,
    plan_table: pd.DataFrame,
    allocation: pd.DataFrame,
    street: str,
    kinds: Sequence[str],
    x: np.ndarray,
) -> None:
    from matplotlib.ticker import MaxNLocator

    for i, kind in enumerate(kinds):
        color = KIND_COLORS[i % len(KIND_COLORS)]
        onboard, total, entitlement = _street_series(plan_table, allocation, street, kind)
        if not len(onboard) or len(onboard) != len(x):
            continue
        axis.fill_between(x, entitlement, total, color=color, alpha=0.18, linewidth=0)
        axis.axhline(entitlement, color=color, linestyle="--", linewidth=1.0)
        axis.plot(x, onboard, color=color, marker="o", markersize=3, linewidth=1.6)
    axis.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))


def _draw_district_panel(
    axis: Axes, plan: Plan, allocation: pd.DataFrame, kind: str, color: str, x: np.ndarray
) -> None:
    from matplotlib.ticker import MaxNLocator

    rows = plan.summary[plan.summary["kind"] == kind]
    start = allocation[allocation["kind"].astype(str) == kind]
    onboard = np.concatenate(
        [[float(rows["onboard_start"].iloc[0])], rows["onboard_end"].to_numpy(dtype=float)]
    )
    total = np.concatenate([[float(start["total"].sum())], rows["total"].to_numpy(dtype=float)])
    entitlement = float(rows["entitlement"].iloc[0])
    axis.fill_between(x, entitlement, total, color=color, alpha=0.18, linewidth=0)
    axis.axhline(entitlement, color=color, linestyle="--", linewidth=1.0)
    axis.plot(x, onboard, color=color, marker="o", markersize=3, linewidth=1.8)
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))


def _draw_status_panel(
    axis: Axes,
    plan: Plan,
    allocation: pd.DataFrame,
    kind: str,
    x: np.ndarray,
    text: _ChartText,
    kind_name: str,
) -> None:
    start = allocation[allocation["kind"].astype(str) == kind]
    ent0 = (start["base"] + start["quantified"]).to_numpy(dtype=float)
    on0 = start["onboard"].to_numpy(dtype=float)
    counts = [(int((on0 < ent0).sum()), int((on0 == ent0).sum()), int((on0 > ent0).sum()))]
    rows = plan.table[plan.table["kind"] == kind]
    for year in plan.settings.plan_years:
        part = rows[rows["year"] == year]
        gap = part["onboard_end"].to_numpy() - part["entitlement"].to_numpy()
        counts.append((int((gap < 0).sum()), int((gap == 0).sum()), int((gap > 0).sum())))
    data = np.asarray(counts, dtype=float)
    bottom = np.zeros(len(x))
    colors = (COLORS["gain"], COLORS["neutral"], COLORS["turnover"])
    for j, color in enumerate(colors):
        axis.bar(x, data[:, j], bottom=bottom, color=color, width=0.7)
        bottom = bottom + data[:, j]
    axis.set_ylabel(text.text("axis.streets"))
    axis.set_title(f"{kind_name} · {text.text('chart.plan_status')}", fontsize=10)


def _grid_columns(n: int) -> int:
    """Columns of the small-multiples grid for ``n`` streets."""
    for most, columns in ((4, n), (9, 3), (16, 4), (25, 5)):
        if n <= most:
            return columns
    return 6


def _draw_street_grid(
    plan: Plan, allocation: pd.DataFrame, streets: Sequence[str], x: np.ndarray, text: _ChartText
) -> Figure:
    """One panel per street (small multiples); every panel above an empty cell keeps its years."""
    from matplotlib.figure import Figure

    kinds = list_kinds(plan.table)
    first, last = plan.settings.start_year, plan.last_year
    ncols = _grid_columns(len(streets))
    nrows = math.ceil(len(streets) / ncols)
    figure = Figure(figsize=(3.2 * ncols, 2.3 * nrows + 1.2), layout="constrained")
    grid = figure.subplots(nrows, ncols, squeeze=False, sharex=True)
    renamed = False
    for index, axis in enumerate(grid.ravel()):
        if index >= len(streets):
            axis.set_axis_off()
            continue
        street = streets[index]
        shown = text.name(street, f"#{index + 1}")
        renamed = renamed or shown != street
        _draw_street_panel(axis, plan.table, allocation, street, kinds, x)
        axis.set_title(shown, fontsize=10)
        _year_axis(axis, first, last, text)
        axis.tick_params(labelsize=8)
        axis.xaxis.set_tick_params(labelbottom=index + ncols >= len(streets))
        if index % ncols == 0:
            axis.set_ylabel(text.text("axis.people"), fontsize=9)
    handles = _onboard_handles(kinds, text)
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 5))
    if renamed:
        figure.text(0.01, 0.005, text.text("note.street_numbers"), fontsize=8, color="#555555")
    return figure


def _draw_district_grid(
    plan: Plan, allocation: pd.DataFrame, x: np.ndarray, text: _ChartText
) -> Figure:
    """Per kind: the district's sums over the years, and streets below / at / above entitlement."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    kinds = list_kinds(plan.table)
    first, last = plan.settings.start_year, plan.last_year
    figure = Figure(figsize=(11.0, 3.8 * len(kinds) + 0.8), layout="constrained")
    grid = figure.subplots(len(kinds), 2, squeeze=False)
    for index, kind in enumerate(kinds):
        color = KIND_COLORS[index % len(KIND_COLORS)]
        district, status = grid[index]
        name = text.kind(kind, index)
        _draw_district_panel(district, plan, allocation, kind, color, x)
        district.set_title(f"{name} · {text.text('chart.plan_district')}", fontsize=10)
        district.set_ylabel(text.text("axis.people"))
        _year_axis(district, first, last, text)
        _draw_status_panel(status, plan, allocation, kind, x, text, name)
        _year_axis(status, first, last, text)
    handles = _onboard_handles(kinds, text)
    handles += [
        Patch(color=COLORS["gain"], label=text.text("legend.plan_below")),
        Patch(color=COLORS["neutral"], label=text.text("legend.plan_at")),
        Patch(color=COLORS["turnover"], label=text.text("legend.plan_above")),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=4)
    return figure


def _draw_turnover_panel(
    axis: Axes,
    plan: Plan,
    allocation: pd.DataFrame,
    kind: str,
    x: np.ndarray,
    kind_name: str,
    text: _ChartText,
) -> None:
    """One kind's turnover pool per year: in use by streets, and back with the district."""
    from matplotlib.ticker import MaxNLocator

    rows = plan.summary[plan.summary["kind"] == kind]
    start = allocation[allocation["kind"].astype(str) == kind]
    pool = int(rows["pool"].iloc[0])
    entitlement = int(rows["entitlement"].iloc[0])
    in_use = np.concatenate(
        [[float(start["turnover"].sum())], rows["turnover"].to_numpy(dtype=float)]
    )
    returned = (pool - entitlement) - in_use
    axis.bar(x, in_use, color=COLORS["turnover"], width=0.7)
    axis.bar(x, returned, bottom=in_use, color=RETURNED_COLOR, width=0.7)
    for xi, value in zip(x, in_use, strict=True):
        axis.annotate(
            f"{value:.0f}",
            (xi, value),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color="#333333",
        )
    axis.set_title(
        f"{kind_name} · {text.text('turnover_pool')} {pool - entitlement}",
        fontsize=10,
    )
    axis.set_ylabel(text.text("axis.quotas"))
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_ylim(0, max(pool - entitlement, 1) * 1.08)


def plot_plan_onboard(plan: Plan, allocation: pd.DataFrame, *, lang: str = "zh") -> Figure:
    """Staff on board against the entitlement over the plan years.

    Parameters
    ----------
    plan : Plan
        The plan.
    allocation : DataFrame
        The allocation table (``Result.table``) the plan starts from, for the total
        quota at the start.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.

    Returns
    -------
    Figure
        Up to :data:`SMALL_PLAN_STREETS` streets: one panel per street with, per
        kind, the staff on board at the start and at each year end (line), the
        entitlement (dashed) and the turnover quotas above it (shaded). More streets:
        per kind, the district's sums the same way, and how many streets are below,
        at and above their entitlement at the start and at each year end.
    """
    import matplotlib

    text = _chart_text(lang)
    streets = [str(s) for s in dict.fromkeys(plan.table["street"].astype(str))]
    first, last = plan.settings.start_year, plan.last_year
    x = np.arange(first - 1, last + 1, dtype=float)
    with matplotlib.rc_context(cast(Any, text.rc)):
        if len(streets) <= SMALL_PLAN_STREETS:
            figure = _draw_street_grid(plan, allocation, streets, x, text)
        else:
            figure = _draw_district_grid(plan, allocation, x, text)
        figure.suptitle(text.text("chart.plan_onboard"))
    return figure


def plot_plan_turnover(plan: Plan, allocation: pd.DataFrame, *, lang: str = "zh") -> Figure:
    """Turnover quotas in use by streets and returned to the district, year by year.

    Parameters
    ----------
    plan : Plan
        The plan.
    allocation : DataFrame
        The allocation table the plan starts from (turnover in use at the start).
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.

    Returns
    -------
    Figure
        One panel per kind: for the start and each year end a bar of the turnover
        pool (pool − entitlement) split into the quotas streets still use and those
        back with the district; the in-use part is labelled.
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    text = _chart_text(lang)
    kinds = list_kinds(plan.table)
    first, last = plan.settings.start_year, plan.last_year
    x = np.arange(first - 1, last + 1, dtype=float)
    with matplotlib.rc_context(cast(Any, text.rc)):
        width = max(4.6, 0.45 * len(x) + 1.8)
        figure = Figure(figsize=(width * len(kinds), 4.2), layout="constrained")
        grid = figure.subplots(1, len(kinds), squeeze=False)[0]
        for index, (axis, kind) in enumerate(zip(grid, kinds, strict=True)):
            _draw_turnover_panel(axis, plan, allocation, kind, x, text.kind(kind, index), text)
            _year_axis(axis, first, last, text)
        handles = [
            Patch(color=COLORS["turnover"], label=text.text("legend.plan_turnover")),
            Patch(color=RETURNED_COLOR, label=text.text("legend.plan_returned")),
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=2)
        figure.suptitle(text.text("chart.plan_turnover"))
    return figure


def write_plan_charts(
    plan: Plan, allocation: pd.DataFrame, folder: Path, *, lang: str = "zh"
) -> list[Path]:
    """Write ``charts/plan_onboard.png`` and ``charts/plan_turnover.png`` into ``folder``.

    Parameters
    ----------
    plan : Plan
        The plan.
    allocation : DataFrame
        The allocation table the plan starts from.
    folder : Path
        Output folder; ``charts`` is created in it.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.

    Returns
    -------
    list of Path
        The two files; the same plan gives byte-identical files.
    """
    target = folder / "charts"
    target.mkdir(parents=True, exist_ok=True)
    code, _ = fonts.build_rc_params(lang)
    onboard = plot_plan_onboard(plan, allocation, lang=code)
    turnover = plot_plan_turnover(plan, allocation, lang=code)
    return [
        write_figure(onboard, target / "plan_onboard.png", lang=code),
        write_figure(turnover, target / "plan_turnover.png", lang=code),
    ]
