"""Field types of meetingplace's request bodies: servicekit's safe text and strict dates,
bounded counts, money, codes listed once."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from kohtaamo.contracts.municipalities import MUNICIPALITIES
from kohtaamo.servicekit.fields import IsoDate, Name, Timestamp
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict

from ...domain.limits import MAX_COMPENSATION_CENTS, MAX_DURATION_MIN, MAX_HEADCOUNT, MAX_INVITED

T = TypeVar("T")

__all__ = ["Body", "Count", "Day", "Duration", "Flag", "EachOnce", "EventDay", "Euros", "Headcount", "Invited",
           "MunicipalityCode", "Name", "ProjectId", "TimeOfDay", "Timestamp", "cents", "euros"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _municipality(value: str) -> str:
    if value not in MUNICIPALITIES:
        raise ValueError(f"unknown municipality code {value!r}")
    return value


def _each_once(values: Sequence[Any]) -> Sequence[Any]:
    if len(set(values)) != len(values):
        raise ValueError("lists a code more than once")
    return values


MunicipalityCode = Annotated[
    str,
    Field(description="Statistics Finland code, e.g. 301 (Kurikka)",
          json_schema_extra={"enum": sorted(MUNICIPALITIES)}),
    AfterValidator(_municipality),
]
ProjectId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$",
                                 description="e.g. the EURA code S20397")]
# The domain refuses a code listed twice; the schema says so.
EachOnce = Annotated[list[T], Field(json_schema_extra={"uniqueItems": True}), AfterValidator(_each_once)]
Day = Annotated[IsoDate, Field(description="YYYY-MM-DD")]
# The day something happened: any past day. A future one is refused by the application, as
# a Finnish calendar day (servicekit's EventDate would judge it by the server's clock).
EventDay = Annotated[IsoDate, Field(description="YYYY-MM-DD, not in the future (Finnish calendar day)")]
def _json_integer(value: object) -> object:
    # JSON Schema's integer: 3 or 3.0, never true, "3" or 3.5.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be a whole number")
        return int(value)
    return value


def count(**bounds: Any) -> Any:
    """A whole number within ``bounds`` (constraints before the validator: after it,
    pydantic would document them under their Python names)."""
    return Annotated[int, Field(**bounds), BeforeValidator(_json_integer)]


# JSON's true is not a count, nor 0 a "no".
Flag = Annotated[bool, Strict()]
Count = count()
Headcount = count(ge=0, le=MAX_HEADCOUNT)
Invited = count(ge=0, le=MAX_INVITED)
Duration = count(ge=1, le=MAX_DURATION_MIN, description="minutes")
TimeOfDay = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["10:00"])]
# More than 0, at most 1000 euros, cents at most: 0.01 ... 999.99, 1000, 1000.0, 1000.00.
_EUROS = r"^(?:0\.(?:0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,2}(?:\.[0-9]{1,2})?|1000(?:\.00?)?)$"
assert MAX_COMPENSATION_CENTS == 100_000, "the pattern states the limit"


def _euros(value: str) -> Decimal:
    return Decimal(value)


# A string, so that no float rounding changes what was paid.
Euros = Annotated[
    str,
    Field(pattern=_EUROS, examples=["9.00"],
          description="Compensation paid, in euros, e.g. \"9.00\"; more than 0, at most 1000. "
                      "Stays in meetingplace."),
    AfterValidator(_euros),
]


def cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount * 100)


def euros(amount_cents: int | None) -> Decimal | None:
    return None if amount_cents is None else (Decimal(amount_cents) / 100).quantize(Decimal("0.01"))
