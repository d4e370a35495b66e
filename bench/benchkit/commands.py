"""Commands/s and latency per service under concurrent load, each beside the no-op route of
the same service's stack under the same generator (``wrk``), and the service's memory.

Each command is a ``Workload``: the service, the role, what to set up first, and a route and
body per request: a registration in intake; a service delivery and a kuty attendance record
in casework (for clients whose registrations casework has consumed from Kafka); a bulk tally of
a week (five days, three slots: 15 visit events) in meetingplace.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from kohtaamo.contracts import examples, topics
from kohtaamo.intake.domain.hetu import PersonalIdentityCode
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings, KafkaSettings

from . import ceilings, wrk
from .produce import producer
from .stack import Resources, Service, hwm_mib, running

ORG = "908"
CLIENTS = 400  # casework's clients: requests spread over many aggregates, as staff's would
PLACES = 60
TODAY = date.today()
REGISTERED = TODAY - timedelta(days=1000)
KUTY_START = REGISTERED + timedelta(days=20)

Request = tuple[str, dict[str, Any]]  # path, body


@dataclass(frozen=True)
class Workload:
    service: str
    command: str  # what one request does, for the table
    role: str
    # (request number, what prepare returned) → the request
    request: Callable[[int, Any], Request]
    # with the service answering: what its requests need (clients, places); None: nothing
    prepare: Callable[[Service, KafkaSettings, dict[str, str]], Awaitable[Any]] | None = None
    created: int = 201
    events_per_request: int = 1
    env: dict[str, str] = field(default_factory=dict)


def registration(i: int) -> dict[str, Any]:
    """A registration of a distinct synthetic person (individual numbers 900–999 are never
    issued to anyone), born 1950–1997: ``i`` below 1.7 million."""
    code = PersonalIdentityCode.compose(date(1950, 1, 1) + timedelta(days=i // 100), 900 + i % 100)
    return {"first_name": "Bench", "last_name": f"Client {i}", "personal_identity_code": code.value,
            "municipality_code": ORG, "referral_source": "SELF", "project_id": "S20397",
            "registered_on": "2016-03-01"}


def registering(i: int, _: Any) -> Request:
    return "/clients", registration(i)


async def casework_clients(server: Service, admin: KafkaSettings, auth: dict[str, str]) -> list[uuid.UUID]:
    """Intake's registrations of CLIENTS clients on the topic, consumed into casework files,
    each with the caller as the responsible worker."""
    clients = [uuid.uuid4() for _ in range(CLIENTS)]
    send = producer(admin, "intake")
    await send.start()
    try:
        for client_id in clients:
            event = examples.envelope(examples.client_registered(client_id=client_id, registered_on=REGISTERED),
                                      event_id=uuid.uuid4(), organisation_id=ORG)
            await send.send(admin.topic(topics.INTAKE_CLIENTS), event.to_bytes(), key=str(client_id).encode())
        await send.flush()
    finally:
        await send.stop()
    async with httpx.AsyncClient(base_url=server.url, headers=auth, timeout=30) as http:
        for client_id in clients:  # in send order: the last ones arrive last
            while (await http.get(f"/clients/{client_id}")).status_code == 404:
                await asyncio.sleep(0.05)
            answer = await http.post(f"/clients/{client_id}/responsible-worker", json={
                "role": "SOCIAL_COUNSELLOR", "worker_model": "OWN_WORKER", "allocation_basis": "AREA",
                "assigned_on": (REGISTERED + timedelta(days=1)).isoformat()})
            if answer.status_code != 200:
                raise RuntimeError(f"assigning a worker answered {answer.status_code}: {answer.text}")
    return clients


def service_delivery(i: int, clients: list[uuid.UUID]) -> Request:
    client = clients[i % len(clients)]
    return f"/clients/{client}/services", {
        "service_type": ("INDIVIDUAL_COACHING", "GROUP_COACHING", "ERRAND_HELP")[i % 3],
        "provider": "OWN_ORGANISATION", "provided_on": (REGISTERED + timedelta(days=1 + i // len(clients) % 900)).isoformat(),
        "quantity": 1, "unit": "SESSION"}


async def kuty_periods(server: Service, admin: KafkaSettings, auth: dict[str, str]) -> list[tuple[uuid.UUID, str]]:
    """Each client with a work-activity plan, a contract and its period started."""
    clients = await casework_clients(server, admin, auth)
    async with httpx.AsyncClient(base_url=server.url, headers=auth, timeout=30) as http:

        async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
            answer = await http.post(path, json=body)
            if answer.status_code not in (200, 201):
                raise RuntimeError(f"POST {path} answered {answer.status_code}: {answer.text}")
            return answer.json()

        async def start(client: uuid.UUID) -> tuple[uuid.UUID, str]:
            base = f"/clients/{client}"
            plan = await post(f"{base}/plans", {
                "plan_type": "WORK_ACTIVITY_PLAN", "agreed_on": (REGISTERED + timedelta(days=5)).isoformat(),
                "participant_roles": ["SOCIAL_COUNSELLOR", "KUTY_ORGANISER_REP"],
                "goals": [{"domain": "WORK", "text": "Työtoiminta viitenä päivänä viikossa"}],
                "review_due_on": (REGISTERED + timedelta(days=300)).isoformat()})
            signed = await post(f"{base}/work-activity-contracts", {
                "plan_id": plan["id"], "placement_id": str(uuid.uuid4()), "organiser_kind": "NGO",
                "form": "INDIVIDUAL", "signed_on": (REGISTERED + timedelta(days=10)).isoformat(),
                "planned_start_on": KUTY_START.isoformat(), "planned_end_on": (TODAY - timedelta(days=1)).isoformat(),
                "days_per_week": 5, "hours_per_day": 6, "task_areas": ["KITCHEN"],
                "mid_review_due_on": (KUTY_START + timedelta(days=180)).isoformat()})
            await post(f"{base}/work-activities", {"contract_id": signed["contract_id"],
                                                   "started_on": KUTY_START.isoformat()})
            return client, signed["work_activity_id"]

        gate = asyncio.Semaphore(16)

        async def gated(client: uuid.UUID) -> tuple[uuid.UUID, str]:
            async with gate:
                return await start(client)

        return list(await asyncio.gather(*(gated(c) for c in clients)))


def attendance(i: int, periods: list[tuple[uuid.UUID, str]]) -> Request:
    """A week of each client's period, a client's weeks in order."""
    client, period = periods[i % len(periods)]
    week = KUTY_START + timedelta(weeks=i // len(periods))
    return f"/clients/{client}/work-activities/{period}/attendance", {
        "period_start": week.isoformat(), "period_end": (week + timedelta(days=6)).isoformat(),
        "days_attended": 3, "hours_attended": 15.5, "recorded_by_role": "KUTY_ORGANISER_REP"}


async def meeting_places(server: Service, admin: KafkaSettings, auth: dict[str, str]) -> list[str]:
    async with httpx.AsyncClient(base_url=server.url, headers=auth, timeout=30) as http:
        places = []
        for n in range(PLACES):
            answer = await http.post("/meeting-places", json={
                "name": f"Kohtaamispaikka {n}", "municipality_code": ORG, "premises": "NGO_HOUSE",
                "facilities": ["KITCHEN"], "free_of_charge": True, "opened_on": "2000-01-03",
                "opening_hours": [{"weekday": "MONDAY", "opens": "10:00", "closes": "16:00"}],
                "project_id": "S20397"})
            if answer.status_code != 201:
                raise RuntimeError(f"POST /meeting-places answered {answer.status_code}: {answer.text}")
            places.append(answer.json()["id"])
        return places


def week_tally(i: int, places: list[str]) -> Request:
    """A week's tallies (Monday to Friday, three slots a day) at one place, in one request."""
    monday = date(2000, 1, 3) + timedelta(weeks=i // len(places))
    rows = [{"visit_date": (monday + timedelta(days=d)).isoformat(), "time_slot": slot,
             "headcount": 3 + (i + d) % 11}
            for d in range(5) for slot in ("MORNING", "AFTERNOON", "EVENING")]
    return f"/meeting-places/{places[i % len(places)]}/tallies", {"rows": rows}


WORKLOADS = [
    Workload("intake", "registration", "intake_worker", registering),
    Workload("casework", "service delivery", "caseworker", service_delivery, prepare=casework_clients),
    Workload("casework", "attendance record", "caseworker", attendance, prepare=kuty_periods, created=204),
    Workload("meetingplace", "bulk tally (a week, 15 slots)", "meetingplace_worker", week_tally,
             prepare=meeting_places, events_per_request=15),
]

# What each workload can send without repeating a request (a repeated tally would be a 409,
# a week past a period's end a 422): enough for the run's seconds at the rates seen here.
BODIES = {"registration": 60_000, "service delivery": 60_000, "attendance record": CLIENTS * 140,
          "bulk tally (a week, 15 slots)": PLACES * 1000}


def _lines(workload: Workload, numbers: range, context: Any) -> str:
    return "".join(f"{path}\t{json.dumps(body)}\n"
                   for path, body in (workload.request(i, context) for i in numbers))


async def measure(res: Resources, admin: KafkaSettings, workload: Workload, *, seconds: float,
                  connections: int) -> dict[str, Any]:
    token = issue_token(AuthSettings(), sub="bench", roles=[workload.role, "manager", "bench"], org=ORG)
    auth = {"Authorization": f"Bearer {token}"}
    bodies = BODIES[workload.command]
    warm_n = min(2000, bodies // 10)
    with tempfile.TemporaryDirectory() as tmp:
        warm, body_file = Path(tmp) / "warm.jsonl", Path(tmp) / "bodies.jsonl"
        env = ceilings.service_env(workload.service, await res.schema(), res.database_url, admin)
        with running(workload.service, env | workload.env) as server:
            context = await workload.prepare(server, admin, auth) if workload.prepare else None
            # The warm-up's requests are the last ones, never repeated by the measured run.
            warm.write_text(_lines(workload, range(bodies - warm_n, bodies), context))
            body_file.write_text(_lines(workload, range(bodies - warm_n), context))
            wrk.post(server, "/", warm, token, connections=8, seconds=2, expect=workload.created)
            point = wrk.post(server, "/", body_file, token, connections=connections,
                             seconds=seconds, expect=workload.created)
            peak = hwm_mib(server.process.pid)
        noop = await ceilings.http_noop(res, admin, workload.service, body_file, token,
                                        connections=connections, seconds=seconds)
    return {"service": workload.service, "command": workload.command, **point,
            "events_per_s": round(point["per_s"] * workload.events_per_request, 1),
            "noop_ceiling_per_s": noop["per_s"], "noop_p99_ms": noop["p99_ms"],
            "peak_rss_mib": round(peak, 1)}
