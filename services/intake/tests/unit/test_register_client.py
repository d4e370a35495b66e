from datetime import date

import pytest

from kohtaamo.contracts import default_registry
from kohtaamo.contracts.intake.v1 import ClientRegistered
from kohtaamo.intake.application.commands import RegisterClient
from kohtaamo.intake.application.publishing import to_integration_event
from kohtaamo.intake.application.service import IntakeApplication
from kohtaamo.intake.domain.errors import AlreadyRegistered
from kohtaamo.servicekit.eventstore import eventsourcing_env


@pytest.fixture
def intake() -> IntakeApplication:
    return IntakeApplication(eventsourcing_env("memory://"), identity_pepper="pepper-for-unit-tests")


def command(code: str, organisation: str = "091") -> RegisterClient:
    return RegisterClient(
        organisation_id=organisation, first_name="Aino", last_name="Virtanen",
        personal_identity_code=code, municipality_code="091", referral_source="SELF",
        registered_on=date(2016, 2, 1),
    )


def test_registering_derives_the_age_band_from_the_identity_code(intake, new_identity_code):
    result = intake.register_client(command(new_identity_code(date(1990, 5, 17))))

    assert result.age_band == "25_29"
    assert intake.get_client(result.client_id).last_name == "Virtanen"


def test_the_same_person_twice_in_one_organisation_is_refused_with_the_existing_id(
    intake, new_identity_code
):
    code = new_identity_code()
    first = intake.register_client(command(code))

    with pytest.raises(AlreadyRegistered) as refused:
        intake.register_client(command(code))

    assert refused.value.client_id == first.client_id
    assert intake.recorder.max_notification_id() == 2  # the first client and its claim only


def test_the_same_person_may_be_a_client_of_another_organisation(intake, new_identity_code):
    code = new_identity_code()
    first = intake.register_client(command(code, organisation="091"))

    second = intake.register_client(command(code, organisation="837"))

    assert second.client_id != first.client_id


def test_the_published_event_carries_no_personal_data(intake, new_identity_code):
    code = new_identity_code()
    result = intake.register_client(command(code))
    notifications = intake.recorder.select_notifications(start=1, limit=10)

    outgoing = [to_integration_event(intake.mapper.to_domain_event(n)) for n in notifications]
    published = [o for o in outgoing if o is not None]

    assert len(published) == 1
    wire = published[0].envelope.to_bytes()
    assert b"Virtanen" not in wire and b"Aino" not in wire and code.encode() not in wire
    event = default_registry().parse(wire)
    assert isinstance(event.payload, ClientRegistered)
    assert event.subject_id == result.client_id == event.payload.client_id
    assert published[0].key == str(result.client_id)


def test_republishing_the_same_domain_event_keeps_its_event_id(intake, new_identity_code):
    intake.register_client(command(new_identity_code()))
    notification = intake.recorder.select_notifications(start=1, limit=1)[0]

    first = to_integration_event(intake.mapper.to_domain_event(notification))
    again = to_integration_event(intake.mapper.to_domain_event(notification))

    assert first.envelope.event_id == again.envelope.event_id
