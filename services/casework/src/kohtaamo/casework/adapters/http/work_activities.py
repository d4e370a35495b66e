"""Rehabilitative work activity (kuty): contract, start, attendance, absences, mid-review,
end, and the period read back with its absence notes (logged)."""

from __future__ import annotations

import dataclasses
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Request

from ...application import kuty_commands as k
from ...application.casework import Casework
from ...application.staff import Staff
from ...domain.codes import ReadPurpose
from ...domain.kuty import Absence, Attendance, KutyContract, KutyEnding, MidReview
from ..roles import READS_PRIVATE, RECORDS
from . import answers, bodies
from .dependencies import COMMAND, PRIVATE_READ, build, casework, run, staff_with

router = APIRouter(prefix="/clients/{client_id}", tags=["work activity (kuty)"])
PERIOD = "/work-activities/{work_activity_id}"


@router.post("/work-activity-contracts", status_code=201, response_model=answers.ContractCreated,
             responses=COMMAND)
async def sign_contract(
    client_id: UUID, body: bodies.ContractIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> answers.ContractCreated:
    """The kuty plan and contract with the organiser: it carries out the client's
    WORK_ACTIVITY_PLAN and governs one kuty period (started separately)."""
    fields = body.model_dump()
    contract = build(KutyContract, contract_id=uuid4(), **{
        **fields, "organiser_kind": body.organiser_kind.value, "form": body.form.value,
        "task_areas": [t.value for t in body.task_areas]})
    contract_id, period_id = await run(request, app.work_activities.sign, staff,
                                       build(k.SignContract, client_id=client_id, contract=contract))
    return answers.ContractCreated(contract_id=contract_id, work_activity_id=period_id)


@router.post("/work-activities", status_code=201, response_model=answers.Created, responses=COMMAND)
async def start_work_activity(
    client_id: UUID, body: bodies.StartIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> answers.Created:
    """Start the period of a signed contract; ``is_continuation_of`` names the period it goes
    on from (group kuty going on as individual kuty is not a new entry)."""
    start = build(k.StartWorkActivity, client_id=client_id, **body.model_dump())
    return answers.Created(id=await run(request, app.work_activities.start, staff, start))


@router.post(PERIOD + "/attendance", status_code=204, responses=COMMAND)
async def record_attendance(
    client_id: UUID, work_activity_id: UUID, body: bodies.AttendanceIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> None:
    """Days and hours from the follow-up form; refused beyond the contract's days a week or
    hours a day, or outside the period's dates."""
    attendance = build(Attendance, **{**body.model_dump(), "recorded_by_role": body.recorded_by_role.value})
    await run(request, app.work_activities.record_attendance, staff, build(
        k.RecordAttendance, client_id=client_id, work_activity_id=work_activity_id, attendance=attendance))


@router.post(PERIOD + "/absences", status_code=204, responses=COMMAND)
async def report_absence(
    client_id: UUID, work_activity_id: UUID, body: bodies.AbsenceIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> None:
    """Only the category is published; the notes (the reason, which may be health data) stay."""
    fields = body.model_dump(exclude={"notes"})
    absence = build(Absence, **{**fields, "category": body.category.value})
    await run(request, app.work_activities.report_absence, staff, build(
        k.ReportAbsence, client_id=client_id, work_activity_id=work_activity_id, absence=absence,
        notes=body.notes))


@router.post(PERIOD + "/mid-review", status_code=204, responses=COMMAND)
async def mid_review(
    client_id: UUID, work_activity_id: UUID, body: bodies.MidReviewIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> None:
    review = build(MidReview, **{**body.model_dump(), "decision": body.decision.value})
    await run(request, app.work_activities.mid_review, staff, build(
        k.MidReviewWorkActivity, client_id=client_id, work_activity_id=work_activity_id, review=review))


@router.post(PERIOD + "/end", status_code=204, responses=COMMAND)
async def end_work_activity(
    client_id: UUID, work_activity_id: UUID, body: bodies.KutyEndIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> None:
    ending = build(KutyEnding, **{**body.model_dump(), "end_type": body.end_type.value,
                                  "end_reasons": [r.value for r in body.end_reasons]})
    await run(request, app.work_activities.end, staff, build(
        k.EndWorkActivity, client_id=client_id, work_activity_id=work_activity_id, ending=ending))


@router.get(PERIOD, response_model=answers.WorkActivityOut, responses=PRIVATE_READ)
async def read_work_activity(
    client_id: UUID, work_activity_id: UUID, purpose: ReadPurpose, request: Request,
    staff: Staff = Depends(staff_with(*READS_PRIVATE)), app: Casework = Depends(casework),
) -> answers.WorkActivityOut:
    """The period with its attendance and absences (their notes: a logged read)."""
    r = await run(request, app.reads.work_activity, staff, client_id, work_activity_id, purpose.value)
    return answers.WorkActivityOut(
        work_activity_id=r.work_activity_id, contract=answers.ContractOut.model_validate(r.contract),
        started_on=r.started_on, is_continuation_of=r.is_continuation_of,
        attendance=[answers.AttendanceOut.model_validate(a) for a in r.attendance],
        absences=[answers.AbsenceOut.model_validate({**dataclasses.asdict(a), "notes": n}) for a, n in r.absences],
        mid_reviews=[answers.MidReviewOut.model_validate(m) for m in r.mid_reviews],
        ending=answers.KutyEndingOut.model_validate(r.ending) if r.ending else None,
    )
