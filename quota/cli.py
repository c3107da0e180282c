"""The ``quota`` command line: parse, call the pipeline, map errors to exit codes.

Exit codes: 0 ok, 2 bad input or usage, 3 infeasible, 1 internal error.
User errors print one clear message and no traceback.

Start-up stays fast: at module level this imports only click and modules that
import nothing heavy (:mod:`quota.errors`, :mod:`quota.config.choices`); each
command imports the pipeline when it runs, so ``quota --help`` and
``quota <command> --help`` load no pandas, pydantic, matplotlib or solver
(tests/test_startup.py).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from quota.config.choices import SOLVERS, TABLE_WEIGHT_METHODS
from quota.errors import InputError, QuotaError

F = TypeVar("F", bound=Callable[..., Any])

#: options shared by the commands that write a folder
OUT_OPTION = click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder for the outputs.",
)
TOTALS_OPTION = click.option(
    "--accept-totals-mismatch",
    is_flag=True,
    help="Go on when a totals row (合计) disagrees with the streets above it (a notice, not an"
    " error).",
)
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of labels and reports.",
)


def report_errors(func: F) -> F:
    """Turn a QuotaError into its message on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuotaError as exc:
            print_problems(exc)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def print_problems(exc: QuotaError, prefix: str = "") -> None:
    """Print an error's problems, one per line, to stderr."""
    title = {2: "error", 3: "infeasible"}.get(exc.exit_code, "error")
    for problem in exc.problems:
        click.echo(f"{prefix}{title}: {problem}", err=True)


def echo_notices(notices: tuple[str, ...] | list[str]) -> None:
    """Print notices (dropped totals rows and the like) to stderr, counted, once at the end."""
    unique = list(dict.fromkeys(notices))
    if not unique:
        return
    click.echo(f"{len(unique)} notice{'s' if len(unique) != 1 else ''}:", err=True)
    for notice in unique:
        click.echo(f"  - {notice}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quota", message="%(prog)s %(version)s")
def cli() -> None:
    """Allocate staffing quotas (编制) across sub-districts (街道)."""


@cli.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@OUT_OPTION
@LANG_OPTION
@click.option(
    "--solver",
    type=click.Choice(SOLVERS),
    default=None,
    help="Engine (default: the scenario's, auto).",
)
@click.option(
    "--accept-time-limit",
    is_flag=True,
    help="Write a solution not proven optimal when the solver hits its time limit (exit 0).",
)
@TOTALS_OPTION
def run(
    scenarios: tuple[Path, ...],
    out_dir: Path,
    lang: str,
    solver: str | None,
    accept_time_limit: bool = False,
    accept_totals_mismatch: bool = False,
) -> None:
    """Solve each SCENARIO and write OUT/<name>/."""
    from quota.config.scenario import load_scenario
    from quota.outputs.folder import check_output_folder
    from quota.pipeline import allocate
    from quota.solve.status import Status

    worst = 0
    notices: list[str] = []
    loaded: list[tuple[Path, Any]] = []
    for path in scenarios:
        try:
            loaded.append((path, load_scenario(path)))
        except QuotaError as exc:
            print_problems(exc, prefix=f"{path}: " if len(scenarios) > 1 else "")
            worst = worst or exc.exit_code
    clash = find_name_clashes(loaded)
    if clash:
        print_problems(InputError(clash))
        sys.exit(2)
    for path, scenario in loaded:
        prefix = f"{scenario.name}: " if len(scenarios) > 1 else ""
        try:
            if accept_time_limit:
                accepted = scenario.solver.model_copy(update={"accept_time_limit": True})
                scenario = scenario.model_copy(update={"solver": accepted})
            target = check_output_folder(out_dir, scenario.name)
            result = allocate(
                scenario, solver=solver, accept_totals_mismatch=accept_totals_mismatch
            )
            notices += [f"{prefix}{n}" for n in result.notices]
            notices += [
                f"{prefix}{k}: {n}"
                for k, s in result.solutions.items()
                if s.status != Status.OPTIMAL
                for n in s.notes
            ]
            result.write(target, lang=lang)
        except QuotaError as exc:
            print_problems(exc, prefix=f"{path}: " if len(scenarios) > 1 else "")
            worst = worst or exc.exit_code
            continue
        click.echo(format_summary(result, target))
    echo_notices(notices)
    if worst:
        sys.exit(worst)


def find_name_clashes(loaded: list[tuple[Path, Any]]) -> list[str]:
    """Scenarios of one run whose names (and so output folders) are the same."""
    first: dict[str, Path] = {}
    problems: list[str] = []
    for path, scenario in loaded:
        if scenario.name in first:
            problems.append(
                f"{first[scenario.name]} and {path} both have name {scenario.name!r}: their output "
                "folders would overwrite each other; give each scenario its own name"
            )
        first.setdefault(scenario.name, path)
    return problems


def format_summary(result: Any, target: Path) -> str:
    """A few lines about a result for the terminal."""
    lines = [f"{result.scenario.name}: {result.status} -> {target}"]
    for row in result.kinds.to_dict(orient="records"):
        lines.append(
            f"  {row['kind']}: pool {row['pool']} = base {row['base']} + quantified {row['quantified']}"
            f" + turnover {row['turnover_pool']} (given {row['turnover_used']}, reserve {row['reserve']});"
            f" engine {row['engine']}"
        )
    return "\n".join(lines)


@cli.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@TOTALS_OPTION
def validate(scenarios: tuple[Path, ...], accept_totals_mismatch: bool = False) -> None:
    """Check each SCENARIO and its data without solving."""
    from quota.config.scenario import load_scenario
    from quota.pipeline import check_scenario, prepare_scenario

    worst = 0
    for path in scenarios:
        try:
            scenario = load_scenario(path)
            prepared = prepare_scenario(scenario, accept_totals_mismatch=accept_totals_mismatch)
            echo_notices((*prepared.table.notices, *prepared.notices))
            check_scenario(prepared)
        except QuotaError as exc:
            print_problems(exc, prefix=f"{path}: ")
            worst = worst or exc.exit_code
            continue
        kinds = ", ".join(
            f"{k} (pool {v.pool}, {v.problem.size} streets)" for k, v in prepared.inputs.items()
        )
        click.echo(f"{path}: ok: {kinds}")
    if worst:
        sys.exit(worst)


@cli.command(name="compare")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@OUT_OPTION
@click.option(
    "--name",
    "folder_name",
    default=None,
    help="Name of the comparison folder (default: compare-<names>, or a hash when long).",
)
@LANG_OPTION
@click.option(
    "--solver",
    type=click.Choice(SOLVERS),
    default=None,
    help="Engine for every scenario (default: each scenario's own).",
)
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
        raise InputError("quota compare needs at least two scenario files")
    if folder_name is not None:
        check_output_folder(out_dir, folder_name)
    comparison = compare_scenarios(scenarios, solver=solver)
    echo_notices(
        [f"{run.name}: {n}" for run in comparison.runs if run.result for n in run.result.notices]
    )
    for run in comparison.runs:
        for problem in run.problems:
            title = {3: "infeasible"}.get(run.exit_code, "error")
            click.echo(f"{run.path}: {title}: {problem}", err=True)
    if comparison.exit_code != 0:
        click.echo(format_compare_summary(comparison))
        sys.exit(comparison.exit_code)
    target = check_output_folder(
        out_dir, folder_name or build_folder_name([run.name for run in comparison.runs])
    )
    comparison.write(target, lang=lang)
    click.echo(format_compare_summary(comparison, target))


@cli.command(name="weights")
@click.argument("data", type=click.Path(path_type=Path))
@click.option(
    "--method",
    type=click.Choice(TABLE_WEIGHT_METHODS),
    required=True,
    help="entropy (熵值法), critic, or ahp (needs --matrix).",
)
@click.option(
    "--indicators",
    default=None,
    help="Comma-separated columns, e.g. population,area_km2 (default: every numeric indicator"
    " column; for ahp: the matrix's).",
)
@click.option(
    "--matrix",
    "matrix_path",
    type=click.Path(path_type=Path),
    default=None,
    help="AHP pairwise-comparison matrix, CSV (names in the header row and first column) or"
    " YAML {indicators: [...], matrix: [[...]]}.",
)
@click.option("--force", is_flag=True, help="Accept an AHP matrix with CR > 0.1.")
@click.option("--sheet", default=None, help="XLSX sheet (name or 0-based number).")
@click.option(
    "--json", "as_json", is_flag=True, help="Print only a JSON object {indicator: weight}."
)
@TOTALS_OPTION
@report_errors
def weights_command(
    data: Path,
    method: str,
    indicators: str | None,
    matrix_path: Path | None,
    force: bool,
    sheet: str | None,
    as_json: bool,
    accept_totals_mismatch: bool = False,
) -> None:
    """Derive indicator weights from the street table DATA."""
    import json

    from quota.io.table import read_table
    from quota.methods.weights import derive_table_weights, format_weight_table

    chosen = None
    if indicators is not None:
        chosen = [x.strip() for x in indicators.split(",") if x.strip()]
        if not chosen:
            raise click.BadParameter("name at least one column", param_hint="--indicators")
    table = read_table(
        data,
        int(sheet) if sheet is not None and sheet.isdigit() else sheet,
        accept_totals_mismatch=accept_totals_mismatch,
    )
    echo_notices(table.notices)
    result = derive_table_weights(
        table, method, indicators=chosen, matrix_path=matrix_path, force=force
    )
    if as_json:
        from quota.methods.weights import format_skipped

        # stdout holds only the JSON; what was left out goes to stderr
        echo_notices([format_skipped(result.skipped)] if result.skipped else [])
        weights = {str(k): float(v) for k, v in result.weights.items()}
        click.echo(json.dumps(weights, ensure_ascii=False))
    else:
        click.echo(format_weight_table(result))


@cli.command(name="sensitivity")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--draws",
    type=click.IntRange(min=1, max=1_000_000),
    default=None,
    help="Monte Carlo draws (default: the scenario's sensitivity.draws, 1000).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=None,
    help="Random seed; the same seed gives the same CSV (default: sensitivity.seed, else a"
    " fresh one, printed).",
)
@click.option(
    "--concentration",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Dirichlet concentration C of the weights, alpha = C x w; larger is tighter"
    " (default: sensitivity.concentration, 100).",
)
@click.option(
    "--noise",
    type=click.FloatRange(min=0, max=1, max_open=True),
    default=None,
    help="Relative noise R on every indicator value, x (1 + U(-R, R)) (default:"
    " sensitivity.noise, 0).",
)
@OUT_OPTION
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for the draws (default: every usable core).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the chart.",
)
@report_errors
def sensitivity_command(
    scenario: Path,
    draws: int | None,
    seed: int | None,
    concentration: float | None,
    noise: float | None,
    out_dir: Path,
    workers: int | None,
    lang: str,
) -> None:
    """Re-solve SCENARIO under random weights and indicator values; write OUT/<name>-sensitivity/."""
    from quota.analysis.sensitivity import format_sensitivity_summary, run_sensitivity
    from quota.config.scenario import load_scenario
    from quota.outputs.folder import check_output_folder

    loaded = load_scenario(scenario)
    target = check_output_folder(out_dir, f"{loaded.name}-sensitivity")
    result = run_sensitivity(
        loaded, draws, seed=seed, concentration=concentration, noise=noise, workers=workers
    )
    result.write(target, lang=lang)
    click.echo(format_sensitivity_summary(result, target))


@cli.command(name="plan")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--years",
    type=int,
    default=None,
    help="Plan horizon in years (default: the scenario's plan.years).",
)
@click.option(
    "--attrition",
    type=float,
    default=None,
    help="Share of staff leaving per year, e.g. 0.04, where no retiring_<kind>_<year>"
    " column gives the number (default: plan.attrition).",
)
@click.option(
    "--hiring-cap",
    type=int,
    default=None,
    help="Most hires per year and kind (default: plan.hiring_cap, none).",
)
@click.option(
    "--start-year",
    type=int,
    default=None,
    help="Label of the first year (default: plan.start_year, else the first"
    " retiring_* year, else 1).",
)
@OUT_OPTION
@LANG_OPTION
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
    echo_notices(planned.notices)
    planned.write(target, lang=lang)
    click.echo(format_plan_summary(planned, target))


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--xlsx",
    "with_form",
    is_flag=True,
    help="Also write the collection form (填报表) to FOLDER/data/填报表.xlsx"
    " (collection-form.xlsx with --lang en) and point the scenario at it.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the collection form's headers and sheets (with --xlsx).",
)
@report_errors
def init(folder: Path, with_form: bool, lang: str) -> None:
    """Create FOLDER with a template street table and a commented scenario."""
    from quota.templates import form_path, write_template

    for path in write_template(folder, form=with_form, lang=lang):
        click.echo(f"created {path}")
    data = form_path(folder, lang) if with_form else folder / "data" / "streets.csv"
    click.echo(
        f"next: {'fill in' if with_form else 'edit'} {data}, then run: "
        f"quota run {folder / 'scenarios' / 'baseline.yaml'}"
    )


@cli.command()
@click.argument("units", type=click.IntRange(1, 1_000_000))
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generator.")
@click.option(
    "--out", "folder", type=click.Path(path_type=Path), default=Path("synth"), show_default=True
)
@report_errors
def synth(units: int, seed: int, folder: Path) -> None:
    """Write a synthetic street table of UNITS units and a matching scenario (for benchmarks)."""
    import yaml

    from quota.analysis.synth import synth_scenario_dict, synth_streets

    folder.mkdir(parents=True, exist_ok=True)
    streets = synth_streets(units, seed=seed)
    table = folder / f"streets-{units}-seed{seed}.csv"
    streets.to_csv(table, index=False, lineterminator="\n")
    scenario = synth_scenario_dict(units, seed, data=table.name, streets=streets)
    path = folder / f"{scenario['name']}.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), encoding="utf-8")
    click.echo(f"created {table}\ncreated {path}\nnext: quota run {path}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="quota")


if __name__ == "__main__":
    main()
