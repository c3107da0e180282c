"""Writing charts: the ones a table has data for, as byte-reproducible PNG files.

A figure is laid out and drawn once on an Agg canvas of its own
(:func:`print_png`), where ``Figure.savefig`` lays it out while drawing it a
first time and then draws it again: the same bytes for about 15 % less work.
:func:`write_charts` shares the charts of a table with a forked helper process
where that pays (Linux, two cores or more; :mod:`~quota.outputs.charts.workers`);
the files are the same bytes either way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from contextlib import suppress
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from quota.outputs import fonts
from quota.outputs.charts.change import plot_change
from quota.outputs.charts.common import (
    GROUP_COLUMNS,
    STYLE_RC,
    chart_style,
    protect_figure_text,
)
from quota.outputs.charts.districts import plot_districts
from quota.outputs.charts.job import CHART_NAMES, ChartJob, find_applicable_charts, start_charts
from quota.outputs.charts.onboard import plot_onboard
from quota.outputs.charts.shares import plot_shares
from quota.outputs.charts.stack import plot_stack

#: resolution of written charts [dots per inch]
DPI = 150
#: PNG metadata of written charts: no ``Software`` entry (no matplotlib version in the bytes)
METADATA: dict[str, str | None] = {"Software": None}
#: file stem -> chart function, in the order charts are written
CHARTS: dict[str, Callable[..., Figure]] = {
    "stack": plot_stack,
    "shares": plot_shares,
    "change": plot_change,
    "onboard": plot_onboard,
}
assert tuple(CHARTS) == CHART_NAMES
#: with levels, the chart of each upper level's units (:func:`write_level_charts`), one file
#: ``by_<level>.png`` per level: level -> units frame -> figure
LEVEL_CHART: Callable[..., Figure] = plot_districts
#: the charts of :data:`CHARTS` whose panel of sums by province or city (large tables) shows
#: what a levels run shows of each unit already: its streets' total and current quotas (the
#: chart of its level, ``by_<level>.png``), their change and staff on board (the level tables
#: of the workbook, the report and levels.csv). With levels they leave that panel out; shares
#: keeps it (workload against quotas by unit is shown nowhere else)
SUMS_IN_LEVEL_OUTPUTS = ("stack", "change", "onboard")

__all__ = [
    "CHARTS",
    "DPI",
    "LEVEL_CHART",
    "METADATA",
    "SUMS_IN_LEVEL_OUTPUTS",
    "ChartJob",
    "draw_chart",
    "find_applicable_charts",
    "print_png",
    "start_charts",
    "write_charts",
    "write_figure",
    "write_level_charts",
]


def draw_chart(
    name: str, table: pd.DataFrame, path: Path, *, lang: str, levels: Collection[str] = ()
) -> Path:
    """Draw one chart of :data:`CHARTS` and write it as PNG (``lang``: as the charts can use).

    ``levels``: the levels of a levels run whose units get a chart of their own
    (``by_<level>.png``); a chart of :data:`SUMS_IN_LEVEL_OUTPUTS` then draws no panel of
    sums by them.
    """
    figure = CHARTS[name](street_chart_table(name, table, levels), lang=lang)
    return write_figure(figure, path, lang=lang)


def street_chart_table(name: str, table: pd.DataFrame, levels: Collection[str]) -> pd.DataFrame:
    """The table chart ``name`` is drawn from, beside the charts of ``levels``' units.

    The table itself, or, for a chart of :data:`SUMS_IN_LEVEL_OUTPUTS`, without its
    columns of :data:`~quota.outputs.charts.common.GROUP_COLUMNS` that are among
    ``levels``: the sums by those units are shown by the level's own outputs, once.
    """
    if name not in SUMS_IN_LEVEL_OUTPUTS:
        return table
    drawn = [c for c in GROUP_COLUMNS if c in levels and c in table.columns]
    return table.drop(columns=drawn) if drawn else table


def _needs_savefig() -> bool:
    """Whether the active settings ask ``savefig`` for more than :func:`print_png` does."""
    rc = matplotlib.rcParams
    return rc["savefig.bbox"] is not None or bool(rc["savefig.transparent"])


def _is_auto(color: object) -> bool:
    return isinstance(color, str) and color == "auto"


def print_png(figure: Figure, path: Path, dpi: float = DPI) -> None:
    """Lay out and draw a figure once and write it as PNG: ``savefig``'s bytes, less work.

    What ``figure.savefig(path, dpi=dpi, format="png", metadata=METADATA)``
    does with the active settings (``savefig.facecolor``, ``savefig.edgecolor``,
    the figure's layout engine at ``dpi``), without its first, hidden drawing.
    The figure's canvas, resolution, colours and layout engine are put back.

    Parameters
    ----------
    figure : Figure
        Figure to write.
    path : Path
        Target file; its folder must exist.
    dpi : float
        Resolution [dots per inch].
    """
    previous = figure.canvas
    engine = figure.get_layout_engine()
    original_dpi = figure.dpi
    colors = {"facecolor": figure.get_facecolor(), "edgecolor": figure.get_edgecolor()}
    canvas = FigureCanvasAgg(figure)
    canvas._is_saving = True  # type: ignore[attr-defined]  # as savefig: animated artists too
    saved = {
        "facecolor": matplotlib.rcParams["savefig.facecolor"],
        "edgecolor": matplotlib.rcParams["savefig.edgecolor"],
    }
    try:
        figure.dpi = dpi
        figure.set(**{prop: c for prop, c in saved.items() if not _is_auto(c)})
        if engine is not None:
            if figure.axes:
                with suppress(ValueError):  # as Figure.draw
                    engine.execute(figure)
            figure.set_layout_engine("none")
        canvas.print_png(path, metadata=METADATA)
    finally:
        figure.dpi = original_dpi
        figure.set(**colors)
        if engine is not None:
            figure.set_layout_engine(engine)
        figure.set_canvas(previous)


def write_figure(figure: Figure, path: Path, *, lang: str = "zh") -> Path:
    """Save a figure as a byte-reproducible PNG.

    Parameters
    ----------
    figure : Figure
        Figure to save.
    path : Path
        Target file; its folder must exist.
    lang : {"zh", "en"}
        Language the figure was drawn in (its fonts are applied while saving).

    Returns
    -------
    Path
        ``path``. Texts that matplotlib would read as mathtext are escaped
        first (:func:`protect_figure_text`), so any name can be drawn. The
        bytes are those of ``figure.savefig(path, dpi=DPI, format="png",
        metadata=METADATA)`` (:func:`print_png`).
    """
    _, font_rc = fonts.build_rc_params(lang)
    protect_figure_text(figure)
    with chart_style({**STYLE_RC, **font_rc}):
        if _needs_savefig():
            figure.savefig(path, dpi=DPI, format="png", metadata=METADATA)
        else:
            print_png(figure, path)
    return path


def write_charts(
    table: pd.DataFrame, folder: Path, *, lang: str = "zh", parallel: bool = True
) -> list[Path]:
    """Write every chart the table has data for as PNG files.

    Parameters
    ----------
    table : DataFrame
        Allocation table.
    folder : Path
        Output folder of the scenario; charts go into ``folder / "charts"``
        (created if missing) as ``stack.png``, ``shares.png``, ``change.png`` and
        ``onboard.png`` (the last two only when current quotas / staff on board
        are present).
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.
    parallel : bool
        Share the charts with a forked helper process where that pays (Linux,
        two cores or more; :mod:`~quota.outputs.charts.workers`); False draws
        them all in this process. The files are the same bytes either way.

    Returns
    -------
    list of Path
        The files written, in the order above. The same table gives
        byte-identical files.
    """
    with start_charts(table, folder, lang=lang, parallel=parallel) as job:
        return job.wait()


def draw_level_chart(level: str, frame: pd.DataFrame, path: Path, *, lang: str) -> Path:
    """Draw the chart of one upper level's units (:data:`LEVEL_CHART`) and write it as PNG."""
    return write_figure(LEVEL_CHART(frame, lang=lang, level=level), path, lang=lang)


def write_level_charts(
    units: Mapping[str, pd.DataFrame], folder: Path, *, lang: str = "zh"
) -> list[Path]:
    """Write the chart of each upper level's units (:data:`LEVEL_CHART`) as ``by_<level>.png``.

    Parameters
    ----------
    units : mapping
        Level -> one row per unit and kind (``unit, kind, allocated,
        streets_total, reserve``, optional ``current``), e.g.
        :attr:`LevelView.units <quota.outputs.level_view.LevelView.units>`.
    folder : Path
        Output folder; the charts go into ``folder / "charts"`` (created if missing).
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.

    Returns
    -------
    list of Path
        ``charts/by_<level>.png`` per level, in the mapping's order; byte-reproducible.
    """
    target = Path(folder) / "charts"
    target.mkdir(parents=True, exist_ok=True)
    code, _ = fonts.build_rc_params(lang)
    paths = []
    for level, frame in units.items():
        figure = LEVEL_CHART(frame, lang=code, level=level)
        paths.append(write_figure(figure, target / f"by_{level}.png", lang=code))
    return paths
