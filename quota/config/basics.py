"""The building blocks of the scenario models: strict types, bounds and the validators' errors.

Split from :mod:`quota.config.schema` (which re-exports all of it) so that the
models of one topic can live in their own module.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from quota.errors import Msg

# --------------------------------------------------------------------------
# The validators' errors (texts in quota/locale/messages/config.py)
# --------------------------------------------------------------------------


def fail(message: Msg, /, at: str | None = None) -> PydanticCustomError:
    """A validation error saying ``message``; ``at``: the key it is about.

    Pydantic carries the English text; the message itself rides in the error's
    context (``message``) so that the loader can say it in the user's language.
    """
    context: dict[str, Any] = {"message": message}
    if at:
        context["at"] = at
    return PydanticCustomError("scenario", str(message), context)


# --------------------------------------------------------------------------
# Bounds and strict types
# --------------------------------------------------------------------------

#: largest whole number a scenario may state (pools, bases, bounds, totals)
MAX_COUNT = 10**9
#: largest indicator weight (weights are relative; this only keeps them finite)
MAX_WEIGHT = 1e6
#: longest title [characters]; longest kind or indicator name [characters]
MAX_TITLE = 200
MAX_KEY_NAME = 100
#: longest scenario name [bytes in UTF-8]: it becomes a folder name
MAX_NAME_BYTES = 200
#: longest column name or path a scenario may state [characters]
MAX_COLUMN_NAME = 200
MAX_PATH = 4096
#: the value of ``current:`` / ``onboard:`` that opts a kind out of the role
OPT_OUT = "none"

NonNegInt = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
PositiveInt = Annotated[int, Field(strict=True, ge=1, le=MAX_COUNT)]
Share = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, le=1.0)]
Weight = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, le=MAX_WEIGHT)]
Days = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, le=366.0)]
Text = Annotated[str, Field(strict=True)]
ColumnName = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_COLUMN_NAME)]
KeyName = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_KEY_NAME)]


class Strict(BaseModel):
    """Base for scenario models: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)
