"""``levels.csv``: one row per upper unit and kind of a run over several levels.

Columns ``level, unit, kind, allocated, streets_total, reserve`` (canonical
English names, as in ``allocation.csv``; UTF-8 with BOM), with ``allocated =
streets_total + reserve``; written only for a scenario with ``levels:``
(:attr:`quota.results.result.Result.levels`), so a one-level run's folder is
unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from quota.outputs.folder import protect_csv_text, write_csv_text

if TYPE_CHECKING:
    from quota.results.result import Result

#: columns of ``levels.csv``, in order
LEVELS_CSV_COLUMNS: tuple[str, ...] = (
    "level",
    "unit",
    "kind",
    "allocated",
    "streets_total",
    "reserve",
)


def format_levels_csv(result: Result) -> str | None:
    """The text of ``levels.csv``, or None for a one-level run.

    Unit names that begin with ``=``, ``+``, ``-``, ``@`` (and the like) get a
    leading ``'`` so that spreadsheet programs show them as text
    (:func:`quota.outputs.folder.protect_csv_text`).
    """
    levels = result.levels
    if levels is None:
        return None
    out = levels.table.loc[:, list(LEVELS_CSV_COLUMNS)].copy()
    for column in ("level", "unit", "kind"):
        out[column] = out[column].astype(object).map(protect_csv_text)
    for column in ("allocated", "streets_total", "reserve"):
        out[column] = out[column].astype("int64")
    return str(out.to_csv(index=False, lineterminator="\n"))


def write_levels_csv(result: Result, folder: Path) -> list[str]:
    """Write ``levels.csv`` into ``folder`` for a run with levels; the names written."""
    text = format_levels_csv(result)
    if text is None:
        return []
    write_csv_text(folder / "levels.csv", text)
    return ["levels.csv"]
