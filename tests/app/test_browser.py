"""The meeting page in a real browser: Debian's Chromium driven by Playwright.

``quota serve`` runs in a subprocess on a free port; the page is loaded, a weight is
moved, the table must change and still add up to the pool, a street is pinned, the
meeting is saved, and ``quota run`` of the saved file must give the page's numbers.
Every request the page makes is recorded: one to any host but 127.0.0.1 fails the test.
Screenshots go to a temporary folder (and to ``$QUOTA_SCREENSHOTS`` when set).

Playwright's own browsers are never downloaded: Chromium comes from the system
(``apt-get install chromium``). Without it the test is skipped, except on CI.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XINZHOU = REPO / "scenarios" / "xinzhou-baseline.yaml"

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``quota serve`` in a subprocess, stopped by its process id."""

    def __init__(self, scenario: Path, lang: str, out: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PYTEST_", "NICEGUI_")) and k != "QUOTA_LANG"
        }
        env["MPLBACKEND"] = "Agg"
        self.log = out.parent / f"serve-{lang}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quota",
                "serve",
                str(scenario),
                "--port",
                str(self.port),
                "--no-browser",
                "--lang",
                lang,
                "--out",
                str(out),
            ],
            cwd=scenario.parent,
            env=env,
            stdout=self.log.open("w", encoding="utf-8"),
            stderr=subprocess.STDOUT,
        )
        self.wait()

    def wait(self, seconds: float = 90.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.log.read_text(encoding="utf-8"))
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise AssertionError("quota serve did not start: " + self.log.read_text(encoding="utf-8"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """A scenario in a temporary folder (Save writes beside it) extending the Xinzhou one."""
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump({"extends": str(XINZHOU), "name": "meeting"}), encoding="utf-8")
    return path


@pytest.fixture
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Page:
    """A page of the meeting with every request it makes recorded."""

    def __init__(self, browser: Any, url: str, shots: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1600, "height": 1000})
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("websocket", lambda w: self.requests.append(w.url))
        self.shots = shots
        self.page.goto(url)
        self.page.wait_for_selector(".quota-alloc tbody tr")
        # events sent before the page's connection is up would be lost
        self.page.wait_for_function("() => window.did_handshake === true")

    def foreign(self) -> list[str]:
        """Requests to any host but this computer."""
        return [u for u in self.requests if urlparse(u).hostname != "127.0.0.1"]

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        keep = os.environ.get("QUOTA_SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(keep) / path.name)
        return path

    def table(self, kind: str = "admin") -> list[dict[str, str]]:
        """The rows of a kind's allocation table, by column header (once it is drawn whole)."""
        table = self.page.locator(f".quota-alloc-{kind}")
        for _ in range(100):
            headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
            rows = []
            for row in table.locator("tbody tr").all():
                # a decided street's cell starts with its pin icon (a ligature: "push_pin")
                cells = [
                    c.replace("push_pin", "").strip() for c in row.locator("td").all_inner_texts()
                ]
                rows.append(cells)
            if rows and all(len(cells) == len(headers) for cells in rows):
                return [dict(zip(headers, cells, strict=True)) for cells in rows]
            self.page.wait_for_timeout(50)  # being redrawn
        raise AssertionError(f"the table is not drawn: {headers} {[len(c) for c in rows]}")

    def balance(self, kind: str = "admin") -> list[int]:
        """The numbers of a kind's balance line: streets, reserve, pool."""
        text = self.page.locator(f".quota-balance-{kind}").inner_text()
        return [int(n) for n in re.findall(r"\d+", text)]

    def settled(self, seconds: float = 15.0) -> list[dict[str, str]]:
        """The table once it has stopped changing (a change may be drawn in more than one step).

        Several key presses may each be solved and drawn; the first changed read can fall
        between two of them. Two reads 300 ms apart, table and balance line alike, must agree.
        """
        started = time.monotonic()
        last = (self.table(), self.balance())
        while time.monotonic() - started < seconds:
            self.page.wait_for_timeout(300)
            now = (self.table(), self.balance())
            if now == last:
                return now[0]
            last = now
        self.shot("unsettled")
        raise AssertionError("the table kept changing")

    def wait_for_change(self, before: list[dict[str, str]], seconds: float = 15.0) -> float:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.table() != before:
                return time.monotonic() - started
            self.page.wait_for_timeout(50)
        self.shot("timeout")
        raise AssertionError("the table did not change")


def test_meeting_in_chromium(loaded: Path, browser: Any, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    server = Server(loaded, "zh", tmp_path / "out")
    try:
        page = Page(browser, server.url, shots)
        page.shot("zh-loaded")
        before = page.table()
        assert before[-1]["街道"] == "合计"
        assert page.balance() == [379, 13, 392]

        # move a weight with the keyboard on its slider (released: re-solved at once)
        slider = page.page.locator(".q-drawer .q-slider").nth(2)  # 常住人口 of 行政编制
        track = slider.locator("[tabindex]").first
        track.focus()
        for _ in range(20):
            track.press("ArrowRight")
        waited = page.wait_for_change(before)
        moved = page.settled()
        streets = [r for r in moved if r["街道"] != "合计"]
        assert sum(int(r["核定编制"]) for r in streets) == int(moved[-1]["核定编制"])
        streets_total, reserve, pool = page.balance()
        assert (
            streets_total == int(moved[-1]["核定编制"]) and streets_total + reserve == pool == 392
        )
        assert any(r["较原方案增减"] not in ("0", "") for r in streets)
        page.shot("zh-weight-moved")

        # pin a street: click its row, type the number, pin
        before = page.table()
        page.page.locator(".quota-alloc-admin tbody tr").first.click()
        page.page.get_by_label("决定核定编制数").fill("55")
        page.page.get_by_label("理由（可选）").fill("新城区建设")
        page.shot("zh-pin-dialog")
        page.page.get_by_role("button", name="固定为此数").click()
        page.wait_for_change(before)
        page.page.get_by_text("决定1：邾城街道（行政编制）核定55名").wait_for()
        pinned = page.settled()
        assert pinned[0]["核定编制"] == "55" and pinned[0]["编委会决定"] == "核定55名"
        assert sum(int(r["核定编制"]) for r in pinned[:-1]) + page.balance()[1] == 392
        page.shot("zh-pinned")

        # save, then run the saved file with quota run
        page.page.get_by_role("button", name="保存方案").click()
        page.page.get_by_role("button", name="保存", exact=True).click()
        page.page.get_by_text("已保存").first.wait_for()
        page.shot("zh-saved")
        saved = loaded.parent / "meeting-meeting-1.yaml"
        assert saved.is_file()
        page_totals = {r["街道"]: int(r["核定编制"]) for r in pinned[:-1]}
        page.page.get_by_role("tab", name="事业编制").click()
        page.page.locator(".quota-alloc-institutional").wait_for()
        institutional = {
            r["街道"]: int(r["核定编制"])
            for r in page.table("institutional")
            if r["街道"] != "合计"
        }
        assert page.balance("institutional")[2] == 491
        page.shot("zh-institutional")
        assert page.foreign() == [], page.foreign()
        assert len(page.requests) > 5
    finally:
        server.stop()

    out = tmp_path / "run"
    done = subprocess.run(
        [sys.executable, "-m", "quota", "run", str(saved), "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with (out / "meeting-meeting-1" / "allocation.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["street"]: int(r["total"]) for r in rows if r["kind"] == "admin"} == page_totals
    assert {
        r["street"]: int(r["total"]) for r in rows if r["kind"] == "institutional"
    } == institutional
    print(f"table updated {waited * 1000:.0f} ms after the slider was released")


def test_english_page_and_an_impossible_change(loaded: Path, browser: Any, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    server = Server(loaded, "en", tmp_path / "out")
    try:
        page = Page(browser, server.url, shots)
        assert page.page.get_by_text("streets 379 + district reserve 13 = pool 392").is_visible()
        page.shot("en-loaded")
        pool = page.page.get_by_label("pool").first
        pool.fill("100")
        pool.press("Enter")
        page.page.get_by_text("These settings cannot be met:").wait_for()
        assert page.page.locator(".quota-problem").is_visible()
        assert not page.page.locator(".quota-alloc-admin").is_visible()
        text = page.page.locator(".quota-problem").inner_text()
        assert "100" in text and "186" in text
        page.shot("en-infeasible")
        page.page.locator(".quota-problem").get_by_role("button", name="Undo").click()
        page.page.locator(".quota-alloc-admin").wait_for()
        assert page.balance() == [379, 13, 392]
        assert page.foreign() == [], page.foreign()
    finally:
        server.stop()
