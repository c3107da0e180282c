"""Write the comparison folder: ``compare.csv``, ``.xlsx``, the chart, ``.md``, ``.html``, ``.docx``.

:func:`build_compare_context` gathers everything the templates show in one
language (scenarios, failures, each kind's split, the changes against the first
scenario, the committee's decisions side by side and each street's composition
with the district reserve as its own row), scenarios named by their titles;
:func:`write_compare_workbook` writes ``compare.xlsx`` and :func:`write_comparison`
the folder, complete or not at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota.analysis.compare import Comparison, describe_problems
from quota.analysis.compare_effects import (
    ChangeSection,
    build_change_sections,
    build_decision_section,
    build_decision_table,
)
from quota.analysis.compare_table import (
    COMPOSITION,
    build_compare_wide,
    build_street_tables,
    format_compare_csv,
    kind_value,
    summarize_scenarios,
)
from quota.errors import InputError, render
from quota.locale import check_lang, kind_label, label, msg
from quota.outputs.document import Cell, Table
from quota.outputs.render import FONT_STACK, build_headings, encode_png, render_template
from quota.outputs.sheets import Column, Group
from quota.outputs.text import format_quotas, format_signed

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from quota.analysis.compare import ScenarioRun

# --------------------------------------------------------------------------
# Report context
# --------------------------------------------------------------------------


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


#: measures of a kind's split whose decrease is not a cut of any street (not styled ``cut``)
NOT_CUTS: frozenset[str] = frozenset({"reserve"})


def _summary_table(comparison: Comparison, lang: str) -> Table:
    summary = summarize_scenarios(comparison.runs)
    names = [run.name for run in comparison.succeeded]
    titles = comparison.titles(lang)
    rows = []
    for record in summary.to_dict(orient="records"):
        values = [record[n] for n in names]
        cells = [
            Cell(kind_label(str(record["kind"]), lang), "text"),
            Cell(label(f"report.col.{record['measure']}", lang), "text"),
        ]
        cells += [Cell(format_quotas(v)) for v in values]
        first = values[0]
        cut = record["measure"] not in NOT_CUTS
        for v in values[1:]:
            delta = None if v is None or first is None else v - first
            shaded = cut and delta is not None and delta < 0
            cells.append(Cell(format_signed(delta), "cut" if shaded else "num"))
        rows.append(cells)
    headers = [label("kind", lang), label("report.item", lang), *[titles[n] for n in names]]
    headers += [label("cmp.diff_header", lang).format(name=titles[n]) for n in names[1:]]
    return Table(headers=headers, rows=rows)


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
    titles = comparison.titles(code)
    names = [titles[run.name] for run in comparison.succeeded]
    headings = build_headings(
        code,
        (
            "cmp_scenarios",
            "cmp_failures",
            "cmp_summary",
            "cmp_changes",
            "cmp_composition",
            "cmp_chart",
        ),
    )
    headings["cmp_streets"] = headings.pop("cmp_composition")
    changes = build_change_sections(comparison, code)
    decisions = build_decision_section(comparison, code)
    return CompareContext(
        lang=code,
        html_lang="zh-CN" if code == "zh" else "en",
        title=label("cmp.title", code),
        subtitle=label("cmp.subtitle", code).format(
            n=len(comparison.runs),
            ok=len(names),
            first=names[0] if names else label("cmp.none", code),
        ),
        headings=headings,
        scenarios=_scenario_table(comparison, code),
        failures=failures,
        summary=_summary_table(comparison, code),
        changes=changes if decisions is None else [*changes, decisions],
        tables=build_street_tables(comparison, code),
        chart=encode_png(chart) if chart else "",
        chart_title=label("chart.compare", code),
        chart_file="charts/compare.png",
        footer=label("cmp.footer", code),
        font_stack=FONT_STACK,
    )


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


#: width of a scenario's column in the workbook [characters]
SCENARIO_WIDTH = 12.0
#: widest a column of the workbook gets to fit the title over it [characters]
WIDEST_SCENARIO = 16.0


@dataclass(frozen=True)
class SheetPart:
    """The columns of a grouped workbook sheet and, per column, the district reserve under it."""

    groups: list[Group]
    reserve: list[float | None]


def write_compare_workbook(comparison: Comparison, path: Path, *, lang: str = "zh") -> Path:
    """Write ``compare.xlsx``.

    Sheets: the totals per street and kind with their differences (方案比较), one
    sheet per kind with each scenario's base, quantified and turnover quotas
    (行政编制构成, ...), the kinds' splits, the changed settings, the committee's
    decisions side by side (when any scenario has one) and the scenarios with
    the failures. Each street sheet ends with the streets' total (``SUM``), the
    district reserve (never shaded like a cut) and the pool (their sum, a
    formula). Scenarios are named by their titles.
    """
    from quota.outputs.sheets import write_table_sheet
    from quota.outputs.xlsx import build_formats, open_workbook

    code = check_lang(lang)
    title = label("cmp.title", code)
    book = open_workbook(Path(path), title)
    formats = build_formats(book)
    used: set[str] = set()
    _write_street_sheet(
        book,
        formats,
        _sheet_name(label("cmp.sheet", code), used),
        title,
        _totals_part(comparison, code),
        comparison,
        code,
    )
    for kind in dict.fromkeys(comparison.table["kind"].astype(str)):
        name = label("cmp.sheet_kind", code).format(kind=kind_label(kind, code))
        part = _composition_part(comparison, kind, code)
        heading = f"{title} · {kind_label(kind, code)}"
        _write_street_sheet(
            book, formats, _sheet_name(name, used), heading, part, comparison, code, kind=kind
        )
    _write_summary_sheet(
        book, formats, _sheet_name(label("cmp.sheet_summary", code), used), comparison, code
    )
    context = build_compare_context(comparison, code)
    tables: list[tuple[str, list[Table]]] = []
    settings = [
        Table(headers=s.settings.headers, rows=s.settings.rows, caption=s.heading)
        for s in build_change_sections(comparison, code)
        if s.settings is not None
    ]
    if settings:
        tables.append(("cmp.sheet_settings", settings))
    decisions = build_decision_table(comparison.succeeded, comparison.titles(code), code)
    if decisions is not None:
        tables.append(("cmp.sheet_decisions", [decisions]))
    tables.append(("cmp.sheet_scenarios", [_with_failures(context.scenarios, comparison, code)]))
    for key, shown in tables:
        write_table_sheet(book, formats, _sheet_name(label(key, code), used), shown, code)
    book.close()
    return Path(path)


def _sheet_name(text: str, used: set[str]) -> str:
    """A sheet name Excel accepts (no ``[]:*?/\\``, at most 31 characters), unique in ``used``."""
    for bad in "[]:*?/\\":
        text = text.replace(bad, "_")
    name, n = text[:31], 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = text[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def _title_width(text: str, columns: int = 1) -> float:
    """Width of each of ``columns`` columns under a scenario's title [characters]."""
    from quota.outputs.xlsx import compute_text_width

    needed = compute_text_width(text) / columns + 2.0
    return max(9.0, min(WIDEST_SCENARIO, needed)) if columns > 1 else SCENARIO_WIDTH


def _by_street(comparison: Comparison, kind: str) -> pd.DataFrame:
    """One kind's rows of the comparison table, on every street of the comparison."""
    table = comparison.table
    streets = list(dict.fromkeys(table["street"].astype(str)))
    part = table.loc[table["kind"] == kind]
    return part.set_index(part["street"].astype(str)).reindex(streets)


def _reserve_diffs(runs: Sequence[ScenarioRun], kind: str) -> list[float | None]:
    """Each later scenario's district reserve minus the first one's [quotas]."""
    first = kind_value(runs[0], kind, "reserve")
    values = [kind_value(run, kind, "reserve") for run in runs[1:]]
    return [None if v is None or first is None else float(v - first) for v in values]


def _totals_part(comparison: Comparison, lang: str) -> SheetPart:
    """The totals sheet: per kind, each scenario's total and the differences to the first."""
    runs = comparison.succeeded
    titles = comparison.titles(lang)
    groups, reserve = [], []
    for kind in dict.fromkeys(comparison.table["kind"].astype(str)):
        part = _by_street(comparison, kind)
        columns = [
            Column(header=titles[r.name], values=_values(part[r.name]), width=SCENARIO_WIDTH)
            for r in runs
        ]
        columns += [
            Column(
                header=label("cmp.diff_header", lang).format(name=titles[r.name]),
                values=_values(part[f"diff_{r.name}"]),
                style="signed",
                highlight_negative=True,
                width=SCENARIO_WIDTH,
            )
            for r in runs[1:]
        ]
        groups.append(Group(header=kind_label(kind, lang), columns=columns))
        reserve += [_number(kind_value(r, kind, "reserve")) for r in runs]
        reserve += _reserve_diffs(runs, kind)
    return SheetPart(groups, reserve)


def _composition_part(comparison: Comparison, kind: str, lang: str) -> SheetPart:
    """One kind's sheet: per scenario base, quantified, turnover and total; then the diffs."""
    runs = comparison.succeeded
    titles = comparison.titles(lang)
    part = _by_street(comparison, kind)
    groups, reserve = [], []
    for run in runs:
        width = _title_width(titles[run.name], len(COMPOSITION) + 1)
        columns = [
            Column(header=label(p, lang), values=_values(part[f"{p}_{run.name}"]), width=width)
            for p in COMPOSITION
        ]
        columns.append(
            Column(header=label("total", lang), values=_values(part[run.name]), width=width)
        )
        groups.append(Group(header=titles[run.name], columns=columns))
        left = _number(kind_value(run, kind, "reserve"))
        reserve += [None, None, left, left]
    if len(runs) > 1:
        diffs = [
            Column(
                header=titles[run.name],
                values=_values(part[f"diff_{run.name}"]),
                style="signed",
                highlight_negative=True,
                width=SCENARIO_WIDTH,
            )
            for run in runs[1:]
        ]
        groups.append(Group(header=label("cmp.diff_group", lang), columns=diffs))
        reserve += _reserve_diffs(runs, kind)
    return SheetPart(groups, reserve)


def _number(value: int | None) -> float | None:
    return None if value is None else float(value)


def _write_street_sheet(
    book: Workbook,
    formats: dict[str, Format],
    name: str,
    title: str,
    part: SheetPart,
    comparison: Comparison,
    lang: str,
    *,
    kind: str | None = None,
) -> None:
    """A grouped street table, then the district reserve and the pool rows, and a note."""
    from quota.outputs.sheets import write_grouped_table
    from quota.outputs.xlsx import column_width, set_print_layout

    table = comparison.table
    sheet = book.add_worksheet(name)
    total_row = write_grouped_table(
        sheet,
        formats,
        title=title,
        first_header=label("street", lang),
        names=list(dict.fromkeys(table["street"].astype(str))),
        groups=part.groups,
        total_label=label("report.col.streets_total", lang),
    )
    columns = [c for g in part.groups for c in g.columns]
    _write_district_rows(sheet, formats, total_row, columns, part.reserve, lang)
    firsts = [label(k, lang) for k in ("street", "report.col.streets_total", "report.col.reserve")]
    sheet.set_column(0, 0, column_width([*firsts, *table["street"].astype(str)], 10, 28))
    runs = comparison.succeeded
    first = comparison.titles(lang)[runs[0].name] if runs else ""
    notes = [label("cmp.workbook_note", lang)]
    if len(runs) > 1:
        notes.insert(0, label("cmp.diff_note_first", lang).format(first=first))
    for offset, note in enumerate(notes):
        sheet.write_string(total_row + 4 + offset, 0, note, formats["note"])
    set_print_layout(sheet, lang, repeat=(1, 2), title=title)


def _write_district_rows(
    sheet: Worksheet,
    formats: dict[str, Format],
    total_row: int,
    columns: Sequence[Column],
    reserve: Sequence[float | None],
    lang: str,
) -> None:
    """Under the streets' total: the district reserve (plain, never red) and the pool (a sum)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    reserve_row, pool_row = total_row + 1, total_row + 2
    sheet.write_string(reserve_row, 0, label("report.col.reserve", lang), formats["text"])
    for j, (column, left) in enumerate(zip(columns, reserve, strict=True)):
        if left is None:
            sheet.write_blank(reserve_row, j + 1, None, formats[column.style])
        else:
            sheet.write_number(reserve_row, j + 1, left, formats[column.style])
    sheet.write_string(pool_row, 0, label("report.col.pool", lang), formats["text.total"])
    for j, (column, left) in enumerate(zip(columns, reserve, strict=True)):
        known = [v for v in column.values if isinstance(v, float | int) and v == v]
        fmt = formats[f"{column.style}.total"]
        if not known and left is None:
            sheet.write_blank(pool_row, j + 1, None, fmt)
            continue
        cells = f"{xl_rowcol_to_cell(total_row, j + 1)}+{xl_rowcol_to_cell(reserve_row, j + 1)}"
        cached = sum(known) + (left or 0.0)
        sheet.write_formula(
            pool_row, j + 1, f"={cells}", fmt, int(cached) if cached.is_integer() else cached
        )


def _write_summary_sheet(
    book: Workbook, formats: dict[str, Format], name: str, comparison: Comparison, lang: str
) -> None:
    """Each kind's split per scenario and the differences to the first, as numbers.

    A decrease is shaded as a cut, except the district reserve's (:data:`NOT_CUTS`).
    """
    from quota.outputs.xlsx import column_width, compute_text_width, set_print_layout

    summary = summarize_scenarios(comparison.runs)
    names = [run.name for run in comparison.succeeded]
    titles = comparison.titles(lang)
    headers = [label("kind", lang), label("report.item", lang), *[titles[n] for n in names]]
    headers += [label("cmp.diff_header", lang).format(name=titles[n]) for n in names[1:]]
    sheet = book.add_worksheet(name)
    records = summary.to_dict(orient="records")
    texts = [
        [kind_label(str(r["kind"]), lang), label(f"report.col.{r['measure']}", lang)]
        for r in records
    ]
    for c in (0, 1):
        sheet.set_column(c, c, column_width([headers[c], *(t[c] for t in texts)], 8, 30))
    sheet.set_column(2, len(headers) - 1, SCENARIO_WIDTH)
    lines = max(math.ceil(compute_text_width(h) / (SCENARIO_WIDTH - 1)) for h in headers[2:])
    sheet.set_row(0, 15 * max(lines, 1) + 4)
    sheet.write_row(0, 0, headers, formats["header"])
    for r, (record, text) in enumerate(zip(records, texts, strict=True), start=1):
        sheet.write_row(r, 0, text, formats["text"])
        values = [record[n] for n in names]
        for c, value in enumerate(values, start=2):
            _write_count(sheet, r, c, value, formats["int"])
        first = values[0]
        for c, value in enumerate(values[1:], start=2 + len(values)):
            delta = None if value is None or first is None else value - first
            cut = delta is not None and delta < 0 and record["measure"] not in NOT_CUTS
            _write_count(sheet, r, c, delta, formats["signed.cut" if cut else "signed"])
    sheet.freeze_panes(1, 2)
    set_print_layout(sheet, lang, repeat=(0, 0), title=name)


def _write_count(sheet: Worksheet, row: int, col: int, value: int | None, fmt: Format) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_number(row, col, value, fmt)


def _with_failures(table: Table, comparison: Comparison, lang: str) -> Table:
    messages = {run.name: render(describe_problems(run), lang) for run in comparison.failed}
    rows = [row + [Cell(messages.get(row[0].text, ""), "text")] for row in table.rows]
    return Table(headers=[*table.headers, label("cmp.message", lang)], rows=rows)


def _values(series: pd.Series) -> list[float | None]:
    array = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return [None if v != v else v for v in array.tolist()]


def write_comparison(comparison: Comparison, folder: Path, *, lang: str = "zh") -> Path:
    """Write the comparison folder: compare.csv, .xlsx, .md, .html, .docx and charts/compare.png.

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
        figure = plot_compare(
            build_compare_wide(comparison), lang=code, titles=comparison.titles(code)
        )
        chart = write_figure(figure, temp / "charts" / "compare.png", lang=code)
        context = build_compare_context(comparison, code, chart.read_bytes())
        (temp / "compare.md").write_text(
            render_template("compare.md.j2", r=context), encoding="utf-8", newline="\n"
        )
        (temp / "compare.html").write_text(
            render_template("compare.html.j2", r=context), encoding="utf-8", newline="\n"
        )
        from quota.analysis.compare_docx import write_compare_docx

        write_compare_docx(comparison, temp / "compare.docx", lang=code)

    return write_folder_atomically(Path(folder), fill)
