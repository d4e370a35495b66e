"""The personal-data scanner finds a planted value however it was stored in the clear (text,
bytea, JSON-escaped, a Kafka key, value or header, a log line) and nothing once sealed."""

import json

import asyncpg
import pytest

from kohtaamo.servicekit.testing.pii_scan import scan_database, scan_files, scan_kafka

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]
NAME, CODE, NOTE = "Väinö Ääninen", "150699-9025", "Kertoi velkaantumisesta"


async def test_a_value_stored_in_the_clear_is_found_in_every_form(stack, database_schema):
    conn = await asyncpg.connect(stack.database_url)
    try:
        await conn.execute(f'CREATE TABLE "{database_schema}".t (name text, state bytea, note jsonb)')
        await conn.execute(f'INSERT INTO "{database_schema}".t VALUES ($1, $2, $3)', NAME,
                           json.dumps({"code": CODE}).encode(), json.dumps({"n": NOTE}))
    finally:
        await conn.close()

    found = await scan_database(stack.database_url, [NAME, CODE, NOTE, "nowhere at all"],
                                schemas=[database_schema])

    assert {f.value for f in found} == {NAME, CODE, NOTE}
    assert {f.where for f in found} == {f"postgres {database_schema}.t"}


async def test_a_sealed_column_named_as_such_is_left_out(stack, database_schema):
    conn = await asyncpg.connect(stack.database_url)
    try:
        await conn.execute(f'CREATE TABLE "{database_schema}".sealed (ciphertext bytea)')
        await conn.execute(f'INSERT INTO "{database_schema}".sealed VALUES ($1)', NAME.encode())
    finally:
        await conn.close()

    found = await scan_database(stack.database_url, [NAME], schemas=[database_schema],
                                sealed=[("sealed", "ciphertext")])

    assert found == []


async def test_kafka_keys_values_and_headers_are_scanned_on_every_partition(kafka, kafka_admin):
    topic = kafka_admin.topic("intake.clients")
    await kafka.produce(topic, json.dumps({"name": NAME}).encode(), key=b"k1")
    await kafka.produce(topic, b"{}", key=CODE.encode())
    await kafka.produce(topic, b"{}", key=b"k3", headers={"note": NOTE})

    found = await scan_kafka(kafka_admin, [NAME, CODE, NOTE, "nowhere at all"])

    assert {f.value for f in found} == {NAME, CODE, NOTE}
    assert all(f.where.startswith(f"kafka {topic}[") for f in found)


def test_log_files_under_a_folder_are_scanned(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "service.log").write_text(json.dumps({"msg": f"hello {NAME}"}))
    (tmp_path / "clean.log").write_text("nothing here")

    found = scan_files([tmp_path], [NAME, CODE])

    assert [(f.value, f.where) for f in found] == [(NAME, str(tmp_path / "a" / "service.log"))]
