"""Commands/s and latency per service under concurrent load, each beside the no-op route of
the same service's stack under the same generator (``wrk``), and the service's memory.

Each command is a ``Workload``: the service, the route, the role and a body per request.
Intake's registration is here; casework's service delivery and attendance record and
meetingplace's bulk tally join as those services provide their routes.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kohtaamo.intake.domain.hetu import PersonalIdentityCode
from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings, KafkaSettings

from . import ceilings, wrk
from .stack import Resources, hwm_mib, running

ORG = "908"


@dataclass(frozen=True)
class Workload:
    service: str
    command: str  # what one request does, for the table
    path: str
    role: str
    body: Callable[[int], dict[str, Any]]
    created: int = 201
    env: dict[str, str] = field(default_factory=dict)


def registration(i: int) -> dict[str, Any]:
    """A registration of a distinct synthetic person (individual numbers 900–999 are never
    issued to anyone), born 1950–1997: ``i`` below 1.7 million."""
    code = PersonalIdentityCode.compose(date(1950, 1, 1) + timedelta(days=i // 100), 900 + i % 100)
    return {"first_name": "Bench", "last_name": f"Client {i}", "personal_identity_code": code.value,
            "municipality_code": ORG, "referral_source": "SELF", "project_id": "S20397",
            "registered_on": "2016-03-01"}


WORKLOADS = [Workload("intake", "registration", "/clients", "intake_worker", registration)]


async def measure(res: Resources, admin: KafkaSettings, workload: Workload, *, seconds: float,
                  connections: int, bodies: int) -> dict[str, Any]:
    token = issue_token(AuthSettings(), sub="bench", roles=[workload.role, "bench"], org=ORG)
    with tempfile.TemporaryDirectory() as tmp:
        warm, body_file = Path(tmp) / "warm.jsonl", Path(tmp) / "bodies.jsonl"
        warm.write_text("".join(json.dumps(workload.body(1_500_000 + i)) + "\n" for i in range(2000)))
        body_file.write_text("".join(json.dumps(workload.body(i)) + "\n" for i in range(bodies)))
        noop = await ceilings.http_noop(res, admin, workload.service, body_file, token,
                                        connections=connections, seconds=seconds)
        env = ceilings.service_env(workload.service, await res.schema(), res.database_url, admin)
        with running(workload.service, env | workload.env) as server:
            wrk.post(server, workload.path, warm, token, connections=8, seconds=2,
                     expect=workload.created)
            point = wrk.post(server, workload.path, body_file, token, connections=connections,
                             seconds=seconds, expect=workload.created)
            peak = hwm_mib(server.process.pid)
    return {"service": workload.service, "command": workload.command, **point,
            "noop_ceiling_per_s": noop["per_s"], "noop_p99_ms": noop["p99_ms"],
            "peak_rss_mib": round(peak, 1)}
