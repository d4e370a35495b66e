"""Activities: plan, hold or cancel; identified participants; counts for managers too."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import error_responses

from ...application.activity_reads import ActivityFilter
from ...application.commands import (
    CancelActivity,
    HoldActivity,
    Participant,
    PlanActivity,
    RecordParticipations,
)
from ...application.meetingplace import Meetingplace
from ...application.views import ActivityView
from ..roles import COUNTS, NAMES_CLIENTS, RECORDS
from . import schemas
from .dependencies import CONCLUDED, command, meetingplace, run
from .fields import Day, cents, euros

router = APIRouter(prefix="/activities", tags=["activities"])


def activity_out(a: ActivityView) -> schemas.ActivityOut:
    anonymous = None if a.attendee_count is None else a.attendee_count - a.identified_attendees
    return schemas.ActivityOut(
        id=a.activity_id, status=a.status, meeting_place_id=a.meeting_place_id,
        municipality_code=a.municipality_code, activity_type=a.activity_type, theme=a.theme,
        organisers=list(a.organisers), planned_on=a.planned_on, sensitive_membership=a.sensitive,
        invited_count=a.invited_count, started_at=a.started_at, duration_min=a.duration_min,
        attendee_count=a.attendee_count, identified_attendees=a.identified_attendees,
        anonymous_attendees=anonymous, cancelled_on=a.cancelled_on, cancel_reason=a.cancel_reason,
        signup_count=a.signup_count,
    )


def participants(given: list[schemas.ParticipantIn]) -> tuple[Participant, ...]:
    return tuple(Participant(p.client_id, p.attended, cents(p.compensation_eur)) for p in given)


@router.post("", status_code=201, response_model=schemas.Created,
             responses=error_responses(descriptions={404: "No such meeting place in the caller's organisation."}))
async def plan_activity(
    body: schemas.ActivityIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.Created:
    """Plan an activity at a meeting place or elsewhere; then record it held or cancelled."""
    plan = command(
        PlanActivity, organisation_id=principal.org, activity_type=body.activity_type.value,
        theme=body.theme.value, organisers=tuple(o.value for o in body.organisers),
        planned_on=body.planned_on, sensitive=body.sensitive_membership,
        meeting_place_id=body.meeting_place_id, municipality_code=body.municipality_code,
        invited_count=body.invited_count, project_id=body.project_id,
    )
    return schemas.Created(id=await run(request, app.activities.plan, plan))


@router.get("", response_model=schemas.ActivityPageOut)
async def list_activities(
    request: Request,
    meeting_place_id: UUID | None = None,
    first: Annotated[Day | None, Query(alias="from")] = None,
    last: Annotated[Day | None, Query(alias="to")] = None,
    cursor: Annotated[int, Query(ge=0, description="next_cursor of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    principal: Principal = Depends(require_roles(*COUNTS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.ActivityPageOut:
    """Activities with their counts, in the order planned; nobody named."""
    where = ActivityFilter(meeting_place_id=meeting_place_id, first=first, last=last)
    page = await run(request, app.activity_reads.page, principal.org, after=cursor, limit=limit,
                     where=where)
    return schemas.ActivityPageOut(activities=[activity_out(a) for a in page.activities],
                                   next_cursor=page.next_cursor)


@router.get("/{activity_id}", response_model=schemas.ActivityOut)
async def read_activity(
    activity_id: UUID,
    request: Request,
    principal: Principal = Depends(require_roles(*COUNTS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.ActivityOut:
    return activity_out(await run(request, app.activity_reads.get, activity_id, principal.org))


@router.post("/{activity_id}/held", response_model=schemas.ActivityOut,
             responses=CONCLUDED)
async def hold_activity(
    activity_id: UUID,
    body: schemas.HeldIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.ActivityOut:
    """It took place: attendee count (zero is a fact too), and any identified participants."""
    hold = HoldActivity(activity_id=activity_id, organisation_id=principal.org,
                        started_at=body.started_at, duration_min=body.duration_min,
                        attendee_count=body.attendee_count, invited_count=body.invited_count,
                        participants=participants(body.participants))
    await run(request, app.activities.hold, hold)
    return activity_out(await run(request, app.activity_reads.get, activity_id, principal.org))


@router.post("/{activity_id}/cancellation", response_model=schemas.ActivityOut,
             responses=CONCLUDED)
async def cancel_activity(
    activity_id: UUID,
    body: schemas.CancellationIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.ActivityOut:
    cancel = command(CancelActivity, activity_id=activity_id, organisation_id=principal.org,
                     cancelled_on=body.cancelled_on, reason=body.reason.value,
                     invited_count=body.invited_count, signup_count=body.signup_count)
    await run(request, app.activities.cancel, cancel)
    return activity_out(await run(request, app.activity_reads.get, activity_id, principal.org))


@router.post("/{activity_id}/participations", status_code=201, response_model=schemas.RecordedOut,
             responses=CONCLUDED)
async def record_participations(
    activity_id: UUID,
    body: schemas.ParticipationsIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.RecordedOut:
    """Identified, consenting clients in a held or cancelled activity, all or none. An
    activity with sensitive membership refuses every one."""
    record = RecordParticipations(activity_id=activity_id, organisation_id=principal.org,
                                  participants=participants(body.participants))
    await run(request, app.activities.record_participations, record)
    return schemas.RecordedOut(recorded=len(body.participants))


@router.get("/{activity_id}/participations", response_model=schemas.ParticipationsOut,
            )
async def list_participations(
    activity_id: UUID,
    request: Request,
    principal: Principal = Depends(require_roles(*NAMES_CLIENTS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.ParticipationsOut:
    """Who took part, and any compensation paid: meeting-place staff only."""
    found = await run(request, app.activity_reads.participations, activity_id, principal.org)
    return schemas.ParticipationsOut(activity_id=activity_id, participants=[
        schemas.ParticipationOut(client_id=p.client_id, attended=p.attended,
                                 compensation_eur=euros(p.compensation_cents),
                                 participated_on=p.participated_on)
        for p in found
    ])
