"""The key hierarchy's cryptography, pure (no I/O): AES-256-GCM throughout.

A wrapped data key is self-describing, so that a scan of raw storage (a data directory, a
backup, WAL) finds every copy without knowing the table layout::

    MAGIC (4 bytes) | KEK epoch (uint32, big-endian) | nonce (12) | ciphertext of the DEK + tag (48)

The header and the subject id are authenticated: a wrapped key moved to another subject, or
relabelled with another epoch, does not open.
"""

from __future__ import annotations

import base64
import json
import mmap
import os
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"KWK1"  # "Kohtaamo wrapped key", format 1
_HEADER = struct.Struct(">4sI")
_NONCE = 12
_KEY_BYTES = 32
WRAPPED_SIZE = _HEADER.size + _NONCE + _KEY_BYTES + 16


class KeyDestroyed(Exception):
    """The subject's key is gone: whatever it sealed is unreadable for good."""


class KeyUnavailable(Exception):
    """A key-encryption key the table refers to is not in the keyring (a missing, stale or
    foreign keyring file). Unlike ``KeyDestroyed`` this is an operational fault, not an erasure."""


@dataclass(frozen=True)
class Kek:
    """A key-encryption key. ``epoch`` is its id: epochs only grow, one per rotation."""

    epoch: int
    key: bytes = field(repr=False)
    created_at: datetime


@dataclass(frozen=True)
class KeyringState:
    """The key-encryption keys that exist, bound to one key table by ``keyring_id``."""

    keyring_id: UUID
    keks: tuple[Kek, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "keks", tuple(sorted(self.keks, key=lambda k: k.epoch)))

    @property
    def epochs(self) -> list[int]:
        return [k.epoch for k in self.keks]

    def get(self, epoch: int) -> Kek | None:
        return next((k for k in self.keks if k.epoch == epoch), None)

    def newest_first(self) -> list[Kek]:
        return list(reversed(self.keks))

    def adding(self, kek: Kek) -> KeyringState:
        return KeyringState(self.keyring_id, (*self.keks, kek))

    def keeping(self, epochs: Iterable[int]) -> KeyringState:
        keep = set(epochs)
        return KeyringState(self.keyring_id, tuple(k for k in self.keks if k.epoch in keep))


def new_kek(epoch: int, now: datetime) -> Kek:
    return Kek(epoch=epoch, key=AESGCM.generate_key(bit_length=_KEY_BYTES * 8), created_at=now)


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=_KEY_BYTES * 8)


def wrap(kek: Kek, data_key: bytes, subject_id: UUID) -> bytes:
    header = _HEADER.pack(MAGIC, kek.epoch)
    nonce = os.urandom(_NONCE)
    return header + nonce + AESGCM(kek.key).encrypt(nonce, data_key, header + subject_id.bytes)


def wrapped_epoch(wrapped: bytes) -> int:
    """The epoch of the KEK that wrapped ``wrapped``; ValueError when it is not a wrapped key."""
    if len(wrapped) != WRAPPED_SIZE or not wrapped.startswith(MAGIC):
        raise ValueError("not a wrapped data key")
    return _HEADER.unpack_from(wrapped)[1]


def unwrap(kek_key: bytes, wrapped: bytes, subject_id: UUID) -> bytes | None:
    """The data key, or None when ``kek_key`` does not open ``wrapped`` for this subject.

    Takes raw key bytes, so that any key at all can be tried (scans of raw storage)."""
    header = wrapped[: _HEADER.size]
    nonce = wrapped[_HEADER.size : _HEADER.size + _NONCE]
    try:
        return AESGCM(kek_key).decrypt(nonce, wrapped[_HEADER.size + _NONCE :], header + subject_id.bytes)
    except (InvalidTag, ValueError):
        return None


def iter_wrapped(buffer: bytes | bytearray | mmap.mmap) -> Iterator[bytes]:
    """Every byte run in ``buffer`` shaped like a wrapped key (magic + room for the rest)."""
    for match in re.finditer(re.escape(MAGIC), buffer):
        candidate = bytes(buffer[match.start() : match.start() + WRAPPED_SIZE])
        if len(candidate) == WRAPPED_SIZE:
            yield candidate


def seal(data_key: bytes, subject_id: UUID, data: dict[str, Any]) -> str:
    plain = json.dumps(data, separators=(",", ":")).encode()
    nonce = os.urandom(_NONCE)
    # The subject id is authenticated too: a blob moved to another client won't open.
    return base64.b64encode(nonce + AESGCM(data_key).encrypt(nonce, plain, subject_id.bytes)).decode()


def unseal(data_key: bytes, subject_id: UUID, sealed: str) -> dict[str, Any]:
    blob = base64.b64decode(sealed)
    try:
        plain = AESGCM(data_key).decrypt(blob[:_NONCE], blob[_NONCE:], subject_id.bytes)
    except InvalidTag:
        raise KeyDestroyed(f"the sealed data of {subject_id} cannot be opened") from None
    return json.loads(plain)
