"""Kafka topic names, one per producing service and aggregate type.

Deployments and tests may put a prefix in front (``KafkaSettings.topic_prefix``);
dead letters of a topic go to ``<topic>.dlt``. Which event goes where, and with which
key, is in ``routing.ROUTES``.
"""

# A client's intake lifecycle (registration, void, consents, assessment, erasure): one
# topic keyed by client id, so that e.g. a consent and its withdrawal arrive in order.
INTAKE_CLIENTS = "intake.clients"
INTAKE_OUTREACH = "intake.outreach"  # anonymous outreach contacts, keyed by contact id

CASEWORK_CLIENTS = "casework.clients"  # the client case, keyed by client id
CASEWORK_WORK_ACTIVITIES = "casework.work-activities"  # kuty periods, keyed by client id

MEETINGPLACE_PLACES = "meetingplace.places"  # keyed by meeting place id
MEETINGPLACE_VISITS = "meetingplace.visits"  # keyed by meeting place id (mostly anonymous)
MEETINGPLACE_ACTIVITIES = "meetingplace.activities"  # keyed by activity id
MEETINGPLACE_PARTICIPATIONS = "meetingplace.participations"  # keyed by client id
MEETINGPLACE_PEER_SUPPORT = "meetingplace.peer-support"  # keyed by peer support id

ALL: tuple[str, ...] = (
    INTAKE_CLIENTS,
    INTAKE_OUTREACH,
    CASEWORK_CLIENTS,
    CASEWORK_WORK_ACTIVITIES,
    MEETINGPLACE_PLACES,
    MEETINGPLACE_VISITS,
    MEETINGPLACE_ACTIVITIES,
    MEETINGPLACE_PARTICIPATIONS,
    MEETINGPLACE_PEER_SUPPORT,
)

DEAD_LETTER_SUFFIX = ".dlt"


def dead_letter(topic: str) -> str:
    return topic + DEAD_LETTER_SUFFIX
