"""A client's casework: the responsible worker, appointments, the client plan and its
yearly reviews, referrals with consent, services, kuty (``kuty``), transitions, the end."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from . import codes, staff
from .days import between, pick
from .kuty import kuty
from .plan import Actor, Command, Race, Ref, client_ref
from .record import cw

if TYPE_CHECKING:
    from .clients import Client

PREPARED = 0.15  # a prepared appointment with health care and Kela
QUALIFYING_SERVICE = 0.5  # at least one capability-strengthening service delivered
KUTY = 0.22  # rehabilitative work activity
REASSIGNED = 0.08  # the worker changes once
LATE = 0.06  # a delivery entered long after the later steps were


def casework(me: Client, rng: random.Random, parties: list[str], ends: bool, workers: list[Actor]) -> None:
    worker = rng.choice(workers)
    # Casework opens the file when intake's registration arrives: wait for it first.
    me.commands.append(Command("casework", "GET", "/clients/{client}", staff.manager(me.org),
                               path={"client": client_ref(me.n)}, owner=me.n, race=Race.APPEAR))
    assigned = between(rng, me.registered, min(me.registered + timedelta(days=20), me.last_day))
    role = rng.choice(codes.WORKER_ROLES)
    cw(me, worker, "/clients/{client}/responsible-worker",
       {"role": role, "worker_model": rng.choice(("OWN_WORKER", "RESPONSIBLE_WORKER")),
        "allocation_basis": rng.choice(("AREA", "AREA", "AGE", "SPECIAL_AREA")), "assigned_on": assigned.isoformat()},
       assigned)
    late = rng.random() < LATE
    appointments(me, rng, worker, assigned)
    plan = client_plan(me, rng, worker, assigned)
    referrals(me, rng, worker, assigned, parties)
    services(me, rng, worker, assigned, skip_one=late)
    if plan is not None and rng.random() < KUTY:
        kuty(me, rng, worker, assigned)
    if rng.random() < REASSIGNED and (me.last_day - assigned).days > 60:
        worker = handover(me, rng, worker, workers, assigned, role)
    if rng.random() < 0.2:
        day = between(rng, assigned, me.last_day)
        cw(me, worker, "/clients/{client}/transitions",
           {"transition_on": day.isoformat(), "destination": pick(rng, codes.TRANSITIONS),
            "source": rng.choice(("PLAN_REVIEW", "CLIENT_REPORT"))}, day)
    if late:
        services(me, rng, worker, assigned, only_one=True)
    if ends:
        body = {"ended_on": me.last_day.isoformat(), "reason": pick(rng, codes.ENDS)}
        if plan is not None:
            body["final_plan_id"] = plan
        cw(me, worker, "/clients/{client}/relationship-end", body, me.last_day)


def appointments(me: Client, rng: random.Random, worker: Actor, first: date) -> None:
    for k in range(rng.randrange(1, 7)):
        day = between(rng, first, me.last_day)
        body = {"kind": pick(rng, codes.APPOINTMENT_KINDS), "channel": "FACE_TO_FACE", "held_on": day.isoformat(),
                "duration_min": rng.choice((30, 45, 60, 75, 90)), "participant_roles": ["SOCIAL_COUNSELLOR"]}
        if body["kind"] == "REMOTE":
            body["channel"] = rng.choice(("VIDEO", "PHONE"))
        if k == 0 and rng.random() < PREPARED:
            body.update(kind="PREPARED_APPOINTMENT", purpose="CAPACITY_MAPPING",
                        participant_roles=["SOCIAL_WORKER", "NURSE", "KELA_REHAB_COUNSELLOR"],
                        participant_parties=["HEALTH_CENTRE", "KELA"])
            me.qualifying.append(day)
        cw(me, worker, "/clients/{client}/appointments", body, day)


def client_plan(me: Client, rng: random.Random, worker: Actor, assigned: date) -> Ref | None:
    """The client plan, reviewed at least once a year while the client is a client."""
    if rng.random() >= 0.88:
        return None
    agreed = between(rng, assigned, min(assigned + timedelta(days=45), me.last_day))
    ref = Ref("plan", me.n)
    due = agreed + timedelta(days=rng.randrange(120, 366))
    goals = rng.sample(("WORK", "HEALTH", "DAILY_LIFE", "SOCIAL_PARTICIPATION", "HOUSING", "FINANCES"), 2)
    cw(me, worker, "/clients/{client}/plans",
       {"plan_type": "CLIENT_PLAN", "agreed_on": agreed.isoformat(), "participant_roles": ["SOCIAL_COUNSELLOR"],
        "goals": [{"domain": g} for g in goals], "review_due_on": due.isoformat()},
       agreed, saves={"plan": "id"})
    while due < me.last_day:
        # Most reviews are on time; about one in ten is overdue by up to three months.
        reviewed = due - timedelta(days=rng.randrange(0, 30)) if rng.random() < 0.9 else \
            due + timedelta(days=rng.randrange(1, 90))
        reviewed = min(reviewed, me.last_day)
        due = reviewed + timedelta(days=rng.randrange(150, 366))
        cw(me, worker, "/clients/{client}/plans/{plan}/reviews",
           {"reviewed_on": reviewed.isoformat(), "review_type": "REGULAR", "measures_changed": rng.random() < 0.3,
            "next_review_due_on": due.isoformat()}, reviewed, path={"plan": ref})
    return ref


def referrals(me: Client, rng: random.Random, worker: Actor, first: date, parties: list[str]) -> None:
    for k in range(rng.randrange(1, 3) if rng.random() < 0.45 else 0):
        target, reason, delivered = rng.choice(codes.REFERRAL_TARGETS)
        consented = target in parties
        if not consented and target not in ("TE_OFFICE", "KELA"):
            continue  # without the client's consent only a statutory referral may be made
        # A referral on the client's consent is made once the consent is given (the file can
        # be assigned before it, on the day of registration).
        since = max(first, me.consent_given) if consented and me.consent_given else first
        day = between(rng, since, me.last_day)
        ref = Ref(f"referral{k}", me.n)
        cw(me, worker, "/clients/{client}/referrals",
           {"referred_on": day.isoformat(), "referring_role": "SOCIAL_COUNSELLOR", "target": target,
            "reason": reason, "basis": "CONSENT" if consented else "STATUTORY"}, day,
           saves={ref.name: "referral_id"}, race=Race.CONSENT if consented else Race.NONE)
        if rng.random() < 0.85:
            outcome_on = min(day + timedelta(days=rng.randrange(7, 60)), me.last_day)
            outcome = pick(rng, codes.REFERRAL_OUTCOMES)
            cw(me, worker, "/clients/{client}/referrals/{referral}/outcomes",
               {"outcome": outcome, "outcome_on": outcome_on.isoformat()}, outcome_on, path={"referral": ref})
            if outcome == "STARTED" and delivered is not None:
                service(me, rng, worker, delivered, outcome_on, provider=target)


def services(me: Client, rng: random.Random, worker: Actor, first: date, *, skip_one: bool = False,
             only_one: bool = False) -> None:
    if only_one:
        service(me, rng, worker, rng.choice(codes.QUALIFYING_SERVICES), between(rng, first, me.last_day))
        return
    qualifying = rng.randrange(1, 9) if rng.random() < QUALIFYING_SERVICE else 0
    for _ in range(qualifying - int(skip_one and qualifying > 0)):
        service(me, rng, worker, rng.choice(codes.QUALIFYING_SERVICES), between(rng, first, me.last_day))
    for _ in range(rng.randrange(0, 4)):
        service(me, rng, worker, rng.choice(codes.OTHER_SERVICES), between(rng, first, me.last_day))


def service(me: Client, rng: random.Random, worker: Actor, kind: str, day: date, provider: str = "OWN_ORGANISATION"
            ) -> None:
    unit = rng.choice(("SESSION", "SESSION", "HOUR"))
    cw(me, worker, "/clients/{client}/services",
       {"service_type": kind, "provider": provider, "provided_on": day.isoformat(),
        "quantity": rng.randrange(1, 4), "unit": unit}, day)
    if kind in codes.QUALIFYING_SERVICES:
        me.qualifying.append(day)


def handover(me: Client, rng: random.Random, worker: Actor, workers: list[Actor], assigned: date, role: str
             ) -> Actor:
    """The worker leaves or the workload is shared out: they hand the client over."""
    new = rng.choice([w for w in workers if w != worker])
    day = between(rng, assigned + timedelta(days=30), me.last_day)
    cw(me, worker, "/clients/{client}/responsible-worker",
       {"worker_id": Ref("worker", new.sub), "role": role, "worker_model": "OWN_WORKER", "allocation_basis": "AREA",
        "assigned_on": day.isoformat(), "reassignment_reason": rng.choice(("WORKER_LEFT", "WORKLOAD"))}, day)
    return new
