"""Peer support: one to one, in a group or online; anonymous, or one consenting client."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from kohtaamo.servicekit.auth import Principal, require_roles

from ...application.commands import ProvidePeerSupport
from ...application.meetingplace import Meetingplace
from ..roles import RECORDS
from . import schemas
from .dependencies import REFERS, command, meetingplace, run

router = APIRouter(prefix="/peer-support", tags=["peer support"])


@router.post("", status_code=201, response_model=schemas.Created,
             responses=REFERS)
async def record_peer_support(
    body: schemas.PeerSupportIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Meetingplace = Depends(meetingplace),
) -> schemas.Created:
    provide = command(
        ProvidePeerSupport, organisation_id=principal.org, form=body.form.value,
        provided_on=body.provided_on, meeting_place_id=body.meeting_place_id,
        municipality_code=body.municipality_code, client_id=body.client_id,
        recipient_count=body.recipient_count,
    )
    return schemas.Created(id=await run(request, app.peer_support.provide, provide))
