"""Known departures: the ``retiring_<kind>_<year>`` columns of a street table.

:func:`read_known_departures` reads the retirements a street table gives per
street, kind and year (``retiring_admin_2027``); where a cell is empty, the plan
falls back to the attrition rate (see :mod:`quota.analysis.plan_settings`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from quota.errors import InputError, Msg
from quota.io.table import StreetTable
from quota.locale import kind_name, msg

#: a street-table column of known departures: ``retiring_<kind>_<year>``
RETIRING_PATTERN = re.compile(
    r"retiring_(?P<kind>[A-Za-z_]\w*?)_(?P<year>\d{1,4})", re.ASCII | re.IGNORECASE
)


@dataclass(frozen=True)
class KnownDepartures:
    """Known departures read from a street table's ``retiring_<kind>_<year>`` columns.

    Attributes
    ----------
    table : DataFrame
        ``street, kind, year, departures`` [people], one row per filled cell.
    columns : mapping
        ``(kind, year) -> column name`` of every column read.
    blanks : tuple
        ``(street, kind, year)`` of the empty cells (departures unknown there).
    notices : tuple of str or Msg
        Columns ignored, and why.
    """

    table: pd.DataFrame
    columns: Mapping[tuple[str, int], str]
    blanks: tuple[tuple[str, str, int], ...]
    notices: tuple[str | Msg, ...]

    @property
    def years(self) -> list[int]:
        """Years the columns give, in order."""
        return sorted({year for _, year in self.columns})


def _is_blank(cell: object) -> bool:
    if cell is None or cell is pd.NA:
        return True
    if isinstance(cell, str):
        return cell.strip() == ""
    return isinstance(cell, float) and math.isnan(cell)


@dataclass
class _Reading:
    """What the columns read so far gave: filled cells, blanks, notices and problems."""

    records: list[tuple[str, str, int, int]]
    columns: dict[tuple[str, int], str]
    blanks: list[tuple[str, str, int]]
    notices: list[str | Msg]
    problems: list[str | Msg]


def _read_column(
    data: StreetTable, column: str, kind: str, year: int, streets: list[str], out: _Reading
) -> None:
    """The cells of one ``retiring_*`` column: whole numbers 0 or more, or blank."""
    frame = data.frame
    header = data.headers.get(column, column)
    cells = frame[column].tolist()
    values = pd.to_numeric(frame[column], errors="coerce").tolist()
    for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
        if _is_blank(cell):
            out.blanks.append((streets[i], kind, year))
            continue
        number = float(value) if value is not None and value is not pd.NA else math.nan
        if not math.isfinite(number) or number < 0 or number % 1:
            row = data.rows[i] if i < len(data.rows) else i + 2
            out.problems.append(
                msg(
                    "analysis.retiring_bad_cell",
                    file=data.path.name,
                    row=row,
                    street=streets[i],
                    column=header,
                    cell=cell,
                )
            )
            continue
        out.records.append((streets[i], kind, year, int(number)))


def read_known_departures(data: StreetTable, kinds: Sequence[str]) -> KnownDepartures:
    """Read known departures from the ``retiring_<kind>_<year>`` columns of a street table.

    Parameters
    ----------
    data : StreetTable
        The street table (``Result.data``); its other columns are ignored.
    kinds : sequence of str
        Quota kinds of the scenario; the kind in a column name is matched without
        regard to case. Columns naming another kind are ignored with a notice.

    Returns
    -------
    KnownDepartures
        The filled cells as ``street, kind, year, departures`` [people]; empty cells
        are listed in :attr:`KnownDepartures.blanks`.

    Raises
    ------
    InputError
        A cell that is not a whole number of people, 0 or more (naming file, row,
        street and column), or two columns for the same kind and year.
    """
    by_lower = {kind.lower(): kind for kind in kinds}
    streets = data.frame["street"].astype(str).tolist()
    out = _Reading(records=[], columns={}, blanks=[], notices=[], problems=[])
    for column in map(str, data.frame.columns):
        match = RETIRING_PATTERN.fullmatch(column)
        if match is None:
            continue
        kind = by_lower.get(match["kind"].lower())
        if kind is None:
            out.notices.append(
                msg(
                    "analysis.retiring_other_kind",
                    column=column,
                    kind=match["kind"],
                    kinds=[kind_name(k) for k in kinds],
                )
            )
            continue
        year = int(match["year"])
        if (kind, year) in out.columns:
            out.problems.append(
                msg(
                    "analysis.retiring_twice",
                    first=out.columns[(kind, year)],
                    second=column,
                    kind=kind_name(kind),
                    year=year,
                )
            )
            continue
        out.columns[(kind, year)] = column
        _read_column(data, column, kind, year, streets, out)
    if out.problems:
        raise InputError(out.problems)
    street_col, kind_col, year_col, count_col = (
        (list(c) for c in zip(*out.records, strict=True)) if out.records else ([], [], [], [])
    )
    table = pd.DataFrame(
        {
            "street": pd.array(street_col, dtype="str"),
            "kind": pd.array(kind_col, dtype="str"),
            "year": np.asarray(year_col, dtype=np.int64),
            "departures": np.asarray(count_col, dtype=np.int64),
        }
    )
    return KnownDepartures(
        table=table, columns=out.columns, blanks=tuple(out.blanks), notices=tuple(out.notices)
    )
