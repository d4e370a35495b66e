"""The longer translations of the publisher: plans, referrals and kuty (mapped once, here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from kohtaamo.contracts import Payload
from kohtaamo.contracts.casework import v1
from kohtaamo.servicekit.outgoing import start_of

from ..domain.plan import PlanReview, PlanTerms
from ..domain.referral import Referral
from ..domain.work_activity import WorkActivity


def plan_agreed(t: PlanTerms, client_id: UUID) -> v1.PlanAgreed:
    return v1.PlanAgreed(
        client_id=client_id, plan_id=t.plan_id, plan_type=t.plan_type, agreed_on=t.agreed_on,
        participant_roles=t.participant_roles, participant_parties=t.participant_parties,
        goal_ids=tuple(g.goal_id for g in t.goals),
        measures=tuple(v1.PlanMeasure(service_type=m.service_type, provider=m.provider,
                                      responsible_role=m.responsible_role) for m in t.measures),
        review_due_on=t.review_due_on, consent_id=t.consent_id, supersedes_plan_id=t.supersedes_plan_id,
    )


def plan_reviewed(plan_id: UUID, r: PlanReview, client_id: UUID) -> v1.PlanReviewed:
    return v1.PlanReviewed(
        client_id=client_id, plan_id=plan_id, reviewed_on=r.reviewed_on, review_type=r.review_type,
        goal_attainment=tuple(v1.GoalAttainment(goal_id=g.goal_id, status=g.status)
                              for g in r.goal_attainment),
        measures_changed=r.measures_changed, next_review_due_on=r.next_review_due_on,
    )


def referral_made(r: Referral, client_id: UUID) -> v1.ReferralMade:
    return v1.ReferralMade(
        client_id=client_id, referral_id=r.referral_id, referred_on=r.referred_on,
        referring_role=r.referring_role, target=r.target, service_type=r.service_type,
        reason=r.reason, basis=r.basis, consent_id=r.consent_id,
    )


def kuty(e: DomainEventProtocol[Any], client_id: UUID) -> tuple[Payload, datetime] | None:
    ids = {"client_id": client_id, "work_activity_id": e.originator_id}
    match e:
        case WorkActivity.Contracted():
            c = e.contract
            return v1.WorkActivityContractSigned(
                client_id=client_id, contract_id=c.contract_id, plan_id=c.plan_id,
                placement_id=c.placement_id, organiser_kind=c.organiser_kind, form=c.form,
                signed_on=c.signed_on, planned_start_on=c.planned_start_on,
                planned_end_on=c.planned_end_on, days_per_week=c.days_per_week,
                hours_per_day=c.hours_per_day, task_areas=c.task_areas,
                mid_review_due_on=c.mid_review_due_on,
            ), start_of(c.signed_on)
        case WorkActivity.Started():
            return started(e, ids), start_of(e.started_on)
        case WorkActivity.AttendanceRecorded():
            a = e.attendance
            return v1.WorkActivityAttendanceRecorded(
                **ids, period_start=a.period_start, period_end=a.period_end,
                days_attended=a.days_attended, hours_attended=a.hours_attended,
                recorded_by_role=a.recorded_by_role,
            ), start_of(a.period_end)
        case WorkActivity.AbsenceReported():
            b = e.absence
            return v1.WorkActivityAbsenceReported(
                **ids, absent_from=b.absent_from, absent_until=b.absent_until, category=b.category,
                reported_by_client_at=b.reported_by_client_at,
                counsellor_notified_at=b.counsellor_notified_at,
                te_office_notified_at=b.te_office_notified_at,
            ), start_of(b.absent_from)
        case WorkActivity.MidReviewed():
            m = e.review
            return v1.WorkActivityMidReviewed(
                **ids, reviewed_on=m.reviewed_on, feedback_given=m.feedback_given,
                self_assessment_done=m.self_assessment_done, goals_reviewed=m.goals_reviewed,
                decision=m.decision, next_review_due_on=m.next_review_due_on,
            ), start_of(m.reviewed_on)
        case WorkActivity.Ended():
            n = e.ending
            return v1.WorkActivityEnded(
                **ids, ended_on=n.ended_on, end_type=n.end_type, end_reasons=n.end_reasons,
                end_evaluation_done=n.end_evaluation_done, self_assessment_done=n.self_assessment_done,
                follow_up_plan_id=n.follow_up_plan_id,
            ), start_of(n.ended_on)
    return None


def started(e: WorkActivity.Started, ids: dict[str, UUID]) -> v1.WorkActivityStarted:
    """The start carries the contract's terms, so a consumer needs no other event to count it."""
    c = e.contract
    return v1.WorkActivityStarted(
        **ids, contract_id=c.contract_id, activation_plan_id=e.activation_plan_id,
        placement_id=c.placement_id, organiser_kind=c.organiser_kind, form=c.form,
        started_on=e.started_on, days_per_week=c.days_per_week, hours_per_day=c.hours_per_day,
        is_continuation_of=e.is_continuation_of,
    )
