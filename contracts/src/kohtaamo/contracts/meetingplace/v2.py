"""meetingplace events whose schema version is 2, and the upcasters from version 1.

``VisitRecorded`` v2 replaces v1's exact ``visited_at`` instant with ``visit_date`` and a
coarse ``time_slot``. Why: staff tally visitors per part of the day rather than per
minute, and an exact instant of an identified client's visit says more about them than
any report needs.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Self
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from ..envelope import Payload
from .codes import Identification, TimeSlot, VisitPurpose
from .v1 import IDENTIFIED_ONLY, check_identification

FINLAND = ZoneInfo("Europe/Helsinki")


class VisitRecorded(Payload):
    """Visits to a meeting place (käynti kohtaamispaikassa): an anonymous tally of the
    visitors in one time slot, or exactly one identified client who has consented.

    An anonymous tally's ``visit_id`` is the same for every entry about one (meeting place,
    date, time slot), so a correction replaces the count instead of adding to it. Each
    identified visit has a ``visit_id`` of its own. Anonymous tallies exclude the visitors
    recorded as identified visits, so a consumer sums both without counting anyone twice.
    """

    event_type = "meetingplace.VisitRecorded"
    schema_version = 2

    meeting_place_id: UUID
    visit_id: UUID
    visit_date: date = Field(description="In Finnish local time.")
    time_slot: TimeSlot
    visitor_kind: Identification
    client_id: UUID | None = Field(default=None, description=IDENTIFIED_ONLY)
    headcount: int = Field(
        default=1,
        ge=0,
        description=(
            "How many visitors this entry tallies. An identified entry counts exactly 1. "
            "An anonymous tally may be 0 (the place was open and nobody came, or a tally "
            "corrected to zero). A later VisitRecorded with the same visit_id corrects the "
            "count: consumers keep the latest value per visit_id (by recorded_at)."
        ),
    )
    purpose: VisitPurpose | None = None
    activity_id: UUID | None = None

    @model_validator(mode="after")
    def _identified_or_anonymous(self) -> Self:
        check_identification(self.visitor_kind, self.client_id, self.headcount)
        return self


def visit_recorded_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """Split v1's ``visited_at`` into the Finnish local date and its time slot.

    Raises KeyError/TypeError/ValueError on a payload that is not v1; the registry turns
    those into MalformedEvent.
    """
    visited_at = datetime.fromisoformat(payload.pop("visited_at"))
    if visited_at.tzinfo is None:
        raise ValueError("visited_at has no timezone")
    local = visited_at.astimezone(FINLAND)
    return {
        **payload,
        "visit_date": local.date().isoformat(),
        "time_slot": TimeSlot.for_hour(local.hour).value,
    }
