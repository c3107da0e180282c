"""The meeting's state: the scenario as loaded, what the meeting changed, the decisions, solved.

No web framework here: the page (:mod:`quota.app.page`) shows what this
computes, and the tests and the benchmark drive it directly.

A :class:`Meeting` reads the street table once. Every change (a pool, a
turnover share, a cap, a floor, a weight, the weight method, a decision) is
recorded as an *override* in the scenario's own keys and spelling
(``{"kinds": {"admin": {"pool": 412}}}``), so that "Save" can write exactly the
changed keys under ``extends:``. Each change re-solves with the same steps as
``quota run`` (:func:`quota.pipeline.prepare_scenario` on the table already
read, the feasibility checks, the engine dispatch, :func:`quota.pipeline.decide`
for decisions, every promise checked); a kind whose settings did not change is
not prepared or solved again. A change that makes the scenario impossible keeps
the last feasible solution and the sentences that say why.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from quota._typing import IntArray
from quota.config.decisions import Decision
from quota.config.scenario import change_scenario, load_scenario
from quota.config.schema import Scenario
from quota.errors import InputError, Msg, QuotaError
from quota.io.rows import normalize_street_name
from quota.io.table import StreetTable
from quota.locale import msg
from quota.methods.weights import WeightResult
from quota.model.decisions import Target, resolve_kind, resolve_targets
from quota.model.problem import KindInputs
from quota.pipeline import Prepared, check_scenario, decide, prepare_scenario, solve_scenario
from quota.pipeline import street_total_min as linking_total
from quota.results.decisions import DecisionOutcome, totals_of
from quota.results.promises import check_promises
from quota.solve.dispatch import KindSolution

#: the settings of a kind the page changes, in the scenario's key names
KIND_KEYS: tuple[str, ...] = ("pool", "turnover_share", "max_change", "floor")
#: weight methods the page offers for every kind (AHP and combinations need their
#: matrix: offered only when the scenario as loaded has one)
PLAIN_METHODS: tuple[str, ...] = ("manual", "entropy", "critic")
#: longest reason of a decision [characters] (as the scenario's decisions allow)
MAX_REASON = 500
#: prepared kinds kept for going back and forth between settings
CACHE_SIZE = 16

Overrides = dict[str, Any]


@dataclass(frozen=True)
class KindSettings:
    """One kind's settings as the page shows them (the current scenario's values).

    ``max_change`` and ``floor`` are a number, a column name or None (not set);
    ``typed`` maps each indicator (the table's column name) to its weight as
    written, ``methods`` the weight methods offered.
    """

    kind: str
    pool: int
    turnover_share: float
    max_change: int | str | None
    floor: int | str | None
    method: str
    methods: tuple[str, ...]
    typed: dict[str, float]


@dataclass(frozen=True)
class Solved:
    """A feasible state: the kinds as prepared, their solutions, the decisions' outcome.

    ``inputs`` are the kinds under the scenario's own rules (as the tables show
    them); ``totals`` each street's ``base + quantified + turnover`` per kind.
    """

    scenario: Scenario
    inputs: Mapping[str, KindInputs]
    solutions: Mapping[str, KindSolution]
    weights: Mapping[str, WeightResult]
    outcome: DecisionOutcome | None
    totals: Mapping[str, IntArray]
    seconds: float = 0.0

    def reserve(self, kind: str) -> int:
        """Turnover quotas the district keeps for ``kind`` [quotas]."""
        return int(self.inputs[kind].problem.turnover_pool - self.solutions[kind].t.sum())


@dataclass
class _Kind:
    """One kind prepared alone, and its solution without decisions once solved."""

    prepared: Prepared
    solved: KindSolution | None = None

    def solution(self, kind: str) -> KindSolution:
        if self.solved is None:
            self.solved = solve_scenario(self.prepared)[kind]
        return self.solved


@dataclass
class _Snapshot:
    overrides: Overrides
    decisions: list[Decision]


def _plain_copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _get(tree: Mapping[str, Any], path: Sequence[str]) -> Any:
    node: Any = tree
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def _set(tree: Overrides, path: Sequence[str], value: Any) -> None:
    node = tree
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def _drop(tree: Overrides, path: Sequence[str]) -> None:
    """Remove ``path`` and every mapping left empty on the way up."""
    if not path:
        return
    node = tree.get(path[0])
    if len(path) == 1:
        tree.pop(path[0], None)
        return
    if isinstance(node, dict):
        _drop(node, path[1:])
        if not node:
            tree.pop(path[0], None)


class Meeting:
    """A scenario loaded for the meeting, the meeting's changes and decisions, solved.

    Parameters
    ----------
    path : str or Path
        The scenario file (``quota serve S.yaml``).

    Raises
    ------
    InputError
        The scenario or its data cannot be read (exit code 2).
    InfeasibleError
        The scenario as loaded is impossible (exit code 3).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).resolve()
        self.loaded: Scenario = load_scenario(self.path)
        first = prepare_scenario(self.loaded)
        self.table: StreetTable = first.table
        self.notices: tuple[str | Msg, ...] = (*first.table.notices, *first.notices)
        self.kinds: tuple[str, ...] = tuple(self.loaded.kinds)
        #: kind -> {table column: indicator name as the scenario writes it}
        self.spelling: dict[str, dict[str, str]] = {
            kind: dict(zip(first.scenario.kinds[kind].indicators, cfg.indicators, strict=True))
            for kind, cfg in self.loaded.kinds.items()
        }
        self.overrides: Overrides = {}
        self.decisions: list[Decision] = list(self.loaded.decisions)
        #: counts the states solved (a change that changes nothing does not count)
        self.version = 0
        self._history: list[_Snapshot] = []
        self._prepared: OrderedDict[str, _Kind] = OrderedDict()
        self.scenario: Scenario = self.loaded
        #: the problem of the last change (None: the last change was solved)
        self.problem: QuotaError | None = None
        self.solved: Solved = self._solve(self.loaded)
        #: the state as loaded, and as last saved (the page's two comparisons)
        self.first: Solved = self.solved
        self.saved: Solved = self.solved
        #: the file the last "Save" wrote
        self.saved_path: Path | None = None

    # ----------------------------------------------------------------- reading

    @property
    def feasible(self) -> bool:
        """Whether the last change could be solved (else :attr:`solved` is the one before)."""
        return self.problem is None

    @property
    def streets(self) -> tuple[str, ...]:
        """The streets in table order."""
        return tuple(self.table.streets)

    def settings(self, kind: str) -> KindSettings:
        """The settings of ``kind`` in the current scenario."""
        cfg = self.scenario.kinds[kind]
        method = self.scenario.weights_for(kind).method
        offered = PLAIN_METHODS
        loaded_method = self.loaded.weights_for(kind).method
        if loaded_method not in PLAIN_METHODS:
            offered = (*PLAIN_METHODS, loaded_method)
        typed = {
            column: float(cfg.indicator_specs()[name].weight)
            for column, name in self.spelling[kind].items()
        }
        return KindSettings(
            kind=kind,
            pool=cfg.pool,
            turnover_share=cfg.turnover_share,
            max_change=cfg.max_change,
            floor=cfg.floor,
            method=method,
            methods=offered,
            typed=typed,
        )

    def decision_at(self, kind: str, index: int) -> Decision | None:
        """The decision about street row ``index`` of ``kind``, if any."""
        for decision in self.decisions:
            if self._targets(decision, kind, index):
                return decision
        return None

    def targets(self) -> list[Target]:
        """The decisions now in force, resolved against the table (numbered as listed)."""
        solved = self.solved
        auto = solved.outcome.auto_totals if solved.outcome is not None else solved.totals
        try:
            return resolve_targets(self.decisions, solved.inputs, auto)
        except InputError:
            return []

    def _targets(self, decision: Decision, kind: str, index: int) -> bool:
        if resolve_kind(decision.kind, self.kinds) != kind:
            return False
        return normalize_street_name(decision.street) == normalize_street_name(self.streets[index])

    # ---------------------------------------------------------------- changing

    def set_pool(self, kind: str, pool: int) -> bool:
        """Change the pool of ``kind``; True when solved (else see :attr:`problem`)."""
        return self._change(("kinds", kind, "pool"), int(pool))

    def set_turnover_share(self, kind: str, share: float) -> bool:
        """Change the turnover share of ``kind`` (0 <= share < 1)."""
        return self._change(("kinds", kind, "turnover_share"), float(share))

    def set_max_change(self, kind: str, cap: int | str | None) -> bool:
        """Change the cap on ``|total - current|`` (a number, a column, or None: no cap)."""
        return self._change(("kinds", kind, "max_change"), _bound(cap))

    def set_floor(self, kind: str, floor: int | str | None) -> bool:
        """Change the floor on base + quantified (a number, a column, or None: no floor)."""
        return self._change(("kinds", kind, "floor"), _bound(floor))

    def set_weight(self, kind: str, indicator: str, weight: float) -> bool:
        """Change one indicator's weight as typed (the weights are normalised to sum 1)."""
        name = self.spelling[kind].get(indicator)
        if name is None:
            raise InputError(msg("cli.serve.unknown_indicator", kind=kind, name=indicator))
        spec = self.loaded.kinds[kind].indicators[name]
        path: tuple[str, ...] = ("kinds", kind, "indicators", name)
        if not isinstance(spec, int | float):  # {weight, transform}: keep the transform
            path = (*path, "weight")
        return self._change(path, float(weight))

    def set_method(self, kind: str, method: str) -> bool:
        """Change how the weights of ``kind`` are obtained (manual, entropy, critic, ...)."""
        loaded = self.loaded.weights_for(kind)
        if method == loaded.method:
            return self._edit(lambda: _drop(self.overrides, ("kinds", kind, "weights")))
        if method not in PLAIN_METHODS:
            raise InputError(msg("cli.serve.unknown_method", kind=kind, method=method))
        return self._edit(lambda: _set(self.overrides, ("kinds", kind, "weights"), method))

    def pin(
        self,
        kind: str,
        index: int,
        total: int | None = None,
        *,
        keep_current: bool = False,
        reason: str | None = None,
    ) -> bool:
        """Decide street row ``index`` of ``kind``: ``total`` quotas, or keep its current ones."""
        fields: dict[str, Any] = {"street": self.streets[index], "kind": kind}
        if keep_current:
            fields["keep_current"] = True
        elif total is None or int(total) < 0:
            raise InputError(msg("cli.serve.pin_number", street=self.streets[index]))
        else:
            fields["total"] = int(total)
        if reason:
            if len(reason) > MAX_REASON:
                raise InputError(msg("cli.serve.bad_reason"))
            fields["reason"] = reason
        decision = Decision(**fields)

        def edit() -> None:
            kept = [d for d in self.decisions if not self._targets(d, kind, index)]
            self.decisions = [*kept, decision]

        return self._edit(edit)

    def unpin(self, kind: str, index: int) -> bool:
        """Remove the decision about street row ``index`` of ``kind``."""

        def edit() -> None:
            self.decisions = [d for d in self.decisions if not self._targets(d, kind, index)]

        return self._edit(edit)

    def undo(self) -> bool:
        """Go back to the settings before the last change."""
        if not self._history:
            return self.feasible
        last = self._history.pop()
        self.overrides, self.decisions = last.overrides, last.decisions
        return self._resolve()

    def reset(self) -> bool:
        """Go back to the scenario as loaded (the history keeps the way back)."""
        return self._edit(self._clear)

    def _clear(self) -> None:
        self.overrides = {}
        self.decisions = list(self.loaded.decisions)

    def _change(self, path: Sequence[str], value: Any) -> bool:
        loaded = _get(self.loaded.model_dump(mode="json"), path)
        if value == loaded and (value is not None or _has(self.loaded, path)):
            return self._edit(lambda: _drop(self.overrides, path))
        return self._edit(lambda: _set(self.overrides, path, value))

    def _edit(self, edit: Any) -> bool:
        """Make one change; one that changes nothing (the same value again) is not recorded."""
        before = _Snapshot(_plain_copy(self.overrides), list(self.decisions))
        edit()
        if self.overrides == before.overrides and self.decisions == before.decisions:
            return self.feasible
        self._history.append(before)
        return self._resolve()

    def _resolve(self) -> bool:
        self.version += 1
        try:
            scenario = change_scenario(self.loaded, self.overrides)
            scenario = scenario.model_copy(update={"decisions": list(self.decisions)})
            self.scenario = scenario
            self.solved = self._solve(scenario)
        except QuotaError as exc:
            self.problem = exc
            return False
        self.problem = None
        return True

    def mark_saved(self, path: Path) -> None:
        """Remember the state just saved (the page compares with it)."""
        self.saved = self.solved
        self.saved_path = path

    # ----------------------------------------------------------------- solving

    def _prepare_kind(self, scenario: Scenario, kind: str) -> _Kind:
        """One kind prepared on the table read at the start (cached by its settings)."""
        cfg = scenario.kinds[kind]
        key = json.dumps(
            [
                kind,
                cfg.model_dump(mode="json"),
                scenario.weights_for(kind).model_dump(mode="json"),
                scenario.constraints.model_dump(mode="json"),
                scenario.objective,
                scenario.method,
                scenario.solver.model_dump(mode="json"),
            ],
            sort_keys=True,
        )
        found = self._prepared.get(key)
        if found is not None:
            self._prepared.move_to_end(key)
            return found
        one = scenario.model_copy(update={"kinds": {kind: cfg}, "decisions": []})
        prepared = prepare_scenario(one, self.table)
        check_scenario(prepared)
        found = _Kind(prepared)
        self._prepared[key] = found
        if len(self._prepared) > CACHE_SIZE:
            self._prepared.popitem(last=False)
        return found

    def _solve(self, scenario: Scenario) -> Solved:
        started = time.perf_counter()
        kinds = {kind: self._prepare_kind(scenario, kind) for kind in scenario.kinds}
        parts = {kind: part.prepared for kind, part in kinds.items()}
        merged = _merge(scenario, parts, self.table)
        linked = linking_total(merged.scenario)
        outcome = None
        if merged.scenario.decisions:
            decided_inputs, solutions, outcome = decide(merged)
        elif linked is not None:
            check_scenario(merged)
            decided_inputs, solutions = merged.inputs, solve_scenario(merged)
        else:
            decided_inputs = merged.inputs
            solutions = {kind: part.solution(kind) for kind, part in kinds.items()}
        check_promises(decided_inputs, solutions, street_total_min=linked)
        return Solved(
            scenario=merged.scenario,
            inputs=merged.inputs,
            solutions=solutions,
            weights=merged.weights,
            outcome=outcome,
            totals=totals_of(merged.inputs, solutions),
            seconds=time.perf_counter() - started,
        )


def _has(scenario: Scenario, path: Sequence[str]) -> bool:
    """Whether the scenario as loaded states the key at ``path`` (null counts)."""
    node: Any = scenario
    for key in path:
        if isinstance(node, Mapping):
            if key not in node:
                return False
            node = node[key]
        elif hasattr(node, "model_fields_set"):
            if key not in type(node).model_fields:
                return False
            node = getattr(node, key)
        else:
            return False
    return True


def _bound(value: int | str | None) -> int | str | None:
    if value is None or isinstance(value, str):
        return value
    return int(value)


def _merge(scenario: Scenario, parts: Mapping[str, Prepared], table: StreetTable) -> Prepared:
    """The kinds prepared one by one, as one :class:`Prepared` of the whole scenario."""
    kinds = {kind: part.scenario.kinds[kind] for kind, part in parts.items()}
    resolved = scenario.model_copy(update={"kinds": kinds})
    frames = [part.scores for part in parts.values()]
    scores = frames[0]
    for frame in frames[1:]:
        extra = [c for c in frame.columns if c not in scores.columns]
        scores = pd.concat([scores, frame[extra]], axis=1)
    return Prepared(
        scenario=resolved,
        table=table,
        inputs={kind: part.inputs[kind] for kind, part in parts.items()},
        weights={kind: part.weights[kind] for kind, part in parts.items()},
        scores=scores,
        transforms={kind: part.transforms[kind] for kind, part in parts.items()},
        workloads={k: p.workloads[k] for k, p in parts.items() if k in p.workloads},
        notices=tuple(n for part in parts.values() for n in part.notices),
        roles={kind: part.roles[kind] for kind, part in parts.items()},
    )


def count_changes(meeting: Meeting) -> int:
    """How many settings and decisions differ from the scenario as loaded."""

    def leaves(tree: Any) -> int:
        if isinstance(tree, dict):
            return sum(leaves(v) for v in tree.values())
        return 1

    loaded = {d.model_dump_json() for d in meeting.loaded.decisions}
    now = {d.model_dump_json() for d in meeting.decisions}
    return leaves(meeting.overrides) + len(loaded ^ now)


def changed_streets(before: IntArray, after: IntArray) -> int:
    """Number of streets whose total differs."""
    return int(np.count_nonzero(np.asarray(before) != np.asarray(after)))


@dataclass
class ChangeTiming:
    """Seconds per change: solving, and building what the page shows from it."""

    streets: int
    changes: int
    solve: list[float] = field(default_factory=list)
    render: list[float] = field(default_factory=list)

    @property
    def per_change(self) -> float:
        """Median seconds per change, solve and render together."""
        totals = [s + r for s, r in zip(self.solve, self.render, strict=True)]
        return float(np.median(totals)) if totals else 0.0

    @property
    def worst(self) -> float:
        """Slowest change [s]."""
        totals = [s + r for s, r in zip(self.solve, self.render, strict=True)]
        return max(totals) if totals else 0.0


def _changes(meeting: Meeting) -> list[Any]:
    """The changes :func:`time_changes` makes in turn: weights, pools, shares, caps, pins."""
    kind = meeting.kinds[0]
    other = meeting.kinds[-1]
    first = next(iter(meeting.settings(kind).typed))
    weight = meeting.settings(kind).typed[first]
    pool = meeting.settings(other).pool
    street = len(meeting.streets) // 2
    total = int(meeting.solved.totals[kind][street])
    return [
        lambda: meeting.set_weight(kind, first, weight * 1.5 + 0.05),
        lambda: meeting.set_pool(other, pool + 5),
        lambda: meeting.pin(kind, street, total + 1),
        lambda: meeting.set_turnover_share(other, 0.04),
        lambda: meeting.set_weight(kind, first, weight),
        lambda: meeting.unpin(kind, street),
        lambda: meeting.set_pool(other, pool),
        lambda: meeting.set_turnover_share(other, meeting.loaded.kinds[other].turnover_share),
    ]


def time_changes(
    n_streets: int, changes: int = 16, *, seed: int = 0, lang: str = "zh"
) -> ChangeTiming:
    """The server's time per change on a synthetic table of ``n_streets`` streets [s].

    A change is timed from the call that makes it (a weight, a pool, a turnover
    share, a pin, ...) to the page's view built from the new solution and
    serialised as it is sent to the browser (:mod:`quota.app.view`, JSON).
    """
    import dataclasses
    import tempfile

    import yaml

    from quota.analysis.synth import synth_scenario_dict, synth_streets
    from quota.app.view import build_view

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        streets = synth_streets(n_streets, seed=seed)
        streets.to_csv(folder / "streets.csv", index=False, lineterminator="\n")
        raw = synth_scenario_dict(n_streets, seed, data="streets.csv", streets=streets)
        path = folder / "scenario.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        meeting = Meeting(path)
        build_view(meeting, lang)
        steps = _changes(meeting)
        timing = ChangeTiming(n_streets, changes)
        for step in range(changes):
            started = time.perf_counter()
            steps[step % len(steps)]()
            solved = time.perf_counter()
            view = build_view(meeting, lang)
            json.dumps(dataclasses.asdict(view), ensure_ascii=False)
            timing.solve.append(solved - started)
            timing.render.append(time.perf_counter() - solved)
        return timing
