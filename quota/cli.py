"""The ``quota`` command line: parse, call the pipeline, map errors to exit codes.

Exit codes: 0 ok, 2 bad input or usage, 3 infeasible, 1 internal error.
User errors print one clear message and no traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from quota.errors import QuotaError

F = TypeVar("F", bound=Callable[..., Any])

SOLVERS = ("auto", "fast", "highs", "cbc")


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
    """Print reading notices (dropped totals rows and the like) to stderr."""
    for notice in notices:
        click.echo(f"note: {notice}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quota", message="%(prog)s %(version)s")
def cli() -> None:
    """Allocate staffing quotas (编制) across sub-districts (街道)."""


@cli.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder for the outputs.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of labels and reports.",
)
@click.option(
    "--solver",
    type=click.Choice(SOLVERS),
    default=None,
    help="Engine (default: the scenario's, auto).",
)
def run(scenarios: tuple[Path, ...], out_dir: Path, lang: str, solver: str | None) -> None:
    """Solve each SCENARIO and write OUT/<name>/."""
    from quota.outputs import check_output_folder
    from quota.pipeline import allocate
    from quota.scenario import load_scenario

    worst = 0
    for path in scenarios:
        try:
            scenario = load_scenario(path)
            target = check_output_folder(out_dir, scenario.name)
            result = allocate(scenario, solver=solver)
            echo_notices(result.notices)
            result.write(target, lang=lang)
        except QuotaError as exc:
            print_problems(exc, prefix=f"{path}: " if len(scenarios) > 1 else "")
            worst = worst or exc.exit_code
            continue
        click.echo(format_summary(result, target))
    if worst:
        sys.exit(worst)


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
def validate(scenarios: tuple[Path, ...]) -> None:
    """Check each SCENARIO and its data without solving."""
    from quota.pipeline import check_scenario, prepare_scenario
    from quota.scenario import load_scenario

    worst = 0
    for path in scenarios:
        try:
            scenario = load_scenario(path)
            prepared = prepare_scenario(scenario)
            echo_notices(prepared.table.notices)
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


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@report_errors
def init(folder: Path) -> None:
    """Create FOLDER with a template street table and a commented scenario."""
    from quota.templates import write_template

    for path in write_template(folder):
        click.echo(f"created {path}")
    click.echo(
        f"next: edit {folder / 'data' / 'streets.csv'}, then run: quota run {folder / 'scenarios' / 'baseline.yaml'}"
    )


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="quota")


if __name__ == "__main__":
    main()
