"""The document model of the report and the workbook: tables of text cells.

A :class:`Table` is what a report section shows (``report.md``,
``report.html``) and what :func:`quota.outputs.sheets.write_table_sheet` writes
into a sheet: headers, rows of :class:`Cell` (text and a style class), an
optional totals row, a caption and a note, already in one language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from quota.locale import label
from quota.outputs.text import format_quotas, format_signed


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and a style class (``num``, ``cut``, ``gain``, ``text``)."""

    text: str
    cls: str = "num"


@dataclass(frozen=True)
class Table:
    """A table of a report: headers, rows of cells, an optional totals row and note."""

    headers: list[str]
    rows: list[list[Cell]]
    caption: str = ""
    total: list[Cell] | None = None
    note: str = ""

    def aligns(self) -> list[str]:
        """``left`` for text columns, ``right`` for numbers (from the first row)."""
        sample = self.rows[0] if self.rows else self.total or []
        if not sample:
            return ["left"] * len(self.headers)
        return ["left" if cell.cls == "text" else "right" for cell in sample]


def phrase(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang``, its ``{placeholders}`` filled with ``values``."""
    return label(key, lang).format(**values) if values else label(key, lang)


def quota_cell(value: object) -> Cell:
    """A cell of whole quotas (``–`` when missing)."""
    return Cell(format_quotas(value))  # type: ignore[arg-type]


def signed_cell(value: object) -> Cell:
    """A cell of a change with its sign, styled ``gain`` or ``cut``."""
    text = format_signed(value)  # type: ignore[arg-type]
    missing = value is None or pd.isna(value)  # type: ignore[call-overload]
    if missing:
        return Cell(text)
    number = float(value)  # type: ignore[arg-type]
    return Cell(text, "cut" if number < 0 else "gain" if number > 0 else "num")


def value_cell(column: str, value: object) -> Cell:
    """A cell of an allocation column: signed for ``change``, an excess styled ``cut``."""
    if column == "change":
        return signed_cell(value)
    if column == "vacancy":
        cell = quota_cell(value)
        missing = value is None or pd.isna(value)  # type: ignore[call-overload]
        return cell if missing or float(value) >= 0 else Cell(cell.text, "cut")  # type: ignore[arg-type]
    return quota_cell(value)


def sum_or_none(values: pd.Series) -> int | None:
    """The sum of a column's numbers; None when it has none."""
    numbers = pd.to_numeric(values, errors="coerce")
    return None if numbers.isna().all() else int(numbers.sum())
