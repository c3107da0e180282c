"""Committee decisions as bounds of the model, and the sentences when they cannot hold.

A decision about street ``k`` gives a lower and/or upper bound on its total
``base_k + q_k + t_k`` (see :mod:`quota.config.decisions` for the forms). The
rest of the district is re-optimised with the same model; no new constraint
type is needed, so the fast path and the integer program solve decisions
alike:

- an upper bound ``U`` lowers ``total_upper_k`` to ``U``;
- a lower bound ``L`` above what the street needs anyway (``total_lower_k``:
  staff on board under no dismissal, current minus the change cap) is reached
  with *quantified* quotas: ``q_lower_k = L - base_k``. Turnover quotas stay
  for staff on board above the quota, as for every street. With
  ``from_reserve: true`` the bound goes on the total instead
  (``total_lower_k = L``), and turnover quotas of the reserve may make it up.

So a decided total ``N`` above the street's own needs pins ``q_k = N - base_k``
and ``t_k = 0``; a decided total equal to its staff on board keeps the
turnover that covers them. Pinning every street at the total of the run
without decisions gives that run back (tests/model/test_decisions.py).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from quota._typing import IntArray
from quota.config.decisions import Decision, describe_fix
from quota.errors import InfeasibleError, InputError, Msg
from quota.io.rows import normalize_street_name
from quota.locale import kind_name, msg
from quota.model.problem import KindInputs

#: sources of decisions, each overriding the ones before it
ORIGIN_ORDER: tuple[str, ...] = ("scenario", "workbook", "fix")


@dataclass(frozen=True)
class Target:
    """One decision resolved against the table: a street, a kind and bounds on its total.

    Attributes
    ----------
    number : int
        1-based position in the decisions, as the report lists them.
    decision : Decision
        The decision as given.
    kind : str
        The kind's name in the scenario.
    index : int
        The street's row in the table.
    street : str
        The street's name as the table writes it.
    lower, upper : int or None
        Bounds on the street's total [quotas]; equal for a decided total.
    """

    number: int
    decision: Decision
    kind: str
    index: int
    street: str
    lower: int | None
    upper: int | None

    @property
    def exact(self) -> bool:
        """Whether the decision fixes the total (rather than bounding it)."""
        return self.lower is not None and self.lower == self.upper

    def words(self) -> Msg:
        """The decision in words: 核定41名, 不少于41名, 维持现有编制30名, ..."""
        form = self.decision.form
        n = self.lower if self.lower is not None else self.upper
        return msg(
            f"model.decision_{form}",
            n=n,
            k=abs(self.decision.amount),
            sign="+" if self.decision.amount >= 0 else "-",
            more=msg(
                "model.decision_more" if self.decision.amount >= 0 else "model.decision_fewer"
            ),
        )

    def spelled(self) -> str:
        """The ``--fix`` spelling (for the manifest)."""
        return describe_fix(self.decision)


def resolve_kind(name: str, kinds: Sequence[str]) -> str | None:
    """The scenario kind a decision names: its own name or its Chinese label (行政编制, 行政)."""
    from quota.locale import kind_label

    if name in kinds:
        return name
    for kind in kinds:
        zh = kind_label(kind, "zh")
        if name in (zh, zh.removesuffix("编制"), kind_label(kind, "en")):
            return kind
    return None


def resolve_targets(
    decisions: Sequence[Decision],
    inputs: Mapping[str, KindInputs],
    auto_totals: Mapping[str, IntArray] | None,
) -> list[Target]:
    """Each decision as bounds on one street's total.

    Decisions come from the scenario, the review workbook (``--decisions``) and
    the command line (``--fix``), by their ``origin``; one about the same street
    and kind from a later of these sources replaces the earlier one, as a
    command-line option overrides the scenario. Within one source, the same
    street and kind twice is an error. Targets are numbered in the order given.

    Parameters
    ----------
    decisions : sequence of Decision
        Every decision, of every source.
    inputs : mapping of str to KindInputs
        The kinds of the scenario, as prepared.
    auto_totals : mapping of str to int array, or None
        Kind -> each street's total in the run without decisions (for
        ``more_than_proposed``); None only checks the decisions (``quota
        validate``): a ``more_than_proposed`` target then has no bounds.

    Raises
    ------
    InputError
        An unknown street or kind, two decisions about one street and kind in
        one source, or a decision against current quotas for a kind without a
        current-quotas column (all problems together).
    """
    problems: list[str | Msg] = []
    chosen = _locate(decisions, inputs, problems)
    targets: list[Target] = []
    for (kind, index), (_number, decision) in sorted(chosen.items(), key=lambda c: c[1][0]):
        kin = inputs[kind]
        bounds = _bounds(decision, kind, kin, index, auto_totals, problems)
        if bounds is not None:
            street = kin.problem.streets[index]
            targets.append(Target(len(targets) + 1, decision, kind, index, street, *bounds))
    if problems:
        raise InputError(problems)
    return targets


def _locate(
    decisions: Sequence[Decision], inputs: Mapping[str, KindInputs], problems: list[str | Msg]
) -> dict[tuple[str, int], tuple[int, Decision]]:
    """(kind, street row) -> (number, decision), a later source replacing an earlier one."""
    kinds = list(inputs)
    chosen: dict[tuple[str, int], tuple[int, Decision]] = {}
    street_keys: dict[str, dict[str, int]] = {}
    ordered = sorted(enumerate(decisions, start=1), key=lambda p: ORIGIN_ORDER.index(p[1].origin))
    for number, decision in ordered:
        kind = resolve_kind(decision.kind, kinds)
        if kind is None:
            close = difflib.get_close_matches(decision.kind, kinds, n=1, cutoff=0.5)
            problems.append(
                msg(
                    "model.decision_unknown_kind",
                    street=decision.street,
                    kind=decision.kind,
                    kinds=kinds,
                    hint=msg("model.decision_did_you_mean", name=close[0]) if close else "",
                )
            )
            continue
        streets = inputs[kind].problem.streets
        if kind not in street_keys:
            street_keys[kind] = _street_keys(streets)
        index = _street_index(decision.street, streets, street_keys[kind], problems)
        if index is None:
            continue
        earlier = chosen.get((kind, index))
        if earlier is not None and earlier[1].origin == decision.origin:
            problems.append(
                msg(
                    "model.decision_twice",
                    street=inputs[kind].problem.streets[index],
                    kind=kind_name(kind),
                    origin=msg(f"model.origin_{decision.origin}"),
                )
            )
        chosen[(kind, index)] = (number, decision)
    return chosen


def _street_keys(streets: Sequence[str]) -> dict[str, int]:
    """Normalised street name -> its first row (built once per kind, not per decision)."""
    keys: dict[str, int] = {}
    for i, street in enumerate(streets):
        keys.setdefault(normalize_street_name(street), i)
    return keys


def _street_index(
    name: str, streets: Sequence[str], keys: dict[str, int], problems: list[str | Msg]
) -> int | None:
    key = normalize_street_name(name)
    if key in keys:
        return keys[key]
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.5)
    problems.append(
        msg(
            "model.decision_unknown_street",
            street=name,
            hint=msg("model.decision_did_you_mean", name=streets[keys[close[0]]]) if close else "",
        )
    )
    return None


def _bounds(
    decision: Decision,
    kind: str,
    kin: KindInputs,
    index: int,
    auto_totals: Mapping[str, IntArray] | None,
    problems: list[str | Msg],
) -> tuple[int | None, int | None] | None:
    current = None if kin.current is None else int(kin.current[index])
    auto = None if auto_totals is None else int(auto_totals[kind][index])
    return decision_bounds(decision, kind, current, auto, problems)


def decision_bounds(
    decision: Decision,
    kind: str,
    current: int | None,
    auto: int | None,
    problems: list[str | Msg],
) -> tuple[int | None, int | None] | None:
    """The (lower, upper) bounds a decision puts on a total, of a street or an upper unit.

    ``current`` is the total's current quotas and ``auto`` its proposal (None when
    not known: a ``more_than_proposed`` decision then has no bounds yet). None,
    with the reason appended to ``problems``, when the decision cannot be read.
    """
    form, amount = decision.form, decision.amount
    if form in ("change", "keep_current"):
        if current is None:
            problems.append(
                msg(
                    "model.decision_needs_current",
                    street=decision.street,
                    kind=kind_name(kind),
                    column=f"current_{kind}",
                )
            )
            return None
        n = current + amount
    elif form == "more_than_proposed":
        if auto is None:
            return None, None
        n = auto + amount
    elif form == "at_least":
        return amount, None
    elif form == "at_most":
        return None, amount
    else:
        n = amount
    if n < 0:
        problems.append(
            msg("model.decision_negative", street=decision.street, kind=kind_name(kind), n=n)
        )
        return None
    return n, n


def apply_targets(
    inputs: Mapping[str, KindInputs], targets: Sequence[Target]
) -> dict[str, KindInputs]:
    """The kinds with the decisions' bounds added (new objects; ``inputs`` is unchanged)."""
    out = dict(inputs)
    for kind in inputs:
        mine = [t for t in targets if t.kind == kind]
        if not mine:
            continue
        p = inputs[kind].problem
        q_lower, total_lower = p.q_lower.copy(), p.total_lower.copy()
        total_upper = p.total_upper.copy()
        for t in mine:
            i = t.index
            if t.upper is not None:
                total_upper[i] = min(total_upper[i], t.upper)
            if t.lower is None or t.lower <= p.total_lower[i]:
                continue
            if t.decision.from_reserve:
                total_lower[i] = t.lower
            else:
                q_lower[i] = max(q_lower[i], t.lower - p.base[i])
        problem = replace(p, q_lower=q_lower, total_lower=total_lower, total_upper=total_upper)
        out[kind] = replace(inputs[kind], problem=problem)
    return out


def check_targets(inputs: Mapping[str, KindInputs], targets: Sequence[Target]) -> None:
    """Find decisions that cannot hold, before anything is solved.

    Each decision against the street's own limits (staff on board under no
    dismissal, the change cap, base quotas, floor and ceiling), then the
    decided totals of each kind together against its pool.

    Raises
    ------
    InfeasibleError
        With a sentence per conflict, naming the decision(s) and the numbers.
    """
    problems: list[str | Msg] = []
    for t in targets:
        problems += _check_one(inputs[t.kind], t)
    if not problems:
        for kind, kin in inputs.items():
            mine = [t for t in targets if t.kind == kind]
            if mine:
                problems += _check_pool(kin, mine)
    if problems:
        raise InfeasibleError(problems)


def _check_one(kin: KindInputs, t: Target) -> list[str | Msg]:
    p, i = kin.problem, t.index
    base, low, high = int(p.base[i]), int(p.total_lower[i]), int(p.total_upper[i])
    q_low = int(p.q_lower[i])
    common = {"street": t.street, "kind": kind_name(t.kind), "decided": t.words()}
    out: list[str | Msg] = []
    if t.upper is not None and t.upper < low:
        onboard = kin.onboard is not None and kin.no_dismissal and int(kin.onboard[i]) == low
        why = "onboard" if onboard else "change_cap"
        out.append(msg(f"model.decision_below_{why}", **common, low=low))
    elif t.upper is not None and t.upper < base + q_low:
        why = "base" if q_low == 0 else "floor"
        out.append(msg(f"model.decision_below_{why}", **common, low=base + q_low, base=base))
    if t.lower is not None and t.lower > high:
        out.append(msg("model.decision_above_cap", **common, high=high))
    elif t.lower is not None and t.lower > low and not t.decision.from_reserve:
        q_high = min(int(p.q_upper[i]), max(p.quantified, 0))
        if t.lower > base + q_high:
            out.append(msg("model.decision_above_ceiling", **common, high=base + q_high))
    return out


def _check_pool(kin: KindInputs, mine: Sequence[Target]) -> list[str | Msg]:
    """The decided streets' totals and the others' least needs against the pool."""
    p = kin.problem
    decided = np.zeros(p.size, dtype=bool)
    for t in mine:
        if t.exact:
            decided[t.index] = True
    if not decided.any():
        return []
    taken = sum(int(t.lower or 0) for t in mine if t.exact)
    others = ~decided
    need_base = int(p.base[others].sum())
    need = int(np.maximum(p.base[others] + p.q_lower[others], p.total_lower[others]).sum())
    left = kin.pool - taken
    if need <= left:
        return []
    listed = [msg("model.decision_listed", street=t.street, n=t.lower) for t in mine if t.exact]
    what = "base" if need_base > left else "needs"
    return [
        msg(
            f"model.decision_pool_{what}",
            decisions=listed,
            kind=kind_name(p.kind),
            left=left,
            count=int(others.sum()),
            need=need_base if what == "base" else need,
            pool=kin.pool,
        )
    ]
