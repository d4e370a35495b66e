import os
import stat
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from kohtaamo.servicekit.vault.crypto import KeyringState, new_kek
from kohtaamo.servicekit.vault.keyring import KeyringFile

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_saved_keyring_reads_back_and_only_its_owner_can_read_it(tmp_path):
    file = KeyringFile(tmp_path / "keys" / "intake.keyring")
    state = KeyringState(uuid4(), (new_kek(2, NOW), new_kek(1, NOW)))

    file.save(state)

    assert file.load() == state
    assert file.load().epochs == [1, 2]
    assert stat.S_IMODE(os.stat(file.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(file.path.parent).st_mode) == 0o700


def test_no_file_is_no_keyring(tmp_path):
    assert KeyringFile(tmp_path / "absent.keyring").load() is None


def test_a_leftover_temporary_file_from_a_crash_is_removed_by_the_next_save(tmp_path):
    file = KeyringFile(tmp_path / "intake.keyring")
    leftover = tmp_path / "intake.keyring.tmp"
    leftover.write_text("a copy of a key that has been destroyed since")

    file.save(KeyringState(uuid4(), (new_kek(1, NOW),)))

    assert not leftover.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["intake.keyring"]


def test_a_crash_before_the_rename_leaves_the_old_keyring_whole(tmp_path, monkeypatch):
    file = KeyringFile(tmp_path / "intake.keyring")
    old = KeyringState(uuid4(), (new_kek(1, NOW),))
    file.save(old)

    def crash(*args):
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        file.save(old.adding(new_kek(2, NOW)).keeping([2]))

    assert file.load() == old


def test_a_damaged_file_is_refused_with_its_path(tmp_path):
    path = tmp_path / "intake.keyring"
    path.write_text('{"format": "something else"}')

    with pytest.raises(ValueError, match="intake.keyring cannot be read"):
        KeyringFile(path).load()
