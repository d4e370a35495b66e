"""The shapes of reporting's HTTP answers (OpenAPI documents them from here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from kohtaamo.servicekit.errors import error_responses


class Titles(BaseModel):
    fi: str
    en: str


# Servicekit's one error model, with what each status means here.
ERRORS: dict[int | str, dict[str, Any]] = error_responses(
    401, 403, 404, 422,
    descriptions={
        403: "The token has no reporting role.",
        404: "Unknown indicator, or a project (organisation) the caller cannot see.",
        422: "A parameter is invalid: each field's message says why.",
    },
)


class IndicatorSummary(BaseModel):
    code: str
    title: Titles
    description: Titles
    kind: str
    version: str = Field(description="Hash of the definition's canonical form.")
    target: dict[str, Any] | None


class Period(BaseModel):
    name: str | None = Field(description="window, 2016, 2016Q1, 2016-03; null for from/to")
    start: str
    end: str


class LogPosition(BaseModel):
    topic: str
    partition: int
    offset: int = Field(description="The last offset applied on this partition.")


class Cell(BaseModel):
    value: int | str | None = Field(description="Null whenever suppressed.")
    shown: str = Field(description="What a publication may print: the number, <5, or suppressed.")
    suppressed: bool


class Column(BaseModel):
    code: str
    title: Titles
    people: bool = Field(description="A count of people (small counts suppressed).")


class Row(BaseModel):
    key: dict[str, Any]
    cells: list[Cell]


class TableOut(BaseModel):
    columns: list[Column]
    totals: bool = Field(description="The last row and column are the totals.")
    rows: list[Row]


class Previous(Cell):
    start: str
    end: str


class Figure(BaseModel):
    code: str
    kind: str
    title: Titles
    definition_version: str
    project: str
    organisations: list[str]
    period: Period
    as_of: str
    log_positions: list[LogPosition]
    target: dict[str, Any] | None
    status: str = Field(description="MET, NOT_MET, RISING, NOT_RISING or N_A.")
    value: int | str | None = Field(
        default=None, description="A count, or a share in percent as a one-decimal string.")
    shown: str | None = None
    suppressed: bool | None = None
    numerator: int | None = None
    numerator_shown: str | None = None
    denominator: int | None = None
    denominator_shown: str | None = None
    previous: Previous | None = None
    table: TableOut | None = None


class PartitionFreshness(BaseModel):
    topic: str
    partition: int
    last_applied: int | None
    end_offset: int
    lag: int


class FreshnessOut(BaseModel):
    caught_up: bool
    last_applied_at: datetime | None = Field(description="When reporting last applied an event.")
    partitions: list[PartitionFreshness]
