"""What ``/health`` reports: each component's state, and the service as a whole.

A check is an async callable returning ``(healthy, details)``. The service is ``ok`` when
every check is healthy, else ``degraded`` with the details saying what and why: for the
relay, its state, position, outbox lag and, when halted, the notification and the reason.
``/health`` still answers 200 when degraded: the process is alive and serving (a restart
would not fix a halted relay), and the body tells operators and ``kohtaamo health`` what to do.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

Check = Callable[[], Awaitable[tuple[bool, dict[str, Any]]]]


async def report(service: str, checks: Mapping[str, Check]) -> dict[str, Any]:
    components: dict[str, Any] = {}
    healthy = True
    for name, check in checks.items():
        try:
            ok, details = await check()
        except Exception as exc:  # a failing check is itself news, not a 500
            ok, details = False, {"error": f"{type(exc).__name__}: {exc}"}
        components[name] = {"healthy": ok, **details}
        healthy = healthy and ok
    return {"status": "ok" if healthy else "degraded", "service": service, "components": components}


def relay_check(relay: Any) -> Check:
    """The outbox relay: healthy unless halted or retrying; reports the outbox lag."""

    async def check() -> tuple[bool, dict[str, Any]]:
        status = await relay.status()
        return status.healthy, status.as_dict()

    return check


def kafka_check(bootstrap_servers: str, *, timeout: float = 1.0) -> Check:
    """The broker: healthy when one of the bootstrap servers accepts a connection within
    ``timeout``. While Kafka is down the relay only waits (commands are still accepted into
    the outbox), so without this check ``/health`` would not say what is down."""
    servers = [s.strip() for s in bootstrap_servers.split(",") if s.strip()]

    async def check() -> tuple[bool, dict[str, Any]]:
        problems = []
        for server in servers:
            host, _, port = server.rpartition(":")
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout)
            except (OSError, TimeoutError, ValueError) as exc:
                problems.append(f"{server}: {type(exc).__name__}: {exc}".rstrip(": "))
                continue
            writer.close()
            return True, {"reachable": server}
        return False, {"error": "no bootstrap server answers", "servers": problems}

    return check
