"""The client's file: its summary, appointments, referrals, services, transitions, end."""

from __future__ import annotations

import dataclasses
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Request

from ...application import commands as c
from ...application.casework import Casework
from ...application.staff import Staff
from ...application.views import FileSummary
from ...domain.appointment import Appointment
from ...domain.codes import ReadPurpose
from ...domain.referral import Referral
from ...domain.service_delivery import RelationshipEnd, ServiceDelivery, Transition
from ..roles import LISTS, READS_PRIVATE, RECORDS
from . import answers, bodies
from .dependencies import COMMAND, PRIVATE_READ, build, casework, run, staff_with

router = APIRouter(prefix="/clients/{client_id}", tags=["client file"])


@router.get("", response_model=answers.FileSummaryOut)
async def file_summary(
    client_id: UUID, request: Request,
    staff: Staff = Depends(staff_with(*LISTS)), app: Casework = Depends(casework),
) -> answers.FileSummaryOut:
    """Pseudonymous (ids, codes, dates, counts): not a read of private text."""
    return summary_out(await run(request, app.reads.summary, staff, client_id))


@router.post("/appointments", status_code=201, response_model=answers.Created, responses=COMMAND)
async def record_appointment(
    client_id: UUID, body: bodies.AppointmentIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> answers.Created:
    """An appointment or home visit that was held (never one in the future)."""
    appointment = build(
        Appointment, appointment_id=uuid4(), kind=body.kind.value, channel=body.channel.value,
        held_on=body.held_on, participant_roles=[r.value for r in body.participant_roles],
        purpose=body.purpose.value if body.purpose else None, duration_min=body.duration_min,
        participant_parties=[p.value for p in body.participant_parties],
        follow_up_parties=[p.value for p in body.follow_up_parties],
    )
    record = build(c.RecordAppointment, client_id=client_id, appointment=appointment, notes=body.notes)
    return answers.Created(id=await run(request, app.client_work.record_appointment, staff, record))


@router.get("/appointments", response_model=answers.AppointmentsOut, responses=PRIVATE_READ)
async def read_appointments(
    client_id: UUID, purpose: ReadPurpose, request: Request,
    staff: Staff = Depends(staff_with(*READS_PRIVATE)), app: Casework = Depends(casework),
) -> answers.AppointmentsOut:
    """The appointments with their notes: a read of private text, logged with its purpose."""
    records = await run(request, app.reads.appointments, staff, client_id, purpose.value)
    return answers.AppointmentsOut(client_id=client_id, appointments=[
        answers.AppointmentOut.model_validate({**dataclasses.asdict(r.appointment), "notes": r.notes})
        for r in records
    ])


@router.post("/referrals", status_code=201, response_model=answers.ReferralCreated,
             responses=COMMAND)
async def make_referral(
    client_id: UUID, body: bodies.ReferralIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> answers.ReferralCreated:
    """Under CONSENT, refused (409) unless a consent in force on the referral day covers the
    target party for the purpose REFERRAL; the error names the party and the purpose."""
    referral = build(
        Referral, referral_id=uuid4(), referred_on=body.referred_on,
        referring_role=body.referring_role.value, target=body.target.value, reason=body.reason.value,
        basis=body.basis.value, service_type=body.service_type.value if body.service_type else None,
        consent_id=body.consent_id,
    )
    made = await run(request, app.client_work.refer, staff, build(c.MakeReferral, client_id=client_id,
                                                                   referral=referral))
    return answers.ReferralCreated(referral_id=made.referral_id, consent_id=made.consent_id)


@router.post("/referrals/{referral_id}/outcomes", status_code=204, responses=COMMAND)
async def record_referral_outcome(
    client_id: UUID, referral_id: UUID, body: bodies.ReferralOutcomeIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> None:
    record = build(c.RecordReferralOutcome, client_id=client_id, referral_id=referral_id,
                   outcome=body.outcome.value, outcome_on=body.outcome_on)
    await run(request, app.client_work.record_referral_outcome, staff, record)


@router.post("/services", status_code=201, response_model=answers.Created, responses=COMMAND)
async def record_service(
    client_id: UUID, body: bodies.ServiceIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> answers.Created:
    delivery = build(ServiceDelivery, service_episode_id=uuid4(), service_type=body.service_type.value,
                     provider=body.provider.value, provided_on=body.provided_on,
                     quantity=body.quantity, unit=body.unit.value)
    record = build(c.RecordService, client_id=client_id, delivery=delivery)
    return answers.Created(id=await run(request, app.client_work.record_service, staff, record))


@router.post("/transitions", status_code=201, response_model=answers.Created, responses=COMMAND)
async def record_transition(
    client_id: UUID, body: bodies.TransitionIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> answers.Created:
    transition = build(Transition, transition_id=uuid4(), transition_on=body.transition_on,
                       destination=body.destination.value, source=body.source.value,
                       work_activity_id=body.work_activity_id)
    record = build(c.RecordTransition, client_id=client_id, transition=transition)
    return answers.Created(id=await run(request, app.client_work.record_transition, staff, record))


@router.post("/relationship-end", status_code=204, responses=COMMAND)
async def end_relationship(
    client_id: UUID, body: bodies.RelationshipEndIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> None:
    """The client relationship ends; the file is closed to further records."""
    end = build(RelationshipEnd, ended_on=body.ended_on, reason=body.reason.value,
                final_plan_id=body.final_plan_id)
    await run(request, app.client_work.end_relationship, staff,
              build(c.EndRelationship, client_id=client_id, end=end))


def summary_out(s: FileSummary) -> answers.FileSummaryOut:
    return answers.FileSummaryOut(
        client_id=s.client_id, status=s.status, registered_on=s.registered_on,
        worker=answers.AssignmentOut.model_validate(s.worker) if s.worker else None,
        plans=[answers.PlanSummaryOut.model_validate(p) for p in s.plans],
        referrals=[answers.ReferralSummaryOut.model_validate(
            {**dataclasses.asdict(r.referral), "outcomes": list(r.outcomes)}) for r in s.referrals],
        appointments=s.appointments, services=s.services, transitions=s.transitions,
        work_activities=[answers.WorkActivityLinkOut(contract_id=k, work_activity_id=v)
                         for k, v in s.work_activities],
        ended_on=s.ended_on, end_reason=s.end_reason,
    )
