"""Canonical column names, their Chinese aliases, and the scenario models.

Canonical names are English snake_case and are used everywhere inside the
package; Chinese names appear only at the edges (reading and reporting).
The column names live in :mod:`quota.columns`. The scenario models are pydantic models with ``extra="forbid"`` so a typo in
a YAML key is an error, not a silently ignored setting.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from quota.columns import (  # noqa: F401  (re-exported)
    ALIAS_LOOKUP,
    COLUMN_ALIASES,
    KIND_COLUMNS,
    RESULT_COLUMNS,
    TOTAL_ROW_NAMES,
    build_alias_lookup,
    canonical_column,
    normalize_header,
    normalize_text,
)

METHODS = ("lp", "hamilton", "webster", "huntington-hill", "dhondt", "adams")
WEIGHT_METHODS = ("manual", "entropy", "ahp", "critic", "combined")

# --------------------------------------------------------------------------
# Scenario models
# --------------------------------------------------------------------------

NonNegInt = Annotated[int, Field(ge=0)]
#: a per-street bound: a number for every street, or the name of a column
Bound = NonNegInt | str | None


class Strict(BaseModel):
    """Base for scenario models: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class BaseRule(Strict):
    """How a street's base quotas follow from its structure.

    ``base = offices * per_office + units * per_unit + leaders``, or ``fixed``
    for every street, or the values of a ``column`` of the street table.
    """

    per_office: NonNegInt | None = None
    per_unit: NonNegInt | None = None
    leaders: NonNegInt = 0
    fixed: NonNegInt | None = None
    column: str | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> BaseRule:
        structural = self.per_office is not None or self.per_unit is not None
        chosen = sum([structural, self.fixed is not None, self.column is not None])
        if chosen > 1:
            raise ValueError("choose one of per_office/per_unit(+leaders), fixed or column")
        if (self.fixed is not None or self.column is not None) and self.leaders:
            raise ValueError("leaders can only be added to per_office/per_unit")
        return self


class IndicatorSpec(Strict):
    """An indicator's weight and optional transform applied before normalising."""

    weight: float = Field(default=1.0, ge=0)
    transform: Literal["none", "sqrt", "log1p"] = "none"


class WeightsConfig(Strict):
    """How indicator weights are set or derived."""

    method: Literal["manual", "entropy", "ahp", "critic", "combined"] = "manual"
    #: pairwise comparison matrix for AHP, rows and columns in indicator order
    matrix: list[list[float | str]] | None = None
    #: accept an AHP matrix with CR > 0.1
    force: bool = False
    #: shares of each method in a combination, e.g. {ahp: 0.8, entropy: 0.2}
    combined: dict[str, float] | None = None

    @model_validator(mode="after")
    def _combined_goes_with_its_method(self) -> WeightsConfig:
        if self.method == "combined" and not self.combined:
            raise ValueError(
                "method combined needs the shares of its methods, e.g. combined: {ahp: 0.8, entropy: 0.2}"
            )
        if self.method != "combined" and self.combined:
            raise ValueError(
                f"combined: shares are given but method is {self.method}; set method: combined"
            )
        return self


class AvailableTimeConfig(Strict):
    """Working time of one staff member in a year (WISN step 3).

    ``working_days`` [days/year] and ``hours_per_day`` [hours/day]; the
    absences [days/year] are subtracted from the working days.
    """

    working_days: float = Field(gt=0)
    hours_per_day: float = Field(gt=0, le=24)
    public_holidays: float = Field(default=0.0, ge=0)
    annual_leave: float = Field(default=0.0, ge=0)
    sick_leave: float = Field(default=0.0, ge=0)
    other_leave: float = Field(default=0.0, ge=0)
    training: float = Field(default=0.0, ge=0)


class ActivityConfig(Strict):
    """The standard of one activity: time per unit (``hours``, ``minutes``) or units ``per-hour``.

    ``column`` holds each street's annual workload of the activity [units/year];
    default: the activity's own name.
    """

    standard: float = Field(gt=0)
    unit: Literal["hours", "minutes", "per-hour"] = "hours"
    column: str | None = None


def _coerce_activity(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"standard": value}
    return value


class WorkloadConfig(Strict):
    """WISN workload standards of one quota kind (see :mod:`quota.workload`).

    ``use: indicator`` offers the required staff as the indicator
    ``wisn_required``; ``use: target`` makes the ideal quantified quotas
    proportional to it. ``category_allowance``: support activities -> share of
    working time [%]; ``individual_allowance``: additional activities -> hours
    per year per street [hours/year].
    """

    use: Literal["indicator", "target"] = "indicator"
    available_time: AvailableTimeConfig
    activities: dict[str, Annotated[ActivityConfig, BeforeValidator(_coerce_activity)]]
    category_allowance: dict[str, float] = Field(default_factory=dict)
    individual_allowance: dict[str, float] = Field(default_factory=dict)

    @field_validator("activities")
    @classmethod
    def _need_activities(cls, value: dict[str, ActivityConfig]) -> dict[str, ActivityConfig]:
        if not value:
            raise ValueError(
                "at least one activity is needed, e.g. {hotline_tickets: {standard: 0.5, unit: hours}}"
            )
        return value


class SensitivityConfig(Strict):
    """Defaults of ``quota sensitivity`` (command-line options override them).

    ``draws``: Monte Carlo draws; ``seed``: random seed (none: a fresh one,
    reported); ``concentration``: Dirichlet concentration ``C`` of the weights
    (``alpha = C * w``; larger is tighter); ``noise``: relative noise ``R`` on
    every indicator value (``x * (1 + U(-R, R))``; 0: none).
    """

    draws: int = Field(default=1000, ge=1, le=1_000_000)
    seed: int | None = Field(default=None, ge=0)
    concentration: float = Field(default=100.0, gt=0)
    noise: float = Field(default=0.0, ge=0.0, lt=1.0)


def _coerce_weights(value: Any) -> Any:
    if isinstance(value, str):
        return {"method": value}
    return value


class KindConfig(Strict):
    """Settings of one quota kind (``admin``, ``institutional``, ...)."""

    pool: NonNegInt
    turnover_share: float = Field(default=0.0, ge=0.0, lt=1.0)
    base: BaseRule | None = None
    indicators: dict[str, float | IndicatorSpec] = Field(default_factory=dict)
    weights: WeightsConfig | None = None
    current: str | None = None
    onboard: str | None = None
    floor: Bound = None
    ceiling: Bound = None
    max_change: Bound = None
    workload: WorkloadConfig | None = None

    _w = field_validator("weights", mode="before")(_coerce_weights)

    @model_validator(mode="after")
    def _need_indicators(self) -> KindConfig:
        target = self.workload is not None and self.workload.use == "target"
        if not self.indicators and not target:
            raise ValueError(
                "at least one indicator is needed, e.g. {population: 1} "
                "(or workload standards with use: target)"
            )
        return self

    def indicator_specs(self) -> dict[str, IndicatorSpec]:
        """Indicators as :class:`IndicatorSpec`, whatever form the YAML used."""
        return {
            name: spec if isinstance(spec, IndicatorSpec) else IndicatorSpec(weight=float(spec))
            for name, spec in self.indicators.items()
        }


class ConstraintsConfig(Strict):
    """District-wide policy constraints."""

    no_dismissal: bool = True
    #: streets' total quotas as a share of ``district_total`` must be at least this
    street_share_min: float | None = Field(default=None, ge=0.0, le=1.0)
    #: the district's total quotas (all units, not only streets), for street_share_min
    district_total: NonNegInt | None = None

    @model_validator(mode="after")
    def _share_needs_total(self) -> ConstraintsConfig:
        if self.street_share_min is not None and self.district_total is None:
            raise ValueError("street_share_min needs district_total (the district's total quotas)")
        return self


class SolverConfig(Strict):
    """Solver options."""

    name: Literal["auto", "fast", "highs", "cbc"] = "auto"
    time_limit: float = Field(default=60.0, gt=0)
    #: accept a solution not proven optimal when the time limit stops the solver (exit 0)
    accept_time_limit: bool = False


class PlanConfig(Strict):
    """Settings of the multi-year transition plan (``quota plan``).

    ``attrition``: share of staff on board leaving per year [1/year], one for every
    kind or one per kind; ``hiring_cap``: most hires per year and kind [people/year];
    ``years``: plan horizon [years]; ``start_year``: label of the first plan year.
    Command-line options override these.
    """

    attrition: float | dict[str, float] | None = None
    hiring_cap: NonNegInt | dict[str, NonNegInt] | None = None
    years: Annotated[int, Field(ge=1)] | None = None
    start_year: int | None = None

    @field_validator("attrition")
    @classmethod
    def _rates_are_shares(
        cls, value: float | dict[str, float] | None
    ) -> float | dict[str, float] | None:
        rates = (
            list(value.values()) if isinstance(value, dict) else [] if value is None else [value]
        )
        if any(not 0.0 <= rate < 1.0 for rate in rates):
            raise ValueError(
                "attrition is the share of staff leaving per year, from 0 up to (not including) 1,"
                " e.g. 0.04"
            )
        return value


class DataSource(Strict):
    """Where the street table is: a path and, for XLSX, a sheet."""

    path: str
    sheet: str | int | None = None


class Scenario(Strict):
    """A resolved scenario (after ``extends`` and path resolution)."""

    name: str = Field(min_length=1, max_length=100)
    title: str | None = None
    data: DataSource
    method: Literal["lp", "hamilton", "webster", "huntington-hill", "dhondt", "adams"] = "lp"
    objective: Literal["l1", "minimax"] = "l1"
    weights: WeightsConfig = WeightsConfig()
    kinds: dict[str, KindConfig]
    constraints: ConstraintsConfig = ConstraintsConfig()
    solver: SolverConfig = SolverConfig()
    plan: PlanConfig | None = None
    sensitivity: SensitivityConfig = SensitivityConfig()
    #: the file the scenario was loaded from (set by the loader)
    source: str | None = None

    _w = field_validator("weights", mode="before")(_coerce_weights)

    @field_validator("data", mode="before")
    @classmethod
    def _data_path(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"path": value}
        return value

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        if not re.fullmatch(r"[\w\-.]+", value, flags=re.UNICODE) or value.strip(".") == "":
            raise ValueError(
                "name becomes a folder name: use letters, digits, '-', '_' or '.' only"
            )
        return value

    @field_validator("kinds")
    @classmethod
    def _need_kinds(cls, value: dict[str, KindConfig]) -> dict[str, KindConfig]:
        if not value:
            raise ValueError("at least one quota kind is needed (e.g. admin)")
        for kind in value:
            if not re.fullmatch(r"[A-Za-z_][\w]*", kind):
                raise ValueError(f"kind name {kind!r}: use letters, digits and '_'")
        return value

    def weights_for(self, kind: str) -> WeightsConfig:
        """Weight settings of one kind (its own, or the scenario's)."""
        return self.kinds[kind].weights or self.weights
