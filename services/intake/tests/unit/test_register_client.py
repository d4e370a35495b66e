from datetime import date

import pytest

from kohtaamo.intake.domain.errors import AlreadyRegistered, ClientNotFound


def test_registering_derives_the_age_band_from_the_identity_code(intake, new_identity_code, register, reader):
    client_id = register(code=new_identity_code(date(1990, 5, 17)))

    record = intake.reads.read_client(client_id, reader())

    assert record.summary.age_band == "25_29"
    assert record.person.last_name == "Virtanen"
    assert record.summary.status == "active"


def test_the_same_person_twice_in_one_organisation_is_refused_with_the_existing_id(
    intake, new_identity_code, register
):
    code = new_identity_code()
    first = register(code=code)
    stored = intake.store.recorder.max_notification_id()

    with pytest.raises(AlreadyRegistered) as refused:
        register(code=code)

    assert refused.value.client_id == first
    assert intake.store.recorder.max_notification_id() == stored


def test_the_same_person_may_be_a_client_of_another_organisation(new_identity_code, register):
    code = new_identity_code()

    assert register(code=code, organisation="091") != register(code=code, organisation="837")


def test_another_organisations_client_does_not_exist_for_the_caller(intake, register, reader):
    client_id = register(organisation="091")

    with pytest.raises(ClientNotFound):
        intake.reads.read_client(client_id, reader(organisation="837"))


def test_personal_fields_are_sealed_in_the_stored_events(intake, register):
    client_id = register()

    client = intake.store.repository.get(client_id)

    assert "Virtanen" not in client.sealed_personal
    assert intake.vault.unseal(client_id, client.sealed_personal)["last_name"] == "Virtanen"


def test_clients_are_listed_page_by_page_without_personal_data(intake, register):
    ids = [register() for _ in range(5)]
    register(organisation="837")

    first = intake.listing.page("091", after=0, limit=3)
    second = intake.listing.page("091", after=first.next_cursor, limit=3)

    assert [c.client_id for c in first.clients + second.clients] == ids
    assert len(second.clients) == 2
    assert intake.listing.page("091", after=second.next_cursor or 10**6, limit=3).clients == []


def test_a_registration_dated_before_the_persons_birth_is_refused(intake, register, new_identity_code):
    from kohtaamo.intake.domain.errors import InvalidCommand

    with pytest.raises(InvalidCommand, match="birth"):
        register(code=new_identity_code(date(2017, 1, 1)))  # registered_on is 2016-02-01

    assert (intake.store.recorder.max_notification_id() or 0) == 0
