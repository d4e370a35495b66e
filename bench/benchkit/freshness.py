"""End-to-end freshness at a steady rate: from a registration's commit at intake to the
moment reporting's ``clients-registered`` indicator counts it, through the relay, Kafka and
the projection, with both services running as in production.

``wrk`` sends the registrations on a fixed schedule (``bench/wrk/paced.lua``: open loop, so a
slow answer does not slow the load down). The indicator is read over HTTP in a loop; the
k-th registration (by the ``recorded_at`` intake stamped on it) counts as visible at the end
of the first read showing at least k more clients than before the load (the count cannot
say which registration it holds, so arrival order is assumed).
"""

from __future__ import annotations

import asyncio
import bisect
import json
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings, KafkaSettings

from . import wrk
from .ceilings import service_env
from .commands import ORG, registration
from .stack import Resources, running


async def steady(res: Resources, admin: KafkaSettings, *, rate: float, seconds: float) -> dict[str, Any]:
    token = issue_token(AuthSettings(), sub="bench", roles=["intake_worker"], org=ORG)
    manager = {"Authorization": "Bearer " + issue_token(AuthSettings(), sub="bench",
                                                        roles=["manager"], org=ORG)}
    reporting_schema = await res.schema()
    intake_env = service_env("intake", await res.schema(), res.database_url, admin)
    reporting_env = service_env("reporting", reporting_schema, res.database_url, admin)
    with running("intake", intake_env) as intake, running("reporting", reporting_env) as reporting, \
            tempfile.TemporaryDirectory() as tmp:
        bodies = Path(tmp) / "bodies.jsonl"
        bodies.write_text("".join(json.dumps(registration(i)) + "\n" for i in range(int(rate * seconds * 2))))
        async with httpx.AsyncClient(base_url=reporting.url, headers=manager, timeout=30) as http:

            async def count() -> int:
                response = await http.get("/indicators/clients-registered",
                                          params={"project": "S20397", "period": "window"})
                return response.json()["value"] or 0

            async with httpx.AsyncClient(base_url=intake.url, timeout=30) as to_intake:
                for i in range(10):  # above the small-count threshold, so values are exact
                    response = await to_intake.post("/clients", json=registration(10**6 + i),
                                                    headers={"Authorization": f"Bearer {token}"})
                    assert response.status_code == 201, response.text
            while (base := await count()) < 10:
                await asyncio.sleep(0.05)
            reads: list[tuple[float, int]] = []
            done = asyncio.Event()

            async def read() -> None:
                while not done.is_set():
                    try:
                        value = await count()
                    except httpx.HTTPError:
                        continue  # a dropped keep-alive connection: read again
                    reads.append((time.time(), value))

            reader = asyncio.create_task(read())
            load = await asyncio.to_thread(wrk.post, intake, "/clients", bodies, token,
                                           connections=256, seconds=seconds, expect=201, rate=rate)
            accepted = load["statuses"].get("201", 0)
            deadline = time.monotonic() + 120
            while (not reads or reads[-1][1] < base + accepted) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            done.set()
            await reader
        conn = await asyncpg.connect(res.database_url, server_settings={"search_path": reporting_schema})
        try:
            stamps = [r["recorded_at"] for r in await conn.fetch(
                "SELECT recorded_at FROM fact_registrations ORDER BY recorded_at")][base:]
        finally:
            await conn.close()
    return {"offered_per_s": load["sent_per_s"], "accepted": accepted, "committed": len(stamps),
            "refused_or_failed": sum(n for s, n in load["statuses"].items() if s != "201")
            + load["socket_errors"], "command_p50_ms": load["p50_ms"], "command_p99_ms": load["p99_ms"],
            **summarise(stamps, reads, base)}


def summarise(stamps: list[datetime], reads: list[tuple[float, int]], base: int) -> dict[str, Any]:
    values = [v for _, v in reads]  # the counts only grow
    lags = []
    for k, stamp in enumerate(stamps, start=1):
        i = bisect.bisect_left(values, base + k)
        if i == len(values):
            break
        lags.append(max(0.0, reads[i][0] - stamp.timestamp()) * 1000)
    lags.sort()
    return {
        "seen": len(lags), "reads": len(reads),  # seen < committed: some never counted in time
        "p50_ms": round(statistics.median(lags), 1) if lags else None,
        "p99_ms": round(lags[min(len(lags) - 1, int(0.99 * len(lags)))], 1) if lags else None,
        "max_ms": round(lags[-1], 1) if lags else None,
    }
