"""A tally corrected to zero (VisitRecorded v2 allows it) counts zero, not its old value."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kohtaamo.contracts import examples as ex

pytestmark = pytest.mark.postgres


async def test_a_tally_corrected_to_zero_counts_zero(scenario, figure):
    place = ex.uid("narikka")
    scenario.add(ex.visit_recorded(meeting_place_id=place, visit_id=ex.uid("monday"),
                                   visit_date=date(2013, 3, 4), headcount=7))
    scenario.add(ex.visit_recorded(meeting_place_id=place, visit_id=ex.uid("tuesday"),
                                   visit_date=date(2013, 3, 5), headcount=12))
    scenario.add(ex.visit_recorded(meeting_place_id=place, visit_id=ex.uid("monday"),
                                   visit_date=date(2013, 3, 4), headcount=0),
                 recorded_at=datetime(2013, 3, 6, tzinfo=UTC))
    await scenario.apply()

    _, shown = await figure("meeting-place-visits", "2013-03")

    assert shown["table"]["rows"][0]["cells"][0]["value"] == 12
