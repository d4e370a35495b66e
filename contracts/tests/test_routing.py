"""Every event has one topic and one key; the README's table is the code's table."""

from pathlib import Path

import pytest

from kohtaamo.contracts import PAYLOADS, ROUTES, examples, route_for, routing, topics
from kohtaamo.contracts.intake.v1 import ClientErased, ClientRegistered

README = Path(__file__).resolve().parents[1] / "README.md"


def name_of(cls) -> str:
    return f"{cls.event_type}.v{cls.schema_version}"


def test_every_catalogued_payload_has_exactly_one_route():
    assert set(ROUTES) == set(PAYLOADS)


def test_every_route_goes_to_a_named_topic_and_every_named_topic_is_used():
    used = {route.topic for route in ROUTES.values()}

    assert used == set(topics.ALL)
    assert len(topics.ALL) == len(set(topics.ALL))


def test_the_existing_topic_names_stay_put():
    assert topics.INTAKE_CLIENTS == "intake.clients"
    assert topics.dead_letter(topics.CASEWORK_CLIENTS) == "casework.clients.dlt"


@pytest.mark.parametrize("payload_type", PAYLOADS, ids=name_of)
def test_the_key_is_a_required_field_and_the_topic_belongs_to_the_producer(payload_type):
    route = route_for(payload_type)
    key_field = payload_type.model_fields[route.key_field]

    assert key_field.is_required()
    assert route.topic.split(".")[0] == routing.producer_of(payload_type.event_type)


@pytest.mark.parametrize("payload_type", PAYLOADS, ids=name_of)
def test_the_key_is_the_client_when_the_event_always_names_one(payload_type):
    field = payload_type.model_fields.get("client_id")
    always_names_a_client = field is not None and field.is_required()

    assert (route_for(payload_type).key_field == "client_id") == always_names_a_client


def test_all_events_on_one_topic_share_one_key_field():
    key_fields: dict[str, set[str]] = {}
    for route in ROUTES.values():
        key_fields.setdefault(route.topic, set()).add(route.key_field)

    assert all(len(fields) == 1 for fields in key_fields.values()), key_fields


def test_a_producer_gets_topic_and_key_from_the_payload():
    payload = examples.consent_withdrawn()

    route = route_for(payload)

    assert (route.topic, route.key(payload)) == ("intake.clients", str(examples.CLIENT_ID))


def test_an_anonymous_visit_is_keyed_by_its_meeting_place():
    visit = examples.visit_recorded()

    assert route_for(visit).key(visit) == str(visit.meeting_place_id)


def test_a_payload_without_a_route_is_a_loud_error():
    class Unrouted(ClientRegistered):
        pass

    with pytest.raises(LookupError, match="Unrouted has no route"):
        route_for(Unrouted)


def test_registration_consent_and_erasure_share_a_topic_so_they_stay_in_order():
    # A consent withdrawn before it is recorded, or an erasure overtaken by an earlier fact
    # about the same person, would be applied wrongly: these must share one partition key.
    lifecycle = ["ClientRegistered", "ClientRegistrationVoided", "ConsentRecorded",
                 "ConsentWithdrawn", "NeedsAssessed", "ClientErased"]
    routes = {cls.__name__: route for cls, route in ROUTES.items()
              if cls.__name__ in lifecycle}

    assert {(r.topic, r.key_field) for r in routes.values()} == {("intake.clients", "client_id")}
    assert set(routes) == set(lifecycle)


@pytest.mark.parametrize(
    ("service", "topics_to_read"),
    [
        ("casework", ("intake.clients",)),
        ("meetingplace", ("intake.clients",)),
        ("reporting", topics.ALL),
        ("intake", ()),
    ],
)
def test_each_service_learns_which_topics_to_subscribe_to(service, topics_to_read):
    assert routing.subscriptions(service) == topics_to_read


def test_casework_and_meetingplace_consume_what_the_design_says():
    casework = routing.CONSUMERS["casework"]
    meetingplace = routing.CONSUMERS["meetingplace"]

    assert casework == {"intake.ClientRegistered", "intake.ConsentRecorded",
                        "intake.ConsentWithdrawn", "intake.ClientErased",
                        "intake.ClientRegistrationVoided"}
    assert meetingplace == casework
    assert routing.consumers_of(ClientErased.event_type) == ("casework", "meetingplace", "reporting")


def test_the_readme_table_is_the_routing_table():
    table = routing.markdown_table()

    assert len(table.splitlines()) == len(PAYLOADS) + 2
    assert table in README.read_text(encoding="utf-8"), (
        "contracts/README.md is out of date: paste `uv run python -m kohtaamo.contracts.docs`"
    )
