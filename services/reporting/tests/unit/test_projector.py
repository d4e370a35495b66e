from kohtaamo.contracts import examples
from kohtaamo.reporting.application.projector import writes_for
from kohtaamo.reporting.projections.clients import INSERT_REGISTRATION, MARK_ERASED, MARK_VOIDED


def test_a_registration_becomes_one_fact_row_of_codes_only(registered):
    event = registered()

    writes = writes_for(event)

    assert [statement for statement, _ in writes] == [INSERT_REGISTRATION]
    row = writes[0][1]
    assert row[0] == event.payload.client_id
    assert row[1:7] == ("908", None, event.payload.registered_on, "908", "OUTREACH", "18_24")


def test_a_voided_registration_is_marked_and_an_erased_one_only_flagged(registered):
    client_id = registered().payload.client_id
    voided = examples.envelope(examples.client_registration_voided(client_id=client_id))
    erased = examples.envelope(examples.client_erased(client_id=client_id))

    assert [s for s, _ in writes_for(voided)] == [MARK_VOIDED]
    assert writes_for(voided)[0][1][0] == client_id
    assert [s for s, _ in writes_for(erased)] == [MARK_ERASED]


def test_events_no_indicator_uses_yet_write_nothing():
    assert writes_for(examples.envelope(examples.plan_agreed())) == []
