"""The consumer a dead letter goes back to: its service's own subscription and handler.

Built the way the service builds it (``consumer.declared`` of the broker its bootstrap
wires), so a replayed message takes the same parse-and-apply path as a consumed one;
the broker is never started. Reporting's handler applies into the active read model.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import AsyncIterator
from typing import Any

from kohtaamo.reporting.adapters.read_model import active, own_schema
from kohtaamo.reporting.adapters.store import ReportingStore
from kohtaamo.reporting.bootstrap import messaging
from kohtaamo.servicekit.consumer import Subscription, declared

from .context import Ops
from .database import connected
from .errors import BadInput
from .lag import consuming_services


def service_of_group(ops: Ops, group: str) -> str:
    """The consuming service whose group (or a rebuild's group) ``group`` is."""
    for service in consuming_services():
        base = ops.group_of(service)
        if group == base or group.startswith(base + "-"):
            return service
    raise BadInput(f"no service consumes with group {group!r}")


@contextlib.asynccontextmanager
async def handler_of(ops: Ops, service: str) -> AsyncIterator[Subscription]:
    if service == "reporting":
        async with _reporting(ops) as subscription:
            yield subscription
        return
    bootstrap = importlib.import_module(f"kohtaamo.{service}.bootstrap")
    if not hasattr(bootstrap, "build"):
        raise BadInput(f"{service} has no consumer to replay into in this version")
    components = await asyncio.to_thread(bootstrap.build, ops.service(service))
    try:
        yield _only(declared(components.broker), service)
    finally:
        await asyncio.to_thread(components.app.close)


@contextlib.asynccontextmanager
async def _reporting(ops: Ops) -> AsyncIterator[Subscription]:
    settings = ops.service("reporting")
    async with connected(settings.database_url, settings.database_schema, timeout=ops.timeout) as conn:
        model = await active(conn, await own_schema(conn), settings.consumer_group)
    store = await ReportingStore.open(settings.database_url, model.schema)
    try:
        yield _only(declared(messaging(settings, store)), "reporting")
    finally:
        await store.close()


def _only(subscriptions: list[Subscription], service: str) -> Any:
    if len(subscriptions) != 1:
        raise BadInput(f"{service} declares {len(subscriptions)} subscriptions; expected one")
    return subscriptions[0]
