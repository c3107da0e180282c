"""Read the committee's numbers back from the review workbook's 决定 column.

The review workbook (``allocation.xlsx``) has, on its allocation sheet
(编制分配表 / ``allocation``), a 决定 (``decision``) column in each kind's
group of columns, written empty. The analyst types there the numbers the
committee decided; ``quota run S.yaml --decisions edited.xlsx`` reads each
number as a ``total`` decision (the ``--fix`` forms ``>=41``, ``<=41``,
``+2``, ``keep`` and ``proposed+2`` are read too). Nothing else of the sheet
is read back: the 核定编制 column is the proposal, not the current quotas.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from quota.config.decisions import Decision, parse_fix
from quota.errors import InputError, Msg
from quota.io.cells import column_letter, parse_number
from quota.io.files import read_grid
from quota.io.rows import is_total_label, normalize_street_name
from quota.locale import LABELS, msg

#: the allocation sheet's name, per language
SHEET_NAMES: tuple[str, ...] = tuple(LABELS["sheet.allocation"].values())
#: the decision column's header, per language (the label the workbook writes it with)
DECISION_HEADERS: tuple[str, ...] = tuple(LABELS["decisions.column"].values())
#: rows of the allocation sheet above the first street: title, kind group, headers
HEADER_ROWS = 3


def read_decision_workbook(path: Path) -> list[Decision]:
    """The decisions typed into a review workbook's 决定 columns.

    Parameters
    ----------
    path : Path
        A review workbook written by ``quota run`` (and edited).

    Returns
    -------
    list of Decision
        One ``total`` decision (or the ``--fix`` form typed) per filled cell, in
        sheet order, with ``origin="workbook"`` and the cell as ``source``.

    Raises
    ------
    InputError
        No allocation sheet or no 决定 column, or cells that are not a whole
        number (each named by sheet, cell, street and kind).
    """
    grid, sheet = _read_sheet(path)
    if len(grid) < HEADER_ROWS:
        raise InputError(msg("io.decisions_no_column", file=path.name, sheet=sheet))
    headers = grid[2]
    groups = _fill_right(grid[1], len(headers))
    columns = [
        (j, groups[j].strip())
        for j, header in enumerate(headers)
        if header.strip() in DECISION_HEADERS and j < len(groups) and groups[j].strip()
    ]
    if not columns:
        raise InputError(msg("io.decisions_no_column", file=path.name, sheet=sheet))
    decisions: list[Decision] = []
    problems: list[str | Msg] = []
    for r, row in enumerate(grid[HEADER_ROWS:], start=HEADER_ROWS + 1):
        street = normalize_street_name(row[0]) if row else ""
        if not street or is_total_label(street):
            if street:
                break
            continue
        for j, kind in columns:
            text = row[j].strip() if j < len(row) else ""
            if not text:
                continue
            cell = f"{column_letter(j)}{r}"
            decision = _read_cell(text, street, kind, f"{path.name} {sheet}!{cell}")
            if decision is None:
                problems.append(
                    msg(
                        "io.decisions_bad_cell",
                        file=path.name,
                        sheet=sheet,
                        cell=cell,
                        street=street,
                        kind=kind,
                        text=text,
                    )
                )
            else:
                decisions.append(decision)
    if problems:
        raise InputError(problems)
    return decisions


def _read_sheet(path: Path) -> tuple[list[list[str]], str]:
    last: InputError | None = None
    for name in SHEET_NAMES:
        try:
            return [list(map(str, row)) for row in read_grid(path, name).cells], name
        except InputError as exc:
            last = exc
    if path.suffix.lower() not in (".xlsx", ".xlsm") and last is not None:
        raise last
    raise InputError(msg("io.decisions_no_sheet", file=path.name, sheets=list(SHEET_NAMES)))


def _fill_right(row: list[str], width: int) -> list[str]:
    """A merged group header's text in every column it spans, over ``width`` columns.

    The reader drops a row's empty cells at its end, so the last group's merged
    cell gives one text and nothing after it: the row is padded to ``width``.
    """
    out, current = [], ""
    for cell in [*row, *[""] * (width - len(row))]:
        current = cell if cell.strip() else current
        out.append(current)
    return out


def _read_cell(text: str, street: str, kind: str, where: str) -> Decision | None:
    """One typed cell as a decision (None when it cannot be read).

    A number is a total; a sign makes a change against current quotas (``+2``,
    ``-2``: the workbook's 决定 cells are text, so ``+2`` stays as typed); the
    rest are the ``--fix`` forms (``>=41``, ``keep``, ``proposed+2``).
    """
    text = unicodedata.normalize("NFKC", text).strip()
    number = None if text[0] in "+-" else parse_number(text)
    if number is not None:
        if number != int(number) or number < 0:
            return None
        return Decision(
            street=street, kind=kind, total=int(number), origin="workbook", source=where
        )
    try:
        fixed = parse_fix(f"{street}:{kind}{text if text[0] in '=<>+-' else '=' + text}")
    except InputError:
        return None
    return fixed.model_copy(update={"origin": "workbook", "source": where})
