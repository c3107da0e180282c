"""``quota serve``: options, the host warning, and exit codes 0 / 2 / 3 in both languages.

The server itself is replaced by a recorder here (the browser test starts the real one).
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quota.cli import cli
from tests.conftest import REPO, SMALL_CSV, small_scenario, write_scenario

XINZHOU = REPO / "scenarios" / "xinzhou-baseline.yaml"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Calls of the server start, recorded instead of serving."""
    calls: list[dict[str, Any]] = []

    def record(meeting: Any, **options: Any) -> None:
        calls.append({"meeting": meeting, **options})

    monkeypatch.setattr("quota.app.server.run_server", record)
    return calls


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_serve_starts_on_localhost(started: list[dict[str, Any]]) -> None:
    port = free_port()
    done = invoke("serve", str(XINZHOU), "--port", str(port))
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == f"会议页已启动：http://127.0.0.1:{port}/（按 Ctrl+C 结束）"
    (call,) = started
    assert call["host"] == "127.0.0.1" and call["port"] == port
    assert call["show"] is True and call["lang"] == "zh" and call["out_dir"] == Path("out")
    assert call["meeting"].loaded.name == "xinzhou-baseline"
    assert "警告" not in done.stderr


def test_serve_in_english_without_browser(started: list[dict[str, Any]], tmp_path: Path) -> None:
    port = free_port()
    done = invoke(
        "serve",
        str(XINZHOU),
        "--port",
        str(port),
        "--no-browser",
        "--lang",
        "en",
        "--out",
        str(tmp_path),
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == f"meeting page at http://127.0.0.1:{port}/ (Ctrl+C to stop)"
    assert started[0]["show"] is False and started[0]["out_dir"] == tmp_path


@pytest.mark.parametrize(
    ("lang", "warning"),
    [("zh", "同一网络中的其他人也能打开本页面"), ("en", "others on the network can open it")],
)
def test_another_host_warns(started: list[dict[str, Any]], lang: str, warning: str) -> None:
    done = invoke(
        "serve", str(XINZHOU), "--host", "0.0.0.0", "--port", str(free_port()), "--lang", lang
    )
    assert done.exit_code == 0, done.output
    assert warning in done.stderr
    assert started[0]["host"] == "0.0.0.0"
    assert "http://127.0.0.1:" in done.stdout


@pytest.mark.parametrize(("lang", "title"), [("zh", "错误："), ("en", "error:")])
def test_bad_scenario_is_exit_2(
    started: list[dict[str, Any]], tmp_path: Path, lang: str, title: str
) -> None:
    done = invoke(
        "serve", str(tmp_path / "missing.yaml"), "--lang", lang, "--port", str(free_port())
    )
    assert done.exit_code == 2
    assert done.stderr.startswith(title)
    assert "missing.yaml" in done.stderr
    assert "Traceback" not in done.output
    assert not started


@pytest.mark.parametrize(("lang", "title"), [("zh", "无法满足："), ("en", "infeasible:")])
def test_impossible_scenario_is_exit_3(
    started: list[dict[str, Any]], tmp_path: Path, lang: str, title: str
) -> None:
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    raw = small_scenario()
    raw["kinds"]["admin"]["pool"] = 20
    path = write_scenario(tmp_path, raw)
    done = invoke("serve", str(path), "--lang", lang, "--port", str(free_port()))
    assert done.exit_code == 3
    assert done.stderr.startswith(title)
    assert "20" in done.stderr
    assert not started


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", "请用 --port 指定其他端口"), ("en", "choose another port with --port")],
)
def test_busy_port_is_exit_2(started: list[dict[str, Any]], lang: str, words: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = invoke("serve", str(XINZHOU), "--port", str(port), "--lang", lang)
    assert done.exit_code == 2, done.output
    assert str(port) in done.stderr and words in done.stderr
    assert not started


def test_bad_port_is_a_usage_error() -> None:
    done = invoke("serve", str(XINZHOU), "--port", "0")
    assert done.exit_code == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_nicegui_it_says_what_to_install(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setitem(sys.modules, "nicegui", None)  # import nicegui now fails
    done = invoke("serve", str(XINZHOU), "--lang", lang)
    assert done.exit_code == 2
    assert 'pip install "quota[app]"' in done.stderr
    assert not started


def test_serve_is_listed_with_its_help() -> None:
    assert "serve" in invoke("--help").output
    page = invoke("serve", "--help", "--lang", "en").output
    for option in ("--port", "--host", "--no-browser", "--out", "--lang"):
        assert option in page
    assert "监听端口" in invoke("serve", "--help").output


def test_the_server_turns_off_what_could_reach_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from nicegui import ui

    from quota.app.server import run_server
    from quota.app.state import Meeting

    seen: dict[str, Any] = {}

    def fake_run(root: Any, **options: Any) -> None:
        seen.update(options, root=root)

    monkeypatch.setattr(ui, "run", fake_run)
    run_server(Meeting(XINZHOU), port=9999, show=False, lang="en")
    assert seen["host"] == "127.0.0.1" and seen["port"] == 9999
    assert seen["on_air"] is None and seen["fastapi_docs"] is False
    assert seen["reload"] is False and seen["show_welcome_message"] is False
    assert seen["show"] is False and seen["language"] == "en-US"
    assert callable(seen["root"])
