"""Every published payload, and the default registry built from them."""

from .casework import v1 as casework_v1
from .envelope import Payload
from .intake import v1 as intake_v1
from .meetingplace import v1 as meetingplace_v1
from .meetingplace import v2 as meetingplace_v2
from .registry import Registry, Upcaster

# Every (event type, version) ever published, old versions included: each has a schema
# snapshot, and old messages still parse (upcast to the latest version).
PAYLOADS: tuple[type[Payload], ...] = (
    intake_v1.ClientRegistered,
    intake_v1.ClientRegistrationVoided,
    intake_v1.ConsentRecorded,
    intake_v1.ConsentWithdrawn,
    intake_v1.NeedsAssessed,
    intake_v1.OutreachContactMade,
    intake_v1.OutreachContactLinked,
    intake_v1.ClientErased,
    casework_v1.ResponsibleWorkerAssigned,
    casework_v1.AppointmentHeld,
    casework_v1.PlanAgreed,
    casework_v1.PlanReviewed,
    casework_v1.ReferralMade,
    casework_v1.ReferralOutcomeRecorded,
    casework_v1.ServiceProvided,
    casework_v1.WorkActivityContractSigned,
    casework_v1.WorkActivityStarted,
    casework_v1.WorkActivityAttendanceRecorded,
    casework_v1.WorkActivityAbsenceReported,
    casework_v1.WorkActivityMidReviewed,
    casework_v1.WorkActivityEnded,
    casework_v1.TransitionRecorded,
    casework_v1.ClientRelationshipEnded,
    meetingplace_v1.MeetingPlaceOpened,
    meetingplace_v1.MeetingPlaceClosed,
    meetingplace_v1.VisitRecorded,
    meetingplace_v2.VisitRecorded,
    meetingplace_v1.ActivityHeld,
    meetingplace_v1.ActivityCancelled,
    meetingplace_v1.GroupParticipationRecorded,
    meetingplace_v1.PeerSupportProvided,
)

# (event type, from version, function lifting a payload dict to from version + 1).
UPCASTERS: tuple[tuple[str, int, Upcaster], ...] = (
    ("meetingplace.VisitRecorded", 1, meetingplace_v2.visit_recorded_v1_to_v2),
)


def default_registry() -> Registry:
    registry = Registry(PAYLOADS)
    for event_type, from_version, upcast in UPCASTERS:
        registry.register_upcaster(event_type, from_version, upcast)
    return registry
