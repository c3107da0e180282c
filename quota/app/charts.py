"""The meeting page's two charts as ECharts options: stacked quotas, and shares vs workload.

ECharts ships inside NiceGUI's wheel and draws in the browser, so a change costs the
server a few hundred numbers instead of a picture (the report's matplotlib charts of
100 streets take about a second to draw). The colours are the report's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quota.locale import label

#: bars of the stacked chart visible at once (a zoom bar scrolls through the rest)
ZOOM_STREETS = 40
#: streets named next to their point in the shares chart (the furthest from the line)
LABELLED = 15
#: the colours of the report's charts (quota.outputs.charts.common.COLORS)
COLORS = {
    "base": "#A9BCD0",
    "quantified": "#4C78A8",
    "turnover": "#F58518",
    "cut": "#E45756",
    "equality": "#777777",
}


#: the charts' title font
TITLE = {"fontSize": 14, "fontWeight": "bold"}


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above ``value`` (an axis end)."""
    if value <= 0:
        return 1.0
    power = 10 ** np.floor(np.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-12:
            return float(step * power)
    return float(10 * power)


def stack_chart(names: list[str], parts: dict[str, list[int]], lang: str) -> dict[str, Any]:
    """ECharts options: horizontal bars of base, quantified and turnover, stacked."""
    series = [
        {
            "name": label(part, lang),
            "type": "bar",
            "stack": "total",
            "data": parts[part],
            "itemStyle": {"color": COLORS[part]},
            "barMaxWidth": 18,
        }
        for part in ("base", "quantified", "turnover")
    ]
    options: dict[str, Any] = {
        "animation": False,
        "title": {"text": label("chart.stack", lang), "left": 0, "top": 0, "textStyle": TITLE},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 28, "left": 0, "data": [s["name"] for s in series]},
        "grid": {"left": 8, "right": 48, "top": 64, "bottom": 40, "containLabel": True},
        "xAxis": {"type": "value", "name": label("axis.quotas", lang), "nameLocation": "middle"},
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "series": series,
    }
    options["xAxis"]["nameGap"] = 24
    if len(names) > ZOOM_STREETS:
        options["dataZoom"] = [
            {"type": "slider", "yAxisIndex": 0, "startValue": 0, "endValue": ZOOM_STREETS - 1},
            {"type": "inside", "yAxisIndex": 0},
        ]
        options["grid"]["right"] = 56
    return options


def shares_chart(
    points: list[list[Any]], labelled: set[str], lang: str, x_name: str | None = None
) -> dict[str, Any]:
    """ECharts options: workload share against quota share [%], with the equality line."""
    top = nice_ceiling(max([max(p[0], p[1]) for p in points] or [1.0]) * 1.05)
    data = [
        {
            "value": [round(p[0], 4), round(p[1], 4)],
            "name": p[2],
            "label": {"show": p[2] in labelled, "formatter": "{b}", "position": "right"},
        }
        for p in points
    ]
    return {
        "animation": False,
        "title": {"text": label("chart.shares", lang), "left": 0, "top": 0, "textStyle": TITLE},
        "tooltip": {"trigger": "item", "formatter": "{b}: {c}"},
        "legend": {"top": 28, "left": 0, "data": [label("legend.equality", lang)]},
        "grid": {"left": 56, "right": 32, "top": 64, "bottom": 40, "containLabel": True},
        "xAxis": {
            "type": "value",
            "min": 0,
            "max": round(top, 3),
            "name": (x_name or label("axis.workload_share", lang)) + " (%)",
            "nameLocation": "middle",
            "nameGap": 24,
        },
        "yAxis": {
            "type": "value",
            "min": 0,
            "max": round(top, 3),
            "name": label("axis.quota_share", lang) + " (%)",
            "nameLocation": "middle",
            "nameGap": 36,
        },
        "series": [
            {
                "type": "scatter",
                "symbolSize": 8,
                "data": data,
                "itemStyle": {"color": COLORS["quantified"]},
                "labelLayout": {"hideOverlap": True},
            },
            {
                "name": label("legend.equality", lang),
                "type": "line",
                "data": [[0, 0], [round(top, 3), round(top, 3)]],
                "symbol": "none",
                "lineStyle": {"type": "dashed", "color": COLORS["equality"]},
            },
        ],
    }


def share_points(
    names: list[str], score: np.ndarray, entitled: np.ndarray
) -> tuple[list[list[Any]], set[str]]:
    """(workload %, quota %, name) per street, and the names to print (furthest from the line)."""
    whole = entitled.sum()
    quota = entitled / whole * 100 if whole > 0 else np.zeros(len(names))
    work = score / score.sum() * 100 if score.sum() > 0 else np.zeros(len(names))
    points = [[float(w), float(q), name] for w, q, name in zip(work, quota, names, strict=True)]
    gap = np.abs(quota - work)
    far = np.argsort(-gap, kind="stable")[: min(LABELLED, len(names))]
    shown = set(names) if len(names) <= LABELLED else {names[i] for i in far}
    return points, shown
