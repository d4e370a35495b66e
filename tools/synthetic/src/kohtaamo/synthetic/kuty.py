"""Rehabilitative work activity (kuty): a work-activity plan, the contract, the period with
weekly attendance and absences, the mid-review and the end; now and then group kuty going
on as individual kuty; often a transition after it (``domain.md`` §3.2)."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import codes
from .days import between, pick
from .plan import Actor, Ref
from .record import PERIODS, cw

if TYPE_CHECKING:
    from .clients import Client

HELSINKI = ZoneInfo("Europe/Helsinki")
CONTINUED = 0.25  # of completed group kuty: goes on as individual kuty
PLACEMENTS = 12  # work places per organisation


def kuty(me: Client, rng: random.Random, worker: Actor, assigned: date) -> None:
    start = between(rng, assigned + timedelta(days=21), assigned + timedelta(days=200))
    if (me.last_day - start).days < 12 * 7:
        return
    agreed = start - timedelta(days=rng.randrange(10, 20))
    plan = Ref("kuty-plan", me.n)
    cw(me, worker, "/clients/{client}/plans",
       {"plan_type": "WORK_ACTIVITY_PLAN", "agreed_on": agreed.isoformat(),
        "participant_roles": ["SOCIAL_COUNSELLOR", "KUTY_ORGANISER_REP"], "goals": [{"domain": "WORK"}],
        "review_due_on": (agreed + timedelta(days=rng.randrange(150, 366))).isoformat()},
       agreed, saves={"kuty-plan": "id"})
    form = "GROUP" if rng.random() < 0.4 else "INDIVIDUAL"
    period, end, completed = contract_and_period(me, rng, worker, plan, 0, form, start, None)
    if form == "GROUP" and completed and rng.random() < CONTINUED and (me.last_day - end).days > 10 * 7:
        period, end, _ = contract_and_period(me, rng, worker, plan, 1, "INDIVIDUAL",
                                             end + timedelta(days=rng.randrange(1, 14)), period)
    if rng.random() < 0.4:
        day = between(rng, end, min(end + timedelta(days=21), me.last_day))
        destination = pick(rng, [(c, w) for c, w in codes.TRANSITIONS if c != "KUTY"])
        cw(me, worker, "/clients/{client}/transitions",
           {"transition_on": day.isoformat(), "destination": destination, "source": "KUTY_END",
            "work_activity_id": period}, day)


def contract_and_period(me: Client, rng: random.Random, worker: Actor, plan: Ref, k: int, form: str, start: date,
                        continues: Ref | None) -> tuple[Ref, date, bool]:
    weeks = rng.randrange(12, 27) if continues is None else rng.randrange(8, 17)
    planned_end = min(start + timedelta(days=7 * weeks - 1), me.last_day)
    days_per_week = rng.randrange(1, 4) if continues is None else rng.randrange(1, 3)
    hours = rng.choice((4, 4, 5, 6))
    mid_due = start + (planned_end - start) / 2
    placement = uuid.uuid5(uuid.NAMESPACE_URL, f"kohtaamo-synthetic/placement/{me.org}/{rng.randrange(PLACEMENTS)}")
    signed = start - timedelta(days=rng.randrange(3, 10))
    contract, period = Ref(f"contract{k}", me.n), Ref(f"work-activity{k}", me.n)
    path = {"work_activity": period}
    cw(me, worker, "/clients/{client}/work-activity-contracts",
       {"plan_id": plan, "placement_id": str(placement), "organiser_kind": rng.choice(("NGO", "MUNICIPALITY", "PARISH")),
        "form": form, "signed_on": signed.isoformat(), "planned_start_on": start.isoformat(),
        "planned_end_on": planned_end.isoformat(), "days_per_week": days_per_week, "hours_per_day": hours,
        "task_areas": rng.sample(("KITCHEN", "CLEANING", "PROPERTY_AND_OUTDOOR", "RECYCLING", "REPAIR_AND_SEWING"), 2),
        "mid_review_due_on": mid_due.isoformat()},
       signed, topic=PERIODS, saves={contract.name: "contract_id", period.name: "work_activity_id"})
    started = {"contract_id": contract, "started_on": start.isoformat()}
    if continues is not None:
        started["is_continuation_of"] = continues
    cw(me, worker, "/clients/{client}/work-activities", started, start, topic=PERIODS)
    me.qualifying.append(start)
    interrupted = rng.random() < 0.28
    # Interrupted after some weeks, never after the planned end (the client's last day may
    # have brought it forward): casework refuses attendance outside the contract's dates.
    end = planned_end if not interrupted else min(start + timedelta(days=7 * rng.randrange(3, weeks) - 1), planned_end)
    week = start
    while week + timedelta(days=6) <= end:
        attendance_week(me, rng, worker, path, week, days_per_week, hours)
        if week <= mid_due < week + timedelta(days=7):
            cw(me, worker, "/clients/{client}/work-activities/{work_activity}/mid-review",
               {"reviewed_on": mid_due.isoformat(), "feedback_given": True, "self_assessment_done": rng.random() < 0.8,
                "goals_reviewed": True, "decision": "CONTINUE"}, mid_due, topic=PERIODS, path=path)
        week += timedelta(days=7)
    reasons = ["PLANNED_END"] if not interrupted else \
        [rng.choice(("SICK_LEAVE", "NON_ATTENDANCE", "CLIENT_DECISION", "MOVED_TO_WORK", "MOVED_TO_STUDY"))]
    cw(me, worker, "/clients/{client}/work-activities/{work_activity}/end",
       {"ended_on": end.isoformat(), "end_type": "INTERRUPTED" if interrupted else "COMPLETED",
        "end_reasons": reasons, "end_evaluation_done": rng.random() < 0.85, "self_assessment_done": rng.random() < 0.7},
       end, topic=PERIODS, path=path)
    return period, end, not interrupted


def attendance_week(me: Client, rng: random.Random, worker: Actor, path: dict[str, Ref], week: date,
                    days_per_week: int, hours: int) -> None:
    missed = rng.randrange(days_per_week + 1) if rng.random() < 0.15 else 0
    days = days_per_week - missed
    last = week + timedelta(days=6)
    cw(me, worker, "/clients/{client}/work-activities/{work_activity}/attendance",
       {"period_start": week.isoformat(), "period_end": last.isoformat(), "days_attended": days,
        "hours_attended": days * hours - (0.5 if days and rng.random() < 0.2 else 0),
        "recorded_by_role": "KUTY_ORGANISER_REP"}, last, topic=PERIODS, path=path)
    if missed and rng.random() < 0.7:
        first = week + timedelta(days=rng.randrange(5))
        category = rng.choice(("SICKNESS", "SICKNESS", "SICKNESS", "OTHER", "UNREPORTED"))
        body = {"absent_from": first.isoformat(), "absent_until": (first + timedelta(days=missed - 1)).isoformat(),
                "category": category}
        if category != "UNREPORTED":
            # The chain: the client tells the organiser in the morning, the counsellor hears of it later.
            body["reported_by_client_at"] = at(first, 7, rng.randrange(60))
            body["counsellor_notified_at"] = at(first, 9 + rng.randrange(4), rng.randrange(60))
        cw(me, worker, "/clients/{client}/work-activities/{work_activity}/absences", body, first,
           topic=PERIODS, path=path)


def at(day: date, hour: int, minute: int) -> str:
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI).isoformat()
