"""A synthetic programme at any size, as contract events built by the contracts' examples.

About a hundred events per client over the SoKu project's window (2015-09 … 2018-11), as
a county programme would record them: registration, consent, assessment, a plan and its
reviews, appointments and services, referrals, group activities, for a third of the
clients a kuty period with monthly attendance, a transition and an end; and the meeting
places' anonymous visit tallies and activities. Deterministic (seeded) and streamed, so
that ten million events never sit in memory at once.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from kohtaamo.contracts import Envelope, examples
from kohtaamo.contracts.routing import producer_of, subject_of
from kohtaamo.synthetic.codes import BANDS, DESTINATIONS, GENDERS, ORGS, PROJECT, SERVICES

START = date(2015, 9, 1)
DAYS = 1150  # up to 2018-10
EVENTS_PER_CLIENT = 100


def ident(kind: int, n: int, k: int = 0) -> UUID:
    """A distinct id per (kind, number, sub-number), cheaper than uuid5 at this volume."""
    return UUID(int=(0xB3 << 120) | (kind << 96) | (n << 32) | k)


class Programme:
    def __init__(self, seed: int = 2016) -> None:
        self._seed = seed
        self._owner = (0, 0)  # event ids: (client or place day, running number)
        self._k = 0

    def _start(self, kind: int, n: int) -> None:
        self._owner, self._k = (kind, n), 0

    def _envelope(self, payload: Any, day: date, org: str) -> Envelope[Any]:
        occurred = datetime.combine(day, time(10), tzinfo=UTC)
        self._k += 1
        # Envelope.wrap, not examples.envelope: that one also derives a default event id
        # from the payload's JSON, a third of the cost at this volume.
        return Envelope.wrap(payload, event_id=ident(self._owner[0], self._owner[1], self._k), organisation_id=org,
                             project_id=PROJECT, occurred_at=occurred,
                             recorded_at=occurred + timedelta(days=1),
                             producer=producer_of(payload.event_type), subject_id=subject_of(payload))

    def client(self, n: int) -> list[Envelope[Any]]:
        """About ``EVENTS_PER_CLIENT`` events of client ``n``."""
        rng = random.Random(self._seed * 1_000_003 + n)
        self._start(0, n)
        org, cid = ORGS[n % 2], ident(1, n)
        registered = START + timedelta(days=rng.randrange(0, DAYS - 240))
        band, detail = rng.choice(BANDS)
        out = []

        def add(payload: Any, day: date) -> None:
            out.append(self._envelope(payload, day, org))

        def day(lo: int, hi: int) -> date:
            return registered + timedelta(days=rng.randrange(lo, hi))

        add(examples.client_registered(client_id=cid, registered_on=registered, age_band=band,
                                       age_band_detail=detail, gender=rng.choice(GENDERS),
                                       municipality_code=org), registered)
        add(examples.responsible_worker_assigned(client_id=cid, worker_id=ident(2, n % 400),
                                                 assigned_on=registered), registered)
        add(examples.consent_recorded(client_id=cid, consent_id=ident(3, n), given_on=registered,
                                      valid_until=registered + timedelta(days=1500)),
            registered)
        add(examples.needs_assessed(client_id=cid, assessment_id=ident(4, n),
                                    assessed_on=registered + timedelta(days=3)),
            registered + timedelta(days=3))
        plan_day = day(5, 40)
        add(examples.plan_agreed(client_id=cid, plan_id=ident(5, n), agreed_on=plan_day,
                                 review_due_on=plan_day + timedelta(days=180)), plan_day)
        for k in range(2):
            review = plan_day + timedelta(days=150 * (k + 1) + rng.randrange(0, 60))
            add(examples.plan_reviewed(client_id=cid, plan_id=ident(5, n), reviewed_on=review,
                                       next_review_due_on=review + timedelta(days=180)), review)
        kuty = n % 3 == 0
        for k in range(20 if kuty else 28):
            held = day(1, 230)
            add(examples.appointment_held(client_id=cid, appointment_id=ident(6, n, k),
                                          held_on=held), held)
        for k in range(22 if kuty else 30):
            provided = day(1, 230)
            add(examples.service_provided(client_id=cid, service_episode_id=ident(7, n, k),
                                          service_type=rng.choice(SERVICES), provided_on=provided),
                provided)
        for k in range(2):
            referred = day(10, 200)
            add(examples.referral_made(client_id=cid, referral_id=ident(8, n, k), referred_on=referred,
                                       consent_id=ident(3, n)), referred)
            add(examples.referral_outcome_recorded(client_id=cid, referral_id=ident(8, n, k),
                                                   outcome_on=referred + timedelta(days=14)),
                referred + timedelta(days=14))
        for k in range(15 if kuty else 28):
            on = day(1, 230)
            add(examples.group_participation_recorded(activity_id=ident(9, n % 50, k), client_id=cid,
                                                      participated_on=on, consent_id=ident(3, n)), on)
        if kuty:
            out.extend(self._kuty(n, cid, org, registered + timedelta(days=30)))
        left = day(200, 240)
        add(examples.transition_recorded(client_id=cid, transition_id=ident(10, n), transition_on=left,
                                         destination=rng.choice(DESTINATIONS), work_activity_id=None),
            left)
        add(examples.client_relationship_ended(client_id=cid, ended_on=left, final_plan_id=ident(5, n)),
            left)
        return out

    def _kuty(self, n: int, cid: UUID, org: str, start: date) -> list[Envelope[Any]]:
        wa, contract = ident(11, n), ident(12, n)
        out = [
            self._envelope(examples.work_activity_contract_signed(
                client_id=cid, contract_id=contract, signed_on=start - timedelta(days=5),
                planned_start_on=start, planned_end_on=start + timedelta(days=150),
                mid_review_due_on=None), start - timedelta(days=5), org),
            self._envelope(examples.work_activity_started(
                client_id=cid, work_activity_id=wa, contract_id=contract, started_on=start), start, org),
        ]
        for month in range(5):
            first = start + timedelta(days=30 * month)
            out.append(self._envelope(examples.work_activity_attendance_recorded(
                client_id=cid, work_activity_id=wa, period_start=first,
                period_end=first + timedelta(days=29), days_attended=8, hours_attended=32),
                first + timedelta(days=29), org))
        end = start + timedelta(days=150)
        out.append(self._envelope(examples.work_activity_ended(
            client_id=cid, work_activity_id=wa, ended_on=end), end, org))
        return out

    def place_day(self, n: int) -> list[Envelope[Any]]:
        """A meeting place's day: visit tallies by time slot and an activity."""
        place, org = ident(13, n % 20), ORGS[n % 2]
        self._start(16, n)
        on = START + timedelta(days=n % DAYS)
        out = [self._envelope(examples.visit_recorded(meeting_place_id=place, visit_id=ident(14, n, k),
                                                      visit_date=on, time_slot=slot, headcount=3 + k),
                              on, org)
               for k, slot in enumerate(("MORNING", "AFTERNOON", "EVENING"))]
        out.append(self._envelope(examples.activity_held(
            activity_id=ident(15, n), meeting_place_id=place, municipality_code=org,
            attendee_count=6, started_at=datetime.combine(on, time(12), tzinfo=UTC)), on, org))
        return out

    def events(self, first_client: int, clients: int) -> Iterator[Envelope[Any]]:
        """Clients ``first_client …`` and, for every ten of them, a week of meeting-place days."""
        for n in range(first_client, first_client + clients):
            yield from self.client(n)
            if n % 10 == 9:
                for d in range(7):
                    yield from self.place_day(n * 7 + d)


def clients_for(events: int) -> int:
    """Clients whose programme holds about ``events`` events."""
    return max(1, round(events / (EVENTS_PER_CLIENT + 2.8)))
