"""Private text is sealed per client, read only by the client's worker with a purpose (logged),
and gone for good once the client is erased."""

from datetime import date
from uuid import uuid4

import pytest

from kohtaamo.casework.application import commands as c
from kohtaamo.casework.application.access import NotPermitted
from kohtaamo.casework.domain.appointment import Appointment
from kohtaamo.casework.domain.errors import ClientErased, InvalidCommand
from kohtaamo.casework.domain.plan import Goal, PlanTerms
from kohtaamo.contracts import examples

NOTE = "Asunto on kylmä, vuokranantaja ei vastaa"
GOAL = "Oma asunto ennen talvea"


@pytest.fixture
def client_with_text(casework, own_client, staff):
    client_id = own_client()
    casework.client_work.record_appointment(staff(), c.RecordAppointment(client_id, Appointment(
        uuid4(), "HOME_VISIT", "FACE_TO_FACE", date(2016, 3, 15), ["SOCIAL_COUNSELLOR"]), notes=NOTE))
    goal = Goal(uuid4(), "HOUSING")
    casework.plans.agree(staff(), c.AgreePlan(client_id, PlanTerms(
        uuid4(), "CLIENT_PLAN", date(2016, 3, 20), ["SOCIAL_COUNSELLOR"], date(2017, 3, 1), goals=[goal]),
        {goal.goal_id: GOAL}))
    return client_id


def test_the_worker_reads_the_text_back_and_each_read_is_logged(casework, client_with_text, staff):
    appointments = casework.reads.appointments(staff(), client_with_text, "CLIENT_WORK")
    plans = casework.reads.plans(staff(), client_with_text, "CLIENT_PLAN")
    log = casework.reads.access_log(staff("data_protection_officer", sub="dpo"), client_with_text)

    assert [a.notes for a in appointments] == [NOTE]
    assert [list(p.goal_texts.values()) for p in plans] == [[GOAL]]
    assert [(e.reader, e.purpose, e.action) for e in log] == [
        ("cw-1", "CLIENT_WORK", "read-appointments"), ("cw-1", "CLIENT_PLAN", "read-plans")]


def test_nothing_private_is_stored_in_plain_form(casework, client_with_text):
    stored = b"".join(n.state for n in casework.store.recorder.select_notifications(start=1, limit=1000))

    assert NOTE.encode() not in stored and GOAL.encode() not in stored
    assert "Asunto".encode() not in stored


def test_another_worker_and_an_unknown_purpose_are_refused_and_not_logged(casework, client_with_text, staff):
    with pytest.raises(NotPermitted):
        casework.reads.appointments(staff(sub="cw-2"), client_with_text, "CLIENT_WORK")
    with pytest.raises(InvalidCommand) as unknown:
        casework.reads.appointments(staff(), client_with_text, "CURIOSITY")

    assert unknown.value.field == "purpose"
    assert casework.reads.access_log(staff("data_protection_officer"), client_with_text) == []


def test_after_erasure_the_text_cannot_be_read_but_the_file_and_its_events_stay(
    casework, client_with_text, deliver, staff
):
    events_before = casework.store.recorder.max_notification_id()
    deliver(examples.client_erased(client_id=client_with_text))

    with pytest.raises(ClientErased):
        casework.reads.appointments(staff(), client_with_text, "CLIENT_WORK")
    summary = casework.reads.summary(staff("manager"), client_with_text)
    assert summary.status == "erased" and summary.appointments == 1
    assert casework.store.recorder.max_notification_id() > events_before  # nothing was deleted
    with pytest.raises(ClientErased):
        casework.client_work.record_appointment(staff(), c.RecordAppointment(client_with_text, Appointment(
            uuid4(), "OFFICE", "FACE_TO_FACE", date(2016, 4, 1), ["SOCIAL_COUNSELLOR"]), notes="x"))
