"""Compare several scenarios side by side (``quota compare``).

Each scenario is solved on its own (:func:`quota.pipeline.allocate`); one that
fails is recorded with its message and exit code and does not stop the
others. The comparison folder (:func:`write_comparison`, complete or not at
all) holds:

``compare.csv``
    One row per street and kind: ``street, kind``, each scenario's total
    quotas in a column named after the scenario, then ``diff_<name>`` for every
    scenario after the first (its total minus the first one's), then
    ``base_<name>, quantified_<name>, turnover_<name>`` per scenario (its
    composition: the three add up to its total). UTF-8 with BOM. The columns
    are named after the scenarios' names, the machine keys.
``compare.xlsx``
    The totals with a two-row merged header (kind over its columns), the
    streets' total, the district reserve and the pool; one sheet per kind with
    each scenario's base, quantified and turnover quotas; the kinds' summaries
    per scenario, the changed settings, the committee's decisions side by side
    and the failures.
``charts/compare.png``
    :func:`quota.outputs.charts.plot_compare`.
``compare.md``, ``compare.html``
    What changed and why: the settings that differ from the first scenario
    (old → new), the effect on each kind's split, the streets that gain and
    lose most, the constraints that start or stop binding, the committee's
    decisions side by side, and each street's composition per scenario with
    the district reserve as its own row.

Everything people read names a scenario by its title (:func:`scenario_titles`);
the CSV's columns and the list of scenarios keep the names.

This module runs the scenarios (:func:`compare_scenarios`) and says what came
out on the terminal (:func:`format_compare_summary`); the tables are built in
:mod:`quota.analysis.compare_table`, the settings and effects compared in
:mod:`quota.analysis.compare_effects`, and the folder written by
:mod:`quota.analysis.compare_writer`.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from quota.analysis.compare_table import (
    build_compare_table,
    build_compare_wide,
    derived_columns,
    reserved_columns,
)
from quota.analysis.phrases import join_sentences
from quota.errors import InputError, Msg, QuotaError
from quota.locale import kind_name, label, msg
from quota.outputs.text import format_signed

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from quota.results.result import Result

#: longest folder name built from scenario names; longer lists use a hash
MAX_FOLDER_NAME = 80


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario of a comparison: its result, or why it failed.

    Attributes
    ----------
    path : Path
        The scenario file.
    name : str
        The scenario's name (the file's stem when it could not be loaded),
        made unique within the comparison.
    result : Result or None
        The allocation, when it succeeded.
    problems : tuple of str or Msg
        The error messages, when it failed (render them with
        :func:`quota.errors.render` in the user's language).
    exit_code : int
        0 when it succeeded, else the exit code of its error (2 bad input,
        3 infeasible, 1 internal).
    """

    path: Path
    name: str
    result: Result | None = None
    problems: tuple[str | Msg, ...] = ()
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        """True when the scenario was solved."""
        return self.result is not None


@dataclass(frozen=True)
class Comparison:
    """Several scenarios solved side by side."""

    runs: tuple[ScenarioRun, ...]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def succeeded(self) -> list[ScenarioRun]:
        """The runs that were solved, in the order given."""
        return [run for run in self.runs if run.ok]

    @property
    def failed(self) -> list[ScenarioRun]:
        """The runs that failed, in the order given."""
        return [run for run in self.runs if not run.ok]

    @property
    def exit_code(self) -> int:
        """0 when at least two scenarios were solved, else the highest exit code of a failure."""
        if len(self.succeeded) >= 2:
            return 0
        codes = [run.exit_code for run in self.failed]
        return max(codes) if codes else InputError.exit_code

    @functools.cached_property
    def _table(self) -> pd.DataFrame:
        return build_compare_table(self.succeeded)

    @property
    def table(self) -> pd.DataFrame:
        """The comparison table (see :func:`~quota.analysis.compare_table.build_compare_table`).

        Built once, a copy each time.
        """
        return self._table.copy()

    def titles(self, lang: str = "zh") -> dict[str, str]:
        """Each run's name -> the title people read (see :func:`scenario_titles`)."""
        return scenario_titles(self.runs, lang)

    def write(self, folder: str | Path, *, lang: str = "zh") -> Path:
        """Write the comparison folder (complete or not at all); return it."""
        from quota.analysis.compare_writer import write_comparison

        return write_comparison(self, Path(folder), lang=lang)

    def plot(self, kind: str | None = None, *, lang: str = "zh") -> Figure:
        """The comparison chart: each street's total against the first scenario's.

        Legends and axis labels name the scenarios by their titles.
        """
        from quota.outputs.charts import plot_compare

        return plot_compare(build_compare_wide(self), kind, lang=lang, titles=self.titles(lang))


def scenario_titles(runs: Sequence[ScenarioRun], lang: str = "zh") -> dict[str, str]:
    """The title each scenario is shown by in tables, headings and chart legends.

    Parameters
    ----------
    runs : sequence of ScenarioRun
        The runs of a comparison (names unique).
    lang : {"zh", "en"}
        Language of the brackets that add a name.

    Returns
    -------
    dict
        Name -> the scenario's ``title``, or its name when it has none (or
        failed). Two scenarios with the same title get their names in brackets,
        ``新洲区方案（xinzhou-baseline）``; should that still not tell them apart,
        they are shown by their names, which are unique.
    """
    shown: dict[str, str] = {}
    for run in runs:
        title = run.result.scenario.title if run.result is not None else None
        shown[run.name] = title.strip() if title and title.strip() else run.name
    counts = Counter(shown.values())
    for name, title in shown.items():
        if counts[title] > 1 and title != name:
            shown[name] = label("cmp.title_with_name", lang).format(title=title, name=name)
    again = Counter(shown.values())
    return {name: name if again[title] > 1 else title for name, title in shown.items()}


def _unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3``, ... when it or a column made of it is taken.

    ``taken`` holds the names given so far and every column of the comparison
    table made of them (``diff_<name>``, ``base_<name>``, ...), and the fixed
    columns (``street``, ``kind``): a scenario named ``base_a`` next to one
    named ``a`` gets another name rather than overwrite a column.
    """

    def free(candidate: str) -> bool:
        return candidate not in taken and not any(c in taken for c in derived_columns(candidate))

    candidate, n = name, 2
    while not free(candidate):
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def _take(name: str, taken: set[str]) -> None:
    taken.add(name)
    taken.update(derived_columns(name))


def compare_scenarios(paths: Sequence[str | Path], *, solver: str | None = None) -> Comparison:
    """Solve every scenario; record failures instead of stopping.

    Parameters
    ----------
    paths : sequence of str or Path
        Scenario files, the first being the reference the others are compared to.
    solver : str, optional
        Engine for every scenario (default: each scenario's own).

    Returns
    -------
    Comparison
        One run per path, in order. A scenario that cannot be loaded or solved
        has its messages and exit code instead of a result. Two scenarios with
        the same name get ``-2``, ``-3``, ... appended, as does one whose name
        would clash with a column of the table (``street``, ``base_<other>``).
    """
    from quota.config.scenario import load_scenario
    from quota.pipeline import allocate

    runs: list[ScenarioRun] = []
    taken: set[str] = set(reserved_columns())
    for raw in paths:
        path = Path(raw)
        name = path.stem
        try:
            scenario = load_scenario(path)
            name = _unique_name(scenario.name, taken)
            result = allocate(scenario, solver=solver)
        except QuotaError as exc:
            name = _unique_name(name, taken)
            runs.append(ScenarioRun(path, name, None, tuple(exc.problems), exc.exit_code))
        else:
            runs.append(ScenarioRun(path, name, result))
        _take(name, taken)
    return Comparison(tuple(runs))


def build_folder_name(names: Sequence[str]) -> str:
    """``compare-<name1>+<name2>...``, or ``compare-<hash>`` when that gets long."""
    joined = "+".join(names)
    if len(joined) <= MAX_FOLDER_NAME:
        return f"compare-{joined}"
    digest = hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:12]
    return f"compare-{digest}"


def _status(status: object) -> str | Msg:
    """A solve's status as words (the status itself when it has none)."""
    words = {
        "optimal": msg("analysis.status_optimal"),
        "time_limit": msg("analysis.status_time_limit"),
        "infeasible": msg("analysis.status_infeasible"),
    }
    return words.get(str(status), str(status))


def describe_problems(run: ScenarioRun) -> Msg:
    """A failed run's messages as one (joined by a space in English, ``；`` in Chinese)."""
    return join_sentences(run.problems)


def _run_line(run: ScenarioRun, first: ScenarioRun | None) -> Msg:
    """One scenario's line of :func:`format_compare_summary`."""
    if run.result is None:
        return msg(
            "analysis.compare_summary_failed",
            name=run.name,
            code=run.exit_code,
            message=describe_problems(run),
        )
    parts: list[Msg] = []
    for record in run.result.kinds.to_dict(orient="records"):
        total = int(record["streets_total"])
        delta: str | Msg = ""
        if first is not None and first is not run and first.result is not None:
            ref = first.result.kinds
            match = ref.loc[ref["kind"] == record["kind"], "streets_total"]
            if len(match):
                signed = format_signed(total - int(match.iloc[0]))
                delta = msg("analysis.compare_summary_delta", delta=signed)
        parts.append(
            msg(
                "analysis.compare_summary_total",
                kind=kind_name(str(record["kind"])),
                total=total,
                delta=delta,
            )
        )
    outcome = run.result.decisions
    return msg(
        "analysis.compare_summary_run",
        name=run.name,
        status=_status(run.result.status),
        totals=parts,
        decisions=""
        if outcome is None or not outcome.targets
        else msg("analysis.compare_summary_decisions", n=len(outcome.targets)),
    )


def format_compare_summary(
    comparison: Comparison, target: Path | None = None, *, lang: str = "en"
) -> str:
    """A few lines for the terminal: each scenario's status and its kinds' totals.

    Parameters
    ----------
    comparison : Comparison
        The scenarios solved side by side.
    target : Path, optional
        Folder written, named on the first line.
    lang : {"en", "zh"}
        Language of the lines (kinds are named in that language).

    Returns
    -------
    str
        A line for the comparison, then one per scenario: its status, each kind's
        streets' total (with the difference to the first scenario) and how many
        committee decisions it has, or why it failed.
    """
    first = comparison.succeeded[0] if comparison.succeeded else None
    lines = [
        msg(
            "analysis.compare_summary",
            solved=len(comparison.succeeded),
            total=len(comparison.runs),
            target="" if target is None else msg("analysis.summary_target", target=target),
        )
    ]
    lines += [_run_line(run, first) for run in comparison.runs]
    return "\n".join(line.render(lang) for line in lines)
