"""Every read of a subject's personal data is logged, in order, and survives concurrent reads."""

from uuid import UUID, uuid4

from eventsourcing.application import Application

from kohtaamo.servicekit.accesslog import AccessLog, Read, entries, log_read
from kohtaamo.servicekit.eventstore import eventsourcing_env


def test_reads_are_logged_per_subject_and_per_service():
    store = Application[UUID](env=eventsourcing_env("memory://"))
    subject, other = uuid4(), uuid4()

    log_read(store, "casework", subject, Read("cw-1", ("caseworker",), "CLIENT_WORK", "read-appointments"))
    log_read(store, "casework", subject, Read("cw-2", ("caseworker",), "CLIENT_PLAN", "read-plans"))

    logged = entries(store, "casework", subject)
    assert [(e.reader, e.purpose, e.action) for e in logged] == [
        ("cw-1", "CLIENT_WORK", "read-appointments"), ("cw-2", "CLIENT_PLAN", "read-plans")]
    assert logged[0].at <= logged[1].at
    assert entries(store, "casework", other) == []
    assert entries(store, "intake", subject) == []


def test_a_read_racing_another_on_the_same_log_is_still_logged():
    store = Application[UUID](env=eventsourcing_env("memory://"))
    subject = uuid4()
    log_read(store, "casework", subject, Read("cw-1", ("caseworker",), "CLIENT_WORK", "first"))
    real_get = store.repository.get
    raced = []

    def get_then_race(aggregate_id, *args, **kwargs):
        found = real_get(aggregate_id, *args, **kwargs)
        if not raced:  # another reader saves between our load and our save
            rival = real_get(aggregate_id)
            rival.record_read(reader="cw-9", roles=["caseworker"], purpose="CLIENT_WORK", action="rival")
            store.save(rival)
            raced.append(True)
        return found

    store.repository.get = get_then_race  # type: ignore[method-assign]
    log_read(store, "casework", subject, Read("cw-2", ("caseworker",), "CLIENT_WORK", "second"))

    assert [e.action for e in entries(store, "casework", subject)] == ["first", "rival", "second"]
    assert AccessLog.id_for("casework", subject) != AccessLog.id_for("intake", subject)
