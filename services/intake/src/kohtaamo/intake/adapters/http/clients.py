"""Registration, listing, personal-data reads (logged), voiding and assessments."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from kohtaamo.servicekit.auth import Principal, require_roles
from kohtaamo.servicekit.errors import error_responses
from kohtaamo.servicekit.fields import IsoDate

from ...application.commands import (
    AssessNeeds,
    PersonalDetails,
    Reader,
    RegisterClient,
    VoidRegistration,
)
from ...application.intake import Intake
from ...application.views import ClientFilter, ClientRecord, ClientSummary
from ...domain.assessment import AssessmentFindings
from ...domain.purposes import ReadPurpose
from . import schemas
from .dependencies import LISTS, READS_PERSONAL, RECORDS, command, intake, run

ALREADY_REGISTERED = "The person is already a client: `error.client_id` is the existing client."
INACTIVE = "The registration was voided or the client erased: nothing more can be recorded."

router = APIRouter(prefix="/clients", tags=["clients"])


@router.post(
    "", status_code=201, response_model=schemas.Registered,
    responses=error_responses(409, descriptions={409: ALREADY_REGISTERED}),
)
async def register_client(
    body: schemas.ClientRegistration,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Intake = Depends(intake),
) -> schemas.Registered:
    register = command(
        RegisterClient,
        organisation_id=principal.org,
        person=PersonalDetails(
            first_name=body.first_name, last_name=body.last_name,
            personal_identity_code=body.personal_identity_code, phone=body.phone,
            email=body.email, postal_address=body.postal_address,
            preferred_language=body.preferred_language.value,
        ),
        municipality_code=body.municipality_code,
        referral_source=body.referral_source.value,
        registered_on=body.registered_on or date.today(),
        gender=body.gender.value,
        target_groups=tuple(t.value for t in body.target_groups),
        project_id=body.project_id,
    )
    result = await run(request, app.registrations.register, register)
    return schemas.Registered(client_id=result.client_id, age_band=result.age_band)


@router.get("", response_model=schemas.ClientPageOut)
async def list_clients(
    request: Request,
    cursor: Annotated[int, Query(ge=0, description="next_cursor of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    status: schemas.ClientStatus | None = None,
    municipality_code: Annotated[str | None, Query(pattern=r"^\d{3}$")] = None,
    registered_from: IsoDate | None = None,
    registered_to: IsoDate | None = None,
    principal: Principal = Depends(require_roles(*LISTS)),
    app: Intake = Depends(intake),
) -> schemas.ClientPageOut:
    """Pseudonymous summaries, oldest registration first; filters narrow the pages."""
    where = ClientFilter(
        status=status.value if status else None, municipality_code=municipality_code,
        registered_from=registered_from, registered_to=registered_to,
    )
    page = await run(request, app.listing.page, principal.org, after=cursor, limit=limit, where=where)
    return schemas.ClientPageOut(clients=[summary_out(c) for c in page.clients], next_cursor=page.next_cursor)


@router.get("/{client_id:uuid}", response_model=schemas.ClientRecordOut, responses=error_responses(410))
async def read_client(
    client_id: UUID,
    purpose: ReadPurpose,
    request: Request,
    principal: Principal = Depends(require_roles(*READS_PERSONAL)),
    app: Intake = Depends(intake),
) -> schemas.ClientRecordOut:
    record = await run(request, app.reads.read_client, client_id, reader(principal, purpose))
    return record_out(record)


@router.post(
    "/search", response_model=schemas.ClientRecordOut,
    responses=error_responses(410, descriptions={404: "No client with that identity code."}),
)
async def search_by_identity_code(
    body: schemas.IdentitySearch,
    request: Request,
    principal: Principal = Depends(require_roles(*READS_PERSONAL)),
    app: Intake = Depends(intake),
) -> schemas.ClientRecordOut:
    # A POST body, so the identity code never lands in URLs or access logs of proxies.
    record = await run(
        request, app.reads.find_by_identity_code, body.personal_identity_code,
        reader(principal, body.purpose),
    )
    return record_out(record)


@router.post(
    "/{client_id:uuid}/void", response_model=schemas.ClientSummaryOut,
    responses=error_responses(descriptions={409: INACTIVE}),
)
async def void_registration(
    client_id: UUID,
    body: schemas.Voiding,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Intake = Depends(intake),
) -> schemas.ClientSummaryOut:
    void = command(
        VoidRegistration, client_id=client_id, organisation_id=principal.org,
        reason=body.reason.value, voided_on=body.voided_on or date.today(),
        duplicate_of=body.duplicate_of,
    )
    await run(request, app.registrations.void, void)
    return summary_out(await run(request, app.listing.summary, client_id, principal.org))


@router.get(
    "/{client_id:uuid}/assessments", response_model=schemas.AssessmentsOut, responses=error_responses(410)
)
async def read_assessments(
    client_id: UUID,
    purpose: ReadPurpose,
    request: Request,
    principal: Principal = Depends(require_roles(*READS_PERSONAL)),
    app: Intake = Depends(intake),
) -> schemas.AssessmentsOut:
    """The assessments with their free-text details: a logged read of personal data."""
    records = await run(request, app.reads.read_assessments, client_id, reader(principal, purpose))
    return schemas.AssessmentsOut(
        client_id=client_id,
        assessments=[
            schemas.AssessmentOut(
                assessment_id=r.assessment.assessment_id, assessed_on=r.assessment.assessed_on,
                **findings_out(r.assessment.findings), details=r.details,
            )
            for r in records
        ],
    )


@router.post(
    "/{client_id:uuid}/assessments", status_code=201, response_model=schemas.Created,
    responses=error_responses(descriptions={409: INACTIVE}),
)
async def assess_needs(
    client_id: UUID,
    body: schemas.AssessmentIn,
    request: Request,
    principal: Principal = Depends(require_roles(*RECORDS)),
    app: Intake = Depends(intake),
) -> schemas.Created:
    assess = command(
        AssessNeeds, client_id=client_id, organisation_id=principal.org,
        assessed_on=body.assessed_on or date.today(),
        findings=command(AssessmentFindings, **findings_in(body)), details=dict(body.details),
    )
    return schemas.Created(id=await run(request, app.assessments.assess, assess))


def findings_in(body: schemas.AssessmentIn) -> dict[str, Any]:
    """The body's coded findings as the domain's value object takes them (mapped once)."""
    return {
        "assessor_roles": tuple(r.value for r in body.assessor_roles),
        "multi_professional": body.multi_professional,
        "domains": {k: v.value for k, v in body.domains},
        "decision": body.decision.value,
        "plan_participant_roles": tuple(r.value for r in body.plan_participant_roles),
        "plan_participant_parties": tuple(p.value for p in body.plan_participant_parties),
    }


def findings_out(f: AssessmentFindings) -> dict[str, Any]:
    return {
        "assessor_roles": list(f.assessor_roles), "multi_professional": f.multi_professional,
        "domains": dict(f.domains), "decision": f.decision,
        "plan_participant_roles": list(f.plan_participant_roles),
        "plan_participant_parties": list(f.plan_participant_parties),
    }


def reader(principal: Principal, purpose: ReadPurpose) -> Reader:
    return Reader(
        sub=principal.sub, roles=tuple(sorted(principal.roles)),
        organisation_id=principal.org, purpose=purpose.value,
    )


def summary_out(summary: ClientSummary) -> schemas.ClientSummaryOut:
    return schemas.ClientSummaryOut(
        client_id=summary.client_id, status=summary.status, registered_on=summary.registered_on,
        municipality_code=summary.municipality_code, referral_source=summary.referral_source,
        age_band=summary.age_band, gender=summary.gender, target_groups=list(summary.target_groups),
        project_id=summary.project_id,
    )


def record_out(record: ClientRecord) -> schemas.ClientRecordOut:
    p = record.person
    return schemas.ClientRecordOut(
        client=summary_out(record.summary),
        person=schemas.PersonOut(
            first_name=p.first_name, last_name=p.last_name,
            personal_identity_code=p.personal_identity_code, phone=p.phone, email=p.email,
            postal_address=p.postal_address, preferred_language=p.preferred_language,
        ),
    )
