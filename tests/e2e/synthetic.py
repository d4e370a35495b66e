"""A small synthetic SoKu programme as contract events, and a producer for real Kafka.

Deterministic (seeded): the same programme every run. Dates lie in the project window;
events are recorded a day after they happen, a few much later (late entries).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from aiokafka import AIOKafkaProducer

from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import Envelope, examples, route_for
from kohtaamo.contracts.routing import producer_of
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.settings import KafkaSettings
from kohtaamo.synthetic.codes import BANDS, GENDERS, ORGS, PROJECT, SERVICES

# Each producing service's settings: its relay's principal under the broker's ACLs.
PRODUCERS = {"intake": IntakeSettings, "casework": CaseworkSettings, "meetingplace": MeetingplaceSettings}


def programme(clients: int = 60, seed: int = 2016) -> list[Envelope[Any]]:
    rng = random.Random(seed)
    uid = examples.uid
    events: list[Envelope[Any]] = []

    def add(payload: Any, day: date, org: str, late_days: int = 1) -> None:
        occurred = datetime.combine(day, time(10), tzinfo=UTC)
        events.append(examples.envelope(
            payload, event_id=uid(f"event-{len(events)}"), organisation_id=org, project_id=PROJECT,
            occurred_at=occurred, recorded_at=occurred + timedelta(days=late_days)))

    for n in range(clients):
        client, org = uid(f"client-{n}"), ORGS[n % 2]
        registered = date(2015, 9, 1) + timedelta(days=rng.randrange(0, 700))
        band, detail = rng.choice(BANDS)
        add(examples.client_registered(client_id=client, registered_on=registered, age_band=band,
                                       age_band_detail=detail, gender=rng.choice(GENDERS)), registered, org)
        if n % 17 == 5:
            add(examples.client_registration_voided(client_id=client, voided_on=registered + timedelta(days=3),
                                                    reason="RECORDED_IN_ERROR", duplicate_of=None),
                registered + timedelta(days=3), org)
            continue
        if rng.random() < 0.9:
            add(examples.responsible_worker_assigned(client_id=client, assigned_on=registered + timedelta(days=2)),
                registered + timedelta(days=2), org)
        plan_day = registered + timedelta(days=rng.randrange(5, 60))
        add(examples.plan_agreed(client_id=client, plan_id=uid(f"plan-{n}"), agreed_on=plan_day,
                                 review_due_on=plan_day + timedelta(days=300)), plan_day, org)
        if rng.random() < 0.5:
            review = plan_day + timedelta(days=rng.randrange(200, 420))
            add(examples.plan_reviewed(client_id=client, plan_id=uid(f"plan-{n}"), reviewed_on=review,
                                       next_review_due_on=review + timedelta(days=300)), review, org)
        for k in range(rng.randrange(0, 4)):
            day = registered + timedelta(days=rng.randrange(1, 300))
            add(examples.service_provided(client_id=client, service_episode_id=uid(f"s-{n}-{k}"),
                                          service_type=rng.choice(SERVICES), provided_on=day),
                day, org, late_days=40 if k == 2 else 1)
        if rng.random() < 0.3:
            day = registered + timedelta(days=rng.randrange(60, 400))
            add(examples.transition_recorded(client_id=client, transition_id=uid(f"t-{n}"), transition_on=day,
                                             destination=rng.choice(("OPEN_EMPLOYMENT", "DEGREE_STUDY", "KUTY"))),
                day, org)
            end = day + timedelta(days=rng.randrange(-20, 40))
            add(examples.client_relationship_ended(client_id=client, ended_on=max(end, registered)),
                max(end, registered), org)
        if n % 6 == 0:
            start = registered + timedelta(days=30)
            add(examples.work_activity_contract_signed(
                client_id=client, contract_id=uid(f"c-{n}"), signed_on=start - timedelta(days=5),
                planned_start_on=start, planned_end_on=start + timedelta(days=90),
                mid_review_due_on=None), start - timedelta(days=5), org)
            add(examples.work_activity_started(client_id=client, work_activity_id=uid(f"wa-{n}"),
                                               contract_id=uid(f"c-{n}"), started_on=start), start, org)
            end = start + timedelta(days=29)
            add(examples.work_activity_attendance_recorded(
                client_id=client, work_activity_id=uid(f"wa-{n}"), period_start=start, period_end=end,
                days_attended=rng.randrange(2, 6), hours_attended=12), end, org)
        if n % 9 == 1:
            add(examples.client_erased(client_id=client), registered + timedelta(days=400), org)
    place = uid("narikka-valkeakoski")
    for m in range(27):
        month = date(2016 + (m // 12), m % 12 + 1, 1)
        add(examples.visit_recorded(meeting_place_id=place, visit_id=uid(f"v-{m}"), visit_date=month,
                                    headcount=rng.randrange(1, 60)), month, "908")
        activity = uid(f"a-{m}")
        add(examples.activity_held(activity_id=activity, meeting_place_id=place, municipality_code="908",
                                   attendee_count=rng.randrange(0, 15),
                                   started_at=datetime.combine(month + timedelta(days=9), time(12), tzinfo=UTC)),
            month + timedelta(days=9), "908")
        if m % 5 == 0:
            add(examples.activity_cancelled(activity_id=uid(f"x-{m}"), municipality_code="908",
                                            planned_on=month + timedelta(days=14),
                                            cancelled_on=month + timedelta(days=10)), month, "908")
    return events


async def produce(kafka: KafkaSettings, events: list[Envelope[Any]]) -> None:
    """Publish as the producing services' relays would: as that service's principal,
    routed topic, keyed."""
    for service, settings in PRODUCERS.items():
        theirs = [e for e in events if producer_of(e.event_type) == service]
        if theirs:
            await _produce_as(settings(kafka=kafka).kafka, theirs)


async def _produce_as(kafka: KafkaSettings, events: list[Envelope[Any]]) -> None:
    producer = AIOKafkaProducer(**client_options(kafka), enable_idempotence=True)
    await producer.start()
    try:
        for event in events:
            route = route_for(event.payload)
            await producer.send(kafka.topic(route.topic), event.to_bytes(),
                                key=route.key(event.payload).encode(),
                                headers=[("event_type", event.event_type.encode())])
        await producer.flush()
    finally:
        await producer.stop()


def client_ids(events: list[Envelope[Any]]) -> list[UUID]:
    return [e.payload.client_id for e in events if e.event_type == "intake.ClientRegistered"]
