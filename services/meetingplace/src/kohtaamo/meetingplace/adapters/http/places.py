"""Meeting places: open, list, read, change details, close."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from kohtaamo.servicekit.auth import Principal, require_roles

from ...application.commands import ChangePlaceDetails, ClosePlace, OpenPlace
from ...application.meetingplace import Meetingplace
from ...application.views import PlaceView
from ...domain.opening_hours import Opening, OpeningHours
from ..roles import COUNTS, RECORDS
from . import schemas
from .dependencies import PLACE_CLOSED, command, meetingplace, run

router = APIRouter(prefix="/meeting-places", tags=["meeting places"])


def opening_hours(days: list[schemas.OpeningIn] | None) -> OpeningHours | None:
    if days is None:
        return None
    return command(OpeningHours, days=tuple(Opening(d.weekday.value, d.opens, d.closes) for d in days))


def place_out(p: PlaceView) -> schemas.PlaceOut:
    return schemas.PlaceOut(
        id=p.place_id, name=p.name, municipality_code=p.municipality_code, premises=p.premises,
        facilities=list(p.facilities), free_of_charge=p.free_of_charge, opened_on=p.opened_on,
        closed_on=p.closed_on, project_id=p.project_id,
        opening_hours=[schemas.OpeningOut(weekday=d.weekday, opens=d.opens, closes=d.closes)
                       for d in p.opening_hours.days],
    )


@router.post("", status_code=201, response_model=schemas.Created)
async def open_place(
    body: schemas.PlaceIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.Created:
    open_ = command(
        OpenPlace, organisation_id=principal.org, name=body.name,
        municipality_code=body.municipality_code, premises=body.premises.value,
        facilities=tuple(f.value for f in body.facilities),
        opening_hours=opening_hours(body.opening_hours), free_of_charge=body.free_of_charge,
        opened_on=body.opened_on, project_id=body.project_id,
    )
    return schemas.Created(id=await run(request, app.places.open, open_))


@router.get("", response_model=schemas.PlacePageOut)
async def list_places(
    request: Request,
    cursor: Annotated[int, Query(ge=0, description="next_cursor of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    principal: Principal = Depends(require_roles(*COUNTS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.PlacePageOut:
    """The organisation's meeting places, in the order they were opened."""
    page = await run(request, app.places.page, principal.org, after=cursor, limit=limit)
    return schemas.PlacePageOut(places=[place_out(p) for p in page.places],
                                next_cursor=page.next_cursor)


@router.get("/{place_id}", response_model=schemas.PlaceOut)
async def read_place(
    place_id: UUID,
    request: Request,
    principal: Principal = Depends(require_roles(*COUNTS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.PlaceOut:
    return place_out(await run(request, app.places.get, place_id, principal.org))


@router.patch("/{place_id}", response_model=schemas.PlaceOut,
              responses=PLACE_CLOSED)
async def change_details(
    place_id: UUID,
    body: schemas.PlaceChangeIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.PlaceOut:
    """Change what is given; the rest stays. Names and opening hours never leave meetingplace."""
    change = command(
        ChangePlaceDetails, place_id=place_id, organisation_id=principal.org,
        changed_on=body.changed_on, name=body.name,
        premises=body.premises.value if body.premises else None,
        facilities=tuple(f.value for f in body.facilities) if body.facilities is not None else None,
        opening_hours=opening_hours(body.opening_hours), free_of_charge=body.free_of_charge,
    )
    await run(request, app.places.change, change)
    return place_out(await run(request, app.places.get, place_id, principal.org))


@router.post("/{place_id}/closure", response_model=schemas.PlaceOut,
             responses=PLACE_CLOSED)
async def close_place(
    place_id: UUID,
    body: schemas.ClosureIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.PlaceOut:
    close = ClosePlace(place_id=place_id, organisation_id=principal.org, closed_on=body.closed_on)
    await run(request, app.places.close, close)
    return place_out(await run(request, app.places.get, place_id, principal.org))
