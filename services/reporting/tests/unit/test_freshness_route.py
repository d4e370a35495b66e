"""``/freshness`` says caught up only when the broker has named the partitions and none is
behind."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from kohtaamo.reporting.adapters.freshness import LagUnknown, PartitionLag
from kohtaamo.reporting.adapters.http import build_router
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings

from ..fakes import StillFreshness


class NoMetadata(StillFreshness):
    async def partitions(self) -> list[PartitionLag]:
        raise LagUnknown("the broker named no partitions of intake.clients")


class NoPartitions(StillFreshness):
    async def partitions(self) -> list[PartitionLag]:
        return []


@pytest.mark.parametrize(("freshness", "caught_up"), [
    (StillFreshness(lag=0), True), (StillFreshness(lag=3), False), (NoMetadata(), False), (NoPartitions(), False)])
async def test_caught_up_needs_known_partitions_with_no_lag(auth_header, freshness, caught_up):
    # given reporting whose lag is as the broker answers
    app: FastAPI = create_api(title="reporting", auth=AuthSettings())
    app.include_router(build_router())
    app.state.freshness = freshness
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://reporting") as api:
        # when an analyst asks how fresh the figures are
        answer = await api.get("/freshness", headers=auth_header("analyst"))

    # then it is caught up only with partitions known and none behind
    assert answer.status_code == 200
    assert answer.json()["caught_up"] is caught_up
