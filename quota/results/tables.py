"""Turn solutions into tidy tables: the allocation, the kinds' summary, binding constraints.

Everything here returns new DataFrames; plots and reports only consume them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota.config.schema import RESULT_COLUMNS
from quota.errors import Msg
from quota.model.problem import KindInputs
from quota.solve.dispatch import KindSolution

if TYPE_CHECKING:
    from quota.methods.weights import WeightResult
    from quota.methods.workload import KindWorkload


def _nullable(values: np.ndarray | None, n: int) -> pd.arrays.IntegerArray:
    if values is None:
        return pd.array([pd.NA] * n, dtype="Int64")
    return pd.array(np.asarray(values, dtype=np.int64), dtype="Int64")


def summarize_allocation(
    inputs: Mapping[str, KindInputs], solutions: Mapping[str, KindSolution]
) -> pd.DataFrame:
    """The allocation table: one row per street and kind, the CSV's columns.

    ``total = base + quantified + turnover``, ``change = total - current``,
    ``vacancy = total - onboard`` (negative: staff above quota), ``score`` the
    street's workload share within the kind and ``ideal`` its ideal
    quantified quotas ``score * quantified``.
    """
    frames = []
    for kind, kin in inputs.items():
        sol = solutions[kind]
        p = kin.problem
        n = p.size
        total = p.base + sol.q + sol.t
        change = None if kin.current is None else total - kin.current
        vacancy = None if kin.onboard is None else total - kin.onboard
        frames.append(
            pd.DataFrame(
                {
                    "street": pd.array(list(p.streets), dtype="string"),
                    "kind": pd.array([kind] * n, dtype="string"),
                    "current": _nullable(kin.current, n),
                    "base": _nullable(p.base, n),
                    "quantified": _nullable(sol.q, n),
                    "turnover": _nullable(sol.t, n),
                    "total": _nullable(total, n),
                    "change": _nullable(change, n),
                    "onboard": _nullable(kin.onboard, n),
                    "vacancy": _nullable(vacancy, n),
                    "score": np.round(kin.score, 6),
                    "ideal": np.round(p.ideal, 4),
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    return table.loc[:, list(RESULT_COLUMNS)]


def summarize_kinds(
    inputs: Mapping[str, KindInputs], solutions: Mapping[str, KindSolution]
) -> pd.DataFrame:
    """One row per kind: how the pool was split and how the solve went."""
    rows = []
    for kind, kin in inputs.items():
        sol = solutions[kind]
        p = kin.problem
        used = int(sol.t.sum())
        rows.append(
            {
                "kind": kind,
                "pool": kin.pool,
                "base": int(p.base.sum()),
                "quantified": p.quantified,
                "turnover_pool": p.turnover_pool,
                "turnover_used": used,
                "reserve": p.turnover_pool - used,
                "streets_total": int((p.base + sol.q + sol.t).sum()),
                "current": None if kin.current is None else int(kin.current.sum()),
                "onboard": None if kin.onboard is None else int(kin.onboard.sum()),
                "engine": sol.engine,
                "status": sol.status.value,
                "objective": round(sol.objective, 6),
                "max_relative_deviation": round(sol.max_relative_deviation, 6),
            }
        )
    return pd.DataFrame(rows)


#: columns of the frames :func:`summarize_binding` and :func:`summarize_methods` return;
#: :class:`quota.results.result.Result` adds ``detail`` (see :data:`DIAGNOSTICS_COLUMNS`)
DIAGNOSTICS_VALUE_COLUMNS: tuple[str, ...] = ("kind", "street", "constraint", "values")

#: columns of ``Result.diagnostics``: ``detail`` is the English sentence rendered from
#: ``constraint`` and ``values`` through the message catalog (quota.locale)
DIAGNOSTICS_COLUMNS: tuple[str, ...] = ("kind", "street", "constraint", "detail", "values")

#: every code :func:`summarize_methods` and :func:`summarize_binding` write, in that order
DIAGNOSTICS_CODES: tuple[str, ...] = (
    "weights",
    "weight",
    "apportionment",
    "quota_rule",
    "wisn",
    "wisn_shortage",
    "floor",
    "ceiling",
    "change_cap_up",
    "change_cap_down",
    "turnover",
    "no_dismissal",
    "moved",
    "turnover_pool",
    "tie",
    "decision",
)


def encode_values(values: Mapping[str, object]) -> str:
    """The ``values`` of one diagnostics row as JSON text (numbers as plain ints and floats).

    JSON text rather than a dict keeps the column immutable and hashable like
    the others: the English ``detail`` rendered when the result is made and any
    later rendering (report, workbook) read the same numbers, and the frame
    still compares, deduplicates and writes as plain text.
    """
    return json.dumps(values, ensure_ascii=False, default=_plain)


def _plain(value: object) -> object:
    """A NumPy scalar as the Python number JSON writes (json.dumps' ``default``)."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    raise TypeError(f"diagnostics value of type {type(value).__name__} is not a number or text")


class _Rows:
    """Diagnostics rows under construction: ``kind, street, constraint, values``."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def add(self, kind: str, street: str, constraint: str, **values: object) -> None:
        self.rows.append(
            {
                "kind": kind,
                "street": street,
                "constraint": constraint,
                "values": encode_values(values),
            }
        )

    def add_limited(
        self, kind: str, constraint: str, items: list[tuple[str, dict[str, object]]]
    ) -> None:
        """Per-street rows up to :data:`MAX_STREET_ROWS`, then one row ``more``: how many more."""
        for street, values in items[:MAX_STREET_ROWS]:
            self.add(kind, street, constraint, **values)
        if len(items) > MAX_STREET_ROWS:
            self.add(kind, "", constraint, more=len(items) - MAX_STREET_ROWS)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(DIAGNOSTICS_VALUE_COLUMNS))


def summarize_binding(
    inputs: Mapping[str, KindInputs], solutions: Mapping[str, KindSolution]
) -> pd.DataFrame:
    """Which constraints bind, and which streets were moved away from their ideal.

    Columns: ``kind, street, constraint, values``; ``street`` is empty for a
    kind-wide constraint, ``values`` the row's numbers as JSON text (see
    :func:`encode_values`). Codes and their values:

    - ``floor``: ``core`` (base + quantified), ``floor``;
    - ``ceiling``: ``core``, ``ceiling``;
    - ``change_cap_up``, ``change_cap_down``: ``total``, ``current``, ``cap``;
    - ``turnover`` (turnover quotas given): ``t``, ``staff`` (staff on board,
      or the total when there are none), ``core``;
    - ``no_dismissal`` (total equals staff on board): ``total``;
    - ``moved`` (the quantified quota is a whole unit or more away from the
      ideal): ``q``, ``ideal``;
    - ``turnover_pool`` (all turnover quotas handed out): ``n``;
    - ``tie`` (a solver remark: a tie broken, a time limit): ``note``, the
      remark's catalog key (``solve.tie.*``, ``solve.time_limit.*``), and the
      remark's own values (``got``, ``missed``, ``priority``; ``engine``,
      ``time_limit``, ``gap``, ...), from which it is rendered in either
      language (a remark that is plain text has ``note`` only: the text).

    :class:`quota.results.result.Result` renders ``detail`` from these.
    """
    out = _Rows()
    for kind, kin in inputs.items():
        sol = solutions[kind]
        p = kin.problem
        core = p.base + sol.q
        total = core + sol.t
        for i, street in enumerate(p.streets):
            if kin.floor is not None and core[i] == kin.floor[i] and sol.q[i] > p.ideal[i] - 1e-9:
                out.add(kind, street, "floor", core=core[i], floor=kin.floor[i])
            if (
                kin.ceiling is not None
                and core[i] == kin.ceiling[i]
                and sol.q[i] < p.ideal[i] + 1e-9
            ):
                out.add(kind, street, "ceiling", core=core[i], ceiling=kin.ceiling[i])
            if kin.max_change is not None and kin.current is not None:
                cap = int(kin.max_change[i])
                if total[i] == kin.current[i] + cap and cap >= 0 and sol.q[i] < p.ideal[i] - 1e-9:
                    out.add(
                        kind,
                        street,
                        "change_cap_up",
                        total=total[i],
                        current=kin.current[i],
                        cap=cap,
                    )
                if total[i] == kin.current[i] - cap and sol.q[i] > p.ideal[i] + 1e-9:
                    out.add(
                        kind,
                        street,
                        "change_cap_down",
                        total=total[i],
                        current=kin.current[i],
                        cap=cap,
                    )
            if sol.t[i] > 0:
                staff = kin.onboard[i] if kin.onboard is not None else total[i]
                out.add(kind, street, "turnover", t=sol.t[i], staff=staff, core=core[i])
            if (
                kin.no_dismissal
                and kin.onboard is not None
                and total[i] == kin.onboard[i]
                and sol.t[i] > 0
            ):
                out.add(kind, street, "no_dismissal", total=total[i])
            if abs(sol.q[i] - p.ideal[i]) >= 1 - 1e-9:
                out.add(kind, street, "moved", q=sol.q[i], ideal=p.ideal[i])
        if p.turnover_pool > 0 and int(sol.t.sum()) == p.turnover_pool:
            out.add(kind, "", "turnover_pool", n=p.turnover_pool)
        for note in sol.notes:
            out.add(kind, "", "tie", **note_values(note))
    return out.frame()


def note_values(note: str | Msg) -> dict[str, object]:
    """A solver remark as the values of its ``tie`` row: ``note`` (its catalog key) and its values.

    A remark that is plain text (no message of the catalog) is ``{"note": text}``.
    Values that are messages themselves (the default ``unit <i>`` names of a
    direct :func:`quota.solve.apportion.apportion` call) are kept as their
    English text, since the values are plain JSON.
    """
    if not isinstance(note, Msg):
        return {"note": str(note)}
    return {"note": note.key, **{name: _plain_param(v) for name, v in note.params.items()}}


def _plain_param(value: object) -> object:
    """A message value as plain data: lists stay lists, messages become their English text."""
    if isinstance(value, Msg):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain_param(v) for v in value]
    return value


#: most per-street rows of one kind and kind of remark in :func:`summarize_methods`
MAX_STREET_ROWS = 20


def compute_quota_properties(ideal: np.ndarray, q: np.ndarray) -> dict[str, np.ndarray]:
    """Which streets hold the lower and upper quota: ``floor(q*) <= q <= ceil(q*)``.

    Parameters
    ----------
    ideal : float array
        Exact quotas ``q* = score * Q`` [quotas].
    q : int array
        Quantified quotas given [quotas].

    Returns
    -------
    dict
        ``lower``, ``upper``: boolean arrays, True where the street holds that
        quota bound (a tolerance of 1e-9 absorbs rounding of ``q*``).
    """
    lower = q >= np.floor(ideal + 1e-9)
    upper = q <= np.ceil(ideal - 1e-9)
    return {"lower": lower, "upper": upper}


def _weights_values(result: WeightResult) -> dict[str, object]:
    """The ``weights`` row's values: the method, a combination's shares, AHP's figures."""
    d = result.details
    values: dict[str, object] = {"method": result.method}
    shares = {k[6:-1]: v for k, v in d.items() if k.startswith("share[")}
    if shares:
        values["shares"] = shares
    if "cr" in d:
        values.update(lambda_max=d["lambda_max"], ci=d["ci"], ri=d["ri"], cr=d["cr"])
    return values


def _indicator_values(result: WeightResult, name: str, transform: str) -> dict[str, object]:
    """One ``weight`` row's values: the weight, transform and entropy or CRITIC figures."""
    values: dict[str, object] = {
        "indicator": name,
        "weight": float(result.weights[name]),
        "transform": transform,
    }
    if f"entropy[{name}]" in result.details:
        values["entropy"] = result.details[f"entropy[{name}]"]
    if f"information[{name}]" in result.details:
        values["information"] = result.details[f"information[{name}]"]
    return values


def summarize_methods(
    inputs: Mapping[str, KindInputs],
    solutions: Mapping[str, KindSolution],
    *,
    weights: Mapping[str, WeightResult],
    transforms: Mapping[str, Mapping[str, str]],
    workloads: Mapping[str, KindWorkload] | None = None,
) -> pd.DataFrame:
    """How the weights, scores and quantified quotas came about, for the diagnostics.

    Columns ``kind, street, constraint, values`` as :func:`summarize_binding`.
    Per kind:

    - ``weights``: ``method``; a combination's ``shares`` (method -> share);
      AHP's ``lambda_max``, ``ci``, ``ri``, ``cr``;
    - one ``weight`` row per indicator: ``indicator``, ``weight``,
      ``transform``, and ``entropy`` or ``information`` (CRITIC) when computed;
    - ``apportionment``: ``engine``, ``classical`` (a classical method rather
      than the integer program), ``objective``, ``lower`` and ``upper``
      (whether every street holds its lower / upper quota, i.e. its quantified
      quota lies within the floor and ceiling of its exact quota ``score * Q``),
      ``outside`` (how many streets do not) and ``ties`` (ties broken);
    - ``quota_rule`` rows naming the streets outside that range: ``q``,
      ``low``, ``high``, ``ideal``;
    - with workload standards, ``wisn``: ``use``, ``hours`` (available time per
      person), ``caf``, ``iaf`` (allowance factors), ``required`` and, with
      staff on board, ``onboard`` and ``ratio``; ``wisn_shortage`` rows for the
      streets whose staff on board are below the required staff: ``onboard``,
      ``required``, ``ratio``.

    Per-street rows stop after :data:`MAX_STREET_ROWS` with a kind-wide row of
    the same code whose only value ``more`` says how many more there are.
    """
    out = _Rows()
    for kind, kin in inputs.items():
        if kind in weights:
            _add_weight_rows(out, kind, weights[kind], transforms.get(kind, {}))
        _add_apportionment_rows(out, kind, kin, solutions[kind])
        workload = (workloads or {}).get(kind)
        if workload is not None:
            _add_wisn_rows(out, kind, kin, workload)
    return out.frame()


def _add_weight_rows(
    out: _Rows, kind: str, result: WeightResult, kind_transforms: Mapping[str, str]
) -> None:
    """The ``weights`` row of a kind and one ``weight`` row per indicator."""
    out.add(kind, "", "weights", **_weights_values(result))
    for name in result.weights.index:
        out.add(
            kind,
            "",
            "weight",
            **_indicator_values(result, str(name), kind_transforms.get(str(name), "none")),
        )


def _add_apportionment_rows(out: _Rows, kind: str, kin: KindInputs, sol: KindSolution) -> None:
    """The ``apportionment`` row of a kind and its ``quota_rule`` rows."""
    from quota.solve.apportion import METHODS as APPORTIONMENT_METHODS

    p = kin.problem
    held = compute_quota_properties(p.ideal, sol.q)
    outside: list[tuple[str, dict[str, object]]] = [
        (
            street,
            {
                "q": sol.q[i],
                "low": int(np.floor(p.ideal[i] + 1e-9)),
                "high": int(np.ceil(p.ideal[i] - 1e-9)),
                "ideal": p.ideal[i],
            },
        )
        for i, street in enumerate(p.streets)
        if not (held["lower"][i] and held["upper"][i])
    ]
    out.add(
        kind,
        "",
        "apportionment",
        engine=sol.engine,
        classical=sol.engine in APPORTIONMENT_METHODS,
        objective=p.objective,
        lower=bool(sol.properties.get("lower_quota", held["lower"].all())),
        upper=bool(sol.properties.get("upper_quota", held["upper"].all())),
        outside=len(outside),
        ties=len(sol.notes),
    )
    out.add_limited(kind, "quota_rule", outside)


def _add_wisn_rows(out: _Rows, kind: str, kin: KindInputs, workload: KindWorkload) -> None:
    """The ``wisn`` row of a kind with workload standards and its ``wisn_shortage`` rows."""
    p = kin.problem
    required = float(np.sum(workload.required))
    staffing: dict[str, object] = {}
    if workload.ratio is not None and kin.onboard is not None:
        onboard = int(np.sum(kin.onboard))
        staffing = {
            "onboard": onboard,
            "ratio": onboard / required if required > 0 else float("nan"),
        }
    out.add(
        kind,
        "",
        "wisn",
        use=workload.use,
        hours=workload.available_hours,
        caf=workload.category_factor,
        iaf=workload.individual_factor,
        required=required,
        **staffing,
    )
    if workload.ratio is not None and kin.onboard is not None:
        short: list[tuple[str, dict[str, object]]] = [
            (
                street,
                {
                    "onboard": kin.onboard[i],
                    "required": workload.required[i],
                    "ratio": workload.ratio[i],
                },
            )
            for i, street in enumerate(p.streets)
            if np.isfinite(workload.ratio[i]) and workload.ratio[i] < 1.0
        ]
        out.add_limited(kind, "wisn_shortage", short)
