"""Client-case and kuty facts from casework's events: pure functions to SQL writes.

``fact_client_events`` columns per event: ``code`` the main code, ``ref_id`` the thing it
refers to, ``flag`` its yes/no (listed below, so that a definition file can name them).
"""

from __future__ import annotations

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.casework import v1 as cw

from .clients import client_event, status
from .facts import Origin, Write, insert


def worker_assigned(event: Envelope[cw.ResponsibleWorkerAssigned], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.assigned_on, code=p.worker_model.value, ref_id=p.worker_id)]


def appointment_held(event: Envelope[cw.AppointmentHeld], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.held_on, code=p.kind.value, ref_id=p.appointment_id)]


def plan_agreed(event: Envelope[cw.PlanAgreed], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.agreed_on, code=p.plan_type.value, ref_id=p.plan_id)]


def plan_reviewed(event: Envelope[cw.PlanReviewed], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.reviewed_on, code=p.review_type.value, ref_id=p.plan_id,
                         flag=p.measures_changed)]


def referral_made(event: Envelope[cw.ReferralMade], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.referred_on, code=p.target.value, ref_id=p.referral_id)]


def referral_outcome(event: Envelope[cw.ReferralOutcomeRecorded], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.outcome_on, code=p.outcome.value, ref_id=p.referral_id)]


def service_provided(event: Envelope[cw.ServiceProvided], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.provided_on, code=p.service_type.value,
                         ref_id=p.service_episode_id)]


def transition(event: Envelope[cw.TransitionRecorded], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.transition_on, code=p.destination.value,
                         ref_id=p.transition_id)]


def relationship_ended(event: Envelope[cw.ClientRelationshipEnded], origin: Origin) -> list[Write]:
    p = event.payload
    return [status(event, origin, p.client_id, "ENDED", p.reason.value, p.ended_on)]


def contract_signed(event: Envelope[cw.WorkActivityContractSigned], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert(
        "fact_work_contracts",
        "client_id, contract_id, days_per_week, hours_per_day, planned_start_on, planned_end_on",
        event, origin, p.signed_on,
        p.client_id, p.contract_id, p.days_per_week, p.hours_per_day, p.planned_start_on,
        p.planned_end_on,
    )]


def work_started(event: Envelope[cw.WorkActivityStarted], origin: Origin) -> list[Write]:
    p = event.payload
    continuation = p.is_continuation_of is not None
    return [
        insert("fact_work_periods", "client_id, work_activity_id, status, contract_id",
               event, origin, p.started_on, p.client_id, p.work_activity_id, "STARTED", p.contract_id),
        # Also a client event: the indicators look for it with the others (flag: continuation).
        client_event(event, origin, p.started_on, code=p.form.value, ref_id=p.work_activity_id,
                     flag=continuation),
    ]


def work_ended(event: Envelope[cw.WorkActivityEnded], origin: Origin) -> list[Write]:
    p = event.payload
    return [
        insert("fact_work_periods", "client_id, work_activity_id, status, contract_id",
               event, origin, p.ended_on, p.client_id, p.work_activity_id, "ENDED", None),
        client_event(event, origin, p.ended_on, code=p.end_type.value, ref_id=p.work_activity_id,
                     flag=p.end_evaluation_done),
    ]


def attendance(event: Envelope[cw.WorkActivityAttendanceRecorded], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert(
        "fact_attendance",
        "client_id, work_activity_id, period_start, period_end, days_attended, hours_attended",
        event, origin, p.period_end,
        p.client_id, p.work_activity_id, p.period_start, p.period_end, p.days_attended,
        p.hours_attended,
    )]


def absence(event: Envelope[cw.WorkActivityAbsenceReported], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.absent_from, code=p.category.value,
                         ref_id=p.work_activity_id, flag=p.counsellor_notified_at is not None)]


def mid_reviewed(event: Envelope[cw.WorkActivityMidReviewed], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.reviewed_on, code=p.decision.value,
                         ref_id=p.work_activity_id, flag=p.goals_reviewed)]
