"""The ``quota`` command line: parse, call the pipeline, map errors to exit codes.

Exit codes: 0 ok, 2 bad input or usage, 3 infeasible, 1 internal error.
User errors print one clear message and no traceback.

Everything it prints follows the language: Chinese by default, English with
``--lang en`` (on the group or on any command) or ``QUOTA_LANG=en``; see
:mod:`quota.cli.lang`. The texts are in the catalog
(``quota/locale/messages/cli.py``), help pages included (:mod:`quota.cli.help`).

- :mod:`quota.cli.allocate`: ``run`` and ``validate``;
- :mod:`quota.cli.analyses`: ``compare``, ``sensitivity`` and ``plan``;
- :mod:`quota.cli.tools`: ``weights``, ``init`` and ``synth``;
- :mod:`quota.cli.sweep`: ``sweep``, and the cluster options ``--scheduler``/``--dask``;
- :mod:`quota.cli.serve`: ``serve``, the meeting page in the browser;
- :mod:`quota.cli.echo`: errors and notices on the terminal;
- :mod:`quota.cli.help`, :mod:`quota.cli.formatter`, :mod:`quota.cli.usage`:
  help pages and click's usage errors in the user's language.

Start-up stays fast: at module level this imports only click and modules that
import nothing heavy (:mod:`quota.errors`, :mod:`quota.locale`,
:mod:`quota.config.choices`); each command imports the pipeline when it runs,
so ``quota --help`` and ``quota <command> --help`` load no pandas, pydantic,
matplotlib or solver (tests/test_startup.py).
"""

from __future__ import annotations

import click

from quota.cli.allocate import run, validate
from quota.cli.analyses import compare_command, plan_command, sensitivity_command
from quota.cli.help import QuotaOption, group, group_lang_option
from quota.cli.serve import serve_command
from quota.cli.sweep import sweep_command
from quota.cli.tools import init, synth, weights_command

__all__ = ["cli", "main"]


@group("quota", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="quota",
    message="%(prog)s %(version)s",
    cls=QuotaOption,
    help_key="cli.opt.version",
)
@group_lang_option()
def cli(lang: str | None) -> None:
    """Allocate staffing quotas (编制) across sub-districts (街道)."""


for _command in (
    run,
    validate,
    compare_command,
    weights_command,
    sensitivity_command,
    sweep_command,
    plan_command,
    init,
    synth,
    serve_command,
):
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="quota")


if __name__ == "__main__":
    main()
