"""Reading a pairwise-comparison (AHP) matrix from a CSV or YAML file.

The weights and the consistency of the matrix are :mod:`quota.methods.ahp`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from quota.errors import InputError, Msg
from quota.io.files import decode_bytes, read_bytes_bounded
from quota.locale import msg
from quota.methods.ahp import parse_comparison
from quota.methods.phrases import join_parts

#: largest AHP matrix file read (a 15 x 15 matrix takes about 2 KB) [bytes]
MAX_MATRIX_BYTES = 1024 * 1024
#: what an AHP matrix file is called in messages about the file itself
MATRIX_WHAT: Msg = msg("methods.ahp_file.what")
#: advice added when the file is too large
MATRIX_SIZE_HINT: Msg = msg("methods.ahp_file.size_hint")


def read_ahp_matrix(
    path: Path, indicators: Sequence[str] | None = None
) -> tuple[list[str], np.ndarray]:
    """Read a pairwise-comparison matrix from CSV or YAML.

    CSV: the header row and the first column hold the indicator names (the
    top-left cell is ignored); YAML: ``{indicators: [...], matrix: [[...]]}``.
    Entries are numbers or fractions such as ``1/3``. The text is decoded like
    a street table (:func:`quota.io.files.decode_bytes`: UTF-16 with BOM, UTF-8 with
    or without BOM, else GB18030); at most :data:`MAX_MATRIX_BYTES` are read.

    Parameters
    ----------
    path : pathlib.Path
        ``.csv``, ``.yaml`` or ``.yml`` file.
    indicators : sequence of str, optional
        Return the matrix with rows and columns in this order (the file must
        name exactly these indicators).

    Returns
    -------
    (list of str, numpy.ndarray)
        Indicator names and the float matrix, in matching order. Consistency is
        not checked here (see :func:`quota.methods.ahp.compute_ahp_weights`).

    Raises
    ------
    InputError
        Missing, unreadable, not a regular file or larger than
        :data:`MAX_MATRIX_BYTES`, bad layout, an entry that is not a number, or
        indicators that differ from ``indicators``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        if not path.exists():
            raise InputError(msg("methods.ahp_file.not_found", path=path))
        raise InputError(msg("methods.ahp_file.suffix", path=path))
    text = _read_matrix_text(path)
    if suffix == ".csv":
        names, cells = _read_matrix_csv(path, text)
    else:
        names, cells = _read_matrix_yaml(path, text)
    matrix = _parse_cells(path, names, cells)
    if indicators is None:
        return names, matrix
    wanted = [str(x) for x in indicators]
    missing = [x for x in wanted if x not in names]
    extra = [x for x in names if x not in wanted]
    if missing or extra or len(wanted) != len(names):
        parts: list[str | Msg] = []
        if missing:
            parts.append(msg("methods.parts.missing", names=missing))
        if extra:
            parts.append(msg("methods.parts.not_expected", names=extra))
        found = join_parts(parts) if parts else msg("methods.parts.duplicates")
        raise InputError(msg("methods.ahp_file.mismatch", path=path, parts=found))
    order = [names.index(x) for x in wanted]
    return wanted, matrix[np.ix_(order, order)]


def _parse_cells(path: Path, names: list[str], cells: Sequence[Sequence[Any]]) -> np.ndarray:
    """The matrix's entries as floats; an entry that is not a number names its cell."""
    matrix = np.empty((len(names), len(names)))
    for i, row in enumerate(cells):
        for j, cell in enumerate(row):
            try:
                matrix[i, j] = parse_comparison(cell)
            except InputError as exc:
                where = {"path": path, "row": names[i], "column": names[j]}
                raise InputError(
                    [msg("methods.ahp_file.cell_problem", **where, problem=p) for p in exc.problems]
                ) from None
    return matrix


def _read_matrix_text(path: Path) -> str:
    """The decoded text of an AHP matrix file (UTF-16 with BOM, UTF-8, else GB18030).

    The file must be a regular file of at most :data:`MAX_MATRIX_BYTES` bytes, and no
    more than that is read (:func:`quota.io.files.read_bytes_bounded`).
    """
    raw = read_bytes_bounded(path, MAX_MATRIX_BYTES, MATRIX_WHAT, hint=MATRIX_SIZE_HINT)
    try:
        text = decode_bytes(raw, path)
    except InputError:
        raise InputError(msg("methods.ahp_file.decode", path=path)) from None
    if "\x00" in text:
        raise InputError(msg("methods.ahp_file.binary", path=path))
    return text


def _read_matrix_csv(path: Path, text: str) -> tuple[list[str], list[list[str]]]:
    try:
        rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise InputError(msg("methods.ahp_file.bad_csv", path=path, error=str(exc))) from None
    if len(rows) < 2:
        raise InputError(msg("methods.ahp_file.csv_layout", path=path))
    header = [cell.strip() for cell in rows[0][1:]]
    while header and not header[-1]:
        header.pop()
    names = [row[0].strip() for row in rows[1:]]
    if len(names) != len(header):
        raise InputError(
            msg(
                "methods.ahp_file.csv_counts",
                path=path,
                columns=len(header),
                header=header,
                rows=len(names),
                names=names,
            )
        )
    if len(set(names)) != len(names):
        raise InputError(msg("methods.ahp_file.names_repeat", path=path, names=names))
    if set(header) != set(names):
        raise InputError(msg("methods.ahp_file.csv_header", path=path, header=header, names=names))
    position = {name: j for j, name in enumerate(header)}
    cells: list[list[str]] = []
    for r, row in enumerate(rows[1:], start=2):
        values = [cell.strip() for cell in row[1:]]
        while len(values) > len(header) and not values[-1]:
            values.pop()
        if len(values) != len(header):
            raise InputError(
                msg(
                    "methods.ahp_file.csv_row",
                    path=path,
                    row=r,
                    name=names[r - 2],
                    expected=len(header),
                    got=len(values),
                )
            )
        cells.append([values[position[name]] for name in names])
    return names, cells


def _read_matrix_yaml(path: Path, text: str) -> tuple[list[str], list[list[Any]]]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(msg("methods.ahp_file.bad_yaml", path=path, error=str(exc))) from None
    if not isinstance(doc, dict) or "indicators" not in doc or "matrix" not in doc:
        raise InputError(msg("methods.ahp_file.yaml_keys", path=path))
    unknown = sorted(set(map(str, doc)) - {"indicators", "matrix"})
    if unknown:
        raise InputError(msg("methods.ahp_file.yaml_unknown", path=path, keys=unknown))
    names = doc["indicators"]
    rows = doc["matrix"]
    if not isinstance(names, list) or not names:
        raise InputError(msg("methods.ahp_file.yaml_no_names", path=path))
    if not all(isinstance(x, (str, int, float)) for x in names):
        raise InputError(msg("methods.ahp_file.yaml_bad_names", path=path))
    names = [str(x) for x in names]
    if len(set(names)) != len(names):
        raise InputError(msg("methods.ahp_file.names_repeat", path=path, names=names))
    if (
        not isinstance(rows, list)
        or len(rows) != len(names)
        or not all(isinstance(row, list) and len(row) == len(names) for row in rows)
    ):
        raise InputError(msg("methods.ahp_file.yaml_shape", path=path, n=len(names)))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if not isinstance(cell, (str, int, float)):
                raise InputError(
                    msg("methods.ahp_file.yaml_cell", path=path, row=names[i], column=names[j])
                )
    return names, rows
