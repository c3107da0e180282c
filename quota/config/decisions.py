"""Committee decisions (编委会决定): a street's number pinned, bounded or moved.

A scenario's ``decisions:`` list, the command line's ``--fix`` and the review
workbook's 决定 column all give :class:`Decision` objects. Each names a
street, a kind and exactly one *form*:

==================  ==========================================================
form                the street's total (base + quantified + turnover) must be
==================  ==========================================================
``total: N``        exactly ``N``
``at_least: N``     at least ``N``
``at_most: N``      at most ``N``
``change: k``       exactly its current quotas ``+ k`` (``k`` may be negative)
``keep_current``    exactly its current quotas
``more_than_proposed: k``  exactly the total of the run without decisions ``+ k``
==================  ==========================================================

``from_reserve: true`` lets turnover quotas from the district's reserve make up
the decided number; otherwise it is reached with quantified quotas, and
turnover stays for staff on board above the quota, as for every street.

With levels (``levels: [district, street]``) a decision may name an upper unit
instead of a street: ``{district: 东城区, kind: admin, total: 160}`` (or
``province:``, ``city:``, ``county:``) bounds that unit's allocation in the
split above it; it is kept as ``street`` = the unit's name and ``level`` = the
level. A ``--fix`` name that is no street but an upper unit means that unit.

This module only parses and validates; :mod:`quota.model.decisions` turns
decisions into bounds of the model.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from quota.errors import InputError
from quota.locale import msg

#: the forms of a decision, in the order they are documented
FORMS: tuple[str, ...] = (
    "total",
    "at_least",
    "at_most",
    "change",
    "keep_current",
    "more_than_proposed",
)

#: where a decision came from
Origin = Literal["scenario", "fix", "workbook"]

#: the keys that name an upper unit instead of a street (``district: 东城区``)
UNIT_KEYS: tuple[str, ...] = ("province", "city", "county", "district")

#: largest number a decision may state (as for every count of a scenario)
MAX_DECIDED = 10**9

_Count = Annotated[int, Field(strict=True, ge=0, le=MAX_DECIDED)]
_Delta = Annotated[int, Field(strict=True, ge=-MAX_DECIDED, le=MAX_DECIDED)]
_Words = Annotated[str, Field(strict=True, max_length=500)]


class Decision(BaseModel):
    """One decision of the committee about one street and one kind.

    Attributes
    ----------
    street : str
        The street, as named in the street table (or the upper unit, see ``level``).
    level : str
        ``street``, or the level of the upper unit the decision is about.
    kind : str
        The quota kind (``admin``, ``institutional``, ...).
    total, at_least, at_most : int, optional
        The decided total, or its lower or upper bound [quotas].
    change : int, optional
        The decided change against current quotas [quotas].
    keep_current : bool, optional
        Keep the current quotas.
    more_than_proposed : int, optional
        Quotas more (negative: fewer) than the run without decisions gives.
    from_reserve : bool
        The decided number may be made up with turnover quotas of the reserve.
    reason, source : str, optional
        Why, and where it was decided (e.g. 区委编委会2026年第3次会议).
    origin : str
        ``scenario``, ``fix`` (the command line) or ``workbook`` (``--decisions``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    street: Annotated[str, Field(strict=True, min_length=1, max_length=200)]
    level: Literal["province", "city", "county", "district", "street"] = "street"
    kind: Annotated[str, Field(strict=True, min_length=1, max_length=100)]
    total: _Count | None = None
    at_least: _Count | None = None
    at_most: _Count | None = None
    change: _Delta | None = None
    keep_current: Literal[True] | None = None
    more_than_proposed: _Delta | None = None
    from_reserve: StrictBool = False
    reason: _Words | None = None
    source: _Words | None = None
    origin: Origin = "scenario"

    @model_validator(mode="before")
    @classmethod
    def _unit_key(cls, data: object) -> object:
        """``district: 东城区`` -> ``street: 东城区, level: district`` (one place named)."""
        if not isinstance(data, dict):
            return data
        named = [key for key in UNIT_KEYS if key in data]
        if not named:
            return data
        if len(named) > 1 or "street" in data or "level" in data:
            given = [key for key in ("street", *UNIT_KEYS) if key in data]
            text = msg("config.levels.decision_place", given=given, keys=["street", *UNIT_KEYS])
            raise PydanticCustomError("scenario", str(text), {"message": text})
        key = named[0]
        out = {k: v for k, v in data.items() if k != key}
        out["street"] = data[key]
        out["level"] = key
        return out

    @model_validator(mode="after")
    def _one_form(self) -> Decision:
        given = [form for form in FORMS if getattr(self, form) is not None]
        if len(given) != 1:
            text = msg("config.decision_forms", given=given or ["-"], forms=list(FORMS))
            raise PydanticCustomError("scenario", str(text), {"message": text})
        return self

    @property
    def form(self) -> str:
        """The one form this decision has (see :data:`FORMS`)."""
        return next(form for form in FORMS if getattr(self, form) is not None)

    @property
    def amount(self) -> int:
        """The number of the form (0 for ``keep_current``)."""
        value = getattr(self, self.form)
        return 0 if value is True else int(value)


# --------------------------------------------------------------------------
# --fix "STREET:KIND=N"
# --------------------------------------------------------------------------

_FIX_VALUE = re.compile(
    r"""^(?:
        (?P<op>>=|<=|=)\s*(?P<n>\d+)
      | =?\s*(?P<sign>[+-])\s*(?P<k>\d+)
      | =?\s*(?P<keep>keep|keep_current|保持|维持)
      | =?\s*proposed\s*(?P<psign>[+-])\s*(?P<pk>\d+)
    )$""",
    re.VERBOSE | re.IGNORECASE,
)

_FIX_FORMS = {"=": "total", ">=": "at_least", "<=": "at_most"}


def parse_fix(text: str) -> Decision:
    """Parse one ``--fix`` value into a decision.

    Forms: ``STREET:KIND=41``, ``>=41``, ``<=41``, ``+2`` / ``-2`` (against
    current quotas), ``keep`` (keep current) and ``proposed+2`` (against the run
    without decisions); the last three may also follow ``=`` (``admin=keep``).
    The kind may be its Chinese name (``行政编制``, ``行政``). Full-width
    ``：＝＋`` are accepted.

    Raises
    ------
    InputError
        If the text is not of this shape (exit code 2).
    """
    clean = unicodedata.normalize("NFKC", str(text)).strip()
    street, colon, rest = clean.rpartition(":")
    match = re.match(r"^\s*([^=<>+\-\s]+)\s*(.*)$", rest) if colon else None
    value = _FIX_VALUE.match(match.group(2).strip()) if match else None
    if not street.strip() or match is None or value is None:
        raise InputError(msg("config.fix_syntax", text=text))
    kind = match.group(1)
    fields: dict[str, object] = {"street": street.strip(), "kind": kind, "origin": "fix"}
    if value.group("op"):
        fields[_FIX_FORMS[value.group("op")]] = int(value.group("n"))
    elif value.group("sign"):
        fields["change"] = int(value.group("sign") + value.group("k"))
    elif value.group("keep"):
        fields["keep_current"] = True
    else:
        fields["more_than_proposed"] = int(value.group("psign") + value.group("pk"))
    try:
        return Decision(**fields)  # type: ignore[arg-type]
    except ValueError:
        raise InputError(msg("config.fix_syntax", text=text)) from None


def describe_fix(decision: Decision) -> str:
    """The ``--fix`` spelling of a decision (the manifest records it so)."""
    form, n = decision.form, decision.amount
    value = {
        "total": f"={n}",
        "at_least": f">={n}",
        "at_most": f"<={n}",
        "change": f"{n:+d}",
        "keep_current": "=keep",
        "more_than_proposed": f"=proposed{n:+d}",
    }[form]
    return f"{decision.street}:{decision.kind}{value}"
