import json
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from kohtaamo.contracts import (
    Envelope,
    MalformedEvent,
    UnknownEventType,
    UnknownSchemaVersion,
    default_registry,
)
from kohtaamo.contracts.intake.v1 import ClientRegistered


def registered_event() -> Envelope[ClientRegistered]:
    client_id = uuid4()
    now = datetime.now(UTC)
    payload = ClientRegistered(
        client_id=client_id,
        registered_on=date(2016, 3, 1),
        municipality_code="837",
        referral_source="TE_OFFICE",
        age_band="25_29",
    )
    return Envelope.wrap(
        payload, event_id=uuid4(), occurred_at=now, recorded_at=now, producer="intake",
        organisation_id="837", subject_id=client_id,
    )


def test_an_event_survives_the_round_trip_through_bytes():
    event = registered_event()

    parsed = default_registry().parse(event.to_bytes())

    assert parsed == event
    assert isinstance(parsed.payload, ClientRegistered)


def test_type_and_version_travel_in_the_envelope():
    wire = json.loads(registered_event().to_bytes())

    assert wire["event_type"] == "intake.ClientRegistered"
    assert wire["schema_version"] == 1


@pytest.mark.parametrize(
    ("mutate", "error", "reason"),
    [
        (lambda d: d.update(event_type="intake.Nonsense"), UnknownEventType, "unknown event type"),
        (lambda d: d.update(schema_version=99), UnknownSchemaVersion, "no schema version 99"),
        (lambda d: d["payload"].update(referral_source="GUESS"), MalformedEvent, "referral_source"),
        (lambda d: d.update(occurred_at="2016-03-01T10:00:00"), MalformedEvent, "timezone"),
        (lambda d: d.pop("payload"), MalformedEvent, "payload"),
        (lambda d: d.update(schema_version="1"), MalformedEvent, "schema_version"),
    ],
)
def test_bad_messages_raise_one_typed_error_with_the_reason(mutate, error, reason):
    wire = json.loads(registered_event().to_bytes())
    mutate(wire)

    with pytest.raises(error) as raised:
        default_registry().parse(json.dumps(wire).encode())

    assert reason in raised.value.reason


def test_bytes_that_are_not_json_are_malformed():
    with pytest.raises(MalformedEvent, match="not JSON"):
        default_registry().parse(b"\x00\xff not json")


def test_an_envelope_cannot_disagree_with_its_payload():
    wire = json.loads(registered_event().to_bytes())
    registry = default_registry()
    model = Envelope[ClientRegistered]
    wire["event_type"] = "intake.Other"

    with pytest.raises(ValueError, match="payload is"):
        model.model_validate(wire)
    assert registry.event_types == ["intake.ClientRegistered"]


def test_fields_added_later_within_a_version_are_ignored_by_older_consumers():
    wire = json.loads(registered_event().to_bytes())
    wire["payload"]["new_optional_field"] = "x"
    wire["new_envelope_field"] = 1

    parsed = default_registry().parse(json.dumps(wire).encode())

    assert parsed.payload.municipality_code == "837"
