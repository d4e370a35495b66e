"""Intake's events open, update and close the casework file, each exactly once."""

import logging
from datetime import date
from uuid import uuid4

import pytest

from kohtaamo.casework.application.commands import MakeReferral
from kohtaamo.casework.domain.case_file import CaseFile
from kohtaamo.casework.domain.errors import ClientErased, ClientNotKnown, FileClosed
from kohtaamo.casework.domain.referral import Referral
from kohtaamo.contracts import examples
from kohtaamo.servicekit.messages import PermanentFailure
from kohtaamo.servicekit.testing import last_notification


def referral(**changes):
    fields = dict(referral_id=uuid4(), referred_on=date(2016, 4, 1), referring_role="SOCIAL_COUNSELLOR",
                  target="KELA", reason="REHABILITATION", basis="CONSENT")
    return Referral(**{**fields, **changes})


def test_a_registration_opens_a_file_with_no_worker(casework, deliver, staff):
    client_id = uuid4()

    opened = deliver(examples.client_registered(client_id=client_id, registered_on=date(2016, 3, 1)),
                     project_id="S20397")

    file = casework.store.file(client_id, "091")
    assert opened and (file.status, file.registered_on, file.project_id) == ("open", date(2016, 3, 1), "S20397")
    assert [e.client_id for e in casework.workers.without_worker(staff("manager"))] == [client_id]


def test_the_same_event_delivered_twice_changes_nothing_the_second_time(casework, deliver):
    client_id, event_id = uuid4(), uuid4()
    payload = examples.client_registered(client_id=client_id)
    deliver(payload, event_id=event_id)
    consent = examples.consent_recorded(client_id=client_id)
    consent_event = uuid4()
    deliver(consent, event_id=consent_event)
    before = last_notification(casework.store)

    again = [deliver(payload, event_id=event_id), deliver(consent, event_id=consent_event)]

    assert again == [False, False]
    assert last_notification(casework.store) == before


def test_a_registration_of_a_known_client_under_another_event_id_is_ignored(casework, deliver):
    client_id = uuid4()
    deliver(examples.client_registered(client_id=client_id, registered_on=date(2016, 3, 1)))
    before = last_notification(casework.store)

    assert not deliver(examples.client_registered(client_id=client_id, registered_on=date(2017, 1, 1)))
    assert last_notification(casework.store) == before
    assert casework.store.file(client_id, "091").registered_on == date(2016, 3, 1)


def test_consents_are_casework_own_view_whole_or_per_party(casework, deliver, own_client, staff):
    client_id = own_client()
    consent_id = uuid4()
    deliver(examples.consent_recorded(client_id=client_id, consent_id=consent_id, parties=["KELA", "TE_OFFICE"],
                                      purposes=["REFERRAL"], given_on=date(2016, 3, 1), valid_until=None))
    deliver(examples.consent_withdrawn(client_id=client_id, consent_id=consent_id, withdrawn_on=date(2016, 5, 1),
                                       whole_consent=False, parties_affected=["KELA"]))
    work = casework.client_work

    before_withdrawal = work.refer(staff(), MakeReferral(client_id, referral(referred_on=date(2016, 4, 30))))
    te_office = work.refer(staff(), MakeReferral(client_id, referral(target="TE_OFFICE", referred_on=date(2016, 6, 1))))

    assert before_withdrawal.consent_id == consent_id == te_office.consent_id
    with pytest.raises(Exception, match="KELA for purpose REFERRAL"):
        work.refer(staff(), MakeReferral(client_id, referral(referred_on=date(2016, 5, 1))))


def test_a_voided_registration_closes_the_file(casework, deliver, own_client, staff):
    client_id = own_client()

    deliver(examples.client_registration_voided(client_id=client_id, reason="RECORDED_IN_ERROR",
                                                duplicate_of=None, voided_on=date(2016, 3, 5)))

    assert casework.store.file(client_id, "091").status == "voided"
    with pytest.raises(FileClosed, match="voided"):
        casework.client_work.refer(staff(), MakeReferral(client_id, referral(basis="STATUTORY")))
    assert casework.workers.caseload(staff(), staff().worker_id) == []


def test_an_erasure_destroys_the_key_closes_the_file_and_later_events_are_dropped(
    casework, deliver, own_client, staff, vault, caplog
):
    caplog.set_level(logging.INFO)
    client_id = own_client()
    deliver(examples.client_erased(client_id=client_id))
    before = last_notification(casework.store)

    applied = deliver(examples.consent_recorded(client_id=client_id, consent_id=uuid4()))

    assert vault.keys[client_id] is False
    assert casework.store.file(client_id, "091").status == "erased"
    assert applied is False and last_notification(casework.store) == before
    assert casework.intake_facts.dropped == 1
    assert "dropped intake.ConsentRecorded" in caplog.text and "(1 dropped since start)" in caplog.text
    with pytest.raises(ClientErased):
        casework.client_work.refer(staff(), MakeReferral(client_id, referral(basis="STATUTORY")))


def test_an_erasure_delivered_again_destroys_the_key_again(casework, deliver, registered, vault):
    client_id, event_id = registered(), uuid4()
    deliver(examples.client_erased(client_id=client_id), event_id=event_id)
    vault.keys[client_id] = True  # as if a crash had come between the file and the key

    deliver(examples.client_erased(client_id=client_id), event_id=event_id)

    assert vault.keys[client_id] is False


def test_an_event_for_a_client_casework_never_heard_of_is_a_permanent_failure(deliver):
    with pytest.raises(PermanentFailure, match="no file for client"):
        deliver(examples.consent_recorded(client_id=uuid4()))


def test_events_casework_does_not_consume_are_ignored(casework, deliver, registered):
    client_id = registered()
    before = last_notification(casework.store)

    assert not deliver(examples.needs_assessed(client_id=client_id))
    assert last_notification(casework.store) == before


def test_another_organisation_does_not_see_the_file(casework, registered):
    client_id = registered(org="837")

    with pytest.raises(ClientNotKnown, match="may still be on its way"):
        casework.store.file(client_id, "091")
    assert isinstance(casework.store.file(client_id, "837"), CaseFile)
