"""Erasure and the access log: the data-protection officer's routes."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request
from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import error_responses

from ...application.commands import EraseClient
from ...application.intake import Intake
from . import schemas
from .clients import summary_out
from .dependencies import PROTECTS, command, intake, run

router = APIRouter(prefix="/clients", tags=["data protection"])


@router.post(
    "/{client_id:uuid}/erasure", response_model=schemas.ClientSummaryOut,
    responses=error_responses(descriptions={409: "The client was already erased."}),
)
async def erase_client(
    client_id: UUID,
    body: schemas.Erasure,
    request: Request,
    principal: Principal = Depends(require_roles(*PROTECTS)),
    app: Intake = Depends(intake),
) -> schemas.ClientSummaryOut:
    erase = command(EraseClient, client_id=client_id, organisation_id=principal.org,
                    reason=body.reason.value, erased_by=principal.sub)
    await run(request, app.registrations.erase, erase)
    return summary_out(await run(request, app.listing.summary, client_id, principal.org))


@router.get("/{client_id:uuid}/access-log", response_model=schemas.AccessLogOut)
async def access_log(
    client_id: UUID,
    request: Request,
    principal: Principal = Depends(require_roles(*PROTECTS)),
    app: Intake = Depends(intake),
) -> schemas.AccessLogOut:
    entries = await run(request, app.reads.access_log, client_id, principal.org)
    return schemas.AccessLogOut(
        client_id=client_id,
        entries=[
            schemas.AccessEntryOut(at=e.at, reader=e.reader, roles=list(e.roles), purpose=e.purpose, action=e.action)
            for e in entries
        ],
    )
