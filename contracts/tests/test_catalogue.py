"""The catalogue as a whole: every event has an example that survives the wire."""

import re
from enum import StrEnum

import pytest
from pydantic import BaseModel

from kohtaamo.contracts import PAYLOADS, Envelope, default_registry, examples
from kohtaamo.contracts.envelope import Payload

REGISTERED = default_registry().payload_types
LATEST = [cls for cls in REGISTERED if default_registry().latest(cls.event_type) is cls]


def name_of(cls) -> str:
    return f"{cls.event_type}.v{cls.schema_version}"


def test_the_default_registry_knows_every_catalogued_payload_and_nothing_else():
    assert set(REGISTERED) == set(PAYLOADS)
    assert len(PAYLOADS) == len(set(PAYLOADS))


def test_every_registered_payload_type_has_an_example_builder():
    missing = [name_of(cls) for cls in REGISTERED if cls not in examples.BUILDERS]

    assert missing == []


@pytest.mark.parametrize("payload_type", LATEST, ids=name_of)
def test_every_example_survives_the_round_trip_through_bytes(payload_type):
    event = examples.envelope(examples.example(payload_type))

    parsed = default_registry().parse(event.to_bytes())

    assert parsed == event
    assert type(parsed.payload) is payload_type


def test_a_builder_takes_overrides_and_keeps_the_other_defaults():
    client_id = examples.uid("someone else")

    payload = examples.client_registered(client_id=client_id, age_band="50_64")

    assert payload.client_id == client_id
    assert payload.age_band == "50_64"
    assert payload.municipality_code == examples.client_registered().municipality_code


def test_the_example_envelope_is_deterministic_and_names_the_client_as_subject():
    first = examples.envelope(examples.plan_agreed())
    again = examples.envelope(examples.plan_agreed())
    other = examples.envelope(examples.plan_agreed(plan_id=examples.uid("another plan")))

    assert first == again
    assert first.event_id != other.event_id
    assert first.subject_id == examples.CLIENT_ID
    assert first.producer == "casework"


def test_an_anonymous_event_has_no_subject():
    event = examples.envelope(examples.visit_recorded())

    assert event.subject_id is None


@pytest.mark.parametrize("payload_type", REGISTERED, ids=name_of)
def test_event_types_are_service_qualified_and_past_tense(payload_type):
    match = re.fullmatch(r"(intake|casework|meetingplace)\.([A-Z][a-z]+)+", payload_type.event_type)
    last_word = re.findall(r"[A-Z][a-z]+", payload_type.event_type)[-1]

    assert match, payload_type.event_type
    assert last_word.endswith("ed") or last_word in {"Made", "Held", "Withdrawn"}
    assert payload_type.__name__ == payload_type.event_type.split(".")[1]


@pytest.mark.parametrize("payload_type", REGISTERED, ids=name_of)
def test_each_event_says_in_its_own_docstring_what_happened(payload_type):
    doc = payload_type.__dict__.get("__doc__") or ""

    assert len(doc.split()) >= 5
    assert "(" in doc, "give the Finnish term in brackets"


@pytest.mark.parametrize("payload_type", REGISTERED, ids=name_of)
def test_every_coded_value_is_a_documented_string_enum(payload_type):
    schema = Envelope[payload_type].model_json_schema()
    enums = {name: d for name, d in schema.get("$defs", {}).items() if "enum" in d}

    assert all(d.get("description") for d in enums.values()), sorted(enums)
    assert all(d["type"] == "string" for d in enums.values())


@pytest.mark.parametrize("payload_type", REGISTERED, ids=name_of)
def test_every_id_in_a_payload_is_a_uuid(payload_type):
    properties = payload_type.model_json_schema()["properties"]
    ids = {name: node for name, node in properties.items() if name.endswith("_id")}

    def is_uuid(node):
        return node.get("format") == "uuid" or any(
            b.get("format") == "uuid" for b in node.get("anyOf", ()) if b.get("type") != "null"
        )

    assert ids, "every event names the thing it is about"
    assert all(is_uuid(node) for node in ids.values()), sorted(ids)


def test_payloads_are_frozen_values():
    payload = examples.consent_recorded()

    with pytest.raises(Exception, match="frozen"):
        payload.form = "WRITTEN"  # type: ignore[misc]
    assert hash(payload) == hash(examples.consent_recorded())


def test_codes_in_the_catalogue_are_str_enums():
    enums = {type(v) for cls in REGISTERED for v in _values(examples.example(cls))}

    assert enums and all(issubclass(e, StrEnum) for e in enums)


def _values(payload: Payload):
    for value in payload.__dict__.values():
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, StrEnum):
                yield item
            elif isinstance(item, BaseModel):
                yield from _values(item)


def test_the_detailed_age_band_splits_50_64_at_55_and_gives_the_present_band_back():
    from kohtaamo.contracts.codes import AgeBand, AgeBandDetail

    assert [AgeBandDetail.for_age(a) for a in (49, 50, 54, 55, 64, 65)] == [
        "40_49", "50_54", "50_54", "55_64", "55_64", "65_PLUS"]
    assert all(AgeBandDetail.for_age(a).coarse == AgeBand.for_age(a) for a in range(0, 100))


def test_a_detailed_band_outside_the_present_band_is_refused():
    with pytest.raises(ValueError, match="not within age_band"):
        examples.client_registered(age_band="50_64", age_band_detail="40_49")
    assert examples.client_registered(age_band="50_64", age_band_detail="55_64").age_band_detail == "55_64"
