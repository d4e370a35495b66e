from kohtaamo.reporting.application.projector import writes_for
from kohtaamo.reporting.projections.clients import INSERT_REGISTRATION


def test_a_registration_becomes_one_fact_row_of_codes_only(registered):
    event = registered()

    writes = writes_for(event)

    assert [statement for statement, _ in writes] == [INSERT_REGISTRATION]
    row = writes[0][1]
    assert row[0] == event.payload.client_id
    assert row[1:7] == ("908", None, event.payload.registered_on, "908", "OUTREACH", "18_24")
