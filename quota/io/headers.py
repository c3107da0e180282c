"""Headers: where the header of a grid is and what each of its columns is called.

The header is looked for in the first :data:`HEADER_SCAN_ROWS` non-blank rows
(the row with a street column); title rows above it are skipped. A header
merged over two rows (a group title over its columns) is read by forward-filling
the group row and using the column row, and a kind's group (行政编制, 事业) over
what its columns count (现有编制, 在编人数, ...) names that kind's columns
(:func:`combine_headers`). A units row (人, 平方公里, 个) right under the header,
or a unit in brackets in a header, states a column's unit (:func:`find_header`).
Invisible characters (BOM, zero-width spaces) in headers are ignored.

The result is a :class:`HeaderLayout`; mapping its names to canonical columns
and reading the rows under it is :mod:`quota.io.table`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quota.config.columns import (
    ALIAS_LOOKUP,
    aliases_of,
    canonical_column,
    kind_role_column,
    normalize_header,
    normalize_text,
)
from quota.errors import InputError, Msg
from quota.io.cells import is_note_text, is_numeric_text, normalize_unit
from quota.locale import msg

#: the header is looked for in this many non-blank rows at the top [rows]
HEADER_SCAN_ROWS = 15
#: headers longer than this are not searched for a unit in brackets [characters]
_MAX_HEADER_CHARS = 200
_BRACKET_UNIT_RE = re.compile(r"^(.*?)\s*[(\[【]\s*([^()\[\]【】]+?)\s*[)\]】]\s*$")


@dataclass(frozen=True)
class HeaderLayout:
    """Where the header is and what each column is called.

    Attributes
    ----------
    first_body : int
        Index (into the non-blank rows) of the first row after the header block.
    names : list of str
        Name of each column position for the canonical lookup ("" for none).
    displays : list of str
        Header of each column as the user wrote it (``group/column``).
    units : dict
        Column position -> unit key stated by a units row or the header.
    skipped : list of tuple
        ``(row, text)`` of title rows above the header.
    units_row : tuple or None
        ``(row, units listed)`` of a dropped units row (the units as written, in order).
    header_rows : tuple of int
        Excel row numbers of the header row(s).
    """

    first_body: int
    names: list[str]
    displays: list[str]
    units: dict[int, str]
    skipped: list[tuple[int, str]]
    units_row: tuple[int, tuple[str, ...]] | None
    header_rows: tuple[int, ...]


def non_empty(row: Sequence[str]) -> list[int]:
    return [i for i, cell in enumerate(row) if str(cell).strip()]


def is_known_header(text: str) -> bool:
    """Whether a header is one of the accepted names of a canonical column."""
    return normalize_header(text) in ALIAS_LOOKUP


def is_units_row(row: Sequence[str], street_pos: int) -> bool:
    """A row of units (人, 平方公里, 个) right under the header."""
    cells = non_empty(row)
    label = normalize_text(row[street_pos]) if street_pos < len(row) else ""
    if label and label not in ("单位", "计量单位", "单位:"):
        return False
    others = [i for i in cells if i != street_pos]
    return bool(others) and all(normalize_unit(row[i]) is not None for i in others)


def _is_group_row(row: Sequence[str], left: int) -> bool:
    cells = non_empty(row)
    if not cells or any(is_numeric_text(row[i]) or is_note_text(row[i]) for i in cells):
        return False
    return len(cells) >= 2 or cells[0] > left


def _is_column_row(
    group: Sequence[str], row: Sequence[str], street_pos: int, key: str = "street"
) -> bool:
    cells = non_empty(row)
    if not cells or any(is_numeric_text(row[i]) or is_note_text(row[i]) for i in cells):
        return False
    label = row[street_pos] if street_pos < len(row) else ""
    if label.strip() and canonical_column(label) != key:
        return False
    if is_units_row(row, street_pos):
        return False
    filled = non_empty(group)
    if not filled:
        return False
    # a merged group cell leaves the cells to its right empty; the column row fills them
    return any(i >= len(group) or not group[i].strip() for i in cells if i > filled[0])


def combine_headers(
    group: Sequence[str], columns: Sequence[str], width: int
) -> tuple[list[str], list[str]]:
    """Names and displays of a two-row header: forward-fill the group row, use the column row.

    A column row cell under a group that names a kind (行政编制, 事业, ...) and
    saying what it counts (现有编制, 在编人数, ...) is that kind's column
    (``current_admin``, ``onboard_institutional``, see
    :func:`quota.config.columns.kind_role_column`). Any other is named by the first
    known header among ``group + column``, ``column + group`` and ``column``;
    an unknown one by its own text, or ``group + column`` when the text repeats
    under several groups. A column with an empty column-row cell takes its own
    group cell (a header merged down over both rows).
    """
    own = [normalize_text(group[i]) if i < len(group) else "" for i in range(width)]
    texts = [normalize_text(columns[i]) if i < len(columns) else "" for i in range(width)]
    filled: list[str] = []
    last = ""
    for i in range(width):
        last = own[i] or last
        filled.append(last)
    repeats: dict[str, int] = {}
    for text in texts:
        if text:
            repeats[canonical_column(text)] = repeats.get(canonical_column(text), 0) + 1
    names: list[str] = []
    displays: list[str] = []
    for i in range(width):
        g, c = filled[i], texts[i]
        if not c:
            names.append(own[i])
            displays.append(own[i])
            continue
        displays.append(f"{g}/{c}" if g and g != c else c)
        kind_column = _kind_role_name(g, c)
        if kind_column is not None:
            names.append(kind_column)
            continue
        known = next((x for x in (g + c, c + g) if g and is_known_header(x)), None)
        if known is not None:
            names.append(known)
        elif is_known_header(c) or repeats[canonical_column(c)] == 1 or not g:
            names.append(c)
        else:
            names.append(g + c)
    return names, displays


def _kind_role_name(group: str, column: str) -> str | None:
    """The canonical name of a kind's column under its group, keeping a unit in brackets."""
    if not group:
        return None
    canonical = kind_role_column(group, column)
    if canonical is not None:
        return canonical
    match = _BRACKET_UNIT_RE.match(column) if len(column) <= _MAX_HEADER_CHARS else None
    if match and normalize_unit(match.group(2)) is not None:
        canonical = kind_role_column(group, match.group(1))
        if canonical is not None:
            return canonical + column[len(match.group(1)) :]  # the unit is read off later
    return None


def _street_header_row(
    rows: list[tuple[int, list[str]]], where: str | Msg, key: str = "street"
) -> int:
    """Index into ``rows`` of the first row with a ``key`` column; refuse a table without one."""
    scan = rows[:HEADER_SCAN_ROWS]
    found = next(
        (
            k
            for k, (_, row) in enumerate(scan)
            if any(canonical_column(cell) == key for cell in row if cell.strip())
        ),
        None,
    )
    if found is None:
        shown = (
            msg("io.rows_range", first=rows[0][0], last=scan[-1][0])
            if len(scan) > 1
            else msg("io.row", row=rows[0][0])
        )
        if key != "street":
            looked = (key, *aliases_of(key)[:6])
            raise InputError(
                msg(
                    "io.no_unit_column",
                    where=where,
                    shown=shown,
                    looked=looked,
                    level=f"level.{key}",
                )
            )
        raise InputError(msg("io.no_street_column", where=where, shown=shown))
    return found


def _stated_units(
    names: list[str], rows: list[tuple[int, list[str]]], body: int, after: int, street_pos: int
) -> tuple[dict[int, str], tuple[int, tuple[str, ...]] | None]:
    """The units the header states (in brackets, taken off ``names``) or a units row states.

    ``body`` indexes the first row after the header, whose last row is Excel row
    ``after``. Returns column position -> unit key, and ``(row, units listed)`` of
    a units row right under the header (``None`` when there is none).
    """
    units: dict[int, str] = {}
    for i, name in enumerate(names):
        match = _BRACKET_UNIT_RE.match(name) if len(name) <= _MAX_HEADER_CHARS else None
        if match and normalize_unit(match.group(2)) is not None:
            units[i] = normalize_unit(match.group(2)) or ""
            if not is_known_header(name) and is_known_header(match.group(1)):
                names[i] = match.group(1)
    if body >= len(rows) or rows[body][0] != after + 1:
        return units, None
    unit_line, unit_cells = rows[body]
    if not is_units_row(unit_cells, street_pos):
        return units, None
    listed = []
    for i in non_empty(unit_cells):
        if i == street_pos:
            continue
        units[i] = normalize_unit(unit_cells[i]) or ""
        listed.append(normalize_text(unit_cells[i]))
    return units, (unit_line, tuple(listed))


def find_header(
    rows: list[tuple[int, list[str]]], where: str | Msg, key: str = "street"
) -> HeaderLayout:
    """Find the header rows (one, or two merged) above the table's body.

    ``key``: the canonical column that marks the header row (``street``; a
    level's name, ``district``, for a table of a level's own figures).
    """
    found = _street_header_row(rows, where, key)
    line, row = rows[found]
    width = max(len(r) for _, r in rows)
    street_pos = next(
        i for i, cell in enumerate(row) if cell.strip() and canonical_column(cell) == key
    )
    left = min(non_empty(row))
    group_at: int | None = None
    if found >= 1 and rows[found - 1][0] == line - 1 and _is_group_row(rows[found - 1][1], left):
        group_at = found - 1
    elif (
        found + 1 < len(rows)
        and rows[found + 1][0] == line + 1
        and _is_column_row(row, rows[found + 1][1], street_pos, key)
    ):
        group_at = found
    if group_at is None:
        names = [normalize_text(row[i]) if i < len(row) else "" for i in range(width)]
        displays = list(names)
        header_rows: tuple[int, ...] = (line,)
        body = found + 1
        skipped_to = found
    else:
        names, displays = combine_headers(rows[group_at][1], rows[group_at + 1][1], width)
        header_rows = (rows[group_at][0], rows[group_at + 1][0])
        body = group_at + 2
        skipped_to = group_at
    skipped = [
        (n, " ".join(normalize_text(c) for c in r if c.strip())) for n, r in rows[:skipped_to]
    ]
    units, units_row = _stated_units(names, rows, body, header_rows[-1], street_pos)
    if units_row is not None:
        body += 1
    return HeaderLayout(
        first_body=body,
        names=names,
        displays=displays,
        units=units,
        skipped=skipped,
        units_row=units_row,
        header_rows=header_rows,
    )
