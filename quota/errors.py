"""Exception types and the exit codes the CLI maps them to.

Every error a user can cause is a :class:`QuotaError` subclass carrying a
plain-language message; the CLI prints the message (never a traceback) and
exits with :attr:`QuotaError.exit_code`.
"""

from __future__ import annotations

from collections.abc import Iterable


class QuotaError(Exception):
    """Base class of the errors the CLI reports without a traceback."""

    exit_code: int = 1

    def __init__(self, problems: str | Iterable[str]) -> None:
        items = [problems] if isinstance(problems, str) else list(problems)
        if not items:
            items = ["unknown error"]
        self.problems: list[str] = items
        super().__init__("\n".join(items))


class InputError(QuotaError):
    """Bad data, bad scenario or bad usage: exit code 2, nothing written."""

    exit_code = 2


class InfeasibleError(QuotaError):
    """The scenario's requirements cannot all hold at once: exit code 3."""

    exit_code = 3


class SolverError(QuotaError):
    """The solver failed or stopped without a usable solution: exit code 1."""

    exit_code = 1


class OutputError(QuotaError):
    """The outputs could not be written for a reason in the machine, not in the input.

    A full disk or a folder without write permission: exit code 1, a plain
    sentence (no traceback); the previous output folder is left as it was.
    """

    exit_code = 1

    @classmethod
    def disk_full(cls, folder: object, needed_mb: int) -> OutputError:
        """The disk holding ``folder`` has no room for about ``needed_mb`` MB."""
        return cls(
            f"the disk is full: about {needed_mb} MB are needed in {folder};"
            " free some space or choose another --out"
        )

    @classmethod
    def permission_denied(cls, folder: object) -> OutputError:
        """``folder`` cannot be written to."""
        return cls(f"cannot write to {folder}: permission denied (read-only folder?)")
