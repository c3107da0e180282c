"""The rows under a table's header: which are streets, which are totals or notes.

- Totals rows (合计, 总计, 小计, 全区合计, ...) are dropped after their numbers are
  checked against the sums of the streets above (:func:`check_totals_row`): a
  mismatch (a street missing or counted twice) is a problem unless the caller
  accepts it (``accept_totals_mismatch``), then a notice.
- Notes rows (注：..., 填表人：..., or free text under the last row of numbers)
  are dropped with a notice; a row that would be dropped as a note but has
  numbers is a problem (:func:`sort_rows`).
- A CSV row with more cells than the header is a problem
  (:func:`extra_cell_problems`); so is an empty, unreadable or repeated street
  name, or one longer than :data:`MAX_NAME_CHARS` (:func:`street_names`).
  Street names are compared after :func:`normalize_street_name`.

Naming the columns and reading their cells is :mod:`quota.io.table`'s job.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from quota.config.columns import TOTAL_ROW_NAMES, normalize_text
from quota.errors import Msg
from quota.io.cells import (
    column_letter,
    format_number,
    holds_number,
    is_note_folded,
    is_numeric_text,
    parse_cell,
)
from quota.io.files import Grid
from quota.io.headers import non_empty
from quota.locale import MESSAGES, msg

#: longest street name [characters]
MAX_NAME_CHARS = 100
_TOTAL_SUFFIXES = ("合计", "总计", "小计", "总和", "共计")
_TOTAL_PUNCTUATION_RE = re.compile(r"[\s:：.。()（）]")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")

# --------------------------------------------------------------------------
# Row labels
# --------------------------------------------------------------------------


def normalize_street_name(value: str) -> str:
    """Normalise a street name the same way wherever names are compared.

    NFKC (full-width letters and brackets), surrounding spaces removed, inner
    runs of spaces collapsed, and spaces between two Chinese characters removed
    (``"东城 街道"`` and ``"东城街道"`` are the same street).
    """
    return _CJK_SPACE_RE.sub("", normalize_text(value))


def is_blank(row: Sequence[str]) -> bool:
    """True when every cell of a row is empty or whitespace."""
    return all(not str(cell).strip() for cell in row)


def is_total_label(text: str) -> bool:
    """Whether a row label marks a totals row (合计, 小计, 全区合计, Total, ...)."""
    return _is_total_key(normalize_text(text))


def _is_total_key(folded: str) -> bool:
    """:func:`is_total_label` of a label already through :func:`normalize_text`."""
    key = _TOTAL_PUNCTUATION_RE.sub("", folded).lower()
    return bool(key) and (
        key in TOTAL_ROW_NAMES or key.endswith(_TOTAL_SUFFIXES) or key == "grandtotal"
    )


def looks_like_name(text: str) -> bool:
    """Whether a lone cell could be a street name rather than a sentence (short, no punctuation)."""
    cleaned = normalize_text(text)
    return len(cleaned) <= 15 and not re.search(r"[，。；：、,;:!?！？]|\d{4}", cleaned)


def _row_label(row: Sequence[str], street_pos: int) -> str:
    """The street cell of a row, or its first non-empty cell (as written, spaces trimmed)."""
    if row[street_pos].strip():
        return row[street_pos].strip()
    cells = non_empty(row)
    return row[cells[0]].strip() if cells else ""


def _shorten(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------
# Totals rows
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TotalsMismatch:
    """A column where a totals row disagrees with the streets it covers.

    Attributes
    ----------
    position : int
        The column's position.
    header : str
        The column's header as written.
    stated : float
        What the totals row says.
    added : float
        What the streets add up to.
    """

    position: int
    header: str
    stated: float
    added: float


def _cell_number(text: str, units: tuple[str, ...]) -> float | None:
    """A cell's number (NaN when empty) as the column reads it, or ``None`` when it is not one."""
    value, _ = parse_cell(text, units)
    return value


def check_totals_row(
    row: Sequence[str],
    streets: list[list[str]],
    columns: list[str],
    displays: list[str],
    units: dict[int, tuple[str, ...]] | None = None,
) -> list[TotalsMismatch]:
    """Columns where a dropped totals row disagrees with the sum of the streets it covers.

    Cells are read as the column reads them (numbers stored as text, full-width
    digits, thousands separators, a unit the column is in), so a mismatch is one
    of numbers. Ratio-like columns (率, 比, 均, 密度, %) are not checked: their
    totals are not sums; nor is a column where the total or a street's cell is
    not a number (that cell is reported by itself when the column is used).
    """
    mismatches: list[TotalsMismatch] = []
    units = units or {}
    for position, column in enumerate(columns):
        if column == "street" or column.startswith("__blank") or position >= len(row):
            continue
        if re.search(r"率|比|均|密度|%|百分", displays[position]):
            continue
        accepted = units.get(position, ())
        total = _cell_number(row[position], accepted)
        if total is None or math.isnan(total):
            continue
        values = [_cell_number(r[position], accepted) for r in streets]
        if any(v is None for v in values):
            continue
        added = float(sum(v for v in values if v is not None and not math.isnan(v)))
        decimals = re.search(r"\.(\d+)", normalize_text(row[position]))
        places = len(decimals.group(1)) if decimals else 0
        tolerance = 0.5 * 10.0**-places + 1e-9 * max(1.0, abs(added))
        if abs(total - added) > tolerance:
            mismatches.append(TotalsMismatch(position, displays[position], total, added))
    return mismatches


def format_amount(value: float) -> str:
    """A number for a message with thousands separators: ``123,456``, ``1,234.5``."""
    if math.isfinite(value) and value == round(value) and abs(value) < 1e15:
        return f"{int(round(value)):,}"
    return f"{value:,.10g}"


def _semicolon_list(parts: Sequence[Msg]) -> Msg:
    """Messages joined by ``；`` (Chinese) or ``; `` (English), in one message."""
    fields = [f"{{part{i}}}" for i in range(len(parts))]
    texts = tuple(separator.join(fields) for separator in MESSAGES["io.semicolon"])
    return Msg("io.semicolon", texts, {f"part{i}": part for i, part in enumerate(parts)})


def _totals_notice(
    where: str | Msg, line: int, label: str, count: Msg, found: list[TotalsMismatch]
) -> Msg:
    if not found:
        return msg("io.totals_agree", where=where, row=line, label=label, count=count)
    columns = _semicolon_list(
        [
            msg(
                "io.totals_column_warning",
                header=m.header,
                stated=format_number(m.stated),
                added=format_number(round(m.added, 10)),
            )
            for m in found
        ]
    )
    return msg(
        "io.totals_disagree_accepted",
        where=where,
        row=line,
        label=label,
        count=count,
        columns=columns,
    )


def _totals_problem(
    where: str | Msg, line: int, label: str, count: Msg, found: list[TotalsMismatch]
) -> Msg:
    one = count.params.get("count") == 1
    columns = _semicolon_list(
        [
            msg(
                "io.totals_column_differs_one" if one else "io.totals_column_differs",
                header=m.header,
                stated=format_amount(m.stated),
                count=count,
                added=format_amount(round(m.added, 10)),
                difference=format_amount(round(abs(m.stated - m.added), 10)),
            )
            for m in found
        ]
    )
    return msg("io.totals_mismatch", where=where, row=line, label=label, columns=columns)


# --------------------------------------------------------------------------
# Sorting the rows: streets, totals, notes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """The columns of a table under canonical names, as the row steps need them.

    Attributes
    ----------
    where : str or Msg
        The file (and sheet), for messages.
    names : list of str
        Canonical column of each position (``__blankN`` for a column without a header).
    displays : list of str
        Header of each position as the user wrote it (``group/column``).
    headers : dict
        Canonical column -> header as written.
    units : dict
        Position -> unit keys its cells may carry: the unit the file states, else
        :data:`quota.io.cells.DEFAULT_UNITS`.
    street : int
        Position of the street column.
    """

    where: str | Msg
    names: list[str]
    displays: list[str]
    headers: dict[str, str]
    units: dict[int, tuple[str, ...]]
    street: int

    @property
    def street_header(self) -> str:
        """The street column's header as written."""
        return self.headers["street"]


@dataclass
class SortedRows:
    """The rows under the header, sorted: the streets kept, the rest dropped.

    Attributes
    ----------
    kept : list of tuple
        ``(row, cells)`` of each street row, in table order.
    notices : list of str or Msg
        What was dropped (totals that agree, notes).
    problems : list of str or Msg
        Rows that cannot be dropped quietly (totals that disagree, notes with numbers).
    """

    kept: list[tuple[int, list[str]]] = field(default_factory=list)
    notices: list[str | Msg] = field(default_factory=list)
    problems: list[str | Msg] = field(default_factory=list)


def sort_rows(
    body: list[tuple[int, list[str]]], columns: Columns, *, accept_totals_mismatch: bool
) -> SortedRows:
    """Keep the street rows of the body (the rows under the header, padded to its width).

    A totals row is checked against the streets it covers (a 小计 row against
    those since the last totals row, any other against all above) and dropped;
    a note (注：..., or a lone text under the last row of numbers) is dropped,
    unless it has numbers.
    """
    where = columns.where
    width = len(columns.names)
    last_numeric = _last_numeric_row(body, columns)
    rows = SortedRows()
    since_subtotal: list[list[str]] = []
    for k, (line, row) in enumerate(body):
        label = _row_label(row, columns.street)
        folded = normalize_text(label)
        if _is_total_key(folded):
            _drop_totals(rows, columns, line, row, label, since_subtotal, accept_totals_mismatch)
            since_subtotal = []
            continue
        note = is_note_folded(folded)
        cells = non_empty(row[:width]) if note or last_numeric < k else []  # rarely needed
        if cells and note:
            text = " ".join(row[i] for i in cells)
            notice = msg("io.note_dropped", where=where, row=line, text=_shorten(text))
            _drop_note(rows, columns, line, row, cells, notice)
            continue
        if (
            0 <= last_numeric < k
            and len(cells) == 1
            and (cells[0] != columns.street or not looks_like_name(label))
        ):
            notice = msg(
                "io.note_dropped_under_table", where=where, row=line, text=_shorten(row[cells[0]])
            )
            _drop_note(rows, columns, line, row, cells, notice)
            continue
        rows.kept.append((line, row))
        since_subtotal.append(row)
    return rows


def _last_numeric_row(body: list[tuple[int, list[str]]], columns: Columns) -> int:
    """Index into the body of the last row with a number outside the street column (-1: none)."""
    width = len(columns.names)
    for k in range(len(body) - 1, -1, -1):  # from the end: usually the last row or one above
        row = body[k][1]
        if any(is_numeric_text(row[i]) for i in range(width) if i != columns.street):
            return k
    return -1


def _drop_totals(
    rows: SortedRows,
    columns: Columns,
    line: int,
    row: list[str],
    label: str,
    since_subtotal: list[list[str]],
    accept_totals_mismatch: bool,
) -> None:
    """Drop a totals row: a notice if it agrees with its streets or is accepted, else a problem."""
    where = columns.where
    subtotal = re.sub(r"\s", "", normalize_text(label)).endswith("小计")
    scope = since_subtotal if subtotal else [r for _, r in rows.kept]
    found = check_totals_row(row, scope, columns.names, columns.displays, columns.units)
    count = msg("io.street_above" if len(scope) == 1 else "io.streets_above", count=len(scope))
    if found and not accept_totals_mismatch:
        rows.problems.append(_totals_problem(where, line, label, count, found))
    else:
        rows.notices.append(_totals_notice(where, line, label, count, found))


def _drop_note(
    rows: SortedRows, columns: Columns, line: int, row: list[str], cells: list[int], notice: Msg
) -> None:
    """Drop a note row with ``notice``; a note with numbers is a problem instead."""
    where = columns.where
    street_header = columns.street_header
    numbers = [i for i in cells if i != columns.street and holds_number(row[i], columns.units[i])]
    if not numbers:
        rows.notices.append(notice)
        return
    shown = [
        msg("io.note_cell", header=columns.displays[i] or column_letter(i), text=_shorten(row[i]))
        for i in numbers
    ]
    rows.problems.append(
        msg(
            "io.note_has_numbers_many" if len(numbers) > 1 else "io.note_has_numbers",
            where=where,
            row=line,
            shown=shown,
            street=street_header,
        )
    )


# --------------------------------------------------------------------------
# The rows kept
# --------------------------------------------------------------------------


def _csv_line(grid: Grid, row: int) -> Msg:
    """``line N`` of a CSV row, with the row as Excel shows it when they differ."""
    line = grid.lines[row - 1] if row - 1 < len(grid.lines) else row
    if line == row:
        return msg("io.csv_line", line=line)
    return msg("io.csv_line_excel", line=line, row=row)


def extra_cell_problems(
    grid: Grid,
    header_rows: tuple[int, ...],
    kept: list[tuple[int, list[str]]],
    where: str | Msg,
) -> list[str | Msg]:
    """CSV: the kept rows with more cells than the header (cells that belong to no column)."""
    problems: list[str | Msg] = []
    if not grid.lines:
        return problems
    header_width = max(len(grid.cells[n - 1]) for n in header_rows)
    for line, _ in kept:
        raw = grid.cells[line - 1]
        extra = [i for i in range(header_width, len(raw)) if str(raw[i]).strip()]
        if extra:
            problems.append(
                msg(
                    "io.extra_cells",
                    where=where,
                    line=_csv_line(grid, line),
                    cells=extra[-1] + 1,
                    width=header_width,
                    letter=column_letter(header_width - 1),
                    shown=[msg("io.quoted", text=_shorten(str(raw[i]), 20)) for i in extra[:3]],
                    more=msg("io.more") if len(extra) > 3 else "",
                )
            )
    return problems


def street_names(
    grid: Grid, columns: Columns, kept: list[tuple[int, list[str]]]
) -> tuple[list[str], list[str | Msg]]:
    """The kept rows' street names (:func:`normalize_street_name`) and the problems with them.

    A name must be there, readable (not an Excel error), at most
    :data:`MAX_NAME_CHARS` long, and appear once.
    """
    problems: list[str | Msg] = []
    names: list[str] = []
    for line, row in kept:
        name = normalize_street_name(row[columns.street])
        names.append(name)
        problem = _street_name_problem(grid, columns, line, name)
        if problem:
            problems.append(problem)
    problems += _repeated_streets(columns, kept, names)
    return names, problems


def _as_street_name_problem(trouble: str | Msg) -> str | Msg:
    """A cell problem (see :attr:`Grid.problems`) said of a street name instead of a number."""
    if isinstance(trouble, Msg):
        if "expected" not in trouble.params:
            return trouble
        params = {**trouble.params, "expected": msg("io.expected_street_name")}
        return Msg(trouble.key, trouble.texts, params)
    return trouble.replace("a number", "a street name")


def _street_name_problem(grid: Grid, columns: Columns, line: int, name: str) -> Msg | None:
    trouble = grid.problems.get((line - 1, columns.street))
    if not trouble and name and len(name) <= MAX_NAME_CHARS:
        return None  # the common case, without making the cell's message
    cell = msg("io.cell", where=columns.where, row=line, header=columns.street_header)
    if trouble:
        return msg("io.problem_at", where=cell, problem=_as_street_name_problem(trouble))
    if not name:
        return msg("io.problem_at", where=cell, problem=msg("io.street_name_empty"))
    problem = msg(
        "io.street_name_too_long",
        count=len(name),
        limit=MAX_NAME_CHARS,
        start=_shorten(name, 20),
    )
    return msg("io.problem_at", where=cell, problem=problem)


def _repeated_streets(
    columns: Columns, kept: list[tuple[int, list[str]]], names: list[str]
) -> list[str | Msg]:
    problems: list[str | Msg] = []
    first_seen: dict[str, int] = {}
    for (line, _), name in zip(kept, names, strict=True):
        if name and name in first_seen:
            cell = msg("io.cell", where=columns.where, row=line, header=columns.street_header)
            problem = msg(
                "io.street_repeated",
                name=_shorten(name, MAX_NAME_CHARS),
                first=first_seen[name],
            )
            problems.append(msg("io.problem_at", where=cell, problem=problem))
        first_seen.setdefault(name, line)
    return problems
