"""``kohtaamo health``: every service, Kafka and PostgreSQL, one line each."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass

import httpx

from .broker import Broker
from .context import SERVICES, Ops
from .database import connected, where
from .errors import OpsError


@dataclass(frozen=True)
class Line:
    name: str
    state: str  # ok | degraded | down
    where: str
    detail: str = ""

    @property
    def well(self) -> bool:
        return self.state == "ok"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


async def service_line(ops: Ops, name: str, client: httpx.AsyncClient) -> Line:
    try:
        url = ops.url(name)
    except OpsError as exc:
        return Line(name, "down", "?", exc.message)
    try:
        answer = await client.get(f"{url}/health")
        body = answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        return Line(name, "down", url, type(exc).__name__ + (f": {exc}" if str(exc) else ""))
    if answer.status_code != 200:
        return Line(name, "down", url, f"/health answered {answer.status_code}")
    unhealthy = [f"{component}: {_why(details)}" for component, details in body.get("components", {}).items()
                 if not details.get("healthy", False)]
    notes = [f"outbox lag {d['lag']}" for d in body.get("components", {}).values() if "lag" in d]
    notes += [f"read model {d['generation']} ({d['schema']})"
              for d in body.get("components", {}).values() if "generation" in d]
    return Line(name, "ok" if body.get("status") == "ok" else "degraded", url,
                "; ".join(unhealthy or notes))


def _why(details: dict[str, object]) -> str:
    return str(details.get("reason") or details.get("state") or details.get("error") or "unhealthy")


async def kafka_line(ops: Ops) -> Line:
    try:
        async with Broker(ops.kafka, timeout=ops.timeout) as broker:
            names = await broker.topic_names()
    except OpsError as exc:
        return Line("kafka", "down", ops.kafka.bootstrap_servers, exc.message)
    mine = [t for t in names if t.startswith(ops.kafka.topic_prefix)]
    return Line("kafka", "ok", ops.kafka.bootstrap_servers, f"{len(mine)} topics")


async def postgres_line(ops: Ops) -> Line:
    reached, failed, servers = [], [], set()
    for name in SERVICES:
        try:
            settings = ops.service(name)
            servers.add(where(settings.database_url).split("/")[0])
            async with connected(settings.database_url, timeout=ops.timeout) as conn:
                await conn.fetchval("SELECT 1")
            reached.append(name)
        except OpsError as exc:
            failed.append(f"{name}: {exc.message}")
    place = ", ".join(sorted(servers)) or "?"
    if failed:
        return Line("postgresql", "down", place, "; ".join(failed))
    return Line("postgresql", "ok", place, f"databases of {', '.join(reached)}")


async def lines(ops: Ops) -> list[Line]:
    async with httpx.AsyncClient(timeout=ops.timeout) as client:
        services = await asyncio.gather(*(service_line(ops, n, client) for n in SERVICES))
    return [*services, await kafka_line(ops), await postgres_line(ops)]
