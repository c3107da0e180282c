"""``quota serve``: the meeting page, a live what-if in the browser, offline and local."""

from __future__ import annotations

from pathlib import Path

import click

from quota.cli.echo import echo_notices, report_errors
from quota.cli.help import command, lang_option, option
from quota.errors import InputError
from quota.locale import msg

#: addresses that only this computer reaches (no warning for these)
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def nicegui_missing() -> bool:
    """Whether the optional extra ``quota[app]`` (NiceGUI) is not installed."""
    try:
        import nicegui  # noqa: F401
    except ImportError:
        return True
    return False


@command("serve")
@click.argument("scenario", type=click.Path(path_type=Path))
@option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8765,
    show_default=True,
    help_key="cli.opt.port",
)
@option("--host", default=None, metavar="ADDRESS", help_key="cli.opt.host")
@option("--no-browser", is_flag=True, help_key="cli.opt.no_browser")
@option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help_key="cli.opt.serve_out",
)
@lang_option("cli.opt.lang_page")
@report_errors
def serve_command(
    scenario: Path,
    port: int,
    host: str | None,
    no_browser: bool,
    out_dir: Path,
    lang: str,
) -> None:
    """Open the meeting page of SCENARIO in the browser."""
    if nicegui_missing():
        raise InputError(msg("cli.serve.no_app"))
    from quota.app.server import LOCAL_HOST, check_port, page_url, run_server
    from quota.app.state import Meeting

    chosen = (host or LOCAL_HOST).strip()
    check_port(chosen, port)
    meeting = Meeting(scenario)
    echo_notices(meeting.notices, lang)
    if chosen not in LOOPBACK:
        click.echo(msg("cli.serve.host_warning", host=chosen, port=port).render(lang), err=True)
    click.echo(msg("cli.serve.listening", url=page_url(chosen, port)).render(lang))
    run_server(meeting, host=chosen, port=port, show=not no_browser, lang=lang, out_dir=out_dir)
