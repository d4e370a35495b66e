"""The subject key table on a real PostgreSQL: the rules the rotation relies on hold there."""

from __future__ import annotations

import threading
from datetime import timedelta
from uuid import uuid4

import psycopg
import pytest

from kohtaamo.servicekit.vault.crypto import KeyDestroyed
from kohtaamo.servicekit.vault.keyring import Keyring, KeyringFile
from kohtaamo.servicekit.vault.postgres import LegacyKeyTable, PostgresKeyTable
from kohtaamo.servicekit.vault.table import KekInUse
from kohtaamo.servicekit.vault.vault import SubjectKeyVault

pytestmark = pytest.mark.postgres

TABLE = "things_subject_keys"
_DAY = timedelta(days=1)


@pytest.fixture
def instances(stack, database_schema, tmp_path):
    """``instances()`` -> a new service instance's vault on one shared table and keyring file."""
    opened: list[SubjectKeyVault] = []

    def start(keyring_file: KeyringFile | None = None) -> SubjectKeyVault:
        vault = SubjectKeyVault(
            PostgresKeyTable(stack.database_url, schema=database_schema, table=TABLE),
            Keyring(keyring_file or KeyringFile(tmp_path / "things.keyring")),
        )
        opened.append(vault)
        vault.open()
        return vault

    yield start
    for vault in opened:
        vault.close()


def query(stack, schema, statement, *args):
    with psycopg.connect(stack.database_url) as conn:
        return conn.execute(statement.replace("{s}", f'"{schema}"'), args).fetchall()


def test_two_instances_share_the_table_and_the_keyring_and_survive_each_others_rotations(instances, tmp_path):
    first, second = instances(), instances()
    subject = uuid4()
    first.create_key(subject)
    sealed = first.seal(subject, {"first_name": "Aino"})

    rotated = first.rotate()
    late = uuid4()
    second.create_key(late)  # its keyring still says epoch 1: refused, reloaded, epoch 2

    assert rotated.epoch == 2 and rotated.destroyed_epochs == [1]
    assert second.unseal(subject, sealed) == {"first_name": "Aino"}
    assert KeyringFile(tmp_path / "things.keyring").load().epochs == [2]
    assert first.status().table_state.live_by_epoch == {2: 2}


def test_the_table_refuses_to_retire_an_epoch_a_live_key_refers_to_and_new_keys_under_it(instances, stack, database_schema):
    vault = instances()
    vault.create_key(uuid4())
    table = PostgresKeyTable(stack.database_url, schema=database_schema, table=TABLE)
    try:
        with table.exclusive(wait=True) as session:
            session.register(2)
            with pytest.raises(KekInUse):
                session.retire_below(2)
            assert session.registered_epochs() == [1, 2]
        assert not table.insert(uuid4(), 1, b"wrapped under a retiring epoch")
        assert not table.insert(uuid4(), 9, b"wrapped under an epoch nobody registered")
    finally:
        table.close()


def test_a_second_rotation_waits_for_the_advisory_lock(instances):
    first, second = instances(), instances()

    with first._table.exclusive(wait=True):
        assert second.rotate(wait=False) is None

    assert second.rotate(wait=False).epoch == 2


async def test_an_erasure_waiting_on_an_uncommitted_rewrap_records_the_newer_epoch(
    instances, stack, database_schema, eventually
):
    vault = instances()
    subject = uuid4()
    vault.create_key(subject)
    with psycopg.connect(stack.database_url) as rewrap:
        rewrap.execute(f'INSERT INTO "{database_schema}".{TABLE}_keks (epoch) VALUES (2)')
        rewrap.commit()
        rewrap.execute(f'UPDATE "{database_schema}".{TABLE} SET kek_epoch = 2 WHERE subject_id = %s', (subject,))
        erasure = threading.Thread(target=vault.destroy_key, args=(subject,))
        erasure.start()
        await eventually(lambda: query(  # the erasure waits for the row the re-wrap holds
            stack, database_schema, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
            " WHERE NOT l.granted AND a.query LIKE '%%destroyed_kek_epoch = kek_epoch%%'")[0][0] == 1)
        rewrap.commit()
    erasure.join(timeout=30)

    [(destroyed_epoch, wrapped)] = query(
        stack, database_schema, "SELECT destroyed_kek_epoch, wrapped_key FROM {s}." + TABLE)
    assert (destroyed_epoch, wrapped) == (2, None)


def test_a_crash_before_the_old_kek_leaves_the_keyring_is_finished_by_the_next_rotation(
    instances, tmp_path, monkeypatch
):
    vault = instances()
    subject = uuid4()
    vault.create_key(subject)
    sealed = vault.seal(subject, {"first_name": "Aino"})
    saves = []
    real_save = KeyringFile.save

    def crash_on_the_second_save(self, state):
        saves.append(state.epochs)
        if len(saves) == 2:
            raise OSError("killed")
        real_save(self, state)

    monkeypatch.setattr(KeyringFile, "save", crash_on_the_second_save)
    with pytest.raises(OSError):
        vault.rotate()
    monkeypatch.setattr(KeyringFile, "save", real_save)

    restarted = instances()
    assert KeyringFile(tmp_path / "things.keyring").load().epochs == [1, 2]
    assert restarted.unseal(subject, sealed) == {"first_name": "Aino"}
    assert restarted.rotation_due_in(interval=_DAY, after_erasure=_DAY) == 0
    assert restarted.rotate().destroyed_epochs == [1, 2]
    assert restarted.unseal(subject, sealed) == {"first_name": "Aino"}


def test_a_destroyed_key_is_gone_for_every_instance(instances):
    first, second = instances(), instances()
    subject = uuid4()
    first.create_key(subject)
    sealed = first.seal(subject, {"first_name": "Aino"})

    second.destroy_key(subject)

    with pytest.raises(KeyDestroyed):
        first.unseal(subject, sealed)
    assert first.status().erasure_window_open


def test_a_key_table_of_the_old_single_key_design_is_refused_with_what_to_do(stack, database_schema):
    with psycopg.connect(stack.database_url) as conn:
        conn.execute(f'CREATE TABLE "{database_schema}".legacy_keys (subject_id uuid PRIMARY KEY, wrapped_key bytea)')

    with pytest.raises(LegacyKeyTable, match="reset it"):
        PostgresKeyTable(stack.database_url, schema=database_schema, table="legacy_keys")


def test_rotations_while_two_instances_register_read_and_erase_lose_no_key_and_undo_no_erasure(instances):
    rotating, first, second = instances(), instances(), instances()
    sealed: dict = {}
    erased: set = set()
    failures: list[BaseException] = []

    def work(vault: SubjectKeyVault, rounds: int) -> None:
        try:
            for i in range(rounds):
                subject = uuid4()
                vault.create_key(subject)
                sealed[subject] = vault.seal(subject, {"n": i})
                assert vault.unseal(subject, sealed[subject]) == {"n": i}
                if i % 3 == 0:
                    vault.destroy_key(subject)
                    erased.add(subject)
        except BaseException as error:  # reported below, on the test's thread
            failures.append(error)

    workers = [threading.Thread(target=work, args=(v, 60)) for v in (first, second)]
    for w in workers:
        w.start()
    rotations = []
    while any(w.is_alive() for w in workers):
        rotations.append(rotating.rotate().epoch)
    for w in workers:
        w.join()
    rotating.rotate()

    assert failures == []
    assert len(rotations) >= 1
    for subject, blob in sealed.items():
        if subject in erased:
            with pytest.raises(KeyDestroyed):
                second.unseal(subject, blob)
        else:
            assert first.unseal(subject, blob)["n"] >= 0
    status = rotating.status()
    assert not status.erasure_window_open
    assert status.keyring_epochs == status.table_state.registered == [rotations[-1] + 1]
