from datetime import UTC, date, datetime

from kohtaamo.contracts import PAYLOADS, examples
from kohtaamo.contracts.catalogue import UPCASTERS
from kohtaamo.reporting.application.projector import PROJECTIONS, writes_for
from kohtaamo.servicekit.consumer import Source

SOURCE = Source("intake.clients", 2, 41)


def test_every_published_event_has_a_projection():
    upcast_away = {(t, v) for t, v, _ in UPCASTERS}  # old versions arrive as the latest
    latest = [p for p in PAYLOADS if (p.event_type, p.schema_version) not in upcast_away]

    assert sorted(p.__qualname__ for p in latest if p not in PROJECTIONS) == []


def test_every_example_event_becomes_fact_rows_with_provenance():
    for payload_type, build in examples.BUILDERS.items():
        if payload_type not in PROJECTIONS:
            continue
        event = examples.envelope(build())

        writes = writes_for(event, SOURCE)

        assert writes, payload_type
        for row in writes:
            assert row.table.startswith("fact_")
            assert row.columns[0] == "event_id" and len(row.columns) == len(row.values)
            assert row.values[0] == event.event_id
            assert row.values[-4:] == (event.recorded_at, "intake.clients", 2, 41)


def test_a_registration_keeps_its_date_codes_and_both_age_bands():
    payload = examples.client_registered(age_band="50_64", age_band_detail="55_64", gender="MALE")
    event = examples.envelope(payload, organisation_id="908", project_id="S20397")

    [row] = writes_for(event, SOURCE)

    assert row.table == "fact_registrations"
    params = row.values
    assert params[1:7] == (payload.client_id, "743", "TE_OFFICE", "MALE", "50_64", "55_64")
    assert params[7:10] == ("908", "S20397", payload.registered_on)


def test_without_a_payload_date_the_effective_date_is_the_helsinki_date_of_occurred_at():
    # 22:30 UTC on 31 March 2016 is 01:30 on 1 April in Helsinki (summer time).
    held = examples.activity_held(started_at=datetime(2016, 3, 31, 22, 30, tzinfo=UTC))
    erased = examples.envelope(examples.client_erased(),
                               occurred_at=datetime(2016, 12, 31, 22, 30, tzinfo=UTC))

    assert effective_date(writes_for(examples.envelope(held), SOURCE)) == date(2016, 4, 1)
    assert effective_date(writes_for(erased, SOURCE)) == date(2017, 1, 1)


def effective_date(writes):
    # The provenance columns close every row: org, project, effective date, recorded_at, source.
    return writes[0].values[-5]


def test_a_void_an_end_and_a_cancellation_are_new_rows_not_updates():
    events = [examples.client_registration_voided(), examples.client_relationship_ended(),
              examples.activity_cancelled()]

    statements = [writes_for(examples.envelope(p), SOURCE)[0].statement for p in events]

    assert all(s.startswith("INSERT") and "UPDATE" not in s for s in statements)
