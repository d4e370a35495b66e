"""Integration event ids: stable for one domain event, distinct across producers."""

from uuid import uuid4

from eventsourcing.domain import Aggregate

from kohtaamo.servicekit.outgoing import source_event_id


class Record(Aggregate):
    pass


def created(aggregate_id=None):
    record = Record._create(Record.Created, id=aggregate_id or uuid4())
    return record.collect_events()[0]


def test_the_same_domain_event_always_gets_the_same_event_id():
    event = created()
    assert source_event_id(event, "intake") == source_event_id(event, "intake")


def test_two_services_aggregates_with_one_id_give_their_events_distinct_ids():
    # given intake's record and casework's file of one client: the same id, the same version
    client_id = uuid4()
    intake_event, casework_event = created(client_id), created(client_id)
    assert (intake_event.originator_id, intake_event.originator_version) == (
        casework_event.originator_id, casework_event.originator_version)
    # when each service translates its own, then the ids differ (a consumer applying each
    # id once applies both)
    assert source_event_id(intake_event, "intake") != source_event_id(casework_event, "casework")
