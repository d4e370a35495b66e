"""Which projection writes each integration event causes: every published event has one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.casework import v1 as cw
from kohtaamo.contracts.intake import v1 as it
from kohtaamo.contracts.meetingplace import v1 as mp
from kohtaamo.contracts.meetingplace import v2 as mp2

from ..projections import casework, clients, meetingplace
from ..projections.facts import Origin, Write

Projection = Callable[[Envelope[Any], Origin], list[Write]]

PROJECTIONS: dict[type[Any], Projection] = {
    it.ClientRegistered: clients.registered,
    it.ClientRegistrationVoided: clients.voided,
    it.ClientErased: clients.erased,
    it.ConsentRecorded: clients.consent_recorded,
    it.ConsentWithdrawn: clients.consent_withdrawn,
    it.NeedsAssessed: clients.needs_assessed,
    it.OutreachContactLinked: clients.outreach_linked,
    it.OutreachContactMade: clients.outreach_made,
    cw.ResponsibleWorkerAssigned: casework.worker_assigned,
    cw.AppointmentHeld: casework.appointment_held,
    cw.PlanAgreed: casework.plan_agreed,
    cw.PlanReviewed: casework.plan_reviewed,
    cw.ReferralMade: casework.referral_made,
    cw.ReferralOutcomeRecorded: casework.referral_outcome,
    cw.ServiceProvided: casework.service_provided,
    cw.TransitionRecorded: casework.transition,
    cw.ClientRelationshipEnded: casework.relationship_ended,
    cw.WorkActivityContractSigned: casework.contract_signed,
    cw.WorkActivityStarted: casework.work_started,
    cw.WorkActivityEnded: casework.work_ended,
    cw.WorkActivityAttendanceRecorded: casework.attendance,
    cw.WorkActivityAbsenceReported: casework.absence,
    cw.WorkActivityMidReviewed: casework.mid_reviewed,
    mp.MeetingPlaceOpened: meetingplace.place_opened,
    mp.MeetingPlaceClosed: meetingplace.place_closed,
    mp2.VisitRecorded: meetingplace.visit,  # v1 messages arrive upcast to v2
    mp.ActivityHeld: meetingplace.activity_held,
    mp.ActivityCancelled: meetingplace.activity_cancelled,
    mp.GroupParticipationRecorded: meetingplace.participation,
    mp.PeerSupportProvided: meetingplace.peer_support,
}


def writes_for(event: Envelope[Any], origin: Origin) -> list[Write]:
    """The SQL writes for one event. An event type without a projection is a bug here
    (the catalogue test checks there is none), so it fails loudly rather than vanish."""
    try:
        project = PROJECTIONS[type(event.payload)]
    except KeyError:
        raise LookupError(f"reporting has no projection for {event.event_type} "
                          f"v{event.schema_version}") from None
    return project(event, origin)
