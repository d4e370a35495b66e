"""Where each event is published and with which Kafka key, and who consumes it.

Producers: ``route_for(payload)`` gives the topic and ``route.key(payload)`` the key.
Consumers: ``subscriptions("casework")`` gives the topics to subscribe to.
Run ``python -m kohtaamo.contracts.docs`` to print the table in contracts/README.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from uuid import UUID

from . import topics
from .casework import v1 as cw
from .envelope import Payload
from .intake import v1 as it
from .meetingplace import v1 as mp
from .meetingplace import v2 as mp2


@dataclass(frozen=True)
class Route:
    topic: str
    key_field: str  # a required payload field; its value (as str) is the Kafka key

    def key(self, payload: Payload) -> str:
        return str(getattr(payload, self.key_field))


# One key field per topic: the client id wherever the events are about one client (Kafka
# keeps per-key order within a topic, and reporting needs each client's events in order),
# otherwise the aggregate id. Events whose client id is optional (anonymous by default)
# are keyed by their aggregate, so that an entry never lacks a key.
_TOPICS: dict[tuple[str, str], tuple[type[Payload], ...]] = {
    (topics.INTAKE_CLIENTS, "client_id"): (
        it.ClientRegistered, it.ClientRegistrationVoided, it.ConsentRecorded,
        it.ConsentWithdrawn, it.NeedsAssessed, it.ClientErased,
        # With the client's lifecycle, not the contact's: it must never overtake an erasure.
        it.OutreachContactLinked,
    ),
    (topics.INTAKE_OUTREACH, "contact_id"): (it.OutreachContactMade,),
    (topics.CASEWORK_CLIENTS, "client_id"): (
        cw.ResponsibleWorkerAssigned, cw.AppointmentHeld, cw.PlanAgreed, cw.PlanReviewed,
        cw.ReferralMade, cw.ReferralOutcomeRecorded, cw.ServiceProvided,
        cw.TransitionRecorded, cw.ClientRelationshipEnded,
    ),
    (topics.CASEWORK_WORK_ACTIVITIES, "client_id"): (
        cw.WorkActivityContractSigned, cw.WorkActivityStarted,
        cw.WorkActivityAttendanceRecorded, cw.WorkActivityAbsenceReported,
        cw.WorkActivityMidReviewed, cw.WorkActivityEnded,
    ),
    (topics.MEETINGPLACE_PLACES, "meeting_place_id"): (mp.MeetingPlaceOpened, mp.MeetingPlaceClosed),
    (topics.MEETINGPLACE_VISITS, "meeting_place_id"): (mp.VisitRecorded, mp2.VisitRecorded),
    (topics.MEETINGPLACE_ACTIVITIES, "activity_id"): (mp.ActivityHeld, mp.ActivityCancelled),
    (topics.MEETINGPLACE_PARTICIPATIONS, "client_id"): (mp.GroupParticipationRecorded,),
    (topics.MEETINGPLACE_PEER_SUPPORT, "peer_support_id"): (mp.PeerSupportProvided,),
}

ROUTES: Mapping[type[Payload], Route] = MappingProxyType(
    {cls: Route(topic, key) for (topic, key), classes in _TOPICS.items() for cls in classes}
)

_INTAKE_CLIENT_FACTS = frozenset(
    cls.event_type
    for cls in (it.ClientRegistered, it.ClientRegistrationVoided, it.ConsentRecorded,
                it.ConsentWithdrawn, it.ClientErased)
)

# Which event types each service handles. Reporting reads everything.
CONSUMERS: Mapping[str, frozenset[str]] = MappingProxyType({
    "casework": _INTAKE_CLIENT_FACTS,
    # Meetingplace knows which clients each organisation has (an unknown client is a 404,
    # a known one without consent a 409) and keeps its own view of their consents.
    "meetingplace": _INTAKE_CLIENT_FACTS,
    "reporting": frozenset(cls.event_type for cls in ROUTES),
})


def route_for(payload: Payload | type[Payload]) -> Route:
    cls = payload if isinstance(payload, type) else type(payload)
    try:
        return ROUTES[cls]
    except KeyError:
        raise LookupError(f"{cls.__qualname__} has no route: add it to routing._TOPICS") from None


def producer_of(event_type: str) -> str:
    """Event types are service-qualified: "casework.PlanAgreed" is produced by casework."""
    return event_type.split(".", 1)[0]


def subject_of(payload: Payload) -> UUID | None:
    """The envelope's ``subject_id`` for this payload: its client id, if it names one."""
    return getattr(payload, "client_id", None)


def consumers_of(event_type: str) -> tuple[str, ...]:
    return tuple(sorted(s for s, types in CONSUMERS.items() if event_type in types))


def subscriptions(service: str) -> tuple[str, ...]:
    """The topics ``service`` must read to get every event type it consumes."""
    wanted = CONSUMERS.get(service, frozenset())
    return tuple(t for t in topics.ALL
                 if any(r.topic == t and c.event_type in wanted for c, r in ROUTES.items()))


def markdown_table() -> str:
    rows = ["| Event | Version | Topic | Key | Producer | Consumers |",
            "|---|---|---|---|---|---|"]
    for cls, route in ROUTES.items():  # grouped by topic, as declared above
        rows.append(
            f"| `{cls.event_type}` | {cls.schema_version} | `{route.topic}` | "
            f"`{route.key_field}` | {producer_of(cls.event_type)} | "
            f"{', '.join(consumers_of(cls.event_type))} |"
        )
    return "\n".join(rows) + "\n"
