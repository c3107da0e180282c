"""The meeting's state: every change re-solved exactly as ``quota run`` would, the last
feasible state kept, the data read once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quota
from quota.app import state as state_module
from quota.app.state import Meeting, count_changes, time_changes
from quota.config.decisions import Decision
from quota.config.scenario import change_scenario
from quota.errors import InfeasibleError, InputError
from tests.conftest import REPO, SMALL_CSV, small_scenario, write_scenario

XINZHOU = REPO / "scenarios" / "xinzhou-baseline.yaml"


def totals(result: quota.Result, kind: str) -> list[int]:
    table = result.table
    return [int(v) for v in table.loc[table["kind"] == kind, "total"]]


def test_loaded_state_is_quota_run_s_allocation() -> None:
    meeting = Meeting(XINZHOU)
    expected = quota.allocate(XINZHOU)
    for kind in meeting.kinds:
        assert meeting.solved.totals[kind].tolist() == totals(expected, kind)
    assert meeting.feasible
    assert count_changes(meeting) == 0


def test_a_weight_change_is_what_the_changed_scenario_gives() -> None:
    meeting = Meeting(XINZHOU)
    assert meeting.set_weight("admin", "population", 0.6)
    assert meeting.overrides == {"kinds": {"admin": {"indicators": {"population": 0.6}}}}
    changed = change_scenario(meeting.loaded, meeting.overrides)
    expected = quota.allocate(changed)
    for kind in meeting.kinds:
        assert meeting.solved.totals[kind].tolist() == totals(expected, kind)
    assert meeting.solved.totals["admin"].tolist() != meeting.first.totals["admin"].tolist()
    assert meeting.settings("admin").typed["population"] == 0.6


def test_the_data_file_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = Meeting(XINZHOU)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the street table was read again")

    monkeypatch.setattr("quota.pipeline.read_table", no_reading)
    assert meeting.set_pool("admin", 400)
    assert meeting.set_turnover_share("institutional", 0.08)
    assert meeting.pin("admin", 0, 55)


def test_an_unchanged_kind_is_not_prepared_again(monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = Meeting(XINZHOU)
    prepared: list[list[str]] = []
    real = state_module.prepare_scenario

    def counting(scenario: quota.Scenario, table: object = None) -> object:
        prepared.append(list(scenario.kinds))
        return real(scenario, table)  # type: ignore[arg-type]

    monkeypatch.setattr(state_module, "prepare_scenario", counting)
    assert meeting.set_pool("admin", 400)
    assert prepared == [["admin"]]


def test_setting_a_value_back_removes_the_override() -> None:
    meeting = Meeting(XINZHOU)
    pool = meeting.settings("admin").pool
    meeting.set_pool("admin", pool + 10)
    meeting.set_turnover_share("admin", 0.08)
    meeting.set_pool("admin", pool)
    assert meeting.overrides == {"kinds": {"admin": {"turnover_share": 0.08}}}
    meeting.set_turnover_share("admin", 0.05)
    assert meeting.overrides == {}
    assert count_changes(meeting) == 0


def test_cap_and_floor_can_be_lifted_and_set() -> None:
    meeting = Meeting(XINZHOU)
    assert meeting.set_max_change("admin", None)
    assert meeting.settings("admin").max_change is None
    assert meeting.set_floor("institutional", 30)
    assert meeting.overrides == {
        "kinds": {"admin": {"max_change": None}, "institutional": {"floor": 30}}
    }
    expected = quota.allocate(change_scenario(meeting.loaded, meeting.overrides))
    assert meeting.solved.totals["admin"].tolist() == totals(expected, "admin")
    assert meeting.solved.totals["institutional"].tolist() == totals(expected, "institutional")


def test_weight_method_switch_and_back() -> None:
    meeting = Meeting(XINZHOU)
    assert meeting.set_method("admin", "entropy")
    used = meeting.solved.weights["admin"]
    assert used.method == "entropy"
    assert meeting.overrides == {"kinds": {"admin": {"weights": "entropy"}}}
    assert meeting.set_method("admin", "manual")
    assert meeting.overrides == {}
    with pytest.raises(InputError):
        meeting.set_method("admin", "ahp")


def test_an_impossible_change_keeps_the_last_feasible_state() -> None:
    meeting = Meeting(XINZHOU)
    before = meeting.solved
    assert not meeting.set_pool("admin", 100)
    assert not meeting.feasible
    assert isinstance(meeting.problem, InfeasibleError)
    zh = " ".join(meeting.problem.render("zh"))
    assert "100" in zh and "186" in zh  # the pool and the base quotas it cannot hold
    assert meeting.solved is before
    assert meeting.settings("admin").pool == 100  # what was typed stays on screen
    assert meeting.undo()
    assert meeting.feasible and meeting.settings("admin").pool == 392


def test_pin_is_a_decision_with_who_paid() -> None:
    meeting = Meeting(XINZHOU)
    assert meeting.pin("admin", 0, 55, reason="新城区建设")
    outcome = meeting.solved.outcome
    assert outcome is not None
    assert meeting.solved.totals["admin"][0] == 55
    (effect,) = outcome.effects
    assert effect.total == 55
    # what the street gains, the other streets and the district reserve give
    problem = meeting.solved.inputs["admin"].problem
    reserve_before = problem.turnover_pool - int(outcome.auto["admin"].t.sum())
    paid = sum(change for _, change in effect.payers)
    assert paid + (55 - effect.auto_total) == reserve_before - meeting.solved.reserve("admin")
    expected = quota.allocate(
        meeting.loaded,
        decisions=[Decision(street="邾城街道", kind="admin", total=55, reason="新城区建设")],
    )
    assert meeting.solved.totals["admin"].tolist() == totals(expected, "admin")
    # a second pin of the same street replaces the first; keep current is a decision too
    assert meeting.pin("admin", 0, keep_current=True)
    assert len(meeting.decisions) == 1 and meeting.decisions[0].keep_current
    assert meeting.solved.totals["admin"][0] == meeting.solved.inputs["admin"].current[0]
    assert meeting.unpin("admin", 0)
    assert meeting.solved.outcome is None


def test_an_impossible_pin_says_why_and_can_be_removed() -> None:
    meeting = Meeting(XINZHOU)
    assert not meeting.pin("admin", 0, 5)
    text = " ".join(meeting.problem.render("en")) if meeting.problem else ""
    assert "43" in text  # 邾城街道 has 43 staff on board
    assert meeting.unpin("admin", 0)
    assert meeting.feasible


def test_bad_pins_and_names_are_input_errors() -> None:
    meeting = Meeting(XINZHOU)
    with pytest.raises(InputError):
        meeting.pin("admin", 0, None)
    with pytest.raises(InputError):
        meeting.pin("admin", 0, 40, reason="x" * 501)
    with pytest.raises(InputError):
        meeting.set_weight("admin", "no_such_column", 1.0)
    assert meeting.decisions == [] and meeting.overrides == {}


def test_the_same_value_twice_is_one_change_to_undo() -> None:
    meeting = Meeting(XINZHOU)
    assert not meeting.set_pool("admin", 100)
    assert not meeting.set_pool("admin", 100)  # e.g. Enter, then leaving the field
    assert meeting.undo()
    assert meeting.feasible and meeting.overrides == {}


def test_reset_goes_back_and_undo_comes_back() -> None:
    meeting = Meeting(XINZHOU)
    meeting.set_pool("admin", 400)
    meeting.pin("institutional", 2, 40)
    assert count_changes(meeting) == 2
    meeting.reset()
    assert count_changes(meeting) == 0
    assert meeting.solved.totals["admin"].tolist() == meeting.first.totals["admin"].tolist()
    meeting.undo()
    assert count_changes(meeting) == 2


def test_indicators_keep_the_scenario_s_spelling(tmp_path: Path) -> None:
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    raw = small_scenario()
    raw["kinds"]["admin"]["indicators"] = {
        "常住人口": {"weight": 0.5, "transform": "sqrt"},
        "辖区面积": 0.2,
        "duty_items": 0.3,
    }
    meeting = Meeting(write_scenario(tmp_path, raw))
    assert list(meeting.settings("admin").typed) == ["population", "area_km2", "duty_items"]
    assert meeting.set_weight("admin", "population", 0.7)
    assert meeting.set_weight("admin", "area_km2", 0.1)
    assert meeting.overrides == {
        "kinds": {"admin": {"indicators": {"常住人口": {"weight": 0.7}, "辖区面积": 0.1}}}
    }
    assert meeting.scenario.kinds["admin"].indicators["常住人口"].transform == "sqrt"  # type: ignore[union-attr]


def test_loading_errors_are_the_cli_s(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        Meeting(tmp_path / "missing.yaml")
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    raw = small_scenario()
    raw["kinds"]["admin"]["pool"] = 20
    with pytest.raises(InfeasibleError):
        Meeting(write_scenario(tmp_path, raw))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pool=st.integers(min_value=100, max_value=220),
    share=st.sampled_from([0.0, 0.02, 0.05, 0.1]),
    weight=st.floats(min_value=0.0, max_value=3.0, allow_nan=False),
    pin=st.one_of(st.none(), st.integers(min_value=0, max_value=60)),
)
def test_every_state_adds_up_and_matches_quota_run(
    district: Path, pool: int, share: float, weight: float, pin: int | None
) -> None:
    meeting = Meeting(district)
    meeting.set_pool("admin", pool)
    meeting.set_turnover_share("admin", share)
    meeting.set_weight("admin", "population", weight)
    if pin is not None:
        meeting.pin("admin", 1, pin)
    scenario = change_scenario(meeting.loaded, meeting.overrides).model_copy(
        update={"decisions": list(meeting.decisions)}
    )
    try:
        expected = quota.allocate(scenario)
    except (InfeasibleError, InputError):
        assert not meeting.feasible
        return
    assert meeting.feasible
    solved = meeting.solved
    for kind in meeting.kinds:
        assert solved.totals[kind].tolist() == totals(expected, kind)
        pool_k = solved.inputs[kind].pool
        assert int(solved.totals[kind].sum()) + solved.reserve(kind) == pool_k
        onboard = solved.inputs[kind].onboard
        assert onboard is not None and bool(np.all(solved.totals[kind] >= onboard))


def test_time_changes_reports_solve_and_render() -> None:
    timing = time_changes(30, 8)
    assert timing.streets == 30 and len(timing.solve) == 8 and len(timing.render) == 8
    assert 0 < timing.per_change <= timing.worst
