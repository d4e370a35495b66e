"""A client's consents: record, withdraw, list those in force."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import ApiError, FieldError

from ...application.commands import RecordConsent, WithdrawConsent
from ...application.service import IntakeApplication
from . import schemas
from .dependencies import READS_PERSONAL, RECORDS, intake, run

router = APIRouter(prefix="/clients/{client_id}/consents", tags=["consents"])


@router.post("", status_code=201, response_model=schemas.Created)
async def record_consent(
    client_id: UUID,
    body: schemas.ConsentIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: IntakeApplication = Depends(intake),
) -> schemas.Created:
    given_on = body.given_on or date.today()
    if body.valid_until is not None and body.valid_until < given_on:
        raise ApiError(422, "invalid_request", "the request has invalid fields",
                       [FieldError("valid_until", "is before the consent was given")])
    command = RecordConsent(
        client_id=client_id, organisation_id=principal.org,
        parties=tuple(dict.fromkeys(p.value for p in body.parties)),
        purposes=tuple(dict.fromkeys(p.value for p in body.purposes)),
        form=body.form.value, given_on=given_on, valid_until=body.valid_until,
    )
    return schemas.Created(id=await run(request, app.record_consent, command))


@router.post("/{consent_id}/withdrawal", status_code=204)
async def withdraw_consent(
    client_id: UUID,
    consent_id: UUID,
    body: schemas.Withdrawal,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: IntakeApplication = Depends(intake),
) -> None:
    command = WithdrawConsent(
        client_id=client_id, organisation_id=principal.org, consent_id=consent_id,
        withdrawn_on=body.withdrawn_on or date.today(),
        parties=tuple(p.value for p in body.parties) if body.parties else None,
    )
    await run(request, app.withdraw_consent, command)


@router.get("", response_model=schemas.ConsentsOut)
async def consents_in_force(
    client_id: UUID,
    request: Request,
    principal: Principal = Depends(require_roles(*READS_PERSONAL)),
    app: IntakeApplication = Depends(intake),
) -> schemas.ConsentsOut:
    consents = await run(request, app.consents, client_id, principal.org, date.today())
    return schemas.ConsentsOut(
        client_id=client_id,
        consents=[
            schemas.ConsentOut(consent_id=c.consent_id, parties=list(c.parties), purposes=list(c.purposes),
                               form=c.form, given_on=c.given_on, valid_until=c.valid_until)
            for c in consents
        ],
    )
