"""Casework's store on a real PostgreSQL: encrypted at rest, value objects and snapshots
read back, the subject key table, concurrent writers to one organisation's caseloads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from uuid import uuid4

import asyncpg
import pytest

from kohtaamo.casework.application import commands as c
from kohtaamo.casework.application.casework import Casework
from kohtaamo.casework.bootstrap import build
from kohtaamo.casework.domain.appointment import Appointment
from kohtaamo.casework.domain.caseloads import OpenFiles, shard_of
from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.contracts import examples
from kohtaamo.servicekit.messages import Source

pytestmark = [pytest.mark.postgres]

NOTES = "Keskusteltiin velkajärjestelystä"


@pytest.fixture
def on_postgres(stack, database_schema, tmp_path):
    """``on_postgres()`` -> casework's application as its composition root builds it (group
    commit, servicekit's vault) on this test's schema; call again: another process."""
    settings = CaseworkSettings(database_url=stack.database_url, database_schema=database_schema,
                                keyring_path=tmp_path / "casework.keyring")
    made = []

    def make() -> Casework:
        made.append(build(settings))
        return made[-1].app

    yield make
    for components in made:
        components.offload.close()
        components.app.close()


def open_file(app: Casework, client_id=None, offset: int = 0):
    client_id = client_id or uuid4()
    app.intake_facts.apply(examples.envelope(examples.client_registered(client_id=client_id), event_id=uuid4(),
                                             organisation_id="091"), Source("intake.clients", 0, offset))
    return client_id


async def test_private_text_is_sealed_and_everything_reads_back_in_another_process(
    on_postgres, stack, database_schema,
):
    app = on_postgres()
    me = app.worker_ids.staff(sub="cw-1", roles=frozenset({"caseworker"}), organisation_id="091", team="t")
    client_id = open_file(app)
    app.workers.assign(me, c.AssignWorker(client_id, None, "SOCIAL_WORKER", "OWN_WORKER", "AREA", date(2016, 3, 2)))
    visit = Appointment(uuid4(), "PREPARED_APPOINTMENT", "FACE_TO_FACE", date(2016, 3, 15),
                        ["SOCIAL_WORKER", "NURSE"], follow_up_parties=["KELA"])
    app.client_work.record_appointment(me, c.RecordAppointment(client_id, visit, notes=NOTES))

    again = on_postgres()
    records = again.reads.appointments(me, client_id, "CLIENT_WORK")

    assert [(r.appointment, r.notes) for r in records] == [(visit, NOTES)]
    conn = await asyncpg.connect(stack.database_url)
    try:
        states = [bytes(r["state"]) for r in await conn.fetch(f'SELECT state FROM "{database_schema}".casework_events')]
        keys = await conn.fetchval(f'SELECT count(*) FROM "{database_schema}".casework_subject_keys')
    finally:
        await conn.close()
    assert keys == 1
    assert not any(NOTES.encode() in s or b"PREPARED_APPOINTMENT" in s for s in states)  # ciphertext at rest


async def test_an_organisations_caseloads_are_read_from_snapshots_once_they_are_long(
    on_postgres, stack, database_schema,
):
    app = on_postgres()
    one_shard = (client for client in iter(uuid4, None) if shard_of(client) == 3)
    clients = [open_file(app, next(one_shard), offset=i) for i in range(130)]  # a snapshot at 100

    loaded = on_postgres().store.open_files("091", clients[0])

    assert loaded.version == 131
    assert sorted(loaded.clients) == sorted(str(c) for c in clients)
    conn = await asyncpg.connect(stack.database_url)
    try:
        snapshots = await conn.fetchval(f'SELECT count(*) FROM "{database_schema}".casework_snapshots '
                                        "WHERE originator_id = $1", OpenFiles.id_for("091", 3))
    finally:
        await conn.close()
    assert snapshots == 1


async def test_concurrent_registrations_into_one_organisation_all_reach_its_caseloads(on_postgres):
    app = on_postgres()
    ids = [uuid4() for _ in range(24)]

    with ThreadPoolExecutor(max_workers=4) as pool:  # four consumers racing on one index
        list(pool.map(lambda pair: open_file(app, pair[1], pair[0]), enumerate(ids)))

    manager = app.worker_ids.staff(sub="boss", roles=frozenset({"manager"}), organisation_id="091", team=None)
    assert sorted(e.client_id for e in app.workers.without_worker(manager)) == sorted(ids)


async def test_a_cached_file_still_sees_what_another_process_saved_since(on_postgres):
    # given two casework processes on one database, both holding the client's file in memory
    first, second = on_postgres(), on_postgres()
    me = first.worker_ids.staff(sub="cw-1", roles=frozenset({"caseworker"}), organisation_id="091", team="t")
    client_id = open_file(first)
    assert first.store.repository.cache is not None  # the setting's default keeps files in memory
    before = first.store.file(client_id, "091").version
    assert second.store.file(client_id, "091").version == before

    # when the second makes me the client's worker, and the first then records my visit
    second.workers.assign(me, c.AssignWorker(client_id, None, "SOCIAL_WORKER", "OWN_WORKER", "AREA",
                                             date(2016, 3, 2)))
    visit = Appointment(uuid4(), "PREPARED_APPOINTMENT", "FACE_TO_FACE", date(2016, 3, 15), ["SOCIAL_WORKER"])
    first.client_work.record_appointment(me, c.RecordAppointment(client_id, visit, notes=NOTES))

    # then the first saw the assignment (a stale copy would refuse me), and both read the visit
    for app in (first, second):
        records = app.reads.appointments(me, client_id, "CLIENT_WORK")
        assert [(r.appointment, r.notes) for r in records] == [(visit, NOTES)]
        assert app.store.file(client_id, "091").version == before + 2
