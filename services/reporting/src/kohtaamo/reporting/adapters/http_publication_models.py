"""The shapes of the period-close, publication and drill-down routes (OpenAPI documents
them from here)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from kohtaamo.servicekit.errors import error_responses
from kohtaamo.servicekit.fields import IsoDate

from .http import PERIOD_NAME
from .http_models import Figure, LogPosition, Period

_MEANING = {
    403: "The token's roles do not allow this (or, for a drill-down, a small group that only "
         "a manager of the clients' own organisation may open).",
    404: "Unknown indicator or publication, or a project the caller cannot see (as a whole).",
    409: "Conflicts with what is recorded: the period is closed already, the publication is "
         "corrected already, or there is nothing to correct.",
    422: "A parameter is invalid: each field's message says why.",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Servicekit's one error model for these statuses, with what each means here."""
    return error_responses(*statuses, descriptions={s: _MEANING[s] for s in statuses if s in _MEANING})


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    period: str | None = Field(None, description="window, 2016, 2016Q1 or 2016-03; or give from and to",
                               pattern=PERIOD_NAME, examples=["2016Q1"])
    from_: IsoDate | None = Field(None, alias="from", description="First day (Helsinki), inclusive.")
    to: IsoDate | None = Field(None, description="Last day (Helsinki), inclusive.")
    kind: Literal["PERIODIC", "FINAL"] = Field(
        "PERIODIC", description="FINAL: the final report, over the whole project window.")


class PublicationSummary(BaseModel):
    publication_id: UUID
    project: str
    kind: str
    period: Period
    closed_at: datetime = Field(description="The closing moment: every figure is as known then.")
    closed_by: str
    corrects: UUID | None = Field(description="The publication this one corrects.")
    corrected_by: UUID | None = Field(description="A later publication correcting this one.")


class LateEvent(BaseModel):
    event_id: UUID
    event_type: str
    effective_date: date
    recorded_at: datetime


class CorrectionOut(BaseModel):
    current: Figure = Field(description="The figure as known now, with the same definition.")
    late_events: list[LateEvent] = Field(
        description="Events recorded after the close that made the figure differ.")


class PublishedFigureOut(BaseModel):
    basis: Literal["PERIOD", "TO_DATE"] = Field(
        description="PERIOD: the period; TO_DATE: from the window's start to the period's end.")
    published: Figure
    correction: CorrectionOut | None = Field(
        description="Present when the figure as known now would be shown differently.")


class PublicationOut(PublicationSummary):
    log_positions: list[LogPosition]
    figures: list[PublishedFigureOut]


class DifferenceOut(BaseModel):
    code: str
    basis: str
    fields: list[str] = Field(description="The exact values that differ, e.g. numerator.")
    published: Figure
    recomputed: Figure


class ReproductionOut(BaseModel):
    publication_id: UUID
    reproduced: bool
    figures: int
    differences: list[DifferenceOut]


class DrilledClient(BaseModel):
    client_id: UUID = Field(description="Pseudonymous: casework resolves it for a caseworker.")
    event_ids: list[UUID] = Field(description="The events that put the client in the set.")


class DrilldownOut(BaseModel):
    code: str
    definition_version: str
    project: str
    organisations: list[str]
    period: Period
    as_of: str
    set: Literal["numerator", "denominator", "excluded"]
    purpose: str
    count: int
    clients: list[DrilledClient]
