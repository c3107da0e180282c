"""The page through NiceGUI's headless user simulation: change a weight, pin a street, save,
see an impossible change explained; in Chinese and English."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("nicegui")

from nicegui import ui  # noqa: E402
from nicegui.testing import User, user_simulation  # noqa: E402

import quota  # noqa: E402
from quota.app.page import build_root  # noqa: E402
from quota.app.state import Meeting  # noqa: E402
from tests.conftest import REPO  # noqa: E402

XINZHOU = REPO / "scenarios" / "xinzhou-baseline.yaml"


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump({"extends": str(XINZHOU), "name": "meeting"}), encoding="utf-8")
    return path


Steps = Callable[[User, Any], Awaitable[None]]


def simulate(meeting: Meeting, lang: str, out: Path, steps: Steps) -> None:
    """Run ``steps(user, hub)`` against the page of ``meeting`` in a simulated browser."""
    root = build_root(meeting, lang, out)

    async def main() -> None:
        async with user_simulation(root) as user:
            await user.open("/")
            await steps(user, root.hub)  # type: ignore[attr-defined]

    asyncio.run(main())


def only(user: User, marker: str) -> Any:
    (element,) = user.find(marker=marker).elements
    return element


async def settle(meeting: Meeting, check: Callable[[], bool], seconds: float = 10.0) -> None:
    """Wait until the page's change went through (it runs as a background task)."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the page did not change")


def table_rows(user: User, kind: str) -> list[dict[str, Any]]:
    return list(only(user, f"table-{kind}").rows)


def test_weight_pin_and_save_in_chinese(loaded: Path) -> None:
    meeting = Meeting(loaded)

    async def steps(user: User, hub: Any) -> None:
        await user.should_see("街道核定合计 379 名 + 区级周转预留 13 名 = 编制总量 392 名")
        before = [r["total"] for r in table_rows(user, "admin")]
        # move a weight: type the number and press Enter (the slider follows)
        only(user, "weight-admin-population").value = 0.6
        user.find(marker="weight-admin-population").trigger("keydown.enter")
        await settle(meeting, lambda: [r["total"] for r in table_rows(user, "admin")] != before)
        assert meeting.settings("admin").typed["population"] == 0.6
        rows = table_rows(user, "admin")
        after = [r["total"] for r in rows]
        assert after != before
        assert rows[-1]["street"] == "合计" and rows[-1]["total"] == sum(after[:-1])
        balance = only(user, "balance-admin").text
        reserve = meeting.solved.reserve("admin")
        assert (
            balance
            == f"街道核定合计 {sum(after[:-1])} 名 + 区级周转预留 {reserve} 名 = 编制总量 392 名"
        )
        assert only(user, "weight-admin-population-slider").value == 0.6
        assert only(user, "normalised-admin-population").text == "48.0%"
        # pin a street: click its row, type a number, pin
        user.find(marker="table-admin").trigger("pick", [0])
        await user.should_see(marker="pin-total")
        only(user, "pin-total").value = 56
        user.find(marker="pin-reason").type("新城区建设")
        user.find(marker="pin-confirm").click()
        await settle(meeting, lambda: bool(meeting.decisions))
        await user.should_see("决定1：邾城街道（行政编制）核定56名")
        assert table_rows(user, "admin")[0]["decided"] == "核定56名"
        # save
        user.find(marker="save").click()
        assert only(user, "save-name").value == "meeting-meeting-1.yaml"
        user.find(marker="save-confirm").click()
        await settle(meeting, lambda: meeting.saved_path is not None)
        await user.should_see("已保存")
        assert all(r["vs_saved"] in ("0", "") for r in table_rows(user, "admin"))
        # export: the folder quota run writes
        user.find(marker="export").click()
        await settle(meeting, lambda: (out / "meeting-meeting-1" / "manifest.json").exists(), 120)
        await user.should_see("已导出")

    out = loaded.parent / "out"
    simulate(meeting, "zh", out, steps)
    assert (out / "meeting-meeting-1" / "allocation.xlsx").is_file()
    saved = loaded.parent / "meeting-meeting-1.yaml"
    raw = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert raw["kinds"] == {"admin": {"indicators": {"population": 0.6}}}
    assert raw["decisions"] == [
        {"street": "邾城街道", "kind": "admin", "total": 56, "reason": "新城区建设"}
    ]
    result = quota.allocate(quota.load_scenario(saved))
    admin = result.table[result.table["kind"] == "admin"]
    assert admin["total"].tolist() == meeting.solved.totals["admin"].tolist()


def test_impossible_change_undo_and_english(loaded: Path) -> None:
    meeting = Meeting(loaded)

    async def steps(user: User, hub: Any) -> None:
        await user.should_see("streets 379 + district reserve 13 = pool 392")
        only(user, "pool-admin").value = 100
        user.find(marker="pool-admin").trigger("keydown.enter")
        await settle(meeting, lambda: not meeting.feasible)
        await user.should_see(marker="problem")
        lines = [e.text for e in only(user, "problem").default_slot.children]
        assert any("100" in line and "186" in line for line in lines)
        panel = hub.pages[0].panels["admin"]
        assert not panel.table.visible
        # the last feasible state stays on screen
        assert only(user, "balance-admin").text == "streets 379 + district reserve 13 = pool 392"
        user.find(marker="undo").click()
        await settle(meeting, lambda: meeting.feasible and panel.table.visible)
        assert only(user, "pool-admin").value == 392
        # lift the cap, then switch the weight method
        only(user, "max_change-mode-admin").value = "none"
        await settle(meeting, lambda: meeting.settings("admin").max_change is None)
        only(user, "method-institutional").value = "entropy"
        await settle(meeting, lambda: meeting.settings("institutional").method == "entropy")
        await user.should_see("The weights are derived from the data (entropy)")
        assert not only(user, "weight-institutional-population").enabled
        await user.should_see("changes: 2")

    simulate(meeting, "en", loaded.parent / "out", steps)


def test_a_pin_that_cannot_hold_is_explained(loaded: Path) -> None:
    meeting = Meeting(loaded)

    async def steps(user: User, hub: Any) -> None:
        user.find(marker="table-admin").trigger("pick", [0])
        only(user, "pin-total").value = 5
        user.find(marker="pin-confirm").click()
        await settle(meeting, lambda: not meeting.feasible)
        await user.should_see("实有43人")
        # the table gives way to the sentence; the decision is listed, to be removed
        await user.should_see("决定1：邾城街道（行政编制）核定5名")
        user.find(marker="unpin-admin-0").click()
        await settle(meeting, lambda: meeting.feasible and not meeting.decisions)
        await user.should_see("尚无决定")
        # a row click on a decided street offers to remove its decision
        user.find(marker="table-admin").trigger("pick", [2])
        user.find(marker="pin-keep").click()
        await settle(meeting, lambda: bool(meeting.decisions))
        await user.should_see("维持现有编制35名")
        user.find(marker="table-admin").trigger("pick", [2])
        user.find(marker="pin-remove").click()
        await settle(meeting, lambda: not meeting.decisions)
        assert ui is not None

    simulate(meeting, "zh", loaded.parent / "out", steps)


def test_large_district_lists_a_selection_and_finds_a_street(tmp_path: Path) -> None:
    from quota.analysis.synth import synth_scenario_dict, synth_streets
    from quota.app.view import AGGREGATE_ABOVE

    n = AGGREGATE_ABOVE + 200
    streets = synth_streets(n, seed=2)
    streets.to_csv(tmp_path / "s.csv", index=False)
    path = tmp_path / "big.yaml"
    raw = synth_scenario_dict(n, 2, data="s.csv", streets=streets)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    meeting = Meeting(path)
    wanted = meeting.streets[1500]

    async def steps(user: User, hub: Any) -> None:
        await user.should_see(f"街道较多（{n}个）")
        rows = table_rows(user, "admin")
        assert wanted not in [r["street"] for r in rows]
        assert rows[-1]["total"] == int(meeting.solved.totals["admin"].sum())
        only(user, "search-admin").value = wanted
        user.find(marker="search-admin").trigger("keydown.enter")
        await settle(meeting, lambda: wanted in [r["street"] for r in table_rows(user, "admin")])
        user.find(marker="table-admin").trigger("pick", [1500])
        only(user, "pin-total").value = int(meeting.solved.totals["admin"][1500]) + 1
        user.find(marker="pin-confirm").click()
        # decided streets come first
        await settle(meeting, lambda: table_rows(user, "admin")[0]["street"] == wanted)
        assert hub.pages[0].panels["admin"].groups.rows

    simulate(meeting, "zh", tmp_path / "out", steps)
