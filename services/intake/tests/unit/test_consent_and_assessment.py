from datetime import date
from uuid import uuid4

import pytest

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
from kohtaamo.intake.domain.errors import (
    AlreadyLinked,
    ClientInactive,
    ConsentMissing,
    ConsentNotActive,
    ConsentNotFound,
)

DAY = date(2016, 3, 1)
DOMAINS = {
    "housing": "NO_NEED", "relationships": "SOME_NEED", "study_and_work_history": "SIGNIFICANT_NEED",
    "finances": "SOME_NEED", "health": "NOT_DISCUSSED", "substance_use": "NOT_DISCUSSED",
    "close_and_authority_network": "SOME_NEED",
}


def consent(client_id, parties=("KELA", "TE_OFFICE"), purposes=("INFORMATION_EXCHANGE",), **kw):
    return RecordConsent(client_id=client_id, organisation_id="091", parties=parties,
                         purposes=purposes, form="WRITTEN", given_on=DAY, **kw)


def test_a_recorded_consent_is_in_force_until_withdrawn(intake, register):
    client_id = register()
    consent_id = intake.consents.record(consent(client_id))

    in_force = intake.consents.in_force(client_id, "091", DAY)
    intake.consents.withdraw(WithdrawConsent(client_id, "091", consent_id, date(2016, 4, 1)))

    assert [c.consent_id for c in in_force] == [consent_id]
    assert intake.consents.in_force(client_id, "091", date(2016, 4, 1)) == []
    assert [c.consent_id for c in intake.consents.in_force(client_id, "091", date(2016, 3, 31))] == [consent_id]


def test_withdrawing_some_parties_keeps_the_rest(intake, register):
    client_id = register()
    consent_id = intake.consents.record(consent(client_id))

    intake.consents.withdraw(WithdrawConsent(client_id, "091", consent_id, DAY, parties=("KELA",)))

    assert intake.consents.in_force(client_id, "091", DAY)[0].parties == ("TE_OFFICE",)


def test_a_consent_expires_after_its_last_valid_day(intake, register):
    client_id = register()
    intake.consents.record(consent(client_id, valid_until=date(2016, 6, 30)))

    assert intake.consents.in_force(client_id, "091", date(2016, 6, 30))
    assert intake.consents.in_force(client_id, "091", date(2016, 7, 1)) == []


def test_withdrawing_a_consent_that_does_not_exist_is_refused_and_stores_nothing(intake, register):
    client_id = register()
    stored = intake.store.recorder.max_notification_id()

    with pytest.raises(ConsentNotFound):
        intake.consents.withdraw(WithdrawConsent(client_id, "091", uuid4(), DAY))

    assert intake.store.recorder.max_notification_id() == stored


def test_a_consent_cannot_be_withdrawn_twice_or_for_parties_it_never_covered(intake, register):
    client_id = register()
    consent_id = intake.consents.record(consent(client_id))

    with pytest.raises(ConsentNotActive, match="does not cover"):
        intake.consents.withdraw(WithdrawConsent(client_id, "091", consent_id, DAY, parties=("PARISH",)))
    intake.consents.withdraw(WithdrawConsent(client_id, "091", consent_id, DAY))
    with pytest.raises(ConsentNotActive, match="already"):
        intake.consents.withdraw(WithdrawConsent(client_id, "091", consent_id, DAY))


def assessment(client_id, **kw) -> AssessNeeds:
    findings = AssessmentFindings(assessor_roles=("SOCIAL_WORKER",), multi_professional=False,
                                  domains=DOMAINS, decision="CASEWORK_NEEDED")
    values = dict(client_id=client_id, organisation_id="091", assessed_on=DAY, findings=findings,
                  details={"housing": "Asuu tilapäisesti ystävän luona."})
    values.update(kw)
    return AssessNeeds(**values)


def test_assessment_details_are_sealed_with_the_clients_key(intake, register):
    client_id = register()

    assessment_id = intake.assessments.assess(assessment(client_id))

    sealed = intake.store.repository.get(client_id).assessments[assessment_id].sealed_details
    assert "ystävän" not in sealed
    assert intake.vault.unseal(client_id, sealed) == {"housing": "Asuu tilapäisesti ystävän luona."}


@pytest.mark.parametrize("how", ["void", "erase"])
def test_a_voided_or_erased_client_cannot_be_assessed(intake, register, how):
    client_id = register()
    if how == "void":
        intake.registrations.void(VoidRegistration(client_id, "091", "RECORDED_IN_ERROR", DAY))
    else:
        intake.registrations.erase(EraseClient(client_id, "091", "DATA_SUBJECT_REQUEST", "dpo"))
    stored = intake.store.recorder.max_notification_id()

    with pytest.raises(ClientInactive):
        intake.assessments.assess(assessment(client_id))

    assert intake.store.recorder.max_notification_id() == stored


def outreach() -> RecordOutreachContact:
    return RecordOutreachContact(organisation_id="091", contacted_on=date(2016, 2, 1),
                                 channel="HOME_VISIT", municipality_code="091", outcome="WANTS_SERVICE")


def test_an_outreach_contact_is_linked_only_with_the_clients_consent(intake, register):
    client_id = register()
    contact_id = intake.outreach.record(outreach())

    with pytest.raises(ConsentMissing):
        intake.outreach.link(LinkOutreachContact(contact_id, client_id, "091", DAY))
    consent_id = intake.consents.record(consent(client_id, parties=("OWN_ORGANISATION",),
                                               purposes=("OUTREACH_FOLLOW_UP",)))
    linked_with = intake.outreach.link(LinkOutreachContact(contact_id, client_id, "091", DAY))

    assert linked_with == consent_id
    assert intake.store.repository.get(contact_id).client_id == client_id
    with pytest.raises(AlreadyLinked):
        intake.outreach.link(LinkOutreachContact(contact_id, client_id, "091", DAY))


def test_a_consent_cannot_end_before_it_was_given(intake, register):
    from kohtaamo.intake.domain.errors import InvalidCommand

    client_id = register()

    with pytest.raises(InvalidCommand):
        intake.consents.record(consent(client_id, valid_until=date(2016, 2, 1)))
