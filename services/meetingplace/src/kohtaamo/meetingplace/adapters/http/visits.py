"""Visits to a meeting place: tallies (in bulk), corrections, identified visits, counts."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from kohtaamo.contracts.meetingplace.codes import TimeSlot
from kohtaamo.servicekit.auth import Principal, require_roles

from ...application.commands import CorrectTally, RecordIdentifiedVisit, RecordTallies, TallyRow
from ...application.meetingplace import Meetingplace
from ..roles import COUNTS, RECORDS
from . import schemas
from .fields import Day
from .dependencies import ALREADY, command, meetingplace, run

router = APIRouter(prefix="/meeting-places/{place_id}", tags=["visits"])


@router.post("/tallies", status_code=201, response_model=schemas.TalliesOut,
             responses=ALREADY)
async def record_tallies(
    place_id: UUID,
    body: schemas.TalliesIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.TalliesOut:
    """Anonymous headcounts per date and time slot: a day's or a week's in one request, all
    recorded or none. A slot counted already is refused: correct it with PUT."""
    tallies = command(
        RecordTallies, place_id=place_id, organisation_id=principal.org,
        rows=tuple(TallyRow(r.visit_date, r.time_slot.value, r.headcount) for r in body.rows),
    )
    return schemas.TalliesOut(visit_ids=await run(request, app.visits.record_tallies, tallies))


@router.put("/tallies/{visit_date}/{time_slot}", response_model=schemas.TallyCorrectionOut,
            )
async def correct_tally(
    place_id: UUID,
    visit_date: Day,
    time_slot: TimeSlot,
    body: schemas.TallyCorrectionIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.TallyCorrectionOut:
    """Replace a slot's count (zero too): the visit id stays, so reporting sums the latest."""
    correct = CorrectTally(place_id=place_id, organisation_id=principal.org,
                           visit_date=visit_date, time_slot=time_slot.value,
                           headcount=body.headcount)
    done = await run(request, app.visits.correct, correct)
    return schemas.TallyCorrectionOut(visit_id=done.visit_id, headcount=done.headcount,
                                      previous=done.previous, changed=done.changed)


@router.post("/identified-visits", status_code=201, response_model=schemas.Created,
             responses=ALREADY)
async def record_identified_visit(
    place_id: UUID,
    body: schemas.IdentifiedVisitIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.Created:
    """A client's own visit, only while they consent to identified participation (intake:
    party MEETING_PLACE, purpose PARTICIPATION_RECORDING). Not part of the tallies."""
    visit = command(
        RecordIdentifiedVisit, place_id=place_id, organisation_id=principal.org,
        client_id=body.client_id, visit_date=body.visit_date, time_slot=body.time_slot.value,
        purpose=body.purpose.value if body.purpose else None, activity_id=body.activity_id,
    )
    return schemas.Created(id=await run(request, app.visits.record_identified, visit))


@router.get("/visits", response_model=schemas.VisitCountsOut)
async def visit_counts(
    place_id: UUID,
    request: Request,
    first: Annotated[Day, Query(alias="from")],
    last: Annotated[Day, Query(alias="to")],
    principal: Principal = Depends(require_roles(*COUNTS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.VisitCountsOut:
    """Visitors per day and time slot (at most 366 days): counts only, nobody named."""
    days = await run(request, app.visits.day_counts, place_id, principal.org, first, last)
    return schemas.VisitCountsOut(meeting_place_id=place_id, days=[
        schemas.DayOut(visit_date=d.visit_date, total=d.total, slots=[
            schemas.SlotOut(time_slot=s.time_slot, tally=s.tally, identified=s.identified,
                            visit_id=s.tally_visit_id)
            for s in d.slots])
        for d in days
    ])
