"""``compare.docx``: the comparison of scenarios as a 说明 in the layout of GB/T 9704-2012.

The content is the comparison report's (:func:`quota.analysis.compare_writer.build_compare_context`),
set as an official document: the title (关于N个街道编制调剂方案比较情况的说明), an
opening sentence, 一、参与比较的方案 (each scenario, its file and status; the
failures), 二、变化及原因 (per later scenario the settings it changes against the
first and what that does, the committee's decisions side by side), and as
attachments the kinds' totals and composition per scenario (附件1) and, per
kind, each street's total under every scenario with the differences to the
first and a 合计 row (附件2, …), landscape when wide. Each street's composition
(base, quantified, turnover) per scenario is in ``compare.xlsx`` and the HTML.

The 主送机关, issuing office, date, number and fonts are the first solved
scenario's ``document:`` section (its title is that scenario's own and is not
used here). Laid out by :mod:`quota.outputs.docx`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from quota.analysis.compare_table import select_compare_streets
from quota.analysis.compare_writer import build_compare_context
from quota.config.schema import DocumentConfig
from quota.locale import check_lang, kind_label, label
from quota.outputs.document import Cell, Table, phrase, quota_cell, signed_cell, sum_or_none
from quota.outputs.docx.content import (
    Attachment,
    Block,
    OfficialDocument,
    Outline,
    TableBlock,
    Text,
    item_number,
    resolve_front_matter,
)
from quota.outputs.text import format_quotas

if TYPE_CHECKING:
    from quota.analysis.compare import Comparison
    from quota.analysis.compare_writer import CompareContext


def _config(comparison: Comparison) -> DocumentConfig:
    """The first solved scenario's ``document:`` section (the default one when none solved)."""
    for run in comparison.succeeded:
        if run.result is not None:
            return run.result.scenario.document
    return DocumentConfig()


def _scenario_lines(context: CompareContext, lang: str) -> list[Block]:
    """One line per scenario: its title (or name), name, file and status; then the failures."""
    blocks: list[Block] = []
    for i, row in enumerate(context.scenarios.rows, start=1):
        name, title, file, status = (cell.text for cell in row[:4])
        text = phrase(
            "docx.compare.scenario", lang, title=title or name, name=name, file=file, status=status
        )
        blocks.append(Text(item_number(i, lang) + text))
    blocks += [Text(failure) for failure in context.failures]
    return blocks


def _change_blocks(context: CompareContext, outline: Outline, lang: str) -> list[Block]:
    """Per later scenario (and the decisions side by side): what changes, as a table, and why."""
    blocks: list[Block] = []
    for section in context.changes:
        blocks.append(outline.heading(2, section.heading))
        if section.settings is not None:
            blocks.append(TableBlock(section.settings))
        elif section.settings_none:
            blocks.append(Text(section.settings_none))
        blocks += [Text(effect) for effect in section.effects]
    if not context.changes:
        blocks.append(Text(phrase("docx.compare.no_changes", lang)))
    return blocks


def build_totals_table(comparison: Comparison, kind: str, lang: str = "zh") -> Table:
    """One kind's comparison: each street's total under every scenario, the differences, 合计.

    Scenarios are named by their titles; the differences are against the first
    scenario, signed (a cut styled ``cut``). Many streets: those with the largest
    differences (:func:`~quota.analysis.compare_table.select_compare_streets`),
    the 合计 row still over every street.
    """
    code = check_lang(lang)
    runs = comparison.succeeded
    titles = comparison.titles(code)
    diffs = [f"diff_{run.name}" for run in runs[1:]]
    table = comparison.table
    part = table.loc[table["kind"].astype(str) == kind]
    shown = select_compare_streets(part, diffs)
    columns = [run.name for run in runs] + diffs
    headers = [label("street", code), *(titles[run.name] for run in runs)]
    headers += [label("cmp.diff_header", code).format(name=titles[run.name]) for run in runs[1:]]

    def cell(column: str, value: object) -> Cell:
        return signed_cell(value) if column.startswith("diff_") else quota_cell(value)

    rows = [
        [Cell(str(r["street"]), "text")] + [cell(c, r[c]) for c in columns]
        for r in shown.to_dict(orient="records")
    ]
    total = [Cell(label("total_row", code), "text")] + [
        cell(c, sum_or_none(part[c])) for c in columns
    ]
    note = ""
    if len(shown) < len(part):
        note = label("cmp.table_top", code).format(n=len(shown), total=format_quotas(len(part)))
    return Table(headers, rows, caption=kind_label(kind, code), total=total, note=note.strip())


def _attachments(comparison: Comparison, context: CompareContext, lang: str) -> list[Attachment]:
    unit = phrase("docx.unit", lang)
    summary = Attachment(
        title=phrase("docx.compare.summary", lang),
        blocks=(TableBlock(context.summary, unit=unit),),
    )
    attachments = [summary]
    if len(comparison.succeeded) >= 1:
        for kind in dict.fromkeys(comparison.table["kind"].astype(str)):
            title = phrase("docx.compare.streets", lang, kind=kind_label(kind, lang))
            table = build_totals_table(comparison, kind, lang)
            notes = (phrase("docx.compare.totals_note", lang),)
            attachments.append(Attachment(title, (TableBlock(table, unit=unit, notes=notes),)))
    return attachments


def build_compare_document(comparison: Comparison, lang: str = "zh") -> OfficialDocument:
    """The content of ``compare.docx`` in one language (see the module docstring)."""
    code = check_lang(lang)
    context = build_compare_context(comparison, code)
    config = _config(comparison)
    title = phrase("docx.compare.title", code, n=len(comparison.runs))
    front = replace(resolve_front_matter(config, title, code, genre="plan"), title=title)
    outline = Outline(code)
    blocks: list[Block] = [Text(context.subtitle)]
    blocks.append(outline.heading(1, phrase("docx.compare.h.scenarios", code)))
    blocks += _scenario_lines(context, code)
    blocks.append(outline.heading(1, phrase("docx.compare.h.changes", code)))
    attachments = _attachments(comparison, context, code)
    blocks.append(Text(phrase("docx.compare.see", code)))
    blocks += _change_blocks(context, outline, code)
    return OfficialDocument(
        lang=code,
        front=front,
        blocks=tuple(blocks),
        attachments=tuple(attachments),
        fonts={str(role): name for role, name in config.fonts.items()},
    )


def write_compare_docx(comparison: Comparison, path: Path | str, *, lang: str = "zh") -> Path:
    """Write ``compare.docx`` (GB/T 9704-2012 layout); the same comparison, the same bytes."""
    from quota.outputs.docx.writer import write_official_docx

    return write_official_docx(build_compare_document(comparison, lang), Path(path))
