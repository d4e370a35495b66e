"""Erasure, voiding, the access log: personal data protection in the application."""

import pytest

from kohtaamo.intake.application.commands import EraseClient, VoidRegistration
from kohtaamo.intake.application.ports import KeyDestroyed
from kohtaamo.intake.domain.errors import ClientErasedError, ClientInactive, ClientNotFound


def test_every_read_of_personal_data_is_logged_with_who_and_why(intake, register, reader):
    client_id = register()
    code = intake.reads.read_client(client_id, reader(purpose="CLIENT_WORK", sub="w1")).person.personal_identity_code

    intake.reads.find_by_identity_code(code, reader(purpose="IDENTITY_CHECK", sub="w2"))

    log = intake.reads.access_log(client_id, "091")
    assert [(e.reader, e.purpose, e.action) for e in log] == [
        ("w1", "CLIENT_WORK", "read"), ("w2", "IDENTITY_CHECK", "read")
    ]
    assert log[0].at <= log[1].at


def test_pseudonymous_reads_are_not_logged(intake, register):
    client_id = register()

    intake.listing.summary(client_id, "091")
    intake.listing.page("091", after=0, limit=10)

    assert intake.reads.access_log(client_id, "091") == []


def test_after_erasure_the_personal_data_cannot_be_read_by_anyone(intake, register, reader):
    client_id = register()
    sealed = intake.store.repository.get(client_id).sealed_personal

    intake.registrations.erase(EraseClient(client_id, "091", "DATA_SUBJECT_REQUEST", "dpo-1"))

    with pytest.raises(ClientErasedError):
        intake.reads.read_client(client_id, reader())
    with pytest.raises(KeyDestroyed):
        intake.vault.unseal(client_id, sealed)
    assert intake.listing.summary(client_id, "091").status == "erased"


def test_an_erased_person_is_not_found_by_identity_code_and_may_register_again(
    intake, register, reader, new_identity_code
):
    code = new_identity_code()
    first = register(code=code)
    intake.registrations.erase(EraseClient(first, "091", "DATA_SUBJECT_REQUEST", "dpo-1"))

    with pytest.raises(ClientNotFound):
        intake.reads.find_by_identity_code(code, reader())
    second = register(code=code)

    assert second != first
    assert intake.reads.find_by_identity_code(code, reader()).summary.client_id == second


def test_erasing_twice_is_harmless(intake, register):
    client_id = register()

    intake.registrations.erase(EraseClient(client_id, "091", "DATA_SUBJECT_REQUEST", "dpo-1"))
    intake.registrations.erase(EraseClient(client_id, "091", "DATA_SUBJECT_REQUEST", "dpo-1"))

    assert intake.listing.summary(client_id, "091").status == "erased"


def test_a_voided_registration_frees_the_identity_code_and_takes_no_more_records(
    intake, register, new_identity_code
):
    code = new_identity_code()
    first = register(code=code)

    intake.registrations.void(VoidRegistration(first, "091", "RECORDED_IN_ERROR", first_day()))

    assert intake.listing.summary(first, "091").status == "voided"
    assert register(code=code) != first
    with pytest.raises(ClientInactive):
        intake.registrations.void(VoidRegistration(first, "091", "RECORDED_IN_ERROR", first_day()))


def first_day():
    from datetime import date

    return date(2016, 2, 2)
