"""``quota weights``, ``quota init`` and ``quota synth``: weights, a new folder, test data."""

from __future__ import annotations

from pathlib import Path

import click

from quota.cli.allocate import TOTALS_OPTION
from quota.cli.echo import echo_notices, report_errors
from quota.cli.help import command, lang_option, option
from quota.cli.usage import MsgBadParameter
from quota.config.choices import TABLE_WEIGHT_METHODS
from quota.locale import msg


@command("weights")
@click.argument("data", type=click.Path(path_type=Path))
@option(
    "--method", type=click.Choice(TABLE_WEIGHT_METHODS), required=True, help_key="cli.opt.method"
)
@option("--indicators", default=None, help_key="cli.opt.indicators")
@option(
    "--matrix",
    "matrix_path",
    type=click.Path(path_type=Path),
    default=None,
    help_key="cli.opt.matrix",
)
@option("--force", is_flag=True, help_key="cli.opt.force")
@option("--sheet", default=None, help_key="cli.opt.sheet")
@option("--json", "as_json", is_flag=True, help_key="cli.opt.json")
@TOTALS_OPTION
@lang_option("cli.opt.lang_messages")
@report_errors
def weights_command(
    data: Path,
    method: str,
    indicators: str | None,
    matrix_path: Path | None,
    force: bool,
    sheet: str | None,
    as_json: bool,
    lang: str,
    accept_totals_mismatch: bool = False,
) -> None:
    """Derive indicator weights from the street table DATA."""
    import json

    from quota.io.table import read_table
    from quota.methods.table_weights import derive_table_weights, format_weight_table

    chosen = None
    if indicators is not None:
        chosen = [x.strip() for x in indicators.split(",") if x.strip()]
        if not chosen:
            raise MsgBadParameter(msg("cli.indicators_empty"), param_hint="--indicators")
    table = read_table(
        data,
        int(sheet) if sheet is not None and sheet.isdigit() else sheet,
        accept_totals_mismatch=accept_totals_mismatch,
    )
    echo_notices(table.notices, lang)
    result = derive_table_weights(
        table, method, indicators=chosen, matrix_path=matrix_path, force=force
    )
    if as_json:
        from quota.methods.table_weights import format_skipped

        # stdout holds only the JSON; what was left out goes to stderr
        echo_notices([format_skipped(result.skipped, lang=lang)] if result.skipped else [], lang)
        weights = {str(k): float(v) for k, v in result.weights.items()}
        click.echo(json.dumps(weights, ensure_ascii=False))
    else:
        click.echo(format_weight_table(result, lang=lang))


@command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@option("--xlsx", "with_form", is_flag=True, help_key="cli.opt.xlsx")
@lang_option("cli.opt.lang_form")
@report_errors
def init(folder: Path, with_form: bool, lang: str) -> None:
    """Create FOLDER with a template street table and a commented scenario."""
    from quota.templates import form_path, write_template

    for path in write_template(folder, form=with_form, lang=lang):
        click.echo(msg("cli.created", path=path).render(lang))
    data = form_path(folder, lang) if with_form else folder / "data" / "streets.csv"
    scenario = folder / "scenarios" / "baseline.yaml"
    next_step = msg("cli.next_fill" if with_form else "cli.next_edit", data=data, scenario=scenario)
    click.echo(next_step.render(lang))


@command("synth")
@click.argument("units", type=click.IntRange(1, 1_000_000))
@option("--seed", type=int, default=0, show_default=True, help_key="cli.opt.synth_seed")
@option(
    "--out",
    "folder",
    type=click.Path(path_type=Path),
    default=Path("synth"),
    show_default=True,
    help_key="cli.opt.synth_out",
)
@lang_option("cli.opt.lang_messages")
@report_errors
def synth(units: int, seed: int, folder: Path, lang: str) -> None:
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
    for line in (msg("cli.created", path=table), msg("cli.created", path=path)):
        click.echo(line.render(lang))
    click.echo(msg("cli.next_run", path=path).render(lang))
