"""What leaves intake: every domain event mapped to its contract, nothing personal."""

from datetime import date

from kohtaamo.contracts import default_registry
from kohtaamo.contracts.intake import v1
from kohtaamo.intake.application.commands import (
    AssessNeeds,
    EraseClient,
    LinkOutreachContact,
    RecordConsent,
    RecordOutreachContact,
    VoidRegistration,
    WithdrawConsent,
)
from kohtaamo.intake.domain.assessment import AssessmentFindings
from kohtaamo.intake.application.publishing import Publisher

DAY = date(2016, 3, 1)
DOMAINS = dict.fromkeys(
    ["housing", "relationships", "study_and_work_history", "finances", "health",
     "substance_use", "close_and_authority_network"], "SOME_NEED",
)


def published(intake):
    translate = Publisher(intake.store)
    notifications = intake.store.recorder.select_notifications(start=None, limit=1000)
    return [o for o in (translate(intake.store.mapper.to_domain_event(n)) for n in notifications) if o]


def test_a_clients_whole_intake_story_is_published_in_order_with_codes_only(intake, register, new_identity_code):
    code = new_identity_code()
    client_id = register(code=code)
    consent_id = intake.consents.record(RecordConsent(
        client_id, "091", ("OWN_ORGANISATION",), ("OUTREACH_FOLLOW_UP",), "WRITTEN", DAY))
    findings = AssessmentFindings(("SOCIAL_WORKER",), False, DOMAINS, "CASEWORK_NEEDED")
    intake.assessments.assess(AssessNeeds(client_id, "091", DAY, findings,
                                          details={"health": "Diabetes, hoitotasapaino huono"}))
    contact_id = intake.outreach.record(RecordOutreachContact("091", DAY, "STREET", "091", "WANTS_SERVICE"))
    intake.outreach.link(LinkOutreachContact(contact_id, client_id, "091", DAY))
    intake.consents.withdraw(WithdrawConsent(client_id, "091", consent_id, DAY))
    intake.registrations.erase(EraseClient(client_id, "091", "DATA_SUBJECT_REQUEST", "dpo"))

    outgoing = published(intake)

    events = [default_registry().parse(o.envelope.to_bytes()) for o in outgoing]
    about_client = [type(e.payload) for e in events if e.subject_id == client_id]
    assert about_client == [
        v1.ClientRegistered, v1.ConsentRecorded, v1.NeedsAssessed, v1.OutreachContactLinked,
        v1.ConsentWithdrawn, v1.ClientErased,
    ]
    assert [type(e.payload) for e in events if e.subject_id is None] == [v1.OutreachContactMade]
    wire = b"".join(o.envelope.to_bytes() for o in outgoing)
    for secret in ("Aino", "Virtanen", code, "Diabetes", "123 4567"):
        assert secret.encode() not in wire
    assert {o.topic for o in outgoing} == {"intake.clients", "intake.outreach"}
    assert all(o.key == str(client_id) for o in outgoing if o.topic == "intake.clients")


def test_the_registration_carries_codes_organisation_and_project(intake, register):
    client_id = register()

    registered = published(intake)[0].envelope

    assert registered.organisation_id == "091" and registered.project_id == "S20397"
    assert registered.payload.client_id == client_id
    assert (registered.payload.gender, registered.payload.target_groups) == ("FEMALE", ("LONG_TERM_UNEMPLOYED",))
    assert (registered.payload.age_band, registered.payload.age_band_detail) == ("25_29", "25_29")


def test_a_voided_registration_says_why(intake, register):
    client_id = register()
    intake.registrations.void(VoidRegistration(client_id, "091", "RECORDED_IN_ERROR", DAY))

    voided = published(intake)[-1].envelope.payload

    assert isinstance(voided, v1.ClientRegistrationVoided)
    assert (voided.client_id, voided.reason) == (client_id, "RECORDED_IN_ERROR")


def test_republishing_keeps_each_event_id(intake, register):
    register()

    assert [o.envelope.event_id for o in published(intake)] == [o.envelope.event_id for o in published(intake)]
