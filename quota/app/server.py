"""Start the meeting page's server: NiceGUI on 127.0.0.1 unless told otherwise, offline.

NiceGUI serves every script, style sheet and font (Vue, Quasar, ECharts,
Roboto, the Material icons) from its own package; it has no telemetry and no
update check. What it could do over the network is turned off here: NiceGUI On
Air (a relay through its servers) stays off, the FastAPI documentation pages
(which load Swagger UI from a CDN) stay off, there is no auto-reload, no
welcome banner listing addresses, and the page's fonts are the system's.
"""

from __future__ import annotations

import socket
from pathlib import Path

from quota.app.state import Meeting
from quota.config.reading import describe_reason
from quota.errors import InputError
from quota.locale import label, msg

#: the address the page listens on unless ``--host`` says otherwise
LOCAL_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: Quasar's language packs for the page's own words (dates, pagination, ...)
QUASAR_LANGUAGES = {"zh": "zh-CN", "en": "en-US"}


def check_port(host: str, port: int) -> None:
    """Check that ``host:port`` can be listened on, before anything starts.

    Raises
    ------
    InputError
        The port is taken or the address is not this computer's.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except (OSError, OverflowError) as exc:
            reason = describe_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise InputError(
                msg("cli.serve.port_busy", host=host, port=port, reason=reason)
            ) from None


def page_url(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = LOCAL_HOST if host in ("0.0.0.0", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def run_server(
    meeting: Meeting,
    *,
    host: str = LOCAL_HOST,
    port: int = DEFAULT_PORT,
    show: bool = True,
    lang: str = "zh",
    out_dir: Path = Path("out"),
) -> None:
    """Serve the meeting page until interrupted (Ctrl+C)."""
    from nicegui import ui

    from quota.app.page import build_root

    root = build_root(meeting, lang, out_dir)
    ui.run(
        root,
        host=host,
        port=port,
        title=label("app.title", lang),
        language=QUASAR_LANGUAGES.get(lang, "zh-CN"),  # type: ignore[arg-type]
        show=show,
        reload=False,
        show_welcome_message=False,
        on_air=None,
        fastapi_docs=False,
        endpoint_documentation="none",
        dark=False,
        uvicorn_logging_level="warning",
    )
