"""``quota run`` and ``quota validate``: solve scenarios, or check them without solving."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from quota.cli.echo import echo_notices, prefixed, print_problems
from quota.cli.help import command, lang_option, option
from quota.config.choices import SOLVERS
from quota.errors import InputError, Msg, QuotaError
from quota.locale import kind_name, msg

#: options shared by the commands that write a folder
OUT_OPTION = option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help_key="cli.opt.out",
)
TOTALS_OPTION = option(
    "--accept-totals-mismatch", is_flag=True, help_key="cli.opt.accept_totals_mismatch"
)


@command("run")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@OUT_OPTION
@lang_option("cli.opt.lang_reports")
@option("--solver", type=click.Choice(SOLVERS), default=None, help_key="cli.opt.solver")
@option("--accept-time-limit", is_flag=True, help_key="cli.opt.accept_time_limit")
@TOTALS_OPTION
@option("--fix", "fixes", multiple=True, metavar="STREET:KIND=N", help_key="cli.opt.fix")
@option(
    "--decisions",
    "decisions_path",
    type=click.Path(path_type=Path),
    default=None,
    help_key="cli.opt.decisions",
)
def run(
    scenarios: tuple[Path, ...],
    out_dir: Path,
    lang: str,
    solver: str | None,
    accept_time_limit: bool = False,
    accept_totals_mismatch: bool = False,
    fixes: tuple[str, ...] = (),
    decisions_path: Path | None = None,
) -> None:
    """Solve each SCENARIO and write OUT/<name>/."""
    from quota.outputs.charts.warm import warm_charts

    # the charts' imports start now, in a process of their own, while the scenarios are read
    with warm_charts(lang):
        run_scenarios(
            scenarios,
            out_dir,
            lang,
            solver,
            accept_time_limit,
            accept_totals_mismatch,
            fixes,
            decisions_path,
        )


def run_scenarios(
    scenarios: tuple[Path, ...],
    out_dir: Path,
    lang: str,
    solver: str | None,
    accept_time_limit: bool,
    accept_totals_mismatch: bool,
    fixes: tuple[str, ...],
    decisions_path: Path | None,
) -> None:
    """``quota run``: read, solve and write each scenario; exit with the worst code."""
    from quota.config.scenario import load_scenario

    several = len(scenarios) > 1
    worst = 0
    try:
        decisions = read_decisions(fixes, decisions_path)
    except QuotaError as exc:
        print_problems(exc, lang)
        sys.exit(exc.exit_code)
    loaded: list[tuple[Path, Any]] = []
    for path in scenarios:
        try:
            loaded.append((path, load_scenario(path)))
        except QuotaError as exc:
            print_problems(exc, lang, path if several else None)
            worst = worst or exc.exit_code
    clash = find_name_clashes(loaded)
    if clash:
        print_problems(InputError(clash), lang)
        sys.exit(2)
    notices: list[str | Msg] = []
    for path, scenario in loaded:
        try:
            target, result = solve_one(
                scenario, out_dir, solver, accept_time_limit, accept_totals_mismatch, decisions
            )
            notices += [
                prefixed(scenario.name, n) if several else n for n in result_notices(result)
            ]
            result.write(target, lang=lang)
        except QuotaError as exc:
            print_problems(exc, lang, path if several else None)
            worst = worst or exc.exit_code
            continue
        click.echo(format_summary(result, target, lang=lang))
    echo_notices(notices, lang)
    if worst:
        sys.exit(worst)


def solve_one(
    scenario: Any,
    out_dir: Path,
    solver: str | None,
    accept_time_limit: bool,
    accept_totals_mismatch: bool,
    decisions: list[Any] | None = None,
) -> tuple[Path, Any]:
    """Check the output folder of a scenario and solve it: the folder and the result."""
    from quota.outputs.folder import check_output_folder
    from quota.pipeline import allocate

    if accept_time_limit:
        accepted = scenario.solver.model_copy(update={"accept_time_limit": True})
        scenario = scenario.model_copy(update={"solver": accepted})
    target = check_output_folder(out_dir, scenario.name)
    result = allocate(
        scenario,
        solver=solver,
        accept_totals_mismatch=accept_totals_mismatch,
        decisions=decisions or (),
    )
    return target, result


def read_decisions(fixes: tuple[str, ...], workbook: Path | None) -> list[Any]:
    """The decisions of ``--decisions`` (the workbook's 决定 column), then of ``--fix``."""
    from quota.config.decisions import parse_fix

    decisions: list[Any] = []
    if workbook is not None:
        from quota.io.decisions import read_decision_workbook

        decisions += read_decision_workbook(workbook)
    problems: list[str | Msg] = []
    for text in fixes:
        try:
            decisions.append(parse_fix(text))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return decisions


def result_notices(result: Any) -> list[str | Msg]:
    """A result's notices, then the notes of every kind not solved to optimality."""
    from quota.solve.status import Status

    notices: list[str | Msg] = list(result.notices)
    notices += [
        msg("cli.kind_note", kind=kind_name(kind), note=note)
        for kind, solution in result.solutions.items()
        if solution.status != Status.OPTIMAL
        for note in solution.notes
    ]
    return notices


def find_name_clashes(loaded: list[tuple[Path, Any]]) -> list[Msg]:
    """Scenarios of one run whose names (and so output folders) are the same."""
    first: dict[str, Path] = {}
    problems: list[Msg] = []
    for path, scenario in loaded:
        if scenario.name in first:
            problems.append(
                msg("cli.name_clash", first=first[scenario.name], path=path, name=scenario.name)
            )
        first.setdefault(scenario.name, path)
    return problems


def status_name(status: str, lang: str) -> str:
    """A result's status (``optimal``, ``optimal,time_limit``) in ``lang``."""
    known = {"optimal", "time_limit", "infeasible"}
    words = [
        msg(f"cli.status.{part}").render(lang) if part in known else part
        for part in str(status).split(",")
    ]
    return ("," if lang == "en" else "、").join(words)


def format_summary(result: Any, target: Path, *, lang: str = "en") -> str:
    """A few lines about a result for the terminal, in ``lang``."""
    head = msg(
        "cli.summary",
        name=result.scenario.name,
        status=status_name(result.status, lang),
        target=target,
    )
    lines = [head.render(lang)]
    for row in result.kinds.to_dict(orient="records"):
        line = msg(
            "cli.summary_kind",
            kind=kind_name(row["kind"]),
            pool=row["pool"],
            base=row["base"],
            quantified=row["quantified"],
            turnover=row["turnover_pool"],
            given=row["turnover_used"],
            reserve=row["reserve"],
            engine=row["engine"],
        )
        lines.append("  " + line.render(lang))
    outcome = getattr(result, "decisions", None)
    levels = getattr(result, "levels", None)
    on_units = levels is not None and len(levels.decisions) > 0
    moved = (
        0 if outcome is None else sum(1 for rows in outcome.causes.values() for row in rows if row)
    )
    cost = "0.00" if outcome is None else f"{outcome.cost:.2f}"
    if outcome is not None and (outcome.targets or not on_units):
        lines.append(
            msg("cli.summary_decisions", count=len(outcome.targets), cost=cost, moved=moved).render(
                lang
            )
        )
    if on_units:
        assert levels is not None
        units = [
            msg(
                "cli.summary_unit_decision",
                unit=row.unit,
                kind=row.kind,
                total=int(row.total),
                auto=int(row.auto_total),
            ).render(lang)
            for row in levels.decisions.itertuples()
        ]
        joiner = "；" if lang == "zh" else "; "
        lines.append(
            msg(
                "cli.summary_unit_decisions",
                count=len(units),
                units=joiner.join(units),
                cost=cost,
                moved=moved,
            ).render(lang)
        )
    return "\n".join(lines)


def check_decisions(prepared: Any) -> None:
    """The scenario's decisions name known streets and kinds and can hold on their own."""
    from quota.model.decisions import check_targets, resolve_targets

    if prepared.scenario.decisions:
        targets = resolve_targets(prepared.scenario.decisions, prepared.inputs, None)
        check_targets(prepared.inputs, targets)


@command("validate")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@TOTALS_OPTION
@lang_option("cli.opt.lang_messages")
def validate(scenarios: tuple[Path, ...], lang: str, accept_totals_mismatch: bool = False) -> None:
    """Check each SCENARIO and its data without solving."""
    from quota.config.scenario import load_scenario
    from quota.pipeline import check_scenario, prepare_scenario

    worst = 0
    for path in scenarios:
        try:
            scenario = load_scenario(path)
            prepared = prepare_scenario(scenario, accept_totals_mismatch=accept_totals_mismatch)
            echo_notices((*prepared.table.notices, *prepared.notices), lang)
            check_scenario(prepared)
            check_decisions(prepared)
        except QuotaError as exc:
            print_problems(exc, lang, path)
            worst = worst or exc.exit_code
            continue
        kinds = [
            msg("cli.validate_kind", kind=kind_name(k), pool=v.pool, streets=v.problem.size)
            for k, v in prepared.inputs.items()
        ]
        click.echo(msg("cli.validate_ok", path=path, kinds=kinds).render(lang))
    if worst:
        sys.exit(worst)
