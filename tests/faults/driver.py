"""A minimal seeded programme over the services' HTTP APIs: SoKu's clients through intake and
casework, consents meetingplace hears of, and meeting places whose bulk tallies carry most of
the events. Requests are retried while a service is down (a fault is being injected): a
retry may repeat a command (a second consent, a second service), and that is fine, because
the checks compare reporting with the services' own event stores, never with this driver."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from kohtaamo.intake.domain.synthetic_people import identity_codes
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings

PROJECT = "S20397"
ORGS = ("908", "020")
WINDOW = (date(2015, 9, 1), date(2018, 11, 30))
SLOTS = ("MORNING", "AFTERNOON", "EVENING")
TALLY_ROWS = 200  # meetingplace's most rows in one request
EVENTS_PER_CLIENT = 4  # at least: registered, consent, worker, plan (services, transitions, visits)
RETRYABLE = {429, 500, 502, 503, 504}


@dataclass
class Tallies:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)


class Api:
    """One staff member per role and organisation; retries while a service is unreachable."""

    def __init__(self, urls: dict[str, str], *, deadline: float = 180.0) -> None:
        self._urls = urls
        self._http = httpx.AsyncClient(timeout=30)
        self._deadline = deadline
        self._tokens: dict[tuple[str, str], str] = {}
        self.tally = Tallies()

    async def close(self) -> None:
        await self._http.aclose()

    def _token(self, role: str, org: str) -> str:
        if (role, org) not in self._tokens:
            self._tokens[role, org] = issue_token(AuthSettings(), sub=f"{role}-{org}", roles=[role],
                                                  org=org, projects=[PROJECT])
        return self._tokens[role, org]

    async def call(self, service: str, method: str, path: str, *, role: str, org: str,
                   json: Any = None, until: Callable[[httpx.Response], bool] | None = None
                   ) -> httpx.Response:
        """The answer once it is not a sign of a fault (nor, with ``until``, until it holds)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + self._deadline
        headers = {"Authorization": f"Bearer {self._token(role, org)}"}
        while True:
            try:
                response = await self._http.request(method, self._urls[service] + path,
                                                    json=json, headers=headers)
                self.tally.requests += 1
                self.tally.statuses[response.status_code] += 1
                if response.status_code not in RETRYABLE and (until is None or until(response)):
                    return response
            except httpx.TransportError:
                response = None
            if loop.time() > end:
                raise AssertionError(f"{method} {service}{path} never succeeded: "
                                     f"{response.status_code if response else 'no answer'} "
                                     f"{response.text[:300] if response else ''}")
            await asyncio.sleep(0.2)  # a back-off between attempts, not a wait for a result


def accepted(response: httpx.Response) -> bool:
    return response.status_code < 400 or response.status_code == 409


@dataclass
class Plan:
    """How the programme is divided: clients, and meeting places to take the rest."""

    clients: int
    places: int
    days: int

    @classmethod
    def for_events(cls, events: int) -> Plan:
        clients = max(40, events // 200)
        tallied = max(events - clients * EVENTS_PER_CLIENT, 3 * 30)
        days = (WINDOW[1] - WINDOW[0]).days + 1
        places = max(1, -(-tallied // (3 * days)))
        days = min(days, -(-tallied // (3 * places)))
        return cls(clients, places, days)


async def client_path(api: Api, n: int, code: str, rng: random.Random, place_ids: dict[str, str]
                      ) -> None:
    org = ORGS[n % len(ORGS)]
    registered = WINDOW[0] + timedelta(days=rng.randrange(0, 900))
    body = {"first_name": "Testi", "last_name": f"Asiakas{n}", "personal_identity_code": code,
            "municipality_code": org, "referral_source": rng.choice(["TE_OFFICE", "SELF", "KELA"]),
            "gender": rng.choice(["FEMALE", "MALE", "OTHER"]), "project_id": PROJECT,
            "registered_on": registered.isoformat()}
    response = await api.call("intake", "POST", "/clients", role="intake_worker", org=org, json=body,
                              until=accepted)
    client = response.json().get("client_id") or response.json()["error"]["client_id"]
    if n % 23 == 7:  # a mistaken registration: reporting stops counting it
        await api.call("intake", "POST", f"/clients/{client}/void", role="intake_worker", org=org,
                       json={"reason": "RECORDED_IN_ERROR", "voided_on": (registered + timedelta(days=2)).isoformat()},
                       until=accepted)
        return
    consent_on = registered + timedelta(days=1)
    await api.call("intake", "POST", f"/clients/{client}/consents", role="intake_worker", org=org, json={
        "parties": ["MEETING_PLACE", "TE_OFFICE"], "purposes": ["PARTICIPATION_RECORDING", "REFERRAL"],
        "form": "WRITTEN", "given_on": consent_on.isoformat()}, until=accepted)
    cw = f"/clients/{client}"
    # Casework opens the file when intake's event reaches it (404 until then).
    await api.call("casework", "POST", f"{cw}/responsible-worker", role="caseworker", org=org, json={
        "role": "SOCIAL_COUNSELLOR", "worker_model": "OWN_WORKER", "allocation_basis": "AREA",
        "assigned_on": (registered + timedelta(days=2)).isoformat()},
        until=lambda r: r.status_code != 404)
    agreed = registered + timedelta(days=rng.randrange(5, 60))
    await api.call("casework", "POST", f"{cw}/plans", role="caseworker", org=org, json={
        "plan_type": "CLIENT_PLAN", "agreed_on": agreed.isoformat(),
        "participant_roles": ["SOCIAL_COUNSELLOR"],
        "review_due_on": (agreed + timedelta(days=180)).isoformat()}, until=accepted)
    if rng.random() < 0.8:
        await api.call("casework", "POST", f"{cw}/services", role="caseworker", org=org, json={
            "service_type": rng.choice(["INDIVIDUAL_COACHING", "GROUP_COACHING", "HEALTH_CHECK"]),
            "provider": "OWN_ORGANISATION", "provided_on": (agreed + timedelta(days=10)).isoformat(),
            "quantity": rng.randrange(1, 5), "unit": "SESSION"}, until=accepted)
    if rng.random() < 0.4:
        await api.call("casework", "POST", f"{cw}/transitions", role="caseworker", org=org, json={
            "transition_on": (agreed + timedelta(days=120)).isoformat(),
            "destination": rng.choice(["OPEN_EMPLOYMENT", "KUTY", "WORK_TRIAL"]),
            "source": "PLAN_REVIEW"}, until=accepted)
    if n % 10 == 3 and org in place_ids:  # an identified visit: needs meetingplace's consent view
        await api.call("meetingplace", "POST", f"/meeting-places/{place_ids[org]}/identified-visits",
                       role="meetingplace_worker", org=org, json={
                           "client_id": client, "visit_date": (consent_on + timedelta(days=3)).isoformat(),
                           "time_slot": "AFTERNOON", "purpose": "DROP_IN"},
                       until=lambda r: r.status_code not in (404,) and
                       not (r.status_code == 409 and "consent" in r.text))


async def open_place(api: Api, n: int) -> tuple[str, str]:
    org = ORGS[n % len(ORGS)]
    response = await api.call("meetingplace", "POST", "/meeting-places", role="meetingplace_worker",
                              org=org, json={
                                  "name": f"Kohtaamo {n}", "municipality_code": org, "premises": "NGO_HOUSE",
                                  "facilities": ["KITCHEN"], "free_of_charge": True, "opening_hours": [],
                                  "opened_on": WINDOW[0].isoformat(), "project_id": PROJECT})
    assert response.status_code == 201, response.text
    return org, response.json()["id"]


def tally_sheets(place: str, org: str, days: int, rng: random.Random
                 ) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The place's tallies by part of the day, as requests of at most TALLY_ROWS rows."""
    rows = [{"visit_date": (WINDOW[0] + timedelta(days=d)).isoformat(), "time_slot": slot,
             "headcount": rng.randrange(0, 25)}
            for d in range(days) for slot in SLOTS]
    return [(place, org, rows[i:i + TALLY_ROWS]) for i in range(0, len(rows), TALLY_ROWS)]


async def run_programme(api: Api, *, events: int, seed: int, concurrency: int,
                        between: Callable[[int], Awaitable[None]] | None = None) -> Plan:
    """The whole programme; ``between(done)`` is awaited after each unit of work (the
    fault injector's cue)."""
    rng = random.Random(seed)
    plan = Plan.for_events(events)
    places = [await open_place(api, n) for n in range(plan.places)]
    visit_places = {org: place for org, place in reversed(places)}  # each org's first place
    codes = identity_codes(date(1960, 1, 1) + timedelta(days=seed % 5000))
    work: list[Callable[[], Awaitable[Any]]] = []
    for n in range(plan.clients):
        work.append(lambda n=n, code=next(codes), r=random.Random(rng.random()):
                    client_path(api, n, code, r, visit_places))
    for place, org in ((p, o) for o, p in places):
        for sheet in tally_sheets(place, org, plan.days, random.Random(rng.random())):
            work.append(lambda s=sheet: api.call(
                "meetingplace", "POST", f"/meeting-places/{s[0]}/tallies", role="meetingplace_worker",
                org=s[1], json={"rows": s[2]}, until=accepted))
    rng.shuffle(work)
    queue: asyncio.Queue[Callable[[], Awaitable[Any]]] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    done = itertools.count(1)

    async def worker() -> None:
        while not queue.empty():
            await queue.get_nowait()()
            finished = next(done)
            if between is not None:
                await between(finished)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return plan
