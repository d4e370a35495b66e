"""The events behind each client of a figure's set, for drill-down: the registration that
put them in the population, the end that bounds it, the events it requires, and (for a
numerator) the events that qualified them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

import asyncpg

from ..application.definitions import Criterion, Population
from .client_sql import CLIENTS, Params, matching_events


async def events_behind(conn: asyncpg.Connection, base: list[Any], population: Population,
                        qualifying: Criterion | None, clients: frozenset[UUID]) -> dict[UUID, list[UUID]]:
    params = Params(base)
    ids = params.add(sorted(clients))
    parts = [f"SELECT client_id, registration_event AS event_id, 0 AS ord FROM clients"
             f" WHERE client_id = ANY({ids}::uuid[])"]
    if population.base == "ended_in_period":
        parts.append(f"SELECT client_id, end_event, 1 FROM clients"
                     f" WHERE client_id = ANY({ids}::uuid[]) AND end_event IS NOT NULL")
    for required in population.requires:
        parts.append(f"SELECT m.*, 2 FROM ({matching_events(required, params, ids)}) m")
    if qualifying is not None:
        parts.append(f"SELECT m.*, 3 FROM ({matching_events(qualifying, params, ids)}) m")
    sql = (f"{CLIENTS} SELECT client_id, event_id FROM ({' UNION ALL '.join(parts)}) behind"
           f" GROUP BY client_id, event_id ORDER BY client_id, min(ord), event_id")
    found: dict[UUID, list[UUID]] = defaultdict(list)
    for row in await conn.fetch(sql, *params.values):
        found[row["client_id"]].append(row["event_id"])
    return {client: found.get(client, []) for client in sorted(clients)}
