"""``quota sweep``: a scenario at every point of a parameter grid; the cluster options.

``--scheduler ADDRESS`` and ``--dask`` are shared with ``quota sensitivity``
(:data:`SCHEDULER_OPTION`, :data:`DASK_OPTION`, :func:`open_cli_cluster`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quota.cli.allocate import OUT_OPTION
from quota.cli.echo import echo_notices, report_errors
from quota.cli.help import command, lang_option, option
from quota.config.choices import SOLVERS
from quota.errors import InputError, Msg
from quota.locale import msg

if TYPE_CHECKING:
    from quota.analysis.cluster import Cluster

#: options of the commands that can run on a Dask cluster
SCHEDULER_OPTION = option(
    "--scheduler", metavar="ADDRESS", default=None, help_key="cli.opt.scheduler"
)
DASK_OPTION = option("--dask", "local_dask", is_flag=True, help_key="cli.opt.dask")
#: notices printed on the terminal (a grid over weights can give one per point)
MAX_NOTICES = 10


@contextlib.contextmanager
def open_cli_cluster(
    scheduler: str | None, local_dask: bool, workers: int | None, lang: str
) -> Iterator[Cluster | None]:
    """The cluster the options ask for (None: none), said on stderr, closed afterwards."""
    if scheduler is not None and local_dask:
        raise InputError(msg("analysis.cluster_both"))
    if scheduler is None and not local_dask:
        yield None
        return
    from quota.analysis.cluster import open_cluster

    cluster = open_cluster(scheduler, local=local_dask, workers=workers)
    try:
        line = msg("cli.cluster_opened", address=cluster.address, workers=cluster.workers)
        click.echo(line.render(lang), err=True)
        yield cluster
    finally:
        cluster.close()


@command("sweep")
@click.argument("scenario", type=click.Path(path_type=Path))
@option(
    "--grid",
    "grid_path",
    required=True,
    type=click.Path(path_type=Path),
    help_key="cli.opt.grid",
)
@OUT_OPTION
@SCHEDULER_OPTION
@DASK_OPTION
@option("--jobs", type=click.IntRange(min=1, max=1024), default=None, help_key="cli.opt.jobs")
@option("--solver", type=click.Choice(SOLVERS), default=None, help_key="cli.opt.solver")
@lang_option("cli.opt.lang_reports")
@report_errors
def sweep_command(
    scenario: Path,
    grid_path: Path,
    out_dir: Path,
    scheduler: str | None,
    local_dask: bool,
    jobs: int | None,
    solver: str | None,
    lang: str,
) -> None:
    """Solve SCENARIO at every point of GRID; write OUT/<name>-sweep/."""
    from quota.analysis.sweep import format_sweep_summary, run_sweep
    from quota.analysis.sweep_grid import build_point_scenarios, read_grid
    from quota.config.scenario import load_scenario
    from quota.outputs.folder import check_output_folder

    if scheduler is not None and local_dask:
        raise InputError(msg("analysis.cluster_both"))
    loaded = load_scenario(scenario)
    grid = read_grid(grid_path)
    build_point_scenarios(loaded, grid)  # every point checked before a cluster is opened
    target = check_output_folder(out_dir, f"{loaded.name}-sweep")
    with open_cli_cluster(scheduler, local_dask, jobs, lang) as cluster:
        result = run_sweep(
            loaded,
            grid,
            executor=cluster.executor if cluster is not None else None,
            workers=cluster.workers if cluster is not None else None,
            jobs=jobs,
            solver=solver,
        )
    notices: list[str | Msg] = list(result.notices[:MAX_NOTICES])
    if len(result.notices) > MAX_NOTICES:
        notices.append(msg("cli.sweep_more_notices", count=len(result.notices) - MAX_NOTICES))
    echo_notices(notices, lang)
    result.write(target, lang=lang)
    click.echo(format_sweep_summary(result, target, lang=lang))
