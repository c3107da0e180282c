"""The transition plan as a Markdown section: ``plan.md`` and the plan part of reports.

:func:`build_plan_section` gives the settings, a table per year and kind, the
hiring schedule per kind and when each street reaches its entitlement, in Chinese
or English. Names come from users, so every table cell is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota.analysis.plan import summarize_reach
from quota.analysis.plan_text import (
    MD_STREET_LIMIT,
    describe_attrition,
    describe_cap,
    format_year,
    list_kinds,
)
from quota.analysis.transition import Plan
from quota.analysis.transition_steps import PROJECTION_LIMIT
from quota.locale import check_lang, kind_label, label

if TYPE_CHECKING:
    from quota.analysis.plan import ScenarioPlan

#: columns of the per-year table of ``plan.md``, in order
SUMMARY_TABLE_COLUMNS: tuple[str, ...] = (
    "year",
    "kind",
    "entitlement",
    "onboard_start",
    "departures",
    "hires",
    "onboard_end",
    "turnover",
    "reserve",
    "vacancies",
)


def _md_cell(value: object) -> str:
    """A table cell of plan.md: HTML and the cell separator escaped (names come from users)."""
    from quota.outputs.render import escape_markdown

    return str(value) if isinstance(value, int | float) else str(escape_markdown(value))


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Markdown table lines; columns of numbers (judged by the first row) align right."""
    numeric = [isinstance(v, (int, float)) for v in rows[0]] if rows else []
    aligns = ["---:" if i < len(numeric) and numeric[i] else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return lines


def _join_streets(names: Sequence[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    if not names:
        return "—"
    if len(names) <= MD_STREET_LIMIT:
        return sep.join(names)
    more = label("plan.md.more", lang).format(n=len(names) - MD_STREET_LIMIT)
    return sep.join(names[:MD_STREET_LIMIT]) + (more if lang == "zh" else f" {more}")


def _md_reach_by_year(rows: pd.DataFrame, lang: str) -> str:
    groups = []
    for year in sorted({int(y) for y in rows["year"]}):
        names = rows.loc[rows["year"] == year, "street"].astype(str).tolist()
        colon = "：" if lang == "zh" else ": "
        groups.append(f"{format_year(year, lang)}{colon}{_join_streets(names, lang)}")
    return ("；" if lang == "zh" else "; ").join(groups)


def _md_reach_lines(plan: Plan, reach: pd.DataFrame, kind: str, lang: str) -> list[str]:
    """Markdown lines of one kind: streets at entitlement at the end, and when each gets there."""
    mine = reach[reach["kind"] == kind]
    ends = plan.table[(plan.table["kind"] == kind) & (plan.table["year"] == plan.last_year)]
    at_target = dict(
        zip(ends["street"].astype(str), ends["onboard_end"] == ends["entitlement"], strict=True)
    )
    head = label("plan.md.at_end", lang).format(
        last=format_year(plan.last_year, lang), n=len(ends), k=sum(at_target.values())
    )
    colon, space = ("：", "") if lang == "zh" else (": ", " ")
    lines = [f"**{kind_label(kind, lang)}**{colon}{head}", ""]
    within = mine[mine["status"] == "within"]
    if len(within):
        lines.append(f"- {label('plan.md.within', lang)}{space}{_md_reach_by_year(within, lang)}")
        fell = [s for s in within["street"].astype(str) if not at_target.get(s, True)]
        if fell:
            lines.append(
                "- " + label("plan.md.fell_back", lang).format(streets=_join_streets(fell, lang))
            )
    later = mine[mine["status"] == "projected"]
    if len(later):
        lines.append(f"- {label('plan.md.projected', lang)}{space}{_md_reach_by_year(later, lang)}")
    never = mine.loc[mine["status"] == "never", "street"].astype(str).tolist()
    if never:
        text = label("plan.md.never", lang).format(
            limit=PROJECTION_LIMIT, streets=_join_streets(never, lang)
        )
        lines.append(f"- {text}")
    unknown = mine.loc[mine["status"] == "unknown", "street"].astype(str).tolist()
    if unknown:
        text = label("plan.md.unknown", lang).format(streets=_join_streets(unknown, lang))
        lines.append(f"- {text}")
    return [*lines, ""]


def _md_intro(planned: ScenarioPlan, code: str) -> str:
    """The sentence on the scenario, horizon, departures and cap."""
    plan = planned.plan
    s = plan.settings
    first, last = format_year(s.start_year, code), format_year(plan.last_year, code)
    span = first if s.years == 1 else f"{first}{'至' if code == 'zh' else ' to '}{last}"
    return label("plan.md.intro", code).format(
        name=planned.result.scenario.title or planned.result.scenario.name,
        years=s.years,
        span=span,
        attrition=describe_attrition(planned, code),
        cap=describe_cap(s.hiring_cap, code),
    )


def _md_summary_table(plan: Plan, code: str) -> list[str]:
    """The district's sums per year and kind."""
    columns = SUMMARY_TABLE_COLUMNS
    rows = [
        [
            int(r["year"]),
            kind_label(str(r["kind"]), code),
            *[int(r[c]) for c in columns[2:]],
        ]
        for r in plan.summary.to_dict(orient="records")
    ]
    return _md_table(
        [label(f"plan.{c}", code) if c != "kind" else label("kind", code) for c in columns], rows
    )


def _md_hiring_lines(plan: Plan, kind: str, code: str) -> list[str]:
    """One kind's hiring schedule: streets × years (the most hiring streets when many)."""
    year_labels = plan.settings.plan_years
    hiring = plan.hiring_by_year
    part = hiring[hiring["kind"].astype(str) == kind]
    lines = [f"**{kind_label(kind, code)}**", ""]
    hiring_rows = part[part["total"] > 0]
    if not len(hiring_rows):
        return [*lines, label("plan.md.no_hires", code), ""]
    shown = hiring_rows
    if len(hiring_rows) > MD_STREET_LIMIT:
        order = np.argsort(-hiring_rows["total"].to_numpy(), kind="stable")[:MD_STREET_LIMIT]
        shown = hiring_rows.iloc[np.sort(order)]
    body: list[list[object]] = [
        [str(r["street"]), *[int(r[y]) for y in year_labels], int(r["total"])]
        for _, r in shown.iterrows()
    ]
    body.append(
        [
            f"**{label('total_row', code)}**",
            *[int(part[y].sum()) for y in year_labels],
            int(part["total"].sum()),
        ]
    )
    headers = [label("street", code), *[str(y) for y in year_labels], label("total_row", code)]
    lines += _md_table(headers, body)
    if len(hiring_rows) > MD_STREET_LIMIT:
        lines += [
            "",
            label("plan.md.hiring_more", code).format(n=MD_STREET_LIMIT, total=len(hiring_rows)),
        ]
    return [*lines, ""]


def build_plan_section(planned: ScenarioPlan, *, lang: str = "zh", level: int = 2) -> str:
    """The transition plan as a Markdown section (for ``plan.md`` and reports).

    Parameters
    ----------
    planned : ScenarioPlan
        The plan.
    lang : {"zh", "en"}
        Language of the text.
    level : int
        Heading level of the section title (subsections are one deeper).

    Returns
    -------
    str
        Settings, a table per year and kind, the hiring schedule per kind, and when
        each street reaches its entitlement (projected beyond the horizon at the
        given rate where it does not within it).
    """
    code = check_lang(lang)
    plan = planned.plan
    h, sub = "#" * level, "#" * (level + 1)
    lines = [f"{h} {label('plan.md.title', code)}", "", _md_intro(planned, code), ""]
    lines += [f"{sub} {label('plan.md.summary', code)}", ""]
    lines += [*_md_summary_table(plan, code), ""]
    lines += [f"{sub} {label('plan.md.hiring', code)}", ""]
    for kind in list_kinds(plan.table):
        lines += _md_hiring_lines(plan, kind, code)
    lines += [f"{sub} {label('plan.md.reach', code)}", ""]
    reach = summarize_reach(plan, planned.rate_kinds)
    for kind in list_kinds(plan.table):
        lines += _md_reach_lines(plan, reach, kind, code)
    lines += [label("plan.md.files", code), ""]
    return "\n".join(lines)
