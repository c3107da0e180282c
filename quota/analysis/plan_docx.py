"""``plan.docx``: a transition plan as a 请示 (or 方案) in the layout of GB/T 9704-2012.

The content is ``plan.md``'s (:mod:`quota.analysis.plan_markdown`), set as an
official document: the title (关于《方案标题过渡计划》的请示), the 主送机关, the
plan's settings in one paragraph, 一、各年安排 (per kind the staff on board from
start to end against the entitlement, departures and hires, the turnover quotas
returned), 二、招录计划 (per kind the hires per year), 三、到位时间 (when the
streets reach their entitlement, projected beyond the plan where they do not),
the closing, and as attachments the sums per year and kind (附件1) and the
hiring schedule per street (附件2, with a 合计 row per kind).

The scenario's ``document:`` section sets the 主送机关, issuing office, date,
number and fonts (its title is the report's and is not used here). Laid out by
:mod:`quota.outputs.docx`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota.analysis.plan import summarize_reach
from quota.analysis.plan_markdown import (
    SUMMARY_TABLE_COLUMNS,
    _join_streets,
    _md_intro,
    _md_reach_by_year,
)
from quota.analysis.plan_text import format_year, list_kinds
from quota.analysis.transition_steps import PROJECTION_LIMIT
from quota.locale import check_lang, kind_label, label
from quota.outputs.document import Cell, Table, phrase, quota_cell
from quota.outputs.docx.content import (
    Attachment,
    Block,
    OfficialDocument,
    Outline,
    TableBlock,
    Text,
    build_title,
    document_genre,
    resolve_front_matter,
)
from quota.outputs.docx.report_docx import DOCX_MAX_STREETS

if TYPE_CHECKING:
    from quota.analysis.plan import ScenarioPlan
    from quota.analysis.transition import Plan


def _join(items: list[str], lang: str) -> str:
    return phrase("docx.list_sep", lang).join(items)


def _kind_years(planned: ScenarioPlan, kind: str, lang: str) -> str:
    """One kind from the first year to the last: staff, departures, hires, turnover returned."""
    summary = planned.plan.summary
    rows = summary.loc[summary["kind"].astype(str) == kind].sort_values("year", kind="stable")
    first, last = rows.iloc[0], rows.iloc[-1]
    kinds = planned.result.kinds
    used = kinds.loc[kinds["kind"].astype(str) == kind, "turnover_used"]
    return phrase(
        "docx.plan.kind",
        lang,
        kind=kind_label(kind, lang),
        start=int(first["onboard_start"]),
        end=int(last["onboard_end"]),
        entitlement=int(last["entitlement"]),
        departures=int(rows["departures"].sum()),
        hires=int(rows["hires"].sum()),
        before=int(used.iloc[0]) if len(used) else 0,
        after=int(last["turnover"]),
        reserve=int(last["reserve"]),
    )


def _kind_hires(plan: Plan, kind: str, lang: str) -> str:
    """One kind's hires per year: 共招录80人：第1年54人、第2年12人…"""
    hiring = plan.hiring_by_year
    part = hiring.loc[hiring["kind"].astype(str) == kind]
    total = int(part["total"].sum())
    if total == 0:
        return (
            kind_label(kind, lang)
            + phrase("docx.plan.colon", lang)
            + label("plan.md.no_hires", lang)
        )
    years = [
        phrase("docx.plan.year_hires", lang, year=format_year(int(y), lang), n=int(part[y].sum()))
        for y in plan.settings.plan_years
    ]
    return phrase(
        "docx.plan.hires", lang, kind=kind_label(kind, lang), total=total, years=_join(years, lang)
    )


def _reach_lines(plan: Plan, reach: pd.DataFrame, kind: str, lang: str) -> list[str]:
    """When one kind's streets reach their entitlement: within the plan, later, never, unknown."""
    mine = reach[reach["kind"] == kind]
    ends = plan.table[(plan.table["kind"] == kind) & (plan.table["year"] == plan.last_year)]
    at_target = dict(
        zip(ends["street"].astype(str), ends["onboard_end"] == ends["entitlement"], strict=True)
    )
    head = label("plan.md.at_end", lang).format(
        last=format_year(plan.last_year, lang), n=len(ends), k=sum(at_target.values())
    )
    lines = [kind_label(kind, lang) + phrase("docx.plan.colon", lang) + head]
    space = "" if lang == "zh" else " "
    within = mine[mine["status"] == "within"]
    if len(within):
        lines.append(label("plan.md.within", lang) + space + _md_reach_by_year(within, lang))
        fell = [s for s in within["street"].astype(str) if not at_target.get(s, True)]
        if fell:
            lines.append(label("plan.md.fell_back", lang).format(streets=_join_streets(fell, lang)))
    later = mine[mine["status"] == "projected"]
    if len(later):
        lines.append(label("plan.md.projected", lang) + space + _md_reach_by_year(later, lang))
    for status, key in (("never", "plan.md.never"), ("unknown", "plan.md.unknown")):
        names = mine.loc[mine["status"] == status, "street"].astype(str).tolist()
        if names:
            values = {"streets": _join_streets(names, lang), "limit": PROJECTION_LIMIT}
            lines.append(label(key, lang).format(**values))
    return [
        line + ("" if line.endswith(("。", ".")) else phrase("docx.result.end", lang))
        for line in lines
    ]


def build_summary_table(plan: Plan, lang: str = "zh") -> Table:
    """The district's sums per year and kind (the columns of ``plan.md``'s table)."""
    code = check_lang(lang)
    columns = SUMMARY_TABLE_COLUMNS
    headers = [label("kind", code) if c == "kind" else label(f"plan.{c}", code) for c in columns]
    rows = [
        [
            Cell(format_year(int(r["year"]), code), "text"),
            Cell(kind_label(str(r["kind"]), code), "text"),
            *[quota_cell(r[c]) for c in columns[2:]],
        ]
        for r in plan.summary.to_dict(orient="records")
    ]
    return Table(headers=headers, rows=rows)


def build_hiring_table(plan: Plan, kind: str, lang: str = "zh") -> Table:
    """One kind's hires per street and year, with a 合计 row; streets that hire only.

    More than :data:`~quota.outputs.docx.report_docx.DOCX_MAX_STREETS` such
    streets: those hiring most, with a note (the 合计 row still covers them all).
    """
    code = check_lang(lang)
    years = list(plan.settings.plan_years)
    hiring = plan.hiring_by_year
    part = hiring.loc[hiring["kind"].astype(str) == kind]
    hiring_rows = part.loc[part["total"] > 0]
    shown = hiring_rows
    note = ""
    if len(hiring_rows) > DOCX_MAX_STREETS:
        order = np.argsort(-hiring_rows["total"].to_numpy(), kind="stable")[:DOCX_MAX_STREETS]
        shown = hiring_rows.iloc[np.sort(order)]
        note = label("plan.md.hiring_more", code).format(n=len(shown), total=len(hiring_rows))
    headers = [label("street", code), *(format_year(int(y), code) for y in years)]
    headers.append(label("total_row", code))
    rows = [
        [Cell(str(r["street"]), "text"), *(quota_cell(r[y]) for y in years), quota_cell(r["total"])]
        for r in shown.to_dict(orient="records")
    ]
    total = [Cell(label("total_row", code), "text")]
    total += [quota_cell(int(part[y].sum())) for y in [*years, "total"]]
    return Table(headers, rows, caption=kind_label(kind, code), total=total, note=note)


def _attachments(plan: Plan, lang: str) -> list[Attachment]:
    unit = phrase("docx.plan.unit", lang)
    summary = Attachment(
        title=label("plan.md.summary", lang),
        blocks=(TableBlock(build_summary_table(plan, lang), unit=unit),),
    )
    hiring: list[Block] = []
    for kind in list_kinds(plan.table):
        table = build_hiring_table(plan, kind, lang)
        if table.rows:
            hiring.append(TableBlock(table, unit=unit, caption=True))
        else:
            hiring.append(
                Text(
                    kind_label(kind, lang)
                    + phrase("docx.plan.colon", lang)
                    + label("plan.md.no_hires", lang)
                )
            )
    title = phrase("docx.plan.hiring_title", lang)
    return [summary, Attachment(title=title, blocks=tuple(hiring))]


def build_plan_document(planned: ScenarioPlan, lang: str = "zh") -> OfficialDocument:
    """The content of ``plan.docx`` in one language (see the module docstring)."""
    code = check_lang(lang)
    plan = planned.plan
    scenario = planned.result.scenario
    config = scenario.document
    subject = phrase("docx.plan.subject", code, title=scenario.title or scenario.name)
    genre = document_genre(config)
    front = replace(
        resolve_front_matter(config, subject, code), title=build_title(subject, genre, code)
    )
    kinds = list_kinds(plan.table)
    outline = Outline(code)
    blocks: list[Block] = [Text(_md_intro(planned, code))]
    blocks.append(outline.heading(1, phrase("docx.plan.h.years", code)))
    blocks += [Text(_kind_years(planned, kind, code)) for kind in kinds]
    blocks.append(Text(phrase("docx.plan.see_summary", code)))
    blocks.append(outline.heading(1, phrase("docx.plan.h.hiring", code)))
    blocks += [Text(_kind_hires(plan, kind, code)) for kind in kinds]
    blocks.append(Text(phrase("docx.plan.see_hiring", code)))
    blocks.append(outline.heading(1, phrase("docx.plan.h.reach", code)))
    reach = summarize_reach(plan, planned.rate_kinds)
    for kind in kinds:
        blocks += [Text(line) for line in _reach_lines(plan, reach, kind, code)]
    return OfficialDocument(
        lang=code,
        front=front,
        blocks=tuple(blocks),
        attachments=tuple(_attachments(plan, code)),
        fonts={str(role): name for role, name in config.fonts.items()},
    )


def write_plan_docx(planned: ScenarioPlan, path: Path | str, *, lang: str = "zh") -> Path:
    """Write ``plan.docx`` (GB/T 9704-2012 layout); the same plan, the same bytes."""
    from quota.outputs.docx.writer import write_official_docx

    return write_official_docx(build_plan_document(planned, lang), Path(path))
