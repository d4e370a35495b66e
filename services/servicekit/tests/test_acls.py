"""The ACL set follows the contracts' routing table: write your own, read what you consume."""

from __future__ import annotations

from kohtaamo.contracts import topics
from kohtaamo.contracts.routing import subscriptions
from kohtaamo.servicekit.acls import (
    AclBinding,
    Operation,
    PatternType,
    ResourceType,
    acl_bindings,
    producer_of_topic,
    provisioned_topics,
    services,
)


def allowed(principal: str, operation: Operation) -> set[str]:
    """The topics ``principal`` may use for ``operation``."""
    return {b.resource_name for b in acl_bindings()
            if b.principal == f"User:{principal}" and b.operation is operation
            and b.resource_type is ResourceType.TOPIC}


def test_there_is_one_principal_per_service():
    assert services() == ("casework", "intake", "meetingplace", "reporting")
    assert {b.principal for b in acl_bindings()} == {f"User:{s}" for s in services()}


def test_only_intake_may_write_intakes_client_topic():
    writers = {b.principal for b in acl_bindings()
               if b.resource_name == topics.INTAKE_CLIENTS and b.operation is Operation.WRITE}

    assert writers == {"User:intake"}


def test_each_service_writes_exactly_its_own_topics_and_the_dead_letters_of_what_it_reads():
    for service in services():
        own = {t for t in topics.ALL if producer_of_topic(t) == service}
        dead_letters = {topics.dead_letter(t) for t in subscriptions(service)}

        assert allowed(service, Operation.WRITE) == own | dead_letters
        assert allowed(service, Operation.CREATE) == own | dead_letters


def test_each_service_reads_exactly_the_topics_it_consumes():
    for service in services():
        assert allowed(service, Operation.READ) == set(subscriptions(service))
    assert topics.INTAKE_OUTREACH not in allowed("casework", Operation.READ)
    assert allowed("intake", Operation.READ) == set()  # intake consumes nothing


def test_a_consumer_may_use_every_group_named_from_its_own_and_no_other():
    groups = [b for b in acl_bindings() if b.resource_type is ResourceType.GROUP]

    assert {(b.principal, b.resource_name, b.pattern_type, b.operation) for b in groups} == {
        (f"User:{s}", s, PatternType.PREFIXED, Operation.READ)
        for s in services() if subscriptions(s)
    }


def test_topics_are_matched_literally_so_a_topic_never_covers_its_dead_letters():
    topic_bindings = [b for b in acl_bindings() if b.resource_type is ResourceType.TOPIC]

    assert {b.pattern_type for b in topic_bindings} == {PatternType.LITERAL}


def test_a_prefix_is_put_in_front_of_every_name():
    plain, prefixed = acl_bindings(), acl_bindings("t1.")

    assert {AclBinding(b.principal, b.resource_type, "t1." + b.resource_name, b.pattern_type,
                       b.operation) for b in plain} == set(prefixed)
    assert all(name.startswith("t1.") for name in provisioned_topics("t1."))


def test_provisioning_creates_every_contract_topic_and_the_dead_letter_topic_of_each():
    assert set(provisioned_topics()) == {*topics.ALL, *(topics.dead_letter(t) for t in topics.ALL)}
