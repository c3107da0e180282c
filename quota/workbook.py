"""The review workbook ``allocation.xlsx`` (XlsxWriter).

Sheets: the allocation (two-row header: quota kind over its columns, one row
per street, a totals row), parameters, indicators and scores, diagnostics.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from quota.labels import kind_label, label

if TYPE_CHECKING:
    from quota.result import Result

#: columns shown per kind in the review table, in order
KIND_COLUMNS = (
    "current",
    "base",
    "quantified",
    "turnover",
    "total",
    "change",
    "onboard",
    "vacancy",
)
_FIXED_DATE = dt.datetime(2000, 1, 1)


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value.item() if hasattr(value, "item") else value


def build_review_frame(table: pd.DataFrame) -> tuple[list[str], list[str], pd.DataFrame]:
    """Wide review table: one row per street, per kind the KIND_COLUMNS.

    Returns the kinds (in order), the streets (in order) and a frame with
    MultiIndex columns ``(kind, column)``.
    """
    kinds = list(dict.fromkeys(table["kind"]))
    streets = list(dict.fromkeys(table["street"]))
    parts = []
    for kind in kinds:
        part = table.loc[table["kind"] == kind].set_index("street").reindex(streets)
        part = part.loc[:, list(KIND_COLUMNS)]
        part.columns = pd.MultiIndex.from_product([[kind], part.columns])
        parts.append(part)
    return kinds, streets, pd.concat(parts, axis=1)


def write_workbook(result: Result, path: Path, *, lang: str = "zh") -> Path:
    """Write the review workbook."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
    book.set_properties(
        {"created": _FIXED_DATE, "title": result.scenario.title or result.scenario.name}
    )
    header = book.add_format(
        {
            "bold": True,
            "align": "center",
            "valign": "vcenter",
            "border": 1,
            "bg_color": "#DDEBF7",
            "text_wrap": True,
        }
    )
    number = book.add_format({"num_format": "0", "border": 1})
    signed = book.add_format({"num_format": "+0;-0;0", "border": 1})
    cut = book.add_format(
        {"num_format": "+0;-0;0", "border": 1, "font_color": "#C00000", "bg_color": "#FCE4E4"}
    )
    text = book.add_format({"border": 1})
    total_text = book.add_format({"bold": True, "border": 1, "top": 2})
    total_num = book.add_format({"bold": True, "num_format": "0", "border": 1, "top": 2})
    total_signed = book.add_format({"bold": True, "num_format": "+0;-0;0", "border": 1, "top": 2})
    title_fmt = book.add_format({"bold": True, "font_size": 14})

    kinds, streets, wide = build_review_frame(result.table)
    sheet = book.add_worksheet(
        label("sheet.allocation", lang) if _has("sheet.allocation") else "allocation"
    )
    sheet.write(0, 0, result.scenario.title or result.scenario.name, title_fmt)
    top, sub = 1, 2
    sheet.merge_range(top, 0, sub, 0, label("street", lang), header)
    col = 1
    for kind in kinds:
        sheet.merge_range(
            top, col, top, col + len(KIND_COLUMNS) - 1, kind_label(kind, lang), header
        )
        for offset, name in enumerate(KIND_COLUMNS):
            sheet.write(sub, col + offset, label(name, lang), header)
        col += len(KIND_COLUMNS)
    first = sub + 1
    for r, street in enumerate(streets):
        row = first + r
        sheet.write_string(row, 0, street, text)
        col = 1
        for kind in kinds:
            for name in KIND_COLUMNS:
                value = _cell(wide.loc[street, (kind, name)])
                fmt = number
                if name == "change":
                    fmt = cut if value is not None and value < 0 else signed
                if value is None:
                    sheet.write_blank(row, col, None, fmt)
                else:
                    sheet.write_number(row, col, value, fmt)
                col += 1
    total_row = first + len(streets)
    sheet.write_string(total_row, 0, label("total_row", lang), total_text)
    col = 1
    for kind in kinds:
        for name in KIND_COLUMNS:
            values = wide[(kind, name)]
            fmt = total_signed if name == "change" else total_num
            if values.isna().all():
                sheet.write_blank(total_row, col, None, fmt)
            else:
                sheet.write_number(total_row, col, int(values.sum()), fmt)
            col += 1
    sheet.freeze_panes(first, 1)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, col - 1, 9)

    _write_parameters(book, result, lang, header, text)
    _write_frame(book, "scores", result.scores, lang, header)
    _write_frame(book, "diagnostics", result.diagnostics, lang, header)
    book.close()
    return path


def _has(key: str) -> bool:
    from quota.labels import LABELS

    return key in LABELS


def _write_parameters(book: Any, result: Result, lang: str, header: Any, text: Any) -> None:
    sheet = book.add_worksheet(label("parameters", lang))
    rows: list[tuple[str, str, Any]] = []
    s = result.scenario
    rows.append(("", "scenario", s.name))
    rows.append(("", "title", s.title or ""))
    rows.append(("", "method", s.method))
    rows.append(("", "objective", s.objective))
    rows.append(("", "no_dismissal", str(s.constraints.no_dismissal)))
    for record in result.kinds.to_dict(orient="records"):
        kind = str(record["kind"])
        cfg = s.kinds[kind]
        rows.append((kind, "turnover_share", cfg.turnover_share))
        for key, value in record.items():
            if key != "kind":
                rows.append((kind, str(key), _cell(value)))
        for name, weight in result.weights[kind].weights.items():
            rows.append((kind, f"weight:{name}", round(float(weight), 6)))
    sheet.write_row(0, 0, [label("kind", lang), label("parameters", lang), "value"], header)
    for r, (kind, key, value) in enumerate(rows, start=1):
        sheet.write(r, 0, kind, text)
        sheet.write(r, 1, key, text)
        if value is None:
            sheet.write_blank(r, 2, None, text)
        else:
            sheet.write(r, 2, value, text)
    sheet.set_column(0, 1, 22)
    sheet.set_column(2, 2, 30)


def _write_frame(book: Any, name: str, frame: pd.DataFrame, lang: str, header: Any) -> None:
    sheet = book.add_worksheet(label(name, lang) if _has(name) else name)
    sheet.write_row(0, 0, [label(c, lang) if _has(c) else c for c in frame.columns], header)
    for r, values in enumerate(frame.itertuples(index=False), start=1):
        for c, value in enumerate(values):
            v = _cell(value)
            if v is not None:
                sheet.write(r, c, v)
    sheet.set_column(0, max(len(frame.columns) - 1, 0), 14)
    sheet.freeze_panes(1, 1)
