"""Stand-ins for what reporting's pages read besides the facts: the broker's offsets, and
the drill-down route of issue 11 (its agreed shape, to see the dashboard link to it)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from fastapi import APIRouter, Query

from kohtaamo.reporting.adapters.freshness import PartitionLag


class StillFreshness:
    """Freshness with a given lag on one partition."""

    def __init__(self, lag: int = 0, last_applied_at: datetime | None = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)):
        self._lag, self._last = lag, last_applied_at

    async def partitions(self) -> list[PartitionLag]:
        return [PartitionLag("intake.clients", 0, 99, None, 100 + self._lag)]

    async def last_applied_at(self) -> datetime | None:
        return self._last


class SilentBroker(StillFreshness):
    async def partitions(self) -> list[PartitionLag]:
        raise ConnectionError("no broker answers")


class Purpose(StrEnum):
    SERVICE_FOLLOW_UP = "SERVICE_FOLLOW_UP"
    DATA_QUALITY = "DATA_QUALITY"


def drilldown_router() -> APIRouter:
    router = APIRouter()

    @router.get("/indicators/{code}/drilldown")
    async def drilldown(code: str, purpose: Purpose = Query()) -> dict[str, str]:
        return {"code": code, "purpose": purpose.value}

    return router
