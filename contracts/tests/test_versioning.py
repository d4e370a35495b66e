"""VisitRecorded went from v1 (an exact instant) to v2 (a date and a time slot)."""

from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from kohtaamo.contracts import default_registry, examples
from kohtaamo.contracts.meetingplace import v1, v2
from kohtaamo.contracts.meetingplace.codes import TimeSlot

# Written by a v1 producer before v2 existed; never regenerate it.
V1_MESSAGE = Path(__file__).parent / "fixtures" / "meetingplace.VisitRecorded.v1.json"


def test_a_stored_v1_message_parses_into_v2():
    parsed = default_registry().parse(V1_MESSAGE.read_bytes())

    assert parsed.schema_version == 2
    assert isinstance(parsed.payload, v2.VisitRecorded)
    # 15:45 UTC on 10 June is 18:45 in Finland (summer time): evening.
    assert (parsed.payload.visit_date, parsed.payload.time_slot) == (date(2013, 6, 10), "EVENING")


def test_upcasting_keeps_everything_else_of_the_message():
    parsed = default_registry().parse(V1_MESSAGE.read_bytes())

    assert parsed.event_id == UUID("bc1a852b-a367-5470-a3ef-dcd77a0c8384")
    assert parsed.payload.client_id == parsed.subject_id
    assert parsed.payload.visitor_kind == "IDENTIFIED_CLIENT"
    assert parsed.payload.activity_id is not None


def test_the_registry_hands_out_v2_as_latest_and_still_knows_v1():
    registry = default_registry()

    assert registry.latest("meetingplace.VisitRecorded") is v2.VisitRecorded
    assert registry.resolve("meetingplace.VisitRecorded", 1) is v1.VisitRecorded


def test_a_v1_example_and_its_v2_counterpart_parse_to_the_same_payload():
    old = examples.envelope(examples.visit_recorded_v1())

    parsed = default_registry().parse(old.to_bytes())

    assert parsed.payload == examples.visit_recorded()
    assert parsed.event_id == old.event_id


@pytest.mark.parametrize(
    ("visited_at", "local_date", "slot"),
    [
        ("2013-06-10T08:59:59Z", date(2013, 6, 10), TimeSlot.MORNING),  # 11:59 summer time
        ("2013-06-10T09:00:00Z", date(2013, 6, 10), TimeSlot.AFTERNOON),  # 12:00
        ("2013-01-10T14:59:00Z", date(2013, 1, 10), TimeSlot.AFTERNOON),  # 16:59 winter time
        ("2013-01-10T15:00:00Z", date(2013, 1, 10), TimeSlot.EVENING),  # 17:00
        ("2013-03-04T22:30:00Z", date(2013, 3, 5), TimeSlot.MORNING),  # 00:30 the next day
        ("2013-03-04T14:30:00+02:00", date(2013, 3, 4), TimeSlot.AFTERNOON),  # local offset
    ],
)
def test_the_upcaster_puts_an_instant_into_the_finnish_date_and_slot(visited_at, local_date, slot):
    payload = examples.visit_recorded_v1().model_dump(mode="json") | {"visited_at": visited_at}

    upcast = v2.visit_recorded_v1_to_v2(payload)

    assert (upcast["visit_date"], upcast["time_slot"]) == (local_date.isoformat(), slot)
    assert "visited_at" not in upcast
    assert v2.VisitRecorded.model_validate(upcast).time_slot is slot
