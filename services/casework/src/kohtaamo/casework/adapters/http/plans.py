"""Client plans: agree, review, and read them with their goals' wording (logged)."""

from __future__ import annotations

import dataclasses
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Request

from ...application import commands as c
from ...application.casework import Casework
from ...application.staff import Staff
from ...application.views import PlanRecord
from ...domain.codes import ReadPurpose
from ...domain.plan import Goal, GoalAttainment, Measure, PlanReview, PlanTerms
from ..roles import READS_PRIVATE, RECORDS
from . import answers, bodies
from .dependencies import COMMAND, PRIVATE_READ, build, casework, run, staff_with

router = APIRouter(prefix="/clients/{client_id}/plans", tags=["plans"])


@router.post("", status_code=201, response_model=answers.Created, responses=COMMAND)
async def agree_plan(
    client_id: UUID, body: bodies.PlanIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> answers.Created:
    """The review date is at most a year after the agreement (at least one review a year).
    Goal wording is private: sealed, never published (the events carry goal ids)."""
    goals = [(Goal(goal_id=uuid4(), domain=g.domain.value), g.text) for g in body.goals]
    terms = build(
        PlanTerms, plan_id=uuid4(), plan_type=body.plan_type.value, agreed_on=body.agreed_on,
        participant_roles=[r.value for r in body.participant_roles], review_due_on=body.review_due_on,
        participant_parties=[p.value for p in body.participant_parties], goals=[g for g, _ in goals],
        measures=[Measure(service_type=m.service_type.value, provider=m.provider.value,
                          responsible_role=m.responsible_role.value if m.responsible_role else None)
                  for m in body.measures],
        consent_id=body.consent_id, supersedes_plan_id=body.supersedes_plan_id,
    )
    agree = build(c.AgreePlan, client_id=client_id, terms=terms,
                  goal_texts={g.goal_id: text for g, text in goals if text})
    return answers.Created(id=await run(request, app.plans.agree, staff, agree))


@router.post("/{plan_id}/reviews", status_code=204, responses=COMMAND)
async def review_plan(
    client_id: UUID, plan_id: UUID, body: bodies.PlanReviewIn, request: Request,
    staff: Staff = Depends(staff_with(*RECORDS)), app: Casework = Depends(casework),
) -> None:
    """Without ``next_review_due_on`` the plan ends with this review."""
    review = build(
        PlanReview, reviewed_on=body.reviewed_on, review_type=body.review_type.value,
        measures_changed=body.measures_changed, next_review_due_on=body.next_review_due_on,
        goal_attainment=[GoalAttainment(goal_id=g.goal_id, status=g.status.value) for g in body.goal_attainment],
    )
    await run(request, app.plans.review, staff,
              build(c.ReviewPlan, client_id=client_id, plan_id=plan_id, review=review, note=body.note))


@router.get("", response_model=answers.PlansOut, responses=PRIVATE_READ)
async def read_plans(
    client_id: UUID, purpose: ReadPurpose, request: Request,
    staff: Staff = Depends(staff_with(*READS_PRIVATE)), app: Casework = Depends(casework),
) -> answers.PlansOut:
    """The plans with their goals' wording and review notes: a logged read of private text."""
    records = await run(request, app.reads.plans, staff, client_id, purpose.value)
    return answers.PlansOut(client_id=client_id, plans=[plan_out(r) for r in records])


def plan_out(r: PlanRecord) -> answers.PlanOut:
    t = r.terms
    return answers.PlanOut(
        plan_id=t.plan_id, plan_type=t.plan_type, status=r.status, agreed_on=t.agreed_on,
        review_due_on=r.review_due_on, participant_roles=list(t.participant_roles),
        participant_parties=list(t.participant_parties),
        goals=[answers.GoalOut(goal_id=g.goal_id, domain=g.domain, text=r.goal_texts.get(str(g.goal_id)))
               for g in t.goals],
        measures=[answers.MeasureOut.model_validate(m) for m in t.measures],
        consent_id=t.consent_id, supersedes_plan_id=t.supersedes_plan_id,
        reviews=[answers.PlanReviewOut.model_validate({**dataclasses.asdict(review), "note": note})
                 for review, note in r.reviews],
    )
