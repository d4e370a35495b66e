import json
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from kohtaamo.contracts import (
    Envelope,
    MalformedEvent,
    Registry,
    UnknownEventType,
    UnknownSchemaVersion,
    default_registry,
)
from kohtaamo.contracts import ContractError, examples
from kohtaamo.contracts.intake.v1 import ClientRegistered
from kohtaamo.contracts.meetingplace import v1 as meetingplace_v1
from kohtaamo.contracts.meetingplace import v2 as meetingplace_v2


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
    # The catalogue grew past one event; what matters is that the mismatch taught the
    # registry nothing.
    assert "intake.ClientRegistered" in registry.event_types
    assert "intake.Other" not in registry.event_types


def test_fields_added_later_within_a_version_are_ignored_by_older_consumers():
    wire = json.loads(registered_event().to_bytes())
    wire["payload"]["new_optional_field"] = "x"
    wire["new_envelope_field"] = 1

    parsed = default_registry().parse(json.dumps(wire).encode())

    assert parsed.payload.municipality_code == "837"


# Bad input across the whole catalogue: the cases above use ClientRegistered only.

LATEST = [cls for cls in default_registry().payload_types
          if default_registry().latest(cls.event_type) is cls]


def wire_of(payload_type) -> dict:
    return json.loads(examples.envelope(examples.example(payload_type)).to_bytes())


def payload_fields(payload_type, wanted) -> list[str]:
    """Names of the payload's top-level fields whose schema satisfies ``wanted``."""
    schema = payload_type.model_json_schema()
    defs = schema.get("$defs", {})

    def resolve(node):
        return defs[node["$ref"].split("/")[-1]] if "$ref" in node else node

    def matches(node):
        node = resolve(node)
        return wanted(node) or any(matches(branch) for branch in node.get("anyOf", ()))

    return [name for name, node in schema["properties"].items() if matches(node)]


def is_enum(node):
    return "enum" in node


def is_instant(node):
    return node.get("format") == "date-time"


CODE_FIELDS = [(cls, fields[0]) for cls in LATEST if (fields := payload_fields(cls, is_enum))]


@pytest.mark.parametrize(("payload_type", "field"), CODE_FIELDS,
                         ids=[f"{c.event_type}.{f}" for c, f in CODE_FIELDS])
def test_a_code_outside_its_enum_is_malformed_and_names_the_field(payload_type, field):
    wire = wire_of(payload_type)
    wire["payload"][field] = "NOT_A_CODE"

    with pytest.raises(MalformedEvent) as raised:
        default_registry().parse(json.dumps(wire).encode())

    assert f"payload.{field}" in raised.value.reason


INSTANT_FIELDS = [(cls, name) for cls in LATEST for name in payload_fields(cls, is_instant)]


@pytest.mark.parametrize(("payload_type", "field"), INSTANT_FIELDS,
                         ids=[f"{c.event_type}.{f}" for c, f in INSTANT_FIELDS])
def test_a_naive_instant_inside_a_payload_is_malformed(payload_type, field):
    wire = wire_of(payload_type)
    wire["payload"][field] = "2016-03-01T10:00:00"

    with pytest.raises(MalformedEvent) as raised:
        default_registry().parse(json.dumps(wire).encode())

    assert "timezone" in raised.value.reason
    assert field in raised.value.reason


@pytest.mark.parametrize(
    ("raw", "error", "reason"),
    [
        (b"[1, 2]", MalformedEvent, "not a JSON object"),
        (b'{"event_type": "intake.ClientRegistered", "schema_ver', MalformedEvent, "not JSON"),
        (b'{"schema_version": 1, "payload": {}}', MalformedEvent, "event_type"),
        (b'{"event_type": "meetingplace.VisitRecorded", "schema_version": 0, "payload": {}}',
         UnknownSchemaVersion, "no schema version 0"),
        (b'{"event_type": "casework.CaseOpened", "schema_version": 1, "payload": {}}',
         UnknownEventType, "casework.CaseOpened"),
    ],
    ids=["json-array", "truncated", "no-type", "version-zero", "type-of-another-design"],
)
def test_raw_bytes_that_are_no_event_raise_a_typed_error(raw, error, reason):
    with pytest.raises(error) as raised:
        default_registry().parse(raw)

    assert reason in raised.value.reason
    assert isinstance(raised.value, ContractError)


def test_an_old_version_that_cannot_be_upcast_is_malformed_not_a_crash():
    wire = json.loads(examples.envelope(examples.visit_recorded_v1()).to_bytes())
    del wire["payload"]["visited_at"]

    with pytest.raises(MalformedEvent) as raised:
        default_registry().parse(json.dumps(wire).encode())

    assert "cannot upcast meetingplace.VisitRecorded v1" in raised.value.reason
    assert "visited_at" in raised.value.reason


def test_a_naive_instant_in_an_old_version_is_malformed_too():
    wire = json.loads(examples.envelope(examples.visit_recorded_v1()).to_bytes())
    wire["payload"]["visited_at"] = "2013-03-04T12:30:00"

    with pytest.raises(MalformedEvent, match="timezone"):
        default_registry().parse(json.dumps(wire).encode())


def test_a_payload_breaking_an_event_rule_is_malformed_with_the_rule():
    wire = json.loads(examples.envelope(examples.visit_recorded()).to_bytes())
    wire["payload"]["client_id"] = str(examples.CLIENT_ID)  # on an anonymous tally

    with pytest.raises(MalformedEvent) as raised:
        default_registry().parse(json.dumps(wire).encode())

    assert "an anonymous entry has no client_id" in raised.value.reason


def test_a_registry_without_the_upcaster_refuses_the_old_version():
    registry = Registry([meetingplace_v1.VisitRecorded, meetingplace_v2.VisitRecorded])
    message = examples.envelope(examples.visit_recorded_v1()).to_bytes()

    with pytest.raises(UnknownSchemaVersion, match="no upcaster for meetingplace.VisitRecorded v1"):
        registry.parse(message)


def test_two_models_cannot_claim_the_same_type_and_version():
    class Impostor(ClientRegistered):
        pass

    registry = Registry([ClientRegistered])

    with pytest.raises(ValueError, match="already registered as ClientRegistered"):
        registry.register(Impostor)
    assert registry.latest("intake.ClientRegistered") is ClientRegistered
