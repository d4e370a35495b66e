"""The attack on an erasure, reproduced on the real PostgreSQL's files.

An attacker with a copy of the database's files (the data directory, WAL, a base backup, a
replica) and every key that still exists tries to open an erased client's personal data.
Until the next rotation the old wrapped data key is in the WAL and still opens; after it,
nothing found anywhere in the data directory opens.
"""

from __future__ import annotations

import asyncio
import json
import mmap
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import httpx
import psycopg
import pytest
from click.testing import CliRunner
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from kohtaamo.intake.bootstrap import create_app
from kohtaamo.intake.keys import main as keys_command
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.servicekit.vault.crypto import MAGIC, WRAPPED_SIZE, unseal
from kohtaamo.servicekit.vault.keyring import KeyringFile

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


@dataclass(frozen=True)
class Found:
    where: str
    data_key: bytes = field(repr=False)


def every_key_that_exists(settings: IntakeSettings) -> list[bytes]:
    """Every KEK in the keyring file, and the event store's key for good measure."""
    keyring = KeyringFile(settings.keyring_file("intake_subject_keys")).load()
    return [k.key for k in keyring.keks] + [AESCipher(Environment(env={"CIPHER_KEY": settings.store_key()})).key]


_WAL_PAGE = 8192


def wal_without_page_headers(wal_dir: Path) -> bytes:
    """The WAL segments as one stream, without the header of each 8 kB page: a record that
    crosses a page boundary is split by one, and an attacker would join the pieces too."""
    stream = bytearray()
    for segment in sorted(p for p in wal_dir.iterdir() if p.is_file() and len(p.name) == 24):
        data = segment.read_bytes()
        for offset in range(0, len(data), _WAL_PAGE):
            page = data[offset: offset + _WAL_PAGE]
            long_header = int.from_bytes(page[2:4], "little") & 0x0002  # XLP_LONG_HEADER
            stream += page[40 if long_header else 24:]
    return bytes(stream)


def candidates(data_dir: Path) -> Iterator[tuple[str, bytes]]:
    """(where, bytes) for every byte run in the data directory that starts with the marker."""
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        try:
            with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as raw:
                for hit in re.finditer(re.escape(MAGIC), raw):
                    yield str(path.relative_to(data_dir)), raw[hit.start(): hit.start() + WRAPPED_SIZE]
        except (FileNotFoundError, ValueError):  # a WAL segment recycled meanwhile; an empty file
            continue
    stream = wal_without_page_headers(data_dir / "pg_wal")
    for hit in re.finditer(re.escape(MAGIC), stream):
        yield "pg_wal (pages joined)", stream[hit.start(): hit.start() + WRAPPED_SIZE]


def wrapped_keys_that_open(data_dir: Path, subject: UUID, keys: list[bytes]) -> list[Found]:
    """Every copy of a wrapped key anywhere in ``data_dir`` that one of ``keys`` opens for ``subject``."""
    found = []
    for where, blob in candidates(data_dir):
        for key in keys:
            try:
                data_key = AESGCM(key).decrypt(blob[8:20], blob[20:], blob[:8] + subject.bytes)
            except (InvalidTag, ValueError):
                continue
            found.append(Found(where, data_key))
    return found


def sealed_personal_data(settings: IntakeSettings, schema: str, client_id: UUID) -> str:
    """The sealed fields of the registration, from the event store with its (existing) key."""
    with psycopg.connect(settings.database_url) as conn:
        [(state,)] = conn.execute(
            f'SELECT state FROM "{schema}".intake_events WHERE originator_id = %s AND originator_version = 1',
            (client_id,),
        ).fetchall()
    cipher = AESCipher(Environment(env={"CIPHER_KEY": settings.store_key()}))
    return json.loads(cipher.decrypt(bytes(state)))["sealed_personal"]


async def scan(data_dir: Path, subject: UUID, keys: list[bytes]) -> list[Found]:
    return await asyncio.to_thread(wrapped_keys_that_open, data_dir, subject, keys)


@pytest.fixture
def settings(stack, database_schema, kafka_settings, tmp_path) -> IntakeSettings:
    # No rotation by itself during the test: the window is to be seen, then closed on demand.
    return IntakeSettings(
        database_url=stack.database_url, database_schema=database_schema, kafka=kafka_settings,
        keyring_path=tmp_path / "keys" / "intake.keyring", key_rotation_after_erasure=timedelta(hours=1),
    )


@pytest.fixture
async def intake(settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://intake") as client:
            yield client


async def test_after_the_rotation_that_follows_an_erasure_no_copy_of_the_key_in_the_data_directory_opens(
    intake, settings, database_schema, postgres_files, auth_header, registration_body
):
    worker, dpo = auth_header("intake_worker"), auth_header("data_protection_officer")
    erased = UUID((await intake.post("/clients", headers=worker, json=registration_body(
        first_name="Erkki", last_name="Poistettava-Testi"))).json()["client_id"])
    kept = UUID((await intake.post("/clients", headers=worker, json=registration_body(
        first_name="Kaisa", last_name="Säilyvä-Testi"))).json()["client_id"])
    erasure = await intake.post(f"/clients/{erased}/erasure", headers=dpo, json={"reason": "DATA_SUBJECT_REQUEST"})
    assert erasure.status_code == 200

    # Before a rotation: the old wrapped key is in the WAL and opens with a key that exists.
    await asyncio.to_thread(postgres_files.flush)
    window = await scan(postgres_files.data_dir, erased, every_key_that_exists(settings))
    assert any(f.where.startswith("pg_wal") for f in window), window
    recovered = unseal(window[0].data_key, erased, sealed_personal_data(settings, database_schema, erased))
    assert recovered["last_name"] == "Poistettava-Testi"

    rotated = await asyncio.to_thread(CliRunner().invoke, keys_command, ["rotate"], env={
        "INTAKE_DATABASE_URL": settings.database_url, "INTAKE_DATABASE_SCHEMA": database_schema,
        "INTAKE_KEYRING_PATH": str(settings.keyring_path)})
    assert rotated.exit_code == 0, rotated.output
    assert "rotated to epoch 2: 1 subject keys re-wrapped, epochs [1] destroyed" in rotated.output

    # After it: nothing anywhere opens for the erased client, while the scan does see keys.
    await asyncio.to_thread(postgres_files.flush)
    keys = every_key_that_exists(settings)
    assert await scan(postgres_files.data_dir, erased, keys) == []
    assert any(f.where.startswith("pg_wal") for f in await scan(postgres_files.data_dir, kept, keys))
    worker_read = await intake.get(f"/clients/{kept}", params={"purpose": "CLIENT_WORK"},
                                   headers=auth_header("caseworker"))
    assert (worker_read.status_code, worker_read.json()["person"]["last_name"]) == (200, "Säilyvä-Testi")
    gone = await intake.get(f"/clients/{erased}", params={"purpose": "CLIENT_WORK"}, headers=auth_header("caseworker"))
    assert gone.status_code == 410
