import os
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from kohtaamo.servicekit.vault.crypto import (
    MAGIC, WRAPPED_SIZE, KeyDestroyed, iter_wrapped, new_data_key, new_kek, seal, unseal, unwrap,
    wrap, wrapped_epoch,
)

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_wrapped_key_opens_with_its_kek_for_its_subject_only():
    kek, data_key, subject = new_kek(7, NOW), new_data_key(), uuid4()

    wrapped = wrap(kek, data_key, subject)

    assert unwrap(kek.key, wrapped, subject) == data_key
    assert unwrap(kek.key, wrapped, uuid4()) is None
    assert unwrap(new_kek(7, NOW).key, wrapped, subject) is None


def test_a_wrapped_key_names_its_epoch_and_a_changed_epoch_does_not_open():
    kek, subject = new_kek(7, NOW), uuid4()
    wrapped = wrap(kek, new_data_key(), subject)

    relabelled = MAGIC + (8).to_bytes(4, "big") + wrapped[8:]

    assert wrapped.startswith(MAGIC) and len(wrapped) == WRAPPED_SIZE
    assert wrapped_epoch(wrapped) == 7
    assert unwrap(kek.key, relabelled, subject) is None
    with pytest.raises(ValueError):
        wrapped_epoch(b"not a key")


def test_every_wrapped_key_is_found_in_raw_bytes_around_it():
    keys = [wrap(new_kek(1, NOW), new_data_key(), uuid4()) for _ in range(3)]
    raw = os.urandom(1000) + keys[0] + b"\x00" * 17 + keys[1] + os.urandom(5) + keys[2] + keys[2][:20]

    assert list(iter_wrapped(raw)) == keys


def test_sealed_data_opens_with_the_subjects_data_key_only():
    data_key, subject = new_data_key(), uuid4()

    sealed = seal(data_key, subject, {"first_name": "Aino", "phone": "+358 40 123 4567"})

    assert unseal(data_key, subject, sealed) == {"first_name": "Aino", "phone": "+358 40 123 4567"}
    assert b"Aino" not in sealed.encode()
    with pytest.raises(KeyDestroyed):
        unseal(new_data_key(), subject, sealed)
    with pytest.raises(KeyDestroyed):
        unseal(data_key, uuid4(), sealed)
