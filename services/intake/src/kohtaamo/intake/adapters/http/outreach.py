"""Outreach contacts: anonymous, linked to a client only with their consent."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import error_responses

from ...application.commands import LinkOutreachContact, RecordOutreachContact
from ...application.intake import Intake
from . import schemas
from .dependencies import RECORDS, command, intake, run

router = APIRouter(prefix="/outreach-contacts", tags=["outreach"])


@router.post("", status_code=201, response_model=schemas.Created)
async def record_outreach_contact(
    body: schemas.OutreachContactIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Intake = Depends(intake),
) -> schemas.Created:
    record = command(
        RecordOutreachContact, organisation_id=principal.org, contacted_on=body.contacted_on or date.today(),
        channel=body.channel.value, municipality_code=body.municipality_code,
        outcome=body.outcome.value, partner=body.partner.value if body.partner else None,
    )
    return schemas.Created(id=await run(request, app.outreach.record, record))


@router.post(
    "/{contact_id:uuid}/link", status_code=204,
    responses=error_responses(
        descriptions={
            404: "No such outreach contact, or no such client.",
            409: "The contact is already linked, or the client has no consent for outreach follow-up.",
        }
    ),
)
async def link_to_client(
    contact_id: UUID,
    body: schemas.OutreachLink,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Intake = Depends(intake),
) -> None:
    link = LinkOutreachContact(contact_id=contact_id, client_id=body.client_id,
                               organisation_id=principal.org, linked_on=date.today())
    await run(request, app.outreach.link, link)
