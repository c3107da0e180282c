"""Writing charts: the ones a table has data for, as byte-reproducible PNG files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from quota.outputs import fonts
from quota.outputs.charts.change import plot_change
from quota.outputs.charts.common import STYLE_RC, chart_style, has_values, protect_figure_text
from quota.outputs.charts.onboard import plot_onboard
from quota.outputs.charts.shares import plot_shares
from quota.outputs.charts.stack import plot_stack

#: resolution of written charts [dots per inch]
DPI = 150
#: file stem -> chart function, in the order charts are written
CHARTS: dict[str, Callable[..., Figure]] = {
    "stack": plot_stack,
    "shares": plot_shares,
    "change": plot_change,
    "onboard": plot_onboard,
}


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
        first (:func:`protect_figure_text`), so any name can be drawn.
    """
    _, font_rc = fonts.build_rc_params(lang)
    protect_figure_text(figure)
    with chart_style({**STYLE_RC, **font_rc}):
        figure.savefig(path, dpi=DPI, format="png", metadata={"Software": None})
    return path


def write_charts(table: pd.DataFrame, folder: Path, *, lang: str = "zh") -> list[Path]:
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

    Returns
    -------
    list of Path
        The files written, in the order above. The same table gives
        byte-identical files.
    """
    target = Path(folder) / "charts"
    target.mkdir(parents=True, exist_ok=True)
    code, _ = fonts.build_rc_params(lang)
    written: list[Path] = []
    for name in find_applicable_charts(table):
        figure = CHARTS[name](table, lang=code)
        written.append(write_figure(figure, target / f"{name}.png", lang=code))
    return written
