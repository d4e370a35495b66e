"""End-to-end freshness at a steady rate: from a registration's 201 at intake to the moment
reporting's ``clients-registered`` indicator counts it, through the relay, Kafka and the
projection, with both services running as in production.

Open loop: requests leave on a fixed schedule whatever the answers' latency (so a slow
system cannot slow the load down), from an asyncio generator; 200/s is far below what it
can send, and the rate it reached is reported. The indicator is read over HTTP in a loop;
the k-th accepted registration counts as visible at the end of the first read showing at
least k more clients than before the load (the count cannot say which registration it
holds, so arrival order is assumed).
"""

from __future__ import annotations

import asyncio
import bisect
import statistics
import time
from typing import Any

import httpx

from kohtaamo.servicekit.auth import issue_token
from kohtaamo.servicekit.settings import AuthSettings, KafkaSettings

from .ceilings import service_env
from .commands import ORG, registration
from .stack import Resources, running


async def steady(res: Resources, admin: KafkaSettings, *, rate: float, seconds: float) -> dict[str, Any]:
    worker = {"Authorization": "Bearer " + issue_token(AuthSettings(), sub="bench",
                                                       roles=["intake_worker"], org=ORG)}
    manager = {"Authorization": "Bearer " + issue_token(AuthSettings(), sub="bench",
                                                        roles=["manager"], org=ORG)}
    intake_env = service_env("intake", await res.schema(), res.database_url, admin)
    reporting_env = service_env("reporting", await res.schema(), res.database_url, admin)
    with running("intake", intake_env) as intake, running("reporting", reporting_env) as reporting:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(base_url=intake.url, headers=worker, limits=limits,
                                     timeout=30) as to_intake, \
                httpx.AsyncClient(base_url=reporting.url, headers=manager, timeout=30) as to_reporting:

            async def count() -> int:
                response = await to_reporting.get("/indicators/clients-registered",
                                                  params={"project": "S20397", "period": "window"})
                return response.json()["value"] or 0

            for i in range(10):  # above the small-count threshold, so values are exact
                assert (await to_intake.post("/clients", json=registration(10**6 + i))).status_code == 201
            while (base := await count()) < 10:
                await asyncio.sleep(0.05)
            accepted, refused, reads = [], [], []
            done = asyncio.Event()

            async def send(i: int) -> None:
                try:
                    response = await to_intake.post("/clients", json=registration(i))
                except httpx.HTTPError:  # counted, not fatal: the figure says how many failed
                    refused.append(time.perf_counter())
                    return
                (accepted if response.status_code == 201 else refused).append(time.perf_counter())

            async def read() -> None:
                while not done.is_set():
                    try:
                        value = await count()
                    except httpx.HTTPError:
                        continue  # a dropped keep-alive connection: read again
                    reads.append((time.perf_counter(), value))

            reader = asyncio.create_task(read())
            loop, sends = asyncio.get_running_loop(), []
            started, total = loop.time(), int(rate * seconds)
            for i in range(total):
                await asyncio.sleep(max(0.0, started + i / rate - loop.time()))
                sends.append(asyncio.create_task(send(i)))
            sent_s = loop.time() - started  # the schedule kept, whatever the answers
            await asyncio.gather(*sends)
            deadline = time.perf_counter() + 120
            while (not reads or reads[-1][1] < base + len(accepted)) and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
            done.set()
            await reader
    return summarise(sorted(accepted), reads, base, total / sent_s, len(refused))


def summarise(accepted: list[float], reads: list[tuple[float, int]], base: int,
              rate: float, refused: int) -> dict[str, Any]:
    values = [v for _, v in reads]
    lags = []
    for k, at in enumerate(accepted, start=1):
        i = bisect.bisect_left(values, base + k)  # the counts only grow
        if i == len(values):
            break
        lags.append(max(0.0, reads[i][0] - at) * 1000)
    lags.sort()
    return {
        "offered_per_s": round(rate, 1), "accepted": len(accepted), "refused_or_failed": refused,
        "seen": len(lags), "reads": len(reads),
        "p50_ms": round(statistics.median(lags), 1) if lags else None,
        "p99_ms": round(lags[min(len(lags) - 1, int(0.99 * len(lags)))], 1) if lags else None,
        "max_ms": round(lags[-1], 1) if lags else None,
    }
