"""Valid example events, for tests here and in the services: no test hand-writes wire JSON.

Each builder returns a payload with sensible defaults, overridable by keyword::

    payload = examples.client_registered(client_id=some_id, registered_on=date(2016, 3, 1))
    message = examples.envelope(payload, organisation_id="301").to_bytes()

Ids are fixed (uuid5 of a readable name: ``examples.uid("client")``), so examples that
belong together, e.g. a plan and its review, match without wiring.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, TypeVar
from uuid import UUID, uuid5

from .casework import v1 as cw
from .envelope import Envelope, Payload
from .intake import v1 as it
from .meetingplace import v1 as mp
from .meetingplace import v2 as mp2
from .routing import producer_of, subject_of

P = TypeVar("P", bound=Payload)
_NAMESPACE = UUID("8f8a5c1e-3a57-4b4e-9a55-6b6f6874616d")


def uid(name: str) -> UUID:
    """A stable example id: the same name always gives the same UUID."""
    return uuid5(_NAMESPACE, name)


CLIENT_ID = uid("client")
MUNICIPALITY = "743"  # Seinäjoki
ORGANISATION_ID = "743"
PROJECT_ID = "S20397"  # the EURA code of the SoKu project
OCCURRED_AT = datetime(2016, 3, 1, 8, 0, tzinfo=UTC)
RECORDED_AT = datetime(2016, 3, 1, 8, 5, tzinfo=UTC)

_BUILDERS: dict[type[Payload], Callable[..., Payload]] = {}
BUILDERS: Mapping[type[Payload], Callable[..., Payload]] = MappingProxyType(_BUILDERS)


def _builder(cls: type[P], name: str, **defaults: Any) -> Callable[..., P]:
    def build(**overrides: Any) -> P:
        return cls.model_validate({**defaults, **overrides})

    build.__name__ = build.__qualname__ = name
    build.__doc__ = f"A valid {cls.event_type} v{cls.schema_version}; keywords override fields."
    _BUILDERS[cls] = build
    return build


def example(payload_type: type[P], **overrides: Any) -> P:
    return _BUILDERS[payload_type](**overrides)  # type: ignore[return-value]


def envelope(payload: P, **meta: Any) -> Envelope[P]:
    """Wrap ``payload`` with fixed metadata; the event id follows from the payload."""
    defaults: dict[str, Any] = {
        "event_id": uuid5(_NAMESPACE, f"{payload.event_type}/{payload.model_dump_json()}"),
        "occurred_at": OCCURRED_AT,
        "recorded_at": RECORDED_AT,
        "producer": producer_of(payload.event_type),
        "organisation_id": ORGANISATION_ID,
        "project_id": PROJECT_ID,
        "subject_id": subject_of(payload),
    }
    return Envelope.wrap(payload, **{**defaults, **meta})


# intake ------------------------------------------------------------------------------
client_registered = _builder(
    it.ClientRegistered, "client_registered", client_id=CLIENT_ID,
    registered_on=date(2016, 3, 1), municipality_code=MUNICIPALITY,
    referral_source="TE_OFFICE", age_band="25_29", gender="FEMALE",
    target_groups=["LONG_TERM_UNEMPLOYED"],
)
client_registration_voided = _builder(
    it.ClientRegistrationVoided, "client_registration_voided", client_id=uid("duplicate"),
    voided_on=date(2016, 3, 2), reason="DUPLICATE", duplicate_of=CLIENT_ID,
)
consent_recorded = _builder(
    it.ConsentRecorded, "consent_recorded", client_id=CLIENT_ID, consent_id=uid("consent"),
    parties=["TE_OFFICE", "KELA", "MEETING_PLACE"],
    purposes=["INFORMATION_EXCHANGE", "PARTICIPATION_RECORDING"],
    form="WRITTEN", given_on=date(2016, 3, 1), valid_until=date(2017, 3, 1),
)
consent_withdrawn = _builder(
    it.ConsentWithdrawn, "consent_withdrawn", client_id=CLIENT_ID, consent_id=uid("consent"),
    withdrawn_on=date(2016, 9, 1), whole_consent=False, parties_affected=["KELA"],
)
needs_assessed = _builder(
    it.NeedsAssessed, "needs_assessed", client_id=CLIENT_ID, assessment_id=uid("assessment"),
    assessed_on=date(2016, 3, 1), assessor_roles=["SOCIAL_WORKER", "NURSE"],
    multi_professional=True,
    domains={"housing": "NO_NEED", "relationships": "SOME_NEED",
             "study_and_work_history": "SIGNIFICANT_NEED", "finances": "SOME_NEED",
             "health": "NOT_DISCUSSED", "substance_use": "NOT_DISCUSSED",
             "close_and_authority_network": "SOME_NEED"},
    decision="CASEWORK_NEEDED", plan_participant_roles=["SOCIAL_COUNSELLOR"],
    plan_participant_parties=["TE_OFFICE"],
)
outreach_contact_made = _builder(
    it.OutreachContactMade, "outreach_contact_made", contact_id=uid("contact"),
    contacted_on=date(2016, 2, 20), channel="HOME_VISIT", municipality_code="301",
    partner="PARISH", outcome="WANTS_SERVICE",
)
outreach_contact_linked = _builder(
    it.OutreachContactLinked, "outreach_contact_linked", contact_id=uid("contact"),
    client_id=CLIENT_ID, consent_id=uid("consent"), linked_on=date(2016, 3, 2),
)
client_erased = _builder(it.ClientErased, "client_erased", client_id=CLIENT_ID)

# casework: the client case ----------------------------------------------------------
responsible_worker_assigned = _builder(
    cw.ResponsibleWorkerAssigned, "responsible_worker_assigned", client_id=CLIENT_ID,
    worker_id=uid("worker"), role="SOCIAL_COUNSELLOR", worker_model="OWN_WORKER",
    allocation_basis="AREA", assigned_on=date(2016, 3, 2),
)
appointment_held = _builder(
    cw.AppointmentHeld, "appointment_held", client_id=CLIENT_ID, appointment_id=uid("appointment"),
    kind="PREPARED_APPOINTMENT", channel="FACE_TO_FACE", purpose="CAPACITY_MAPPING",
    held_on=date(2016, 3, 15), duration_min=90, participant_roles=["SOCIAL_WORKER", "NURSE"],
    follow_up_parties=["TREATING_DOCTOR", "KELA"],
)
plan_agreed = _builder(
    cw.PlanAgreed, "plan_agreed", client_id=CLIENT_ID, plan_id=uid("plan"), plan_type="CLIENT_PLAN",
    agreed_on=date(2016, 3, 10), participant_roles=["SOCIAL_COUNSELLOR", "EMPLOYMENT_COUNSELLOR"],
    participant_parties=["TE_OFFICE"], goal_ids=[uid("goal-1"), uid("goal-2")],
    measures=[{"service_type": "GROUP_COACHING", "provider": "OWN_ORGANISATION"}],
    review_due_on=date(2017, 1, 10), consent_id=uid("consent"),
)
plan_reviewed = _builder(
    cw.PlanReviewed, "plan_reviewed", client_id=CLIENT_ID, plan_id=uid("plan"),
    reviewed_on=date(2016, 12, 1), review_type="REGULAR",
    goal_attainment=[{"goal_id": uid("goal-1"), "status": "ACHIEVED"},
                     {"goal_id": uid("goal-2"), "status": "PARTLY_ACHIEVED"}],
    measures_changed=False, next_review_due_on=date(2017, 12, 1),
)
referral_made = _builder(
    cw.ReferralMade, "referral_made", client_id=CLIENT_ID, referral_id=uid("referral"),
    referred_on=date(2016, 3, 16), referring_role="SOCIAL_COUNSELLOR", target="UNEMPLOYED_NURSE",
    service_type="HEALTH_CHECK", reason="HEALTH_CHECK", basis="CONSENT", consent_id=uid("consent"),
)
referral_outcome_recorded = _builder(
    cw.ReferralOutcomeRecorded, "referral_outcome_recorded", client_id=CLIENT_ID,
    referral_id=uid("referral"), outcome="STARTED", outcome_on=date(2016, 4, 1),
)
service_provided = _builder(
    cw.ServiceProvided, "service_provided", client_id=CLIENT_ID, service_episode_id=uid("service"),
    service_type="INDIVIDUAL_COACHING", provider="OWN_ORGANISATION", provided_on=date(2016, 4, 5),
    quantity=1, unit="SESSION",
)
transition_recorded = _builder(
    cw.TransitionRecorded, "transition_recorded", client_id=CLIENT_ID, transition_id=uid("transition"),
    transition_on=date(2016, 9, 1), destination="OTHER_TRAINING", source="KUTY_END",
    work_activity_id=uid("work-activity"),
)
client_relationship_ended = _builder(
    cw.ClientRelationshipEnded, "client_relationship_ended", client_id=CLIENT_ID,
    ended_on=date(2017, 6, 30), reason="GOALS_MET", final_plan_id=uid("plan"),
)

# casework: rehabilitative work activity (kuty) --------------------------------------
work_activity_contract_signed = _builder(
    cw.WorkActivityContractSigned, "work_activity_contract_signed", client_id=CLIENT_ID,
    contract_id=uid("contract"), plan_id=uid("kuty-plan"), placement_id=uid("placement"),
    organiser_kind="NGO", form="GROUP", signed_on=date(2016, 3, 20),
    planned_start_on=date(2016, 4, 1), planned_end_on=date(2016, 6, 30), days_per_week=1,
    hours_per_day=4, task_areas=["KITCHEN"], mid_review_due_on=date(2016, 5, 15),
)
work_activity_started = _builder(
    cw.WorkActivityStarted, "work_activity_started", client_id=CLIENT_ID,
    work_activity_id=uid("work-activity"), contract_id=uid("contract"),
    placement_id=uid("placement"), organiser_kind="NGO", form="GROUP",
    started_on=date(2016, 4, 1), days_per_week=1, hours_per_day=4,
)
work_activity_attendance_recorded = _builder(
    cw.WorkActivityAttendanceRecorded, "work_activity_attendance_recorded", client_id=CLIENT_ID,
    work_activity_id=uid("work-activity"), period_start=date(2016, 4, 1),
    period_end=date(2016, 4, 30), days_attended=4, hours_attended=16,
    recorded_by_role="KUTY_ORGANISER_REP",
)
work_activity_absence_reported = _builder(
    cw.WorkActivityAbsenceReported, "work_activity_absence_reported", client_id=CLIENT_ID,
    work_activity_id=uid("work-activity"), absent_from=date(2016, 4, 15),
    absent_until=date(2016, 4, 15), category="SICKNESS",
    reported_by_client_at=datetime(2016, 4, 15, 6, 30, tzinfo=UTC),
    counsellor_notified_at=datetime(2016, 4, 15, 9, 0, tzinfo=UTC),
)
work_activity_mid_reviewed = _builder(
    cw.WorkActivityMidReviewed, "work_activity_mid_reviewed", client_id=CLIENT_ID,
    work_activity_id=uid("work-activity"), reviewed_on=date(2016, 5, 15), feedback_given=True,
    self_assessment_done=True, goals_reviewed=True, decision="CONTINUE",
)
work_activity_ended = _builder(
    cw.WorkActivityEnded, "work_activity_ended", client_id=CLIENT_ID,
    work_activity_id=uid("work-activity"), ended_on=date(2016, 6, 30), end_type="COMPLETED",
    end_reasons=["PLANNED_END", "MOVED_TO_OTHER_KUTY"], end_evaluation_done=True,
    self_assessment_done=True, follow_up_plan_id=uid("follow-up-plan"),
)

# meetingplace ------------------------------------------------------------------------
meeting_place_opened = _builder(
    mp.MeetingPlaceOpened, "meeting_place_opened", meeting_place_id=uid("meeting-place"),
    municipality_code="301", opened_on=date(2013, 1, 7), premises="RENTED_FLAT",
    facilities=["COMPUTER", "SEWING_MACHINE", "RECYCLING_POINT"], free_of_charge=True,
)
meeting_place_closed = _builder(
    mp.MeetingPlaceClosed, "meeting_place_closed", meeting_place_id=uid("meeting-place"),
    closed_on=date(2015, 12, 31),
)
visit_recorded = _builder(
    mp2.VisitRecorded, "visit_recorded", meeting_place_id=uid("meeting-place"),
    visit_id=uid("visit"), visit_date=date(2013, 3, 4), time_slot="AFTERNOON",
    visitor_kind="ANONYMOUS", headcount=5, purpose="DROP_IN",
)
visit_recorded_v1 = _builder(
    mp.VisitRecorded, "visit_recorded_v1", meeting_place_id=uid("meeting-place"),
    visit_id=uid("visit"), visited_at=datetime(2013, 3, 4, 12, 30, tzinfo=UTC),
    visitor_kind="ANONYMOUS", headcount=5, purpose="DROP_IN",
)
activity_held = _builder(
    mp.ActivityHeld, "activity_held", activity_id=uid("activity"),
    meeting_place_id=uid("meeting-place"), municipality_code="301",
    activity_type="RESIDENTS_FORUM", theme="COMMUNITY_AND_NEIGHBOURHOOD",
    organisers=["PROJECT", "SOCIAL_OFFICE"], started_at=datetime(2013, 2, 12, 15, 0, tzinfo=UTC),
    duration_min=120, attendee_count=0, sensitive_membership=False,
)
activity_cancelled = _builder(
    mp.ActivityCancelled, "activity_cancelled", activity_id=uid("cancelled-activity"),
    municipality_code="743", activity_type="DEVELOPER_CLIENT_SESSION", theme="SERVICE_DEVELOPMENT",
    planned_on=date(2013, 4, 10), cancelled_on=date(2013, 4, 3), reason="TOO_FEW_SIGNUPS",
    signup_count=1,
)
group_participation_recorded = _builder(
    mp.GroupParticipationRecorded, "group_participation_recorded", activity_id=uid("group"),
    client_id=CLIENT_ID, activity_type="GROUP_COACHING", participated_on=date(2016, 4, 12),
    attended=True, consent_id=uid("consent"),
)
peer_support_provided = _builder(
    mp.PeerSupportProvided, "peer_support_provided", peer_support_id=uid("peer-support"),
    form="ONLINE", provided_on=date(2016, 5, 2), recipient_kind="ANONYMOUS", recipient_count=3,
)
