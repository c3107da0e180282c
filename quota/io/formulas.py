"""Formula cells of a workbook: stored results, simple SUMs, nothing else.

A formula cell is read by the result the file stored. A simple ``SUM(...)``
over cells and ranges of the same sheet is computed (files written by a library
often store no result, or 0), within :data:`MAX_SUM_CELLS` cells in all; any
other formula without a stored result is refused. Nothing else is ever
evaluated. :func:`resolve_formulas` works on a sheet's cell values by position;
reading the workbook is :mod:`quota.io.files`' job.
"""

from __future__ import annotations

import re
from typing import Any

from quota.errors import Msg
from quota.io.cells import column_position, format_number
from quota.locale import msg

#: most cells all SUM formulas of a sheet may add up together [cells]
MAX_SUM_CELLS = 2_000_000
_SUM_RE = re.compile(r"^=\s*SUM\s*\((.*)\)\s*$", re.IGNORECASE)
_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


class FormulaProblem(Exception):
    """A formula that cannot be given a value; the message (:attr:`message`) says why."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


def parse_sum_formula(formula: str) -> list[tuple[int, int, int, int]] | None:
    """The ranges of ``=SUM(A1:A5, C3, ...)`` as (row0, col0, row1, col1), 0-based; ``None`` otherwise.

    Only cells and ranges of the same sheet are simple; constants, other
    sheets, whole columns and other functions are not.
    """
    match = _SUM_RE.match(formula.strip())
    if not match:
        return None
    ranges: list[tuple[int, int, int, int]] = []
    for part in match.group(1).split(","):
        ends = [p.strip() for p in part.split(":")]
        if len(ends) not in (1, 2):
            return None
        refs = [_REF_RE.match(e) for e in ends]
        if not all(refs):
            return None
        points = [(int(m.group(2)) - 1, column_position(m.group(1))) for m in refs if m]
        (r0, c0), (r1, c1) = points[0], points[-1]
        ranges.append((min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)))
    return ranges


Cell = tuple[int, int]
"""A cell's ``(row, column)``, both 0-based."""


class _Sums:
    """Computes the SUM formulas of a sheet, each once, over :data:`MAX_SUM_CELLS` cells in all.

    A formula that is not a SUM inside a SUM's range counts by its stored
    result; a cycle, a range too large and a formula without a stored result
    are :class:`FormulaProblem` (remembered, so raised again for each formula
    that reaches it).
    """

    def __init__(
        self,
        values: dict[Cell, Any],
        formulas: dict[Cell, str],
        cached: dict[Cell, Any],
    ) -> None:
        self.values = values
        self.formulas = formulas
        self.cached = cached
        self.memo: dict[Cell, float | Exception] = {}
        self.budget = MAX_SUM_CELLS

    def number_at(self, pos: Cell, stack: tuple[Cell, ...]) -> float:
        """What a cell adds to a SUM: its number, a formula's value, else 0."""
        if pos in self.formulas:
            result = self.evaluate(pos, stack)
            return result
        value = self.values.get(pos)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return 0.0

    def evaluate(self, pos: Cell, stack: tuple[Cell, ...]) -> float:
        """The value of the formula at ``pos``; ``stack`` holds the formulas being computed."""
        if pos in self.memo:
            known = self.memo[pos]
            if isinstance(known, Exception):
                raise known
            return known
        if pos in stack:
            raise FormulaProblem(msg("io.formula_circular"))
        try:
            result = self._compute(pos, stack)
        except FormulaProblem as exc:
            self.memo[pos] = exc
            raise
        self.memo[pos] = result
        return result

    def _compute(self, pos: Cell, stack: tuple[Cell, ...]) -> float:
        formula = self.formulas[pos]
        ranges = parse_sum_formula(formula)
        if ranges is None:
            stored = self.cached.get(pos)
            if isinstance(stored, (int, float)) and not isinstance(stored, bool):
                return float(stored)
            raise FormulaProblem(msg("io.formula_inner_no_result", formula=formula))
        total = 0.0
        for r0, c0, r1, c1 in ranges:
            self.budget -= (r1 - r0 + 1) * (c1 - c0 + 1)
            if self.budget < 0:
                raise FormulaProblem(msg("io.sum_too_many_cells"))
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    total += self.number_at((r, c), (*stack, pos))
        return total


def resolve_formulas(
    values: dict[Cell, Any],
    formulas: dict[Cell, str],
    cached: dict[Cell, Any],
) -> tuple[dict[Cell, Any], dict[Cell, Msg], list[tuple[Cell, Msg]]]:
    """Give every formula cell a value: a simple SUM computed, else its stored result.

    A SUM adds the numbers in its ranges as Excel does (text, booleans and
    empty cells count nothing). Returns the cell values, the cells that could
    not be given one (with why: a message whose ``expected`` value is
    ``io.expected_number``), and notices about SUMs whose stored result
    differs from the computed one.
    """
    resolved = dict(values)
    problems: dict[Cell, Msg] = {}
    notices: list[tuple[Cell, Msg]] = []
    expected = msg("io.expected_number")
    sums = _Sums(values, formulas, cached)
    for pos, formula in sorted(formulas.items()):
        stored = cached.get(pos)
        if parse_sum_formula(formula) is None:
            if stored is not None:
                resolved[pos] = stored
                continue
            problems[pos] = msg("io.formula_no_result", expected=expected, formula=formula)
            resolved[pos] = formula
            continue
        try:
            value = sums.evaluate(pos, ())
        except FormulaProblem as exc:
            problems[pos] = msg(
                "io.formula_problem", expected=expected, formula=formula, problem=exc.message
            )
            resolved[pos] = formula
            continue
        resolved[pos] = value
        notice = _stored_result_differs(formula, stored, value)
        if notice:
            notices.append((pos, notice))
    return resolved, problems, notices


def _stored_result_differs(formula: str, stored: Any, value: float) -> Msg | None:
    """A notice when a SUM's stored result (other than 0) differs from what its cells add up to."""
    if (
        isinstance(stored, (int, float))
        and not isinstance(stored, bool)
        and stored != 0
        and abs(float(stored) - value) > 1e-9 * max(1.0, abs(value))
    ):
        return msg(
            "io.sum_stored_differs",
            formula=formula,
            stored=format_number(float(stored)),
            value=format_number(value),
        )
    return None
