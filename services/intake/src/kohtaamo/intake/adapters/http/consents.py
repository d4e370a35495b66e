"""A client's consents: record, withdraw, list those in force."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import error_responses

from ...application.commands import RecordConsent, WithdrawConsent
from ...application.intake import Intake
from . import schemas
from .dependencies import READS_PERSONAL, RECORDS, command, intake, run

router = APIRouter(prefix="/clients/{client_id:uuid}/consents", tags=["consents"])


@router.post(
    "", status_code=201, response_model=schemas.Created,
    responses=error_responses(descriptions={409: "The registration was voided or the client erased."}),
)
async def record_consent(
    client_id: UUID,
    body: schemas.ConsentIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Intake = Depends(intake),
) -> schemas.Created:
    record = command(
        RecordConsent, client_id=client_id, organisation_id=principal.org,
        parties=tuple(p.value for p in body.parties),
        purposes=tuple(p.value for p in body.purposes),
        form=body.form.value, given_on=body.given_on or date.today(), valid_until=body.valid_until,
    )
    return schemas.Created(id=await run(request, app.consents.record, record))


@router.post(
    "/{consent_id:uuid}/withdrawal", status_code=204,
    responses=error_responses(
        descriptions={409: "The consent was already withdrawn, or does not cover those parties."}
    ),
)
async def withdraw_consent(
    client_id: UUID,
    consent_id: UUID,
    body: schemas.Withdrawal,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Intake = Depends(intake),
) -> None:
    withdraw = command(
        WithdrawConsent, client_id=client_id, organisation_id=principal.org,
        consent_id=consent_id, withdrawn_on=body.withdrawn_on or date.today(),
        parties=tuple(p.value for p in body.parties) if body.parties is not None else None,
    )
    await run(request, app.consents.withdraw, withdraw)


@router.get("", response_model=schemas.ConsentsOut)
async def consents_in_force(
    client_id: UUID,
    request: Request,
    principal: Principal = Depends(require_roles(*READS_PERSONAL)),
    app: Intake = Depends(intake),
) -> schemas.ConsentsOut:
    consents = await run(request, app.consents.in_force, client_id, principal.org, date.today())
    return schemas.ConsentsOut(
        client_id=client_id,
        consents=[
            schemas.ConsentOut(consent_id=c.consent_id, parties=list(c.parties), purposes=list(c.purposes),
                               form=c.form, given_on=c.given_on, valid_until=c.valid_until)
            for c in consents
        ],
    )
