"""One client's path: registration, consent and assessment in intake; the casework that
follows (``casework_path``); visits and peer support in the meeting places.

Each client draws from a generator of their own (seeded by the programme's seed and the
client's number), so a client's path does not depend on the others'.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import codes, staff
from .casework_path import casework
from .days import between, pick
from .people import FIRST_NAME, Codes, last_name
from .places import Place
from .plan import Actor, Command, Race, Ref, client_ref

CONSENT_SHARE = 0.9  # give a consent for information exchange and referrals
MEETING_PLACE_CONSENT = 0.45  # of those: also to be recorded in the meeting places
CASEWORK_NEEDED = 0.85  # the assessment's decision
DUPLICATES = 0.02  # registered twice (a mistyped code) and the second registration voided
IN_ERROR = 0.005  # a registration made in error (the wrong person) and voided


@dataclass
class Client:
    n: int
    org: str
    registered: date
    last_day: date  # the relationship's end, or the window's end
    commands: list[Command] = field(default_factory=list)
    qualifying: list[date] = field(default_factory=list)  # capability-strengthening deliveries
    consent_given: date | None = None  # the consent for information exchange and referrals
    meeting_place_consent: date | None = None
    voided: bool = False  # only extra registrations are voided: each client counts once


def registration_day(rng: random.Random) -> date:
    """Clients arrive over the window, more in its first two years than in the last months."""
    span = (codes.WINDOW_END - codes.WINDOW_START).days
    return codes.WINDOW_START + timedelta(days=int(span * rng.random() ** 1.15))


def client(seed: int, n: int, people: Codes, places: dict[str, list[Place]], workers: dict[str, list[Actor]]
           ) -> list[Client]:
    """Client ``n`` and, rarely, a voided extra registration of theirs (listed after)."""
    rng = random.Random(f"{seed}/client/{n}")
    org = codes.ORGS[0] if rng.random() < 0.6 else codes.ORGS[1]
    registered = registration_day(rng)
    ends = rng.random() < 0.55 and (codes.WINDOW_END - registered).days > 60
    last = min(registered + timedelta(days=rng.randrange(60, 900)), codes.WINDOW_END) if ends \
        else codes.WINDOW_END
    me = Client(n, org, registered, last)
    gender = rng.choice(codes.GENDERS)
    body = {"first_name": FIRST_NAME, "last_name": last_name(n),
            "personal_identity_code": people.person(rng, registered, gender),
            "municipality_code": rng.choice(codes.MUNICIPALITIES[org]),
            "referral_source": pick(rng, codes.REFERRAL_SOURCES), "gender": gender,
            "target_groups": sorted(rng.sample(codes.TARGET_GROUPS, rng.randrange(1, 3))),
            "project_id": codes.PROJECT, "registered_on": registered.isoformat()}
    me.commands.append(register(n, org, body, registered))
    parties: list[str] = []
    if rng.random() < CONSENT_SHARE:
        parties = consent(me, rng)
    if rng.random() < 0.95:
        decision = "CASEWORK_NEEDED" if rng.random() < CASEWORK_NEEDED else \
            rng.choice(("GUIDANCE_ONLY", "REFERRED_ELSEWHERE"))
        assessed = between(rng, registered, min(registered + timedelta(days=14), last))
        me.commands.append(intake(n, org, "/clients/{client}/assessments", assessment(rng, decision, assessed),
                                  assessed, saves={"assessment": "id"}))
        if decision == "CASEWORK_NEEDED" and rng.random() < 0.95:
            casework(me, rng, parties, ends, workers[org])
    if me.meeting_place_consent is not None and places[org]:
        meeting_place(me, rng, places[org])
    return [me, *extra_registrations(me, rng, people, body)]


def register(owner: int | str, org: str, body: dict, day: date) -> Command:
    return Command("intake", "POST", "/clients", staff.intake_worker(org), body, owner=owner,
                   saves={"client": "client_id"}, events=(("intake.clients", 1),), day=day)


def intake(n: int, org: str, route: str, body: dict, day: date, **options) -> Command:
    return Command("intake", "POST", route, staff.intake_worker(org), body, path={"client": client_ref(n)},
                   owner=n, events=(("intake.clients", 1),), day=day, **options)


def consent(me: Client, rng: random.Random) -> list[str]:
    parties = sorted(rng.sample(codes.CONSENT_PARTIES, rng.randrange(3, len(codes.CONSENT_PARTIES) + 1)))
    purposes = ["COOPERATION", "INFORMATION_EXCHANGE", "REFERRAL"]
    given = between(rng, me.registered, min(me.registered + timedelta(days=7), me.last_day))
    me.consent_given = given
    if rng.random() < MEETING_PLACE_CONSENT:
        parties.append("MEETING_PLACE")
        purposes.append("PARTICIPATION_RECORDING")
        me.meeting_place_consent = given
    body = {"parties": parties, "purposes": purposes, "form": rng.choice(("WRITTEN", "WRITTEN", "ORAL_DOCUMENTED")),
            "given_on": given.isoformat(), "valid_until": (given + timedelta(days=4 * 365)).isoformat()}
    me.commands.append(intake(me.n, me.org, "/clients/{client}/consents", body, given, saves={"consent": "id"}))
    return parties


def assessment(rng: random.Random, decision: str, day: date) -> dict:
    roles = ["SOCIAL_WORKER"] + (["NURSE"] if rng.random() < 0.4 else [])
    return {"assessed_on": day.isoformat(), "assessor_roles": roles, "multi_professional": len(roles) > 1,
            "domains": {d: rng.choice(codes.NEEDS) for d in codes.LIFE_DOMAINS}, "decision": decision}


def meeting_place(me: Client, rng: random.Random, places: list[Place]) -> None:
    """Visits of a client who asked to be identified, and one-to-one peer support."""
    start = max(me.meeting_place_consent or me.registered, codes.WINDOW_START)
    seen: set[tuple[date, str]] = set()  # a client's visit is recorded once per day and slot
    for _ in range(rng.randrange(0, 5) if rng.random() < 0.4 else 0):
        day = between(rng, start, me.last_day)
        opened = [p for p in places if p.opened <= day]
        slot = rng.choice(("MORNING", "AFTERNOON"))
        if not opened or (day, slot) in seen:
            continue
        seen.add((day, slot))
        body = {"client_id": client_ref(me.n), "visit_date": day.isoformat(), "time_slot": slot,
                "purpose": rng.choice(("DROP_IN", "FACILITY_USE", "MET_PROFESSIONAL", "MET_PEER"))}
        me.commands.append(Command("meetingplace", "POST", "/meeting-places/{place}/identified-visits",
                                   staff.meetingplace_worker(me.org), body, path={"place": rng.choice(opened).ref},
                                   owner=me.n, race=Race.CONSENT, events=(("meetingplace.visits", 1),), day=day))
    if rng.random() < 0.12:
        day = between(rng, start, me.last_day)
        body = {"form": "ONE_TO_ONE", "provided_on": day.isoformat(), "client_id": client_ref(me.n)}
        me.commands.append(Command("meetingplace", "POST", "/peer-support", staff.meetingplace_worker(me.org),
                                   body, owner=me.n, race=Race.CONSENT,
                                   events=(("meetingplace.peer-support", 1),), day=day))


def extra_registrations(me: Client, rng: random.Random, people: Codes, body: dict) -> list[Client]:
    """A duplicate under a mistyped code, voided as such; or a registration made in error."""
    draw = rng.random()
    if draw >= DUPLICATES + IN_ERROR:
        return []
    owner = f"{me.n}v"
    day = between(rng, me.registered, min(me.registered + timedelta(days=10), codes.WINDOW_END))
    extra = Client(-1, me.org, day, day, voided=True)
    duplicate = dict(body, personal_identity_code=people.typo_of(body["personal_identity_code"], rng),
                     registered_on=day.isoformat())
    void: dict = {"reason": "DUPLICATE", "duplicate_of": client_ref(me.n), "voided_on": day.isoformat()}
    if draw >= DUPLICATES:
        void = {"reason": "RECORDED_IN_ERROR", "voided_on": day.isoformat()}
    extra.commands = [register(owner, me.org, duplicate, day),
                      Command("intake", "POST", "/clients/{client}/void", staff.intake_worker(me.org), void,
                              path={"client": Ref("client", owner)}, owner=owner,
                              events=(("intake.clients", 1),), day=day)]
    return [extra]
