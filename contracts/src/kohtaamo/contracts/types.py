"""Field types and small helpers shared by the catalogue, so each rule is written once."""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypeVar
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

T = TypeVar("T")

ClientId = Annotated[
    UUID, Field(description="Pseudonymous client id; equals the envelope subject_id.")
]

MunicipalityCode = Annotated[
    str,
    Field(
        pattern=r"^\d{3}$",
        description="Statistics Finland municipality code (kuntanumero), three digits.",
    ),
]


def _each_once(values: tuple[T, ...]) -> tuple[T, ...]:
    # A code listed twice is a producer bug, and would double-count in a projection.
    if len(set(values)) != len(values):
        raise ValueError("lists a code more than once")
    return values


# Tuples, not lists: payloads are frozen and hashable, and the order on the wire is the
# producer's, so the bytes of a re-published event do not change.
# (Constraints go before the validator: after it, pydantic documents them as "minLength".)
Codes = Annotated[
    tuple[T, ...], Field(json_schema_extra={"uniqueItems": True}), AfterValidator(_each_once)
]
SomeCodes = Annotated[
    tuple[T, ...],
    Field(min_length=1, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_each_once),
]


class Part(BaseModel):
    """A value nested inside a payload: frozen, and tolerant of fields added later."""

    model_config = ConfigDict(frozen=True, extra="ignore")


def within_a_year(start: date, end: date) -> bool:
    """True if ``end`` is after ``start`` and no more than one calendar year later."""
    try:
        limit = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        limit = date(start.year + 1, 3, 1)
    return start < end <= limit


def require(condition: bool, message: str) -> None:
    """Raise the ValueError pydantic turns into a validation error, unless ``condition``."""
    if not condition:
        raise ValueError(message)
