"""Who may do what on the broker, derived from the contracts' routing table.

One Kafka principal per service. A service may write (and create) only the topics whose
events it produces; a consuming service may read the topics it consumes, use its own
consumer groups, and write the dead-letter topics of what it consumes (consumers of the
same topic share its ``<topic>.dlt``). Nothing else is allowed, and the broker refuses
whatever no binding allows (``allow.everyone.if.no.acl.found=false``); operations tooling
uses the ``admin`` super user. Pure data: ``provision`` sends it to the broker.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from kohtaamo.contracts import topics
from kohtaamo.contracts.routing import CONSUMERS, ROUTES, producer_of, subscriptions

ADMIN = "admin"


# The codes are Kafka's own (org.apache.kafka.common.acl / .resource).
class ResourceType(IntEnum):
    TOPIC = 2
    GROUP = 3


class PatternType(IntEnum):
    LITERAL = 3
    PREFIXED = 4


class Operation(IntEnum):
    READ = 3
    WRITE = 4
    CREATE = 5
    DESCRIBE = 8


ALLOW = 3  # Kafka's AclPermissionType.ALLOW; no binding here denies


@dataclass(frozen=True, order=True)
class AclBinding:
    principal: str  # "User:<name>"
    resource_type: ResourceType
    resource_name: str
    pattern_type: PatternType
    operation: Operation
    host: str = "*"
    permission: int = ALLOW


def services() -> tuple[str, ...]:
    """Every service that produces or consumes events: one principal each."""
    producers = {producer_of(cls.event_type) for cls in ROUTES}
    return tuple(sorted(producers | set(CONSUMERS)))


def producer_of_topic(topic: str) -> str:
    """The one service whose events go to ``topic``."""
    producers = {producer_of(cls.event_type) for cls, route in ROUTES.items() if route.topic == topic}
    if len(producers) != 1:
        raise ValueError(f"topic {topic} must have exactly one producer, has {sorted(producers)}")
    return producers.pop()


def acl_bindings(prefix: str = "") -> tuple[AclBinding, ...]:
    """The whole ACL set for topics and groups named with ``prefix`` (tests, shared clusters)."""
    bindings: set[AclBinding] = set()

    def allow(service: str, kind: ResourceType, name: str, pattern: PatternType,
              *operations: Operation) -> None:
        bindings.update(AclBinding(f"User:{service}", kind, prefix + name, pattern, op)
                        for op in operations)

    for topic in topics.ALL:
        allow(producer_of_topic(topic), ResourceType.TOPIC, topic, PatternType.LITERAL,
              Operation.WRITE, Operation.DESCRIBE, Operation.CREATE)
    for service in services():
        consumed = subscriptions(service)
        for topic in consumed:
            allow(service, ResourceType.TOPIC, topic, PatternType.LITERAL,
                  Operation.READ, Operation.DESCRIBE)
            allow(service, ResourceType.TOPIC, topics.dead_letter(topic), PatternType.LITERAL,
                  Operation.WRITE, Operation.DESCRIBE, Operation.CREATE)
        if consumed:
            # Prefixed: a rebuild reads with a new group named from the service's
            # ("reporting-rebuild-2"), side by side with the running one.
            allow(service, ResourceType.GROUP, service, PatternType.PREFIXED, Operation.READ)
    return tuple(sorted(bindings))


def provisioned_topics(prefix: str = "") -> tuple[str, ...]:
    """Every contract topic, and the dead-letter topic of each one somebody consumes."""
    consumed = {topic for service in services() for topic in subscriptions(service)}
    names = [*topics.ALL, *(topics.dead_letter(t) for t in topics.ALL if t in consumed)]
    return tuple(prefix + name for name in names)
