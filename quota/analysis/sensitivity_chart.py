"""The sensitivity chart: each street's range of totals over the draws, against the base.

:func:`plot_sensitivity` draws the table of a
:class:`~quota.analysis.sensitivity.SensitivityResult`
(matplotlib is imported when it is called): one panel per kind, one row per
street, on a common axis of "total minus the base result's total".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from quota._typing import FloatArray
from quota.analysis.sensitivity import SENSITIVITY_COLUMNS
from quota.errors import InputError
from quota.locale import kind_label, msg
from quota.outputs import fonts
from quota.outputs.charts import STYLE_RC

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: most streets per kind in the chart (those with the widest 5–95% range)
MAX_CHART_STREETS = 60

_TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "敏感性分析：权重与指标变动时各街道编制总量的范围（{draws}次抽样）",
        "Sensitivity: range of each street's total quotas ({draws} draws)",
    ),
    "axis": ("与基准方案相比的编制总量差（名）", "total minus the base result [quotas]"),
    "range": ("最小–最大", "min–max"),
    "band": ("5%–95%分位", "5th–95th percentile"),
    "median": ("中位数", "median"),
    "base": ("基准方案", "base result"),
    "col.base": ("基准", "base"),
    "col.band": ("5%–95%", "5–95%"),
    "col.changed": ("变动概率", "P(change)"),
    "subset": (
        "仅显示变动范围最宽的{shown}个街道（共{total}个）",
        "the {shown} streets with the widest range (of {total})",
    ),
    "settings": (
        "权重集中度 C = {concentration:g}，指标扰动 ±{noise:.0%}，随机种子 {seed}",
        "weight concentration C = {concentration:g}, indicator noise ±{noise:.0%}, seed {seed}",
    ),
}


def _text(key: str, lang: str, **values: Any) -> str:
    zh, en = _TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def select_chart_rows(part: pd.DataFrame, most: int = MAX_CHART_STREETS) -> pd.DataFrame:
    """A kind's rows to draw: all of them, or the ``most`` with the widest 5–95% range (table order kept)."""
    if len(part) <= most:
        return part
    width = (part["p95"].astype("Float64") - part["p5"].astype("Float64")).fillna(0.0)
    keys = pd.DataFrame(
        {"width": width.to_numpy(dtype=float), "p": part["p_change"].fillna(0.0).to_numpy()},
        index=part.index,
    )
    chosen = keys.sort_values(["width", "p"], ascending=False, kind="stable").index[:most]
    return part.loc[sorted(chosen)]


def _numbers(part: pd.DataFrame, column: str) -> FloatArray:
    return part[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _format_range(low: float, high: float) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return "–"
    return f"{int(low)}" if low == high else f"{int(low)}–{int(high)}"


#: colours of the range line, the 5–95% band, the median tick and the base diamond
COLOURS: dict[str, str] = {
    "range": "#9A9A9A",
    "band": "#4C78A8",
    "median": "#1F1F1F",
    "base": "#F58518",
}
#: x positions of the columns beside the ranges (base, 5–95%, P(change)) [axes fraction]
SIDE_COLUMNS: tuple[float, ...] = (0.02, 0.3, 0.72)


def _draw_ranges(axis: Axes, part: pd.DataFrame, names: list[str], code: str) -> None:
    """One kind's rows: min–max line, 5–95% bar, median tick, base diamond at 0."""
    y = np.arange(len(part))
    base = _numbers(part, "base_total")
    low, high = _numbers(part, "min") - base, _numbers(part, "max") - base
    p5, p95 = _numbers(part, "p5") - base, _numbers(part, "p95") - base
    median = _numbers(part, "median") - base
    axis.axvline(0.0, color=COLOURS["base"], linewidth=0.8, alpha=0.6, zorder=0)
    axis.hlines(y, low, high, color=COLOURS["range"], linewidth=1.2, zorder=1)
    axis.barh(
        y,
        np.maximum(p95 - p5, 0.2),
        left=np.where(p95 > p5, p5, p5 - 0.1),
        height=0.5,
        color=COLOURS["band"],
        alpha=0.85,
        zorder=2,
    )
    axis.vlines(median, y - 0.3, y + 0.3, color=COLOURS["median"], linewidth=1.6, zorder=3)
    axis.scatter(
        np.zeros(len(part)),
        y,
        marker="D",
        s=26,
        color=COLOURS["base"],
        edgecolor="white",
        linewidth=0.6,
        zorder=4,
    )
    reach = float(np.nanmax(np.abs(np.concatenate([low, high, [1.0]]))))
    axis.set_xlim(-reach - 0.6, reach + 0.6)
    cast(Any, axis.xaxis.get_major_locator()).set_params(integer=True)
    axis.set_yticks(y, labels=names)
    axis.set_ylim(len(part) - 0.5, -0.5)
    axis.grid(axis="x", color="#E5E5E5", linewidth=0.6, zorder=0)
    axis.set_xlabel(_text("axis", code))


def _draw_side_columns(beside: Axes, part: pd.DataFrame, headers: list[str]) -> None:
    """Beside the ranges: each street's base total, 5–95% range and P(change)."""
    beside.set_ylim(len(part) - 0.5, -0.5)
    beside.set_xlim(0.0, 1.0)
    beside.set_axis_off()
    for x, header in zip(SIDE_COLUMNS, headers, strict=True):
        beside.text(
            x,
            1.0,
            header,
            transform=beside.transAxes,
            fontsize=8,
            color="#444444",
            va="bottom",
        )
    for yy, b, a5, a95, share in zip(
        np.arange(len(part)),
        _numbers(part, "base_total"),
        _numbers(part, "p5"),
        _numbers(part, "p95"),
        part["p_change"].to_numpy(dtype=float),
        strict=True,
    ):
        cells = (
            f"{int(b)}" if math.isfinite(b) else "–",
            _format_range(a5, a95),
            f"{share:.0%}" if math.isfinite(share) else "–",
        )
        for x, cell in zip(SIDE_COLUMNS, cells, strict=True):
            beside.text(x, float(yy), cell, fontsize=8, va="center")


def _legend_handles(code: str) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    return [
        Line2D([], [], color=COLOURS["range"], linewidth=1.2, label=_text("range", code)),
        Patch(color=COLOURS["band"], alpha=0.85, label=_text("band", code)),
        Line2D([], [], color=COLOURS["median"], linewidth=1.6, label=_text("median", code)),
        Line2D(
            [],
            [],
            marker="D",
            linestyle="none",
            color=COLOURS["base"],
            markeredgecolor="white",
            label=_text("base", code),
        ),
    ]


def plot_sensitivity(
    table: pd.DataFrame,
    *,
    lang: str = "zh",
    draws: int | None = None,
    settings: dict[str, Any] | None = None,
) -> Figure:
    """Range bars of each street's total over the draws, against the base result.

    Parameters
    ----------
    table : pandas.DataFrame
        :data:`SENSITIVITY_COLUMNS` (as in :attr:`SensitivityResult.table`).
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    draws : int, optional
        Number of draws, for the title.
    settings : dict, optional
        ``concentration``, ``noise`` and ``seed``, stated under the title.

    Returns
    -------
    Figure
        One panel per kind, one row per street, on a common axis of "total
        minus the base result's total" [quotas]: a thin line from the minimum
        to the maximum, a bar from the 5th to the 95th percentile, a tick at
        the median and a diamond at the base result (0). Beside each row: the
        base total, the 5–95% range of the total and the share of draws whose
        total differs from the base. Above :data:`MAX_CHART_STREETS` streets a
        kind shows those with the widest range.
    """
    import matplotlib
    from matplotlib.figure import Figure

    missing = [c for c in SENSITIVITY_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(msg("analysis.sensitivity_lacks_columns", columns=missing))
    code, font_rc = fonts.build_rc_params(lang)
    families = font_rc["font.family"]
    kinds = list(dict.fromkeys(str(k) for k in table["kind"]))
    parts = {k: select_chart_rows(table.loc[table["kind"] == k]) for k in kinds}
    rows = max([len(p) for p in parts.values()] or [1])
    headers = [_text(k, code) for k in ("col.base", "col.band", "col.changed")]
    with matplotlib.rc_context(cast(Any, {**STYLE_RC, **font_rc})):
        count = max(len(kinds), 1)
        figure = Figure(figsize=(7.2 * count, 0.3 * rows + 2.6), layout="constrained")
        grid = figure.subplots(1, 2 * count, squeeze=False, width_ratios=[3.0, 1.3] * count)[0]
        pairs = [(grid[2 * i], grid[2 * i + 1]) for i in range(count)]
        for index, (kind, (axis, beside)) in enumerate(zip(kinds, pairs, strict=False)):
            part = parts[kind]
            total = int((table["kind"] == kind).sum())
            names = [
                name if not fonts.find_missing_glyphs(name, families) else f"#{position + 1}"
                for position, name in enumerate(part["street"].astype(str))
            ]
            _draw_ranges(axis, part, names, code)
            _draw_side_columns(beside, part, headers)
            title = kind_label(kind, code)
            if fonts.find_missing_glyphs(title, families):
                title = f"{index + 1}"
            if len(part) < total:
                title += "\n" + _text("subset", code, shown=len(part), total=total)
            axis.set_title(title, loc="left")
        heading = _text("title", code, draws=draws if draws is not None else "?")
        if settings:
            heading += "\n" + _text("settings", code, **settings)
        figure.suptitle(heading, fontsize=12)
        handles = _legend_handles(code)
        figure.legend(handles=handles, loc="outside lower center", ncols=4)
    return figure


__all__ = ["MAX_CHART_STREETS", "plot_sensitivity", "select_chart_rows"]
