"""Canonical column names, their Chinese aliases, and the scenario models.

Canonical names are English snake_case and are used everywhere inside the
package; Chinese names appear only at the edges (reading and reporting).
The column names live in :mod:`quota.config.columns`. The scenario models are pydantic
models with ``extra="forbid"`` so a typo in a YAML key is an error, not a
silently ignored setting.

Numbers and flags are strict: ``pool: true``, ``pool: '60'`` or
``turnover_share: '0.1'`` are errors, not quietly converted (a whole number is
accepted where a decimal is expected). Every number is bounded and finite. A
per-street bound (``floor``, ``ceiling``, ``max_change``) is a whole number or
the name of a column. Errors raised by the validators here carry the key they
are about in their context (``at``) so the loader can point at its line.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    Tag,
    field_validator,
    model_serializer,
    model_validator,
)

from quota.config.basics import (  # noqa: F401  (re-exported)
    MAX_COLUMN_NAME,
    MAX_COUNT,
    MAX_KEY_NAME,
    MAX_NAME_BYTES,
    MAX_PATH,
    MAX_TITLE,
    MAX_WEIGHT,
    OPT_OUT,
    ColumnName,
    Days,
    KeyName,
    NonNegInt,
    PositiveInt,
    Share,
    Strict,
    Text,
    Weight,
    fail,
)

# the choices a scenario offers, written once (Literal types and their values)
from quota.config.choices import (  # noqa: F401  (re-exported)
    APPORTIONMENT_METHODS,
    METHODS,
    OBJECTIVES,
    SOLVERS,
    TABLE_WEIGHT_METHODS,
    TRANSFORMS,
    WEIGHT_METHODS,
    ApportionmentMethod,
    Method,
    Objective,
    SolverName,
    TableWeightMethod,
    Transform,
    WeightMethod,
)
from quota.config.columns import (  # noqa: F401  (re-exported)
    ALIAS_LOOKUP,
    COLUMN_ALIASES,
    KIND_COLUMNS,
    LEVEL_NAMES,
    RESULT_COLUMNS,
    TOTAL_ROW_NAMES,
    UPPER_LEVELS,
    build_alias_lookup,
    canonical_column,
    normalize_header,
    normalize_text,
)
from quota.config.decisions import Decision
from quota.config.level_rules import (  # noqa: F401  (re-exported)
    MAX_LEVELS,
    MAX_UNIT_NAME,
    LevelName,
    TurnoverShare,
    UnitKey,
    UnitKindConfig,
    check_levels,
    check_unit_data_levels,
    is_one_source,
    split_pool_sources,
    spread_unit_data,
)
from quota.errors import Msg
from quota.locale import msg


def _bound_tag(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "number"
    if isinstance(value, str):
        return "column"
    return None


#: the messages of the custom error types below (``bound_type``, ``indicator_type``)
CUSTOM_ERRORS: dict[str, Msg] = {
    "bound_type": msg("config.rule.type.bound", limit=MAX_COUNT),
    "indicator_type": msg("config.rule.type.weight_or_spec"),
}

#: a per-street bound: a whole number for every street, or the name of a column
Bound = (
    Annotated[
        Annotated[NonNegInt, Tag("number")] | Annotated[ColumnName, Tag("column")],
        Discriminator(
            _bound_tag,
            custom_error_type="bound_type",
            custom_error_message=str(CUSTOM_ERRORS["bound_type"]),
        ),
    ]
    | None
)


def _opt_out(value: str | None) -> str | None:
    """``none`` (any case) opts out of a role; it is kept as the literal ``"none"``."""
    if value is not None and value.strip().lower() == OPT_OUT:
        return OPT_OUT
    return value


#: a column name, ``none`` (opt out) or null (the default column)
RoleColumn = Annotated[ColumnName | None, AfterValidator(_opt_out)]


class BaseRule(Strict):
    """How a street's base quotas follow from its structure.

    ``base = offices * per_office + units * per_unit + leaders``, or ``fixed``
    for every street, or the values of a ``column`` of the street table.
    """

    per_office: NonNegInt | None = None
    per_unit: NonNegInt | None = None
    leaders: NonNegInt = 0
    fixed: NonNegInt | None = None
    column: ColumnName | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> BaseRule:
        structural = self.per_office is not None or self.per_unit is not None
        chosen = sum([structural, self.fixed is not None, self.column is not None])
        if chosen > 1:
            raise fail(msg("config.rule.base.one_rule"))
        if (self.fixed is not None or self.column is not None) and self.leaders:
            raise fail(msg("config.rule.base.leaders"), at="leaders")
        return self


class IndicatorSpec(Strict):
    """An indicator's weight and optional transform applied before normalising."""

    weight: Weight = 1.0
    transform: Transform = "none"


def _indicator_tag(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return "weight"
    if isinstance(value, dict | IndicatorSpec):
        return "spec"
    return None


#: an indicator's weight, or its weight and transform
IndicatorValue = Annotated[
    Annotated[Weight, Tag("weight")] | Annotated[IndicatorSpec, Tag("spec")],
    Discriminator(
        _indicator_tag,
        custom_error_type="indicator_type",
        custom_error_message=str(CUSTOM_ERRORS["indicator_type"]),
    ),
]


class WeightsConfig(Strict):
    """How indicator weights are set or derived."""

    method: WeightMethod = "manual"
    #: pairwise comparison matrix for AHP, rows and columns in indicator order
    matrix: list[list[Annotated[float, Field(strict=True, allow_inf_nan=False)] | Text]] | None = (
        None
    )
    #: accept an AHP matrix with CR > 0.1
    force: StrictBool = False
    #: shares of each method in a combination, e.g. {{ahp: 0.8, entropy: 0.2}}
    combined: dict[KeyName, Share] | None = None

    @model_validator(mode="after")
    def _combined_goes_with_its_method(self) -> WeightsConfig:
        if self.method == "combined" and not self.combined:
            raise fail(msg("config.rule.weights.combined_missing"), at="method")
        if self.method != "combined" and self.combined:
            raise fail(
                msg("config.rule.weights.combined_unused", method=self.method), at="combined"
            )
        return self


class AvailableTimeConfig(Strict):
    """Working time of one staff member in a year (WISN step 3).

    ``working_days`` [days/year] and ``hours_per_day`` [hours/day]; the
    absences [days/year] are subtracted from the working days.
    """

    working_days: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0.0, le=366.0)]
    hours_per_day: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0.0, le=24.0)]
    public_holidays: Days = 0.0
    annual_leave: Days = 0.0
    sick_leave: Days = 0.0
    other_leave: Days = 0.0
    training: Days = 0.0


class ActivityConfig(Strict):
    """The standard of one activity: time per unit (``hours``, ``minutes``) or units ``per-hour``.

    ``column`` holds each street's annual workload of the activity [units/year];
    default: the activity's own name.
    """

    standard: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0.0, le=MAX_WEIGHT)]
    unit: Literal["hours", "minutes", "per-hour"] = "hours"
    column: ColumnName | None = None


def _coerce_activity(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"standard": value}
    return value


class WorkloadConfig(Strict):
    """WISN workload standards of one quota kind (see :mod:`quota.methods.workload`).

    ``use: indicator`` offers the required staff as the indicator
    ``wisn_required``; ``use: target`` makes the ideal quantified quotas
    proportional to it. ``category_allowance``: support activities -> share of
    working time [%]; ``individual_allowance``: additional activities -> hours
    per year per street [hours/year].
    """

    use: Literal["indicator", "target"] = "indicator"
    available_time: AvailableTimeConfig
    activities: dict[KeyName, Annotated[ActivityConfig, BeforeValidator(_coerce_activity)]]
    category_allowance: dict[
        KeyName, Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, le=100.0)]
    ] = Field(default_factory=dict)
    individual_allowance: dict[
        KeyName, Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, le=1e7)]
    ] = Field(default_factory=dict)

    @field_validator("activities")
    @classmethod
    def _need_activities(cls, value: dict[str, ActivityConfig]) -> dict[str, ActivityConfig]:
        if not value:
            raise fail(msg("config.rule.workload.no_activity"))
        return value


class SensitivityConfig(Strict):
    """Defaults of ``quota sensitivity`` (command-line options override them).

    ``draws``: Monte Carlo draws; ``seed``: random seed (none: a fresh one,
    reported); ``concentration``: Dirichlet concentration ``C`` of the weights
    (``alpha = C * w``; larger is tighter); ``noise``: relative noise ``R`` on
    every indicator value (``x * (1 + U(-R, R))``; 0: none).
    """

    draws: Annotated[int, Field(strict=True, ge=1, le=1_000_000)] = 1000
    seed: Annotated[int, Field(strict=True, ge=0, le=2**63 - 1)] | None = None
    concentration: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0.0, le=1e9)] = 100.0
    noise: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, lt=1.0)] = 0.0


def _coerce_weights(value: Any) -> Any:
    if isinstance(value, str):
        return {"method": value}
    return value


class KindConfig(Strict):
    """Settings of one quota kind (``admin``, ``institutional``, ...).

    ``pool`` is a whole number, or named sources that add up to it
    (``{existing: 355, from_city: 25, from_district: 12}``): the sum becomes
    ``pool`` and the parts ``pool_sources``, shown in the report.

    ``current`` / ``onboard``: column names; null means the default column
    (``current_<kind>``, ``onboard_<kind>``) and ``none`` opts the kind out of
    that role (kept as the string :data:`OPT_OUT`).
    """

    pool: PositiveInt
    #: the pool's named sources when ``pool`` was given as a mapping (they add up to ``pool``)
    pool_sources: dict[KeyName, NonNegInt] | None = None
    turnover_share: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, lt=1.0)] = 0.0
    base: BaseRule | None = None
    indicators: dict[KeyName, IndicatorValue] = Field(default_factory=dict)
    weights: WeightsConfig | None = None
    current: RoleColumn = None
    onboard: RoleColumn = None
    floor: Bound = None
    ceiling: Bound = None
    max_change: Bound = None
    workload: WorkloadConfig | None = None

    _w = field_validator("weights", mode="before")(_coerce_weights)
    _p = model_validator(mode="before")(split_pool_sources)

    @model_validator(mode="after")
    def _need_indicators(self) -> KindConfig:
        target = self.workload is not None and self.workload.use == "target"
        if not self.indicators and not target:
            raise fail(
                msg("config.rule.kind.no_indicator"),
                at="indicators" if "indicators" in self.model_fields_set else None,
            )
        return self

    @model_validator(mode="after")
    def _floor_below_ceiling(self) -> KindConfig:
        floor, ceiling = self.floor, self.ceiling
        if isinstance(floor, int) and isinstance(ceiling, int) and floor > ceiling:
            raise fail(
                msg("config.rule.kind.floor_above_ceiling", floor=floor, ceiling=ceiling),
                at="ceiling",
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

    no_dismissal: StrictBool = True
    #: streets' total quotas as a share of ``district_total`` must be at least this
    street_share_min: Share | None = None
    #: the district's total quotas (all units, not only streets), for street_share_min
    district_total: NonNegInt | None = None

    @model_validator(mode="after")
    def _share_needs_total(self) -> ConstraintsConfig:
        if self.street_share_min is not None and self.district_total is None:
            raise fail(msg("config.rule.constraints.share_needs_total"), at="street_share_min")
        return self


class SolverConfig(Strict):
    """Solver options."""

    name: SolverName = "auto"
    time_limit: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0.0, le=1e6)] = 60.0
    #: accept a solution not proven optimal when the time limit stops the solver (exit 0)
    accept_time_limit: StrictBool = False


class PlanConfig(Strict):
    """Settings of the multi-year transition plan (``quota plan``).

    ``attrition``: share of staff on board leaving per year [1/year], one for every
    kind or one per kind; ``hiring_cap``: most hires per year and kind [people/year];
    ``years``: plan horizon [years]; ``start_year``: label of the first plan year.
    Command-line options override these.
    """

    attrition: Share | dict[KeyName, Share] | None = None
    hiring_cap: NonNegInt | dict[KeyName, NonNegInt] | None = None
    years: Annotated[int, Field(strict=True, ge=1, le=100)] | None = None
    start_year: Annotated[int, Field(strict=True, ge=1, le=9999)] | None = None

    @field_validator("attrition")
    @classmethod
    def _rates_are_shares(
        cls, value: float | dict[str, float] | None
    ) -> float | dict[str, float] | None:
        rates = (
            list(value.values()) if isinstance(value, dict) else [] if value is None else [value]
        )
        if any(not 0.0 <= rate < 1.0 for rate in rates):
            raise fail(msg("config.rule.plan.attrition"))
        return value


class DataSource(Strict):
    """Where the street table is: a path and, for XLSX, a sheet."""

    path: Annotated[str, Field(strict=True, min_length=1, max_length=MAX_PATH)]
    sheet: ColumnName | Annotated[int, Field(strict=True, ge=0, le=10_000)] | None = None


def _source_path(value: Any) -> Any:
    """A data source written as its path alone: ``districts.csv`` -> ``{path: districts.csv}``."""
    return {"path": value} if isinstance(value, str) else value


#: a table of the street table's kind: a path, or a path and a sheet
Source = Annotated[DataSource, BeforeValidator(_source_path)]
#: a level's name as a key of ``unit_data:`` (checked against ``levels:``)
LevelKey = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_KEY_NAME)]


def _kind_name(kind: str) -> str:
    if len(kind) > MAX_KEY_NAME:
        raise fail(
            msg("config.rule.scenario.kind_name_long", kind=kind[:20] + "…", limit=MAX_KEY_NAME)
        )
    if not re.fullmatch(r"[A-Za-z_][\w]*", kind):
        raise fail(msg("config.rule.scenario.kind_name", kind=kind))
    return kind


KindName = Annotated[str, Field(strict=True), AfterValidator(_kind_name)]


class DocumentConfig(Strict):
    """The ``document:`` section: how ``report.docx`` (and compare/plan .docx) is titled and set.

    Every key is optional; the writer in :mod:`quota.outputs.docx` fills the
    rest from the scenario (title) and the official layout (GB/T 9704-2012).
    Font names are referenced, never bundled: offices have the official fonts
    installed; a machine without them can name open ones here.
    """

    #: 请示 or 方案 (the document's type, in its title)
    genre: Literal["请示", "方案", "request", "plan"] | None = None
    #: the whole title; default: 关于《scenario title》的请示/方案
    title: Annotated[str, Field(strict=True, min_length=1, max_length=MAX_TITLE)] | None = None
    #: 主送机关 (the addressee), e.g. 区委机构编制委员会
    addressee: Annotated[str, Field(strict=True, min_length=1, max_length=200)] | None = None
    #: 发文机关 (the issuing office), signed at the end
    issuer: Annotated[str, Field(strict=True, min_length=1, max_length=200)] | None = None
    #: 成文日期, as it is to be printed (e.g. 2026年12月1日) or an ISO date (2026-12-01)
    date: Annotated[str, Field(strict=True, min_length=1, max_length=40)] | None = None
    #: 发文字号, e.g. 忻编办〔2026〕12号
    number: Annotated[str, Field(strict=True, min_length=1, max_length=80)] | None = None
    #: font names by role: title, body, heading1, heading2, page_number, latin (Latin
    #: letters and digits)
    fonts: dict[
        Literal["title", "body", "heading1", "heading2", "page_number", "latin"],
        Annotated[str, Field(strict=True, min_length=1, max_length=100)],
    ] = Field(default_factory=dict)

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        # YAML reads an unquoted 2026-12-01 as a date: keep it as the ISO text it was
        if isinstance(value, _dt.date):
            return value.isoformat()[:10]
        return value


class Scenario(Strict):
    """A resolved scenario (after ``extends`` and path resolution)."""

    name: Annotated[str, Field(strict=True, min_length=1)]
    title: Annotated[str, Field(strict=True, max_length=MAX_TITLE)] | None = None
    data: DataSource
    method: Method = "lp"
    objective: Objective = "l1"
    weights: WeightsConfig = WeightsConfig()
    kinds: dict[KindName, KindConfig]
    constraints: ConstraintsConfig = ConstraintsConfig()
    solver: SolverConfig = SolverConfig()
    plan: PlanConfig | None = None
    sensitivity: SensitivityConfig = SensitivityConfig()
    #: the committee's decisions (see :mod:`quota.config.decisions`)
    decisions: Annotated[list[Decision], Field(max_length=100_000)] = Field(default_factory=list)
    #: how report.docx is titled, addressed and set (see :class:`DocumentConfig`)
    document: DocumentConfig = DocumentConfig()
    #: the levels, top first, e.g. ``[district, street]`` (None: one level, the streets)
    levels: Annotated[list[LevelName] | None, AfterValidator(check_levels)] = None
    #: per-unit rules by kind: key a unit's name (or ``level:name``), or a level's name
    #: for every unit of that level (see :class:`UnitKindConfig`)
    units: dict[UnitKey, dict[KindName, UnitKindConfig]] = Field(default_factory=dict)
    #: per upper level, a table of its units' own figures (indicators, current quotas, staff
    #: on board) in place of the sums over their streets; written as one table
    #: (``districts.csv``, ``{path, sheet}``: the level just above the streets) or per
    #: level (``{district: districts.csv, city: cities.xlsx}``)
    unit_data: dict[LevelKey, Source] = Field(default_factory=dict)
    #: the file the scenario was loaded from (set by the loader)
    source: str | None = None

    _w = field_validator("weights", mode="before")(_coerce_weights)
    _u = model_validator(mode="before")(spread_unit_data)

    @field_validator("data", mode="before")
    @classmethod
    def _data_path(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"path": value}
        return value

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > MAX_NAME_BYTES:
            raise fail(
                msg(
                    "config.rule.scenario.name_bytes",
                    limit=MAX_NAME_BYTES,
                    size=size,
                    length=len(value),
                )
            )
        if not re.fullmatch(r"[\w\-.]+", value, flags=re.UNICODE) or value.strip(".") == "":
            raise fail(msg("config.rule.scenario.name_chars"))
        if value.startswith("."):  # hidden folders are the writer's own (.<name>.tmp-<pid>)
            raise fail(msg("config.rule.scenario.name_dot"))
        return value

    @field_validator("kinds")
    @classmethod
    def _need_kinds(cls, value: dict[str, KindConfig]) -> dict[str, KindConfig]:
        if not value:
            raise fail(msg("config.rule.scenario.no_kind"))
        return value

    @model_validator(mode="after")
    def _units_need_levels(self) -> Scenario:
        if self.units and self.levels is None:
            raise fail(msg("config.levels.units_need_levels"), at="units")
        for key, settings in self.units.items():
            for kind in settings:
                if kind not in self.kinds:
                    raise fail(
                        msg("config.levels.unit_kind", unit=key, kind=kind, kinds=list(self.kinds)),
                        at="units",
                    )
        check_unit_data_levels(self.unit_data, self.levels)
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> Any:
        # a scenario without unit_data dumps as it did before the key existed (manifest.json)
        data = handler(self)
        if not self.unit_data and isinstance(data, dict):
            data.pop("unit_data", None)
        return data

    @property
    def level_names(self) -> tuple[str, ...]:
        """The levels, top first (``("street",)`` for a one-level scenario)."""
        return tuple(self.levels) if self.levels else ("street",)

    def weights_for(self, kind: str) -> WeightsConfig:
        """Weight settings of one kind (its own, or the scenario's)."""
        return self.kinds[kind].weights or self.weights
