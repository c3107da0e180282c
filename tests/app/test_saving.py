"""Save writes a scenario that extends the loaded one with only the changes; Export writes
what ``quota run`` writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import quota
from quota.app.saving import (
    check_save_name,
    default_save_name,
    export_outputs,
    save_meeting,
)
from quota.app.state import Meeting
from quota.cli import cli
from quota.errors import InputError
from tests.conftest import REPO

XINZHOU = REPO / "scenarios" / "xinzhou-baseline.yaml"


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """A scenario in a temporary folder that extends the bundled Xinzhou baseline."""
    path = tmp_path / "meeting.yaml"
    path.write_text(
        yaml.safe_dump({"extends": str(XINZHOU), "name": "meeting"}, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def totals(result: quota.Result) -> dict[tuple[str, str], int]:
    return {(r.street, r.kind): int(r.total) for r in result.table.itertuples()}


def test_save_writes_only_the_changes_and_reproduces(loaded: Path) -> None:
    meeting = Meeting(loaded)
    meeting.set_weight("admin", "population", 0.6)
    meeting.set_pool("institutional", 500)
    meeting.pin("admin", 0, 56, reason="新城区建设")
    saved = save_meeting(meeting, "after.yaml", "zh")
    assert saved.path == loaded.parent / "after.yaml"
    raw = yaml.safe_load(saved.path.read_text(encoding="utf-8"))
    assert raw == {
        "name": "after",
        "title": "新洲区街道编制调剂方案（基准）（会议调整）",
        "extends": "meeting.yaml",
        "kinds": {
            "admin": {"indicators": {"population": 0.6}},
            "institutional": {"pool": 500},
        },
        "decisions": [{"street": "邾城街道", "kind": "admin", "total": 56, "reason": "新城区建设"}],
    }
    again = quota.allocate(quota.load_scenario(saved.path))
    page = {
        (street, kind): int(meeting.solved.totals[kind][i])
        for kind in meeting.kinds
        for i, street in enumerate(meeting.streets)
    }
    assert totals(again) == page
    assert meeting.saved_path == saved.path
    assert meeting.saved is meeting.solved


def test_quota_run_of_the_saved_file_gives_the_page_s_numbers(loaded: Path, tmp_path: Path) -> None:
    meeting = Meeting(loaded)
    meeting.set_turnover_share("admin", 0.08)
    meeting.pin("institutional", 3, keep_current=True)
    saved = save_meeting(meeting, default_save_name(meeting))
    assert saved.path.name == "meeting-meeting-1.yaml"
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["run", str(saved.path), "--out", str(out)])
    assert done.exit_code == 0, done.output
    lines = (out / "meeting-meeting-1" / "allocation.csv").read_text(encoding="utf-8-sig")
    rows = [line.split(",") for line in lines.splitlines()[1:]]
    index = {street: i for i, street in enumerate(meeting.streets)}
    for row in rows:
        street, kind, total = row[0], row[1], int(row[6])
        assert total == int(meeting.solved.totals[kind][index[street]])
    assert default_save_name(meeting) == "meeting-meeting-2.yaml"


def test_nothing_changed_saves_a_plain_extension(loaded: Path) -> None:
    meeting = Meeting(loaded)
    saved = save_meeting(meeting, "same", "en")
    raw = yaml.safe_load(saved.path.read_text(encoding="utf-8"))
    assert raw == {
        "name": "same",
        "title": "新洲区街道编制调剂方案（基准） (meeting)",
        "extends": "meeting.yaml",
    }


def test_save_refuses_an_existing_file_a_bad_name_and_an_impossible_state(
    loaded: Path,
) -> None:
    meeting = Meeting(loaded)
    with pytest.raises(InputError) as caught:
        save_meeting(meeting, "meeting.yaml")
    assert "meeting.yaml" in str(caught.value)
    assert loaded.read_text(encoding="utf-8").startswith("extends")  # untouched
    for bad in ("../up.yaml", "a/b.yaml", ".hidden.yaml", "", "名 字.yaml"):
        with pytest.raises(InputError):
            check_save_name(bad)
    assert check_save_name("会议结果") == "会议结果.yaml"
    meeting.set_pool("admin", 100)
    with pytest.raises(InputError) as caught:
        save_meeting(meeting, "x.yaml")
    assert "cannot be solved" in str(caught.value)
    assert not (loaded.parent / "x.yaml").exists()
    assert not list(loaded.parent.glob(".*tmp*"))


def test_decisions_of_the_loaded_scenario_are_kept_when_one_is_added(tmp_path: Path) -> None:
    path = tmp_path / "decided.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "extends": str(XINZHOU),
                "name": "decided",
                "decisions": [{"street": "阳逻街道", "kind": "行政编制", "keep_current": True}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    meeting = Meeting(path)
    assert meeting.decision_at("admin", 1) is not None
    meeting.pin("admin", 0, 55)
    saved = save_meeting(meeting, "more.yaml")
    raw = yaml.safe_load(saved.path.read_text(encoding="utf-8"))
    assert raw["decisions"] == [
        {"street": "阳逻街道", "kind": "行政编制", "keep_current": True},
        {"street": "邾城街道", "kind": "admin", "total": 55},
    ]


def test_export_writes_the_run_folder(loaded: Path, tmp_path: Path) -> None:
    meeting = Meeting(loaded)
    out = tmp_path / "out"
    first = export_outputs(meeting, out, "zh")
    assert first.folder == out / "meeting"
    assert (first.folder / "allocation.xlsx").is_file()
    assert (first.folder / "report.html").is_file()
    meeting.set_pool("admin", 400)
    done = export_outputs(meeting, out, "en")
    assert done.folder == out / "meeting-meeting-1"
    assert len(done.messages) == 2  # saved first, then exported
    manifest = json.loads((done.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenario"]["name"] == "meeting-meeting-1"
    # the same folder as `quota run` of the saved file, byte for byte where it is deterministic
    again = tmp_path / "again"
    CliRunner().invoke(
        cli,
        ["run", str(loaded.parent / "meeting-meeting-1.yaml"), "--out", str(again), "--lang", "en"],
    )
    csv = (done.folder / "allocation.csv").read_bytes()
    assert csv == (again / "meeting-meeting-1" / "allocation.csv").read_bytes()
