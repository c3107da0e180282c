"""Starting the charts of a table before matplotlib is imported: :func:`start_charts`.

Importing matplotlib and finding a Chinese font take about a third of a second,
as long as drawing one small chart. This module imports neither: the helper
process forked by :class:`ChartJob` (see :mod:`~quota.outputs.charts.workers`)
imports them while the caller goes on (writing the workbook, say), and the
caller imports them only if charts are left for it to draw when it
:meth:`~ChartJob.wait`\\ s. The files are the same bytes whichever process draws
them: :func:`quota.outputs.charts.files.draw_chart` does the drawing in both.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from quota.outputs.charts.workers import SharedTasks

#: the charts :func:`quota.outputs.charts.files.write_charts` writes, in that order
CHART_NAMES = ("stack", "shares", "change", "onboard")
#: the order charts are drawn in when two processes share them: the longest first (measured
#: at 12 and at 40,000 streets), so that neither process is left with a long one at the end
DRAW_ORDER = ("stack", "onboard", "change", "shares")


def has_values(table: pd.DataFrame, column: str) -> bool:
    """Whether ``table`` has ``column`` with at least one number in it."""
    return column in table.columns and bool(
        pd.to_numeric(table[column], errors="coerce").notna().any()
    )


def find_applicable_charts(table: pd.DataFrame) -> list[str]:
    """Return the names of the charts a table has the data for.

    Parameters
    ----------
    table : DataFrame
        Allocation table.

    Returns
    -------
    list of str
        ``stack`` and ``shares`` always; ``change`` when current quotas are
        present; ``onboard`` when staff on board are present.
    """
    names = ["stack", "shares"]
    if has_values(table, "current") and has_values(table, "change"):
        names.append("change")
    if has_values(table, "onboard"):
        names.append("onboard")
    return names


class ChartPlan:
    """The charts of a table: their files, the order they are drawn in, and :meth:`draw`.

    The same arguments give the same plan in any process, so a task number
    means the same chart in the caller, a helper and the warm process.
    """

    def __init__(
        self,
        table: pd.DataFrame,
        folder: Path,
        *,
        lang: str,
        levels: Mapping[str, pd.DataFrame] | None = None,
    ) -> None:
        target = Path(folder) / "charts"
        target.mkdir(parents=True, exist_ok=True)
        self.table = table
        self.lang = lang
        self.levels = dict(levels or {})
        self.names = find_applicable_charts(table)
        self.paths = [target / f"{name}.png" for name in self.names]
        self.paths += [target / f"by_{level}.png" for level in self.levels]
        every = [*self.names, *(f"by_{level}" for level in self.levels)]

        def rank(i: int) -> tuple[int, int]:
            """Longest first: the stacked bars, the charts by level, then :data:`DRAW_ORDER`."""
            if every[i].startswith("by_"):
                return (1, i)
            position = DRAW_ORDER.index(every[i])
            return (0 if position == 0 else 2, position)

        self.order = sorted(range(len(every)), key=rank)
        self._levels_at = {len(self.names) + j: item for j, item in enumerate(self.levels.items())}
        # the language the charts can use, found once in each process that draws (it needs
        # matplotlib's font list; a missing Chinese font warns where it is found)
        self._found: list[str] = []

    @property
    def count(self) -> int:
        """How many charts there are."""
        return len(self.order)

    def draw(self, task: int) -> None:
        """Draw chart number ``task`` (in drawing order) and write its file."""
        from quota.outputs import fonts
        from quota.outputs.charts.files import draw_chart

        if not self._found:
            self._found.append(fonts.build_rc_params(self.lang)[0])
        index = self.order[task]
        if index in self._levels_at:
            from quota.outputs.charts.files import draw_level_chart

            level, frame = self._levels_at[index]
            draw_level_chart(level, frame, self.paths[index], lang=self._found[0])
        else:
            name, path = self.names[index], self.paths[index]
            draw_chart(name, self.table, path, lang=self._found[0], levels=tuple(self.levels))


class ChartJob:
    """The charts of a table being written (:func:`start_charts`); :meth:`wait` finishes them.

    Use it as a context manager, so that a helper process still drawing is
    stopped when the caller fails before :meth:`wait`.
    """

    def __init__(
        self,
        table: pd.DataFrame,
        folder: Path,
        *,
        lang: str,
        parallel: bool,
        levels: Mapping[str, pd.DataFrame] | None = None,
        nice: int = 0,
    ) -> None:
        from quota.outputs.charts import warm

        self._plan = plan = ChartPlan(table, folder, lang=lang, levels=levels)
        self.paths = plan.paths
        self._warm = warm.current() if parallel and plan.count else None
        if self._warm is not None:  # the warm process makes the same plan of these arguments
            job = {"table": table, "folder": str(folder), "lang": lang, "levels": plan.levels}
            if not self._warm.send({**job, "nice": nice}):
                self._warm = None
        count = 0 if self._warm is not None else plan.count  # the warm process has them
        self._tasks = SharedTasks(count, plan.draw, helper=parallel, nice=nice)

    def __enter__(self) -> ChartJob:
        return self

    def __exit__(self, *exc: object) -> None:
        self._tasks.cancel()
        if self._warm is not None:  # failed before wait: the warm process stops drawing
            self._warm.stop()

    def wait(self) -> list[Path]:
        """Draw here the charts left, once; return every file, in :data:`CHART_NAMES` order."""
        if self._warm is not None:
            done = self._warm.collect()
            self._warm = None
            for task in range(self._plan.count):
                if task not in done:
                    self._plan.draw(task)
        self._tasks.finish()
        self._tasks = SharedTasks(0, lambda _: None)  # a second wait draws nothing again
        return list(self.paths)


def start_charts(
    table: pd.DataFrame,
    folder: Path,
    *,
    lang: str = "zh",
    parallel: bool = True,
    levels: Mapping[str, pd.DataFrame] | None = None,
    nice: int = 0,
) -> ChartJob:
    """Start writing the charts of :func:`~quota.outputs.charts.files.write_charts`.

    With a helper process (see ``parallel`` of ``write_charts``) the charts are
    drawn while the caller goes on, writing the workbook for instance;
    :meth:`ChartJob.wait` then draws here what the helper has not taken and
    returns the files. Without one, every chart is drawn in :meth:`~ChartJob.wait`.
    Neither this call nor a wait that finds every chart drawn imports matplotlib
    in the calling process. ``levels`` (level -> one row per unit and kind, as
    :attr:`LevelView.units <quota.outputs.level_view.LevelView.units>`) adds the
    chart of each upper level's units, ``by_<level>.png``, after the others.
    ``nice`` lowers the priority of the processes that draw for this call (not
    of the caller): the charts then give way to longer work, a large
    workbook being written meanwhile, say.
    """
    return ChartJob(table, folder, lang=lang, parallel=parallel, levels=levels, nice=nice)
