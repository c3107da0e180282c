"""The one place PuLP solvers are built: HiGHS with presolve off and no banner, or CBC.

HiGHS 1.15 with presolve reported non-optimal minimax levels as optimal on the
allocation model (found by the fast path's cross-check), so presolve is off
everywhere. highspy prints its banner from C++ when the first ``Highs`` object
of a process is built, before any option can be set: it is built with stdout
silenced, so solver output never reaches the user's terminal or a notebook.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import pulp

from quota.errors import InputError
from quota.locale import msg


@contextlib.contextmanager
def silence_stdout_fd() -> Iterator[None]:
    """Send what C code writes to file descriptor 1 (stdout) to the null device meanwhile.

    highspy prints its banner ("Running HiGHS ...: Copyright ...") from C++ the first
    time a ``Highs`` object is built in a process, before any option (``output_flag``,
    ``log_to_console``) can be set on it; PuLP's ``msg=False`` sets ``output_flag``
    only afterwards. Python's own buffered output is flushed first, and C's after,
    so nothing is lost or delayed. Where descriptor 1 cannot be redirected (closed,
    or a platform without it) the block runs as it is.
    """
    with contextlib.suppress(AttributeError, OSError, ValueError):  # closed or replaced stdout
        sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
        finally:
            os.close(null)
        try:
            yield
        finally:
            _flush_c_stdio()
            os.dup2(saved, 1)
    finally:
        os.close(saved)


def _flush_c_stdio() -> None:
    """Flush C's stdio buffers (``fflush(NULL)``), where the C library can be loaded."""
    with contextlib.suppress(Exception):  # no libc through ctypes on some platforms
        import ctypes

        ctypes.CDLL(None).fflush(None)


def lp_solver_class() -> Any:
    """highspy's ``Highs`` class (imported only when HiGHS is used)."""
    import highspy

    return highspy.Highs


class QuietHiGHS(pulp.HiGHS):  # type: ignore[misc, valid-type]
    """PuLP's HiGHS (highspy) interface that prints nothing on stdout, not even the banner.

    ``msg=False`` turns HiGHS' log off once the ``Highs`` object exists; building
    that object is what prints the banner, so it is built with stdout silenced
    (:func:`silence_stdout_fd`).
    """

    def createAndConfigureSolver(self, lp: pulp.LpProblem) -> None:
        with silence_stdout_fd():
            # HiGHS keeps one thread scheduler per process; once another caller started it
            # with more threads, a run asking for threads=1 ends "not solved" at once
            reset = getattr(lp_solver_class(), "resetGlobalScheduler", None)
            if reset is not None:
                reset(True)
            super().createAndConfigureSolver(lp)
        if not self.msg:
            lp.solverModel.setOptionValue("log_to_console", False)


def build_pulp_solver(engine: str, time_limit: float = 60.0, *, msg: bool = False) -> Any:
    """A PuLP solver for ``engine`` (``highs`` or ``cbc``) with this package's settings.

    Parameters
    ----------
    engine : str
        ``highs`` or ``cbc``.
    time_limit : float
        Wall-clock limit of one solve [s].
    msg : bool
        Let the solver print its log (for debugging only).
    """
    if engine == "highs":
        return QuietHiGHS(
            msg=msg, gapRel=1e-9, gapAbs=1e-9, timeLimit=time_limit, threads=1, presolve="off"
        )
    if engine == "cbc":
        return pulp.PULP_CBC_CMD(msg=msg, gapRel=0, gapAbs=1e-9, timeLimit=time_limit, threads=1)
    raise _unknown_solver(engine)


def _unknown_solver(engine: str) -> InputError:
    """The error for an engine this module cannot build."""
    return InputError(msg("solve.unknown_solver", engine=engine))
