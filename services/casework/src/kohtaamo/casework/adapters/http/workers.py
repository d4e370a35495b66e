"""The caller's worker id, the responsible worker, and the caseload lists (pseudonymous)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from kohtaamo.servicekit.fields import IsoDate

from ...application.casework import Casework
from ...application.commands import AssignWorker
from ...application.staff import Staff
from ..roles import ASSIGNS, KNOWS_ITSELF, LISTS
from . import answers, bodies
from .dependencies import COMMAND, build, casework, run, staff_with

router = APIRouter(tags=["workers and caseloads"])


@router.get("/workers/me", response_model=answers.WorkerOut)
async def who_am_i(staff: Staff = Depends(staff_with(*KNOWS_ITSELF))) -> answers.WorkerOut:
    """The caller's pseudonymous worker id: what a team lead assigns them by."""
    return answers.WorkerOut(worker_id=staff.worker_id, team=staff.team)


@router.post("/clients/{client_id}/responsible-worker", response_model=answers.AssignmentOut,
             responses=COMMAND)
async def assign_worker(
    client_id: UUID, body: bodies.AssignmentIn, request: Request,
    staff: Staff = Depends(staff_with(*ASSIGNS)), app: Casework = Depends(casework),
) -> answers.AssignmentOut:
    """Name (or change) the client's responsible worker; the previous one is recorded."""
    assign = build(AssignWorker, client_id=client_id, worker_id=body.worker_id, role=body.role.value,
                   worker_model=body.worker_model.value, allocation_basis=body.allocation_basis.value,
                   assigned_on=body.assigned_on,
                   reassignment_reason=body.reassignment_reason.value if body.reassignment_reason else None)
    return answers.AssignmentOut.model_validate(await run(request, app.workers.assign, staff, assign))


def caseload(entries: list) -> answers.CaseloadOut:
    return answers.CaseloadOut(clients=[answers.EntryOut.model_validate(e) for e in entries],
                               count=len(entries))


@router.get("/caseloads/workers/{worker_id}", response_model=answers.CaseloadOut)
async def worker_caseload(
    worker_id: UUID, request: Request,
    staff: Staff = Depends(staff_with(*LISTS)), app: Casework = Depends(casework),
) -> answers.CaseloadOut:
    """The open files whose responsible worker this is, as far as the caller may see them
    (a caseworker their own, a team lead their team's, a manager all)."""
    return caseload(await run(request, app.workers.caseload, staff, worker_id))


@router.get("/caseloads/team", response_model=answers.CaseloadOut)
async def team_caseload(
    request: Request, staff: Staff = Depends(staff_with("team_lead")),
    app: Casework = Depends(casework),
) -> answers.CaseloadOut:
    """The open files of the caller's team (the token's ``team`` claim)."""
    return caseload(await run(request, app.workers.team_caseload, staff))


@router.get("/caseloads/without-worker", response_model=answers.CaseloadOut)
async def without_worker(
    request: Request, staff: Staff = Depends(staff_with("team_lead", "manager")),
    app: Casework = Depends(casework),
) -> answers.CaseloadOut:
    """Active clients with no responsible worker yet."""
    return caseload(await run(request, app.workers.without_worker, staff))


@router.get("/caseloads/overdue-reviews", response_model=answers.OverdueReviewsOut)
async def overdue_reviews(
    request: Request, as_of: Annotated[IsoDate, Query(description="reviews due before this day")],
    staff: Staff = Depends(staff_with(*LISTS)), app: Casework = Depends(casework),
) -> answers.OverdueReviewsOut:
    """Plans whose review was due before ``as_of`` (at least one review a year)."""
    reviews = await run(request, app.workers.overdue_reviews, staff, as_of)
    return answers.OverdueReviewsOut(
        as_of=as_of, reviews=[answers.DueReviewOut.model_validate(r) for r in reviews], count=len(reviews))
