"""Phrases of a transition plan shared by its summary, ``plan.md`` and its messages.

Years as ranges (``2027, 2029–2031``), a year label (``2027年`` / ``第3年``), the
source of departures and the hiring cap as words, in Chinese or English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from quota.locale import kind_label, label

if TYPE_CHECKING:
    from quota.analysis.plan import ScenarioPlan

#: most streets listed by name in one line or table of ``plan.md`` (and in one message)
MD_STREET_LIMIT = 30


def list_kinds(table: pd.DataFrame) -> list[str]:
    """The kinds of a plan table, in order of first appearance."""
    return [str(k) for k in dict.fromkeys(table["kind"].astype(str))]


def year_ranges(years: Sequence[int]) -> list[str]:
    """Years as ranges of consecutive years, e.g. ``["2027", "2029–2031"]``."""
    ordered = sorted(set(years))
    parts: list[str] = []
    start = previous = None
    for year in [*ordered, None]:
        if start is not None and (year is None or year != (previous or 0) + 1):
            parts.append(str(start) if start == previous else f"{start}–{previous}")
            start = None
        if year is not None and start is None:
            start = year
        previous = year
    return parts


def format_years(years: Sequence[int]) -> str:
    """Years as ranges, e.g. ``2027, 2029–2031``."""
    return ", ".join(year_ranges(years))


def format_year(year: int, lang: str) -> str:
    """A year label as text: ``2027年`` / ``第3年`` (or ``2027`` / ``year 3``)."""
    key = "plan.year_calendar" if year >= 1000 else "plan.year_n"
    return label(key, lang).format(year=year)


def format_rate(rate: float) -> str:
    """A rate as a percentage: ``0.04`` is ``4%``."""
    return f"{rate * 100:g}%"


def describe_cap(cap: int | Mapping[str, int] | None, lang: str) -> str:
    """The hiring cap as words: ``none`` / ``不设``, a number, or one per kind."""
    if cap is None:
        return label("plan.no_cap", lang)
    if isinstance(cap, Mapping):
        sep = "，" if lang == "zh" else ", "
        return sep.join(f"{kind_label(k, lang)} {v}" for k, v in cap.items()) or label(
            "plan.no_cap", lang
        )
    return str(cap)


def describe_attrition(planned: ScenarioPlan, lang: str) -> str:
    """Where departures come from, as a phrase: the rate(s), the columns, or both."""
    settings = planned.plan.settings
    plan_years = set(settings.plan_years)
    used = [c for (_, year), c in planned.known.columns.items() if year in plan_years]
    sep = "，" if lang == "zh" else ", "
    if isinstance(settings.attrition, Mapping):
        rates = sep.join(
            f"{kind_label(k, lang)} {format_rate(r)}"
            for k, r in settings.attrition.items()
            if k in planned.rate_kinds
        )
    else:
        rates = format_rate(settings.attrition)
    if not used:
        return label("plan.rate", lang).format(rate=rates)
    shown = ", ".join(used) if len(used) <= 4 else f"{used[0]}, {used[1]}, …, {used[-1]}"
    if not planned.rate_kinds:
        return label("plan.md.columns", lang).format(columns=shown)
    return label("plan.md.columns_rate", lang).format(columns=shown, rate=rates)
