"""Write the comparison folder: ``compare.csv``, ``compare.xlsx``, the chart, ``compare.md/html``.

:func:`build_compare_context` gathers everything the templates show in one
language (scenarios, failures, each kind's split, the changes against the first
scenario and the street tables); :func:`write_comparison` writes the folder,
complete or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from quota.analysis.compare import Comparison, describe_problems
from quota.analysis.compare_effects import (
    describe_effects,
    describe_setting_key,
    diff_scenarios,
    format_setting,
)
from quota.analysis.compare_table import build_compare_wide, format_compare_csv, summarize_scenarios
from quota.errors import InputError, render
from quota.locale import check_lang, kind_label, label, msg
from quota.outputs.document import Cell, Table
from quota.outputs.render import FONT_STACK, build_headings, encode_png, render_template
from quota.outputs.report_tables import REPORT_MAX_STREETS, REPORT_TOP_N
from quota.outputs.text import format_quotas, format_signed

# --------------------------------------------------------------------------
# Report context
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeSection:
    """What one scenario changes against the first: settings and effects."""

    heading: str
    settings: Table | None
    settings_none: str
    effects: list[str]


@dataclass(frozen=True)
class CompareContext:
    """Everything the comparison templates show, in one language."""

    lang: str
    html_lang: str
    title: str
    subtitle: str
    headings: dict[str, str]
    scenarios: Table
    failures: list[str]
    summary: Table
    changes: list[ChangeSection]
    tables: list[Table]
    chart: str
    chart_title: str
    chart_file: str
    footer: str
    font_stack: str


def _scenario_table(comparison: Comparison, lang: str) -> Table:
    rows = []
    for run in comparison.runs:
        if run.result is not None:
            status = label("cmp.status_ok", lang).format(status=run.result.status)
            title = run.result.scenario.title or ""
            cls = "text"
        else:
            status = label("cmp.status_failed", lang).format(code=run.exit_code)
            title = ""
            cls = "cut"
        rows.append(
            [
                Cell(run.name, "text"),
                Cell(title, "text"),
                Cell(run.path.name, "text"),
                Cell(status, cls),
            ]
        )
    return Table(
        headers=[
            label("scenario", lang),
            label("title", lang),
            label("cmp.file", lang),
            label("status", lang),
        ],
        rows=rows,
    )


def _summary_table(comparison: Comparison, lang: str) -> Table:
    summary = summarize_scenarios(comparison.runs)
    names = [run.name for run in comparison.succeeded]
    rows = []
    for record in summary.to_dict(orient="records"):
        values = [record[n] for n in names]
        cells = [
            Cell(kind_label(str(record["kind"]), lang), "text"),
            Cell(label(f"report.col.{record['measure']}", lang), "text"),
        ]
        cells += [Cell(format_quotas(v)) for v in values]
        first = values[0]
        for v in values[1:]:
            delta = None if v is None or first is None else v - first
            cells.append(
                Cell(format_signed(delta), "cut" if delta is not None and delta < 0 else "num")
            )
        rows.append(cells)
    headers = [label("kind", lang), label("report.item", lang), *names]
    headers += [label("cmp.diff_header", lang).format(name=n) for n in names[1:]]
    return Table(headers=headers, rows=rows)


def select_compare_streets(part: pd.DataFrame, diffs: Sequence[str]) -> pd.DataFrame:
    """The streets a comparison report lists for one kind.

    Up to :data:`quota.outputs.report_tables.REPORT_MAX_STREETS` streets, all of them; above,
    the ``2 * REPORT_TOP_N`` with the largest absolute difference in any
    scenario, in table order.
    """
    if len(part) <= REPORT_MAX_STREETS or not diffs:
        return part
    spread = part[list(diffs)].abs().max(axis=1).fillna(0).to_numpy(dtype=float)
    order = np.argsort(-spread, kind="stable")[: 2 * REPORT_TOP_N]
    return part.iloc[np.sort(order)]


def _street_tables(comparison: Comparison, lang: str) -> list[Table]:
    table = comparison.table
    names = [run.name for run in comparison.succeeded]
    diffs = [f"diff_{n}" for n in names[1:]]
    tables = []
    for kind in dict.fromkeys(table["kind"].astype(str)):
        part = table.loc[table["kind"] == kind]
        shown = select_compare_streets(part, diffs)
        rows = []
        for record in shown.to_dict(orient="records"):
            cells = [Cell(str(record["street"]), "text")]
            cells += [Cell(format_quotas(record[n])) for n in names]
            for d in diffs:
                v = record[d]
                missing = v is None or pd.isna(v)
                cls = "num" if missing or v == 0 else "cut" if v < 0 else "gain"
                cells.append(Cell(format_signed(None if missing else v), cls))
            rows.append(cells)
        total = [Cell(label("total_row", lang), "text")]
        total += [Cell(format_quotas(_sum(part[n]))) for n in names]
        total += [_signed_total(_sum(part[d])) for d in diffs]
        note = label("cmp.diff_note", lang) if diffs else ""
        if len(shown) < len(part):
            note += label("cmp.table_top", lang).format(
                n=len(shown), total=format_quotas(len(part))
            )
        tables.append(
            Table(
                headers=[label("street", lang), *names]
                + [label("cmp.diff_header", lang).format(name=n) for n in names[1:]],
                rows=rows,
                caption=kind_label(kind, lang),
                total=total,
                note=note,
            )
        )
    return tables


def _sum(values: pd.Series) -> int | None:
    numbers = pd.to_numeric(values, errors="coerce")
    return None if numbers.isna().all() else int(numbers.sum())


def _signed_total(value: int | None) -> Cell:
    return Cell(format_signed(value), "cut" if value is not None and value < 0 else "num")


def build_change_sections(comparison: Comparison, lang: str = "zh") -> list[ChangeSection]:
    """Per later scenario: the settings changed against the first (old → new) and the effects."""
    code = check_lang(lang)
    solved = comparison.succeeded
    if len(solved) < 2:
        return []
    first = solved[0]
    sections = []
    for run in solved[1:]:
        changed = diff_scenarios(first.result.scenario, run.result.scenario)  # type: ignore[union-attr]
        settings = None
        if changed:
            settings = Table(
                headers=[
                    label("cmp.setting", code),
                    first.name,
                    run.name,
                ],
                rows=[
                    [
                        Cell(describe_setting_key(key, code), "text"),
                        Cell(format_setting(old, code), "text"),
                        Cell(format_setting(new, code), "text"),
                    ]
                    for key, old, new in changed
                ],
            )
        sections.append(
            ChangeSection(
                heading=label("cmp.against", code).format(name=run.name, first=first.name),
                settings=settings,
                settings_none=label("cmp.settings_same", code),
                effects=describe_effects(first, run, code),
            )
        )
    return sections


def build_compare_context(
    comparison: Comparison, lang: str = "zh", chart: bytes | None = None
) -> CompareContext:
    """Return everything the comparison templates show, in one language."""
    code = check_lang(lang)
    failures = [
        label("cmp.failure", code).format(
            name=run.name,
            file=run.path.name,
            code=run.exit_code,
            message=render(describe_problems(run), code),
        )
        for run in comparison.failed
    ]
    names = [run.name for run in comparison.succeeded]
    return CompareContext(
        lang=code,
        html_lang="zh-CN" if code == "zh" else "en",
        title=label("cmp.title", code),
        subtitle=label("cmp.subtitle", code).format(
            n=len(comparison.runs),
            ok=len(names),
            first=names[0] if names else label("cmp.none", code),
        ),
        headings=build_headings(
            code,
            (
                "cmp_scenarios",
                "cmp_failures",
                "cmp_summary",
                "cmp_changes",
                "cmp_streets",
                "cmp_chart",
            ),
        ),
        scenarios=_scenario_table(comparison, code),
        failures=failures,
        summary=_summary_table(comparison, code),
        changes=build_change_sections(comparison, code),
        tables=_street_tables(comparison, code),
        chart=encode_png(chart) if chart else "",
        chart_title=label("chart.compare", code),
        chart_file="charts/compare.png",
        footer=label("cmp.footer", code),
        font_stack=FONT_STACK,
    )


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write_compare_workbook(comparison: Comparison, path: Path, *, lang: str = "zh") -> Path:
    """Write ``compare.xlsx``: totals per street with differences, summaries, settings, failures."""
    from quota.outputs.sheets import Column, Group, write_grouped_table, write_table_sheet
    from quota.outputs.xlsx import build_formats, open_workbook, set_print_layout

    code = check_lang(lang)
    title = label("cmp.title", code)
    book = open_workbook(Path(path), title)
    formats = build_formats(book)
    table = comparison.table
    names = [run.name for run in comparison.succeeded]
    streets = list(dict.fromkeys(table["street"].astype(str)))
    groups = []
    for kind in dict.fromkeys(table["kind"].astype(str)):
        part = table.loc[table["kind"] == kind]
        part = part.set_index(part["street"].astype(str)).reindex(streets)
        columns = [
            Column(header=n, values=_values(part[n]), width=max(9.0, min(24.0, len(n) * 0.9)))
            for n in names
        ]
        columns += [
            Column(
                header=label("cmp.diff_header", code).format(name=n),
                values=_values(part[f"diff_{n}"]),
                style="signed",
                highlight_negative=True,
                width=max(9.0, min(24.0, len(n) * 0.9)),
            )
            for n in names[1:]
        ]
        groups.append(Group(header=kind_label(kind, code), columns=columns))
    sheet = book.add_worksheet(label("cmp.sheet", code)[:31])
    write_grouped_table(
        sheet,
        formats,
        title=title,
        first_header=label("street", code),
        names=streets,
        groups=groups,
        total_label=label("total_row", code),
    )
    set_print_layout(sheet, code, repeat=(1, 2), title=title)
    context = build_compare_context(comparison, code)
    write_table_sheet(book, formats, label("cmp.sheet_summary", code)[:31], [context.summary], code)
    settings = [
        Table(
            headers=s.settings.headers,
            rows=s.settings.rows,
            caption=s.heading,
        )
        for s in context.changes
        if s.settings is not None
    ]
    if settings:
        write_table_sheet(book, formats, label("cmp.sheet_settings", code)[:31], settings, code)
    write_table_sheet(
        book,
        formats,
        label("cmp.sheet_scenarios", code)[:31],
        [_with_failures(context.scenarios, comparison, code)],
        code,
    )
    book.close()
    return Path(path)


def _with_failures(table: Table, comparison: Comparison, lang: str) -> Table:
    messages = {run.name: render(describe_problems(run), lang) for run in comparison.failed}
    rows = [row + [Cell(messages.get(row[0].text, ""), "text")] for row in table.rows]
    return Table(headers=[*table.headers, label("cmp.message", lang)], rows=rows)


def _values(series: pd.Series) -> list[float | None]:
    array = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return [None if v != v else v for v in array.tolist()]


def write_comparison(comparison: Comparison, folder: Path, *, lang: str = "zh") -> Path:
    """Write the comparison folder: compare.csv, compare.xlsx, charts/compare.png, compare.md/html.

    Parameters
    ----------
    comparison : Comparison
        At least two solved scenarios.
    folder : Path
        The folder to create (replaced only once the new one is complete).
    lang : {"zh", "en"}
        Language of every label, header and sentence (the CSV's columns stay
        ``street, kind``, scenario names and ``diff_<name>``).

    Returns
    -------
    Path
        ``folder``.

    Raises
    ------
    InputError
        When fewer than two scenarios were solved.
    """
    from quota.outputs.charts import plot_compare, write_figure
    from quota.outputs.folder import write_csv_text, write_folder_atomically

    code = check_lang(lang)
    if len(comparison.succeeded) < 2:
        raise InputError(
            msg(
                "analysis.compare_too_few",
                solved=len(comparison.succeeded),
                total=len(comparison.runs),
            )
        )

    def fill(temp: Path) -> None:
        write_csv_text(temp / "compare.csv", format_compare_csv(comparison.table))
        write_compare_workbook(comparison, temp / "compare.xlsx", lang=code)
        (temp / "charts").mkdir()
        figure = plot_compare(build_compare_wide(comparison), lang=code)
        chart = write_figure(figure, temp / "charts" / "compare.png", lang=code)
        context = build_compare_context(comparison, code, chart.read_bytes())
        (temp / "compare.md").write_text(
            render_template("compare.md.j2", r=context), encoding="utf-8", newline="\n"
        )
        (temp / "compare.html").write_text(
            render_template("compare.html.j2", r=context), encoding="utf-8", newline="\n"
        )

    return write_folder_atomically(Path(folder), fill)
