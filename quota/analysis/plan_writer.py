"""Write a transition plan's folder: ``plan.csv``, ``.xlsx``, ``.md``, ``.docx`` and the charts.

:func:`write_plan` fills ``<scenario name>-plan/`` complete or not at all;
:func:`write_plan_workbook` writes the workbook (the plan, the yearly summary,
the hiring schedule and the year each street reaches its entitlement).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from quota.analysis.plan import summarize_reach
from quota.analysis.plan_charts import write_plan_charts
from quota.analysis.plan_markdown import build_plan_section
from quota.analysis.plan_text import list_kinds
from quota.analysis.transition import PLAN_COLUMNS, Plan
from quota.analysis.transition_steps import PROJECTION_LIMIT
from quota.locale import check_lang, kind_label, label
from quota.outputs.folder import protect_csv_frame, write_csv_text, write_folder_atomically

if TYPE_CHECKING:
    from quota.analysis.plan import ScenarioPlan


def format_plan_csv(table: pd.DataFrame) -> str:
    """The plan table as CSV text: columns :data:`quota.analysis.transition.PLAN_COLUMNS`, ``\\n`` lines."""
    out = protect_csv_frame(table.loc[:, list(PLAN_COLUMNS)])
    return out.to_csv(index=False, lineterminator="\n")


def _write_sheet(
    book: Any,
    name: str,
    frame: pd.DataFrame,
    headers: Sequence[str],
    formats: Mapping[str, Any],
    *,
    total_rows: Sequence[int] = (),
    lang: str = "zh",
    title: str = "",
) -> None:
    """One sheet: a header row, then the frame's rows (text left, whole numbers right).

    Rows at the positions ``total_rows`` are totals: bold, with a rule above, and the
    sheet gets no filter. Printed like the review workbook
    (:func:`quota.outputs.xlsx.set_print_layout`): A4 landscape fitted to the page
    width, the header row repeated on every page, the title in the page header
    and page numbers in the footer.
    """
    from quota.outputs.xlsx import set_print_layout

    sheet = book.add_worksheet(name)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, formats["header"])
    values = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    totals = set(total_rows)
    for r, row in enumerate(values):
        bold = "total_" if r in totals else ""
        for col, value in enumerate(row):
            if value is None:
                sheet.write_blank(r + 1, col, None, formats[f"{bold}text"])
            elif isinstance(value, str):
                sheet.write_string(r + 1, col, value, formats[f"{bold}text"])
            else:
                sheet.write_number(r + 1, col, value, formats[f"{bold}number"])
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(headers) - 1, 11)
    if len(values) and not totals:
        sheet.autofilter(0, 0, len(values), len(headers) - 1)
    heading = f"{title} · {name}" if title else name
    set_print_layout(sheet, lang, repeat=(0, 0), title=heading)


def build_hiring_schedule(plan: Plan, lang: str) -> tuple[pd.DataFrame, list[int]]:
    """The hiring schedule, street × year, with a totals row after each kind's streets.

    Parameters
    ----------
    plan : Plan
        The plan.
    lang : {"zh", "en"}
        Language of the kind names and of the totals rows.

    Returns
    -------
    frame : DataFrame
        ``street, kind``, one column per plan year and ``total`` [people].
    total_rows : list of int
        Positions of the totals rows.
    """
    code = check_lang(lang)
    hiring = plan.hiring_by_year
    numbers = [*plan.settings.plan_years, "total"]
    parts: list[pd.DataFrame] = []
    total_rows: list[int] = []
    size = 0
    for kind in list_kinds(plan.table):
        part = hiring.loc[hiring["kind"].astype(str) == kind].copy()
        part["kind"] = kind_label(kind, code)
        sums = {c: int(part[c].sum()) for c in numbers}
        total = pd.DataFrame(
            [{"street": label("total_row", code), "kind": kind_label(kind, code), **sums}]
        )
        parts += [part, total]
        size += len(part)
        total_rows.append(size)
        size += 1
    frame = pd.concat(parts, ignore_index=True)
    frame["street"] = frame["street"].astype("str")
    frame["kind"] = frame["kind"].astype("str")
    return frame, total_rows


def _add_formats(book: Any) -> dict[str, Any]:
    """The cell formats of ``plan.xlsx``: header, text, number and their totals-row variants."""
    return {
        "header": book.add_format(
            {
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "#DDEBF7",
                "text_wrap": True,
            }
        ),
        "text": book.add_format({"border": 1}),
        "number": book.add_format({"num_format": "0", "border": 1}),
        "total_text": book.add_format({"bold": True, "border": 1, "top": 2}),
        "total_number": book.add_format({"bold": True, "num_format": "0", "border": 1, "top": 2}),
    }


def _kinds_shown(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    """A copy of ``frame`` with the kinds' display names."""
    out = frame.copy()
    out["kind"] = [kind_label(str(k), code) for k in out["kind"]]
    return out


def _header(column: str, code: str) -> str:
    if column in ("street", "kind"):
        return label(column, code)
    return label(f"plan.{column}", code)


def _write_reach_sheet(
    book: Any, planned: ScenarioPlan, formats: Mapping[str, Any], code: str
) -> None:
    """The sheet of the year each street reaches its entitlement, and how that is known."""
    reach = summarize_reach(planned.plan, planned.rate_kinds)
    notes = {
        "within": label("plan.reach.within", code),
        "projected": label("plan.reach.projected", code),
        "never": label("plan.reach.never", code).format(limit=PROJECTION_LIMIT),
        "unknown": label("plan.reach.unknown", code),
    }
    reach_frame = _kinds_shown(reach, code)
    reach_frame["status"] = [notes[str(s)] for s in reach["status"]]
    reach_headers = [
        label("street", code),
        label("kind", code),
        label("plan.reach_year", code),
        label("plan.reach_note", code),
    ]
    _write_sheet(
        book,
        label("sheet.plan_reach", code),
        reach_frame,
        reach_headers,
        formats,
        lang=code,
        title=_title(planned),
    )


def _title(planned: ScenarioPlan) -> str:
    return planned.result.scenario.title or planned.result.scenario.name


def write_plan_workbook(planned: ScenarioPlan, path: Path, *, lang: str = "zh") -> Path:
    """Write ``plan.xlsx``: the plan, the yearly summary, the hiring schedule, the year of reach.

    Parameters
    ----------
    planned : ScenarioPlan
        The plan.
    path : Path
        Target file.
    lang : {"zh", "en"}
        Language of headers, sheet names and kind names.

    Returns
    -------
    Path
        ``path``; the same plan gives the same bytes (fixed creation date).
    """
    from quota.outputs.xlsx import open_workbook

    code = check_lang(lang)
    plan = planned.plan
    title = _title(planned)
    # the package's one XLSX setup (fixed creation date, temp files next to the workbook);
    # the sheets are small, so not row by row: strings go to the shared-string table
    book = open_workbook(path, f"{title} — {label('sheet.plan', code)}", constant_memory=False)
    formats = _add_formats(book)
    table = _kinds_shown(plan.table, code)
    headers = [_header(c, code) for c in PLAN_COLUMNS]
    _write_sheet(book, label("sheet.plan", code), table, headers, formats, lang=code, title=title)
    summary = _kinds_shown(plan.summary, code)
    headers = [_header(c, code) for c in summary.columns]
    _write_sheet(
        book, label("sheet.plan_summary", code), summary, headers, formats, lang=code, title=title
    )
    hiring, total_rows = build_hiring_schedule(plan, code)
    hiring_headers = [label("street", code), label("kind", code)]
    hiring_headers += [str(y) for y in plan.settings.plan_years] + [label("total_row", code)]
    _write_sheet(
        book,
        label("sheet.plan_hiring", code),
        hiring,
        hiring_headers,
        formats,
        total_rows=total_rows,
        lang=code,
        title=title,
    )
    _write_reach_sheet(book, planned, formats, code)
    book.close()
    return path


def write_plan(planned: ScenarioPlan, folder: Path, *, lang: str = "zh") -> Path:
    """Write a plan's folder, complete or not at all.

    Parameters
    ----------
    planned : ScenarioPlan
        The plan.
    folder : Path
        Target folder, usually ``OUT/<scenario name>-plan``; replaced only once the
        new one is complete.
    lang : {"zh", "en"}
        Language of the workbook, the charts and ``plan.md``.

    Returns
    -------
    Path
        ``folder``, holding ``plan.csv`` (UTF-8 with BOM), ``plan.xlsx``, ``plan.md``,
        ``plan.docx`` (GB/T 9704-2012, :mod:`quota.analysis.plan_docx`) and
        ``charts/plan_onboard.png``, ``charts/plan_turnover.png``.
    """
    code = check_lang(lang)

    def fill(temp: Path) -> None:
        write_csv_text(temp / "plan.csv", format_plan_csv(planned.plan.table))
        write_plan_workbook(planned, temp / "plan.xlsx", lang=code)
        write_plan_charts(planned.plan, planned.result.table, temp, lang=code)
        (temp / "plan.md").write_text(build_plan_section(planned, lang=code), encoding="utf-8")
        from quota.analysis.plan_docx import write_plan_docx

        write_plan_docx(planned, temp / "plan.docx", lang=code)

    return write_folder_atomically(folder, fill)
