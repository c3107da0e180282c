"""The outcome of a solve, one enum for every engine."""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """Outcome of a solve.

    A ``str`` (like Python 3.11's ``enum.StrEnum``): ``Status.OPTIMAL == "optimal"``,
    and ``str()`` and f-strings give the value, not ``Status.OPTIMAL``.
    """

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    TIME_LIMIT = "time_limit"

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(str(self.value), format_spec)


__all__ = ["Status"]
