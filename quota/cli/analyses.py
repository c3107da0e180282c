"""``quota compare``, ``quota sensitivity`` and ``quota plan``: analyses of scenarios."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quota.cli.allocate import OUT_OPTION
from quota.cli.echo import echo_notices, echo_problem, prefixed, problem_title, report_errors
from quota.cli.help import command, lang_option, option
from quota.cli.sweep import DASK_OPTION, SCHEDULER_OPTION, open_cli_cluster
from quota.config.choices import SOLVERS
from quota.errors import InputError
from quota.locale import msg


@command("compare")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@OUT_OPTION
@option("--name", "folder_name", default=None, help_key="cli.opt.compare_name")
@lang_option("cli.opt.lang_reports")
@option("--solver", type=click.Choice(SOLVERS), default=None, help_key="cli.opt.compare_solver")
@report_errors
def compare_command(
    scenarios: tuple[Path, ...],
    out_dir: Path,
    folder_name: str | None,
    lang: str,
    solver: str | None,
) -> None:
    """Solve each SCENARIO and compare them with the first; write OUT/compare-<names>/.

    A scenario that fails is reported and the others are still compared; the
    exit code is 0 when at least two were solved.
    """
    from quota.analysis.compare import build_folder_name, compare_scenarios, format_compare_summary
    from quota.outputs.folder import check_output_folder

    if len(scenarios) < 2:
        raise InputError(msg("cli.compare_needs_two"))
    if folder_name is not None:
        check_output_folder(out_dir, folder_name)
    comparison = compare_scenarios(scenarios, solver=solver)
    echo_notices(
        [
            prefixed(run.name, n)
            for run in comparison.runs
            if run.result
            for n in run.result.notices
        ],
        lang,
    )
    for run in comparison.runs:
        for problem in run.problems:
            echo_problem(problem_title(run.exit_code), problem, lang, run.path)
    if comparison.exit_code != 0:
        click.echo(format_compare_summary(comparison, lang=lang))
        sys.exit(comparison.exit_code)
    target = check_output_folder(
        out_dir, folder_name or build_folder_name([run.name for run in comparison.runs])
    )
    comparison.write(target, lang=lang)
    click.echo(format_compare_summary(comparison, target, lang=lang))


@command("sensitivity")
@click.argument("scenario", type=click.Path(path_type=Path))
@option(
    "--draws",
    type=click.IntRange(min=1, max=1_000_000),
    default=None,
    help_key="cli.opt.draws",
)
@option("--seed", type=click.IntRange(min=0), default=None, help_key="cli.opt.sensitivity_seed")
@option(
    "--concentration",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help_key="cli.opt.concentration",
)
@option(
    "--noise",
    type=click.FloatRange(min=0, max=1, max_open=True),
    default=None,
    help_key="cli.opt.noise",
)
@OUT_OPTION
@option("--workers", type=click.IntRange(min=1), default=None, help_key="cli.opt.workers")
@SCHEDULER_OPTION
@DASK_OPTION
@lang_option("cli.opt.lang_chart")
@report_errors
def sensitivity_command(
    scenario: Path,
    draws: int | None,
    seed: int | None,
    concentration: float | None,
    noise: float | None,
    out_dir: Path,
    workers: int | None,
    scheduler: str | None,
    local_dask: bool,
    lang: str,
) -> None:
    """Re-solve SCENARIO under random weights and indicator values; write OUT/<name>-sensitivity/.

    With ``--scheduler`` or ``--dask`` the draws run on a Dask cluster; the
    files are the same bytes as a local run with the same seed.
    """
    from quota.analysis.sensitivity import format_sensitivity_summary, run_sensitivity
    from quota.config.scenario import load_scenario
    from quota.outputs.folder import check_output_folder

    if scheduler is not None and local_dask:
        raise InputError(msg("analysis.cluster_both"))
    loaded = load_scenario(scenario)
    target = check_output_folder(out_dir, f"{loaded.name}-sensitivity")
    with open_cli_cluster(scheduler, local_dask, workers, lang) as cluster:
        result = run_sensitivity(
            loaded,
            draws,
            seed=seed,
            concentration=concentration,
            noise=noise,
            executor=cluster.executor if cluster is not None else None,
            workers=cluster.workers if cluster is not None else workers,
        )
    result.write(target, lang=lang)
    click.echo(format_sensitivity_summary(result, target, lang=lang))


@command("plan")
@click.argument("scenario", type=click.Path(path_type=Path))
@option("--years", type=int, default=None, help_key="cli.opt.years")
@option("--attrition", type=float, default=None, help_key="cli.opt.attrition")
@option("--hiring-cap", type=int, default=None, help_key="cli.opt.hiring_cap")
@option("--start-year", type=int, default=None, help_key="cli.opt.start_year")
@OUT_OPTION
@lang_option("cli.opt.lang_reports")
@report_errors
def plan_command(
    scenario: Path,
    years: int | None,
    attrition: float | None,
    hiring_cap: int | None,
    start_year: int | None,
    out_dir: Path,
    lang: str,
) -> None:
    """Plan the move from staff on board to SCENARIO's allocation, year by year; write OUT/<name>-plan/."""
    from quota.analysis.plan import format_plan_summary, plan_scenario
    from quota.config.scenario import load_scenario
    from quota.outputs.folder import check_output_folder

    loaded = load_scenario(scenario)
    target = check_output_folder(out_dir, f"{loaded.name}-plan")
    planned = plan_scenario(
        loaded, years=years, attrition=attrition, hiring_cap=hiring_cap, start_year=start_year
    )
    echo_notices(planned.notices, lang)
    planned.write(target, lang=lang)
    click.echo(format_plan_summary(planned, target, lang=lang))
