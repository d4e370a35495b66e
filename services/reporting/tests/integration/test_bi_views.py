"""The bi schema over a real PostgreSQL, read through a real connection as the read-only
role: what it can read (the bi views), what it cannot (anything else), that it writes
nothing, and what the views hold (suppressed aggregates, pseudonymous rows)."""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from uuid import uuid4

import asyncpg
import pytest

from kohtaamo.contracts import examples
from kohtaamo.reporting.adapters import bi

from ..conftest import AKAA, PROJECT, VALKEAKOSKI

pytestmark = pytest.mark.postgres
SNAPSHOT = Path(__file__).parent.parent / "snapshots" / "bi_views.json"
VIEWS = {"freshness", "clients_by_period", "deliveries", "transitions", "kuty_attendance",
         "meeting_place_visits", "activities", "publications", "indicator_values"}


@dataclass
class Reader:
    schema: str
    facts: str
    role: str
    connect: object


@pytest.fixture
async def reader(stack, store, database_schema, new_schema) -> AsyncIterator[Reader]:
    schema, role, password = await new_schema(), f"bi_{uuid4().hex[:10]}", secrets.token_urlsafe(18)
    async with store.pool.acquire() as conn:
        await bi.install(conn, schema, role, password)
    url = urlsplit(stack.database_url)

    def connect(secret: str = password) -> object:
        return asyncpg.connect(host=url.hostname, port=url.port, database=url.path.lstrip("/"),
                               user=role, password=secret)

    yield Reader(schema, database_schema, role, connect)
    async with store.pool.acquire() as conn:
        database = await conn.fetchval("SELECT current_database()")
        for statement in (f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{role}"',
                          f'REVOKE ALL ON SCHEMA "{schema}" FROM "{role}"',
                          f'REVOKE ALL ON DATABASE "{database}" FROM "{role}"', f'DROP ROLE "{role}"'):
            await conn.execute(statement)


async def test_the_role_reads_every_bi_view_and_has_no_privilege_on_anything_else(reader):
    conn = await reader.connect()
    try:
        for view in VIEWS:
            await conn.fetch(f'SELECT * FROM "{reader.schema}".{view} LIMIT 1')
        # information_schema lists only the relations the role has some privilege on.
        reachable = await conn.fetch(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch(f'SELECT * FROM "{reader.facts}".fact_registrations')
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch(f'SELECT * FROM "{reader.facts}".drilldown_log')
    finally:
        await conn.close()

    assert {(r["table_schema"], r["table_name"]) for r in reachable} == {(reader.schema, v) for v in VIEWS}


async def test_the_role_logs_in_with_its_password_only(reader):
    conn = await reader.connect()
    try:
        assert await conn.fetchval("SELECT current_user") == reader.role
    finally:
        await conn.close()
    with pytest.raises(asyncpg.InvalidPasswordError):
        await reader.connect("not-the-password")


@pytest.mark.parametrize("statement", [
    "INSERT INTO {bi}.publications (publication_id) VALUES (gen_random_uuid())",
    "CREATE TABLE {bi}.mine (a int)",
    "CREATE TABLE public.mine (a int)",
    "CREATE TEMP TABLE mine (a int)",
    "CREATE VIEW {bi}.mine AS SELECT 1",
    "CREATE FUNCTION public.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "DELETE FROM {bi}.deliveries",
])
async def test_the_role_can_write_nothing_even_outside_a_read_only_transaction(reader, statement):
    conn = await reader.connect()
    try:
        assert await conn.fetchval("SHOW default_transaction_read_only") == "on"
        with pytest.raises((asyncpg.ReadOnlySQLTransactionError, asyncpg.InsufficientPrivilegeError)):
            await conn.execute(statement.format(bi=f'"{reader.schema}"'))
        await conn.execute("SET default_transaction_read_only = off")
        with pytest.raises(asyncpg.PostgresError) as refused:
            await conn.execute(statement.format(bi=f'"{reader.schema}"'))
    finally:
        await conn.close()

    assert not isinstance(refused.value, asyncpg.ReadOnlySQLTransactionError)  # the privilege refuses it


async def test_aggregates_suppress_small_counts_and_rows_hold_pseudonymous_ids_only(reader, scenario):
    for _ in range(6):
        scenario.client(date(2016, 1, 10))
    late = [scenario.client(date(2016, 2, 10)) for _ in range(3)]
    for client in late:
        scenario.add(examples.service_provided(client_id=client, service_episode_id=uuid4(),
                                               provided_on=date(2016, 2, 20)))
    scenario.client(date(2016, 2, 11), org=AKAA)
    place = uuid4()
    scenario.add(examples.visit_recorded(meeting_place_id=place, visit_id=uuid4(), visit_date=date(2016, 3, 1),
                                         headcount=3), org=VALKEAKOSKI)
    scenario.add(examples.visit_recorded(meeting_place_id=place, visit_id=uuid4(), visit_date=date(2016, 4, 1),
                                         headcount=40), org=VALKEAKOSKI)
    await scenario.apply()

    conn = await reader.connect()
    try:
        months = {(r["organisation_id"], r["month"]): r for r in await conn.fetch(
            f'SELECT * FROM "{reader.schema}".clients_by_period WHERE project_id = $1', PROJECT)}
        visits = {r["month"]: r["visits"] for r in await conn.fetch(
            f'SELECT * FROM "{reader.schema}".meeting_place_visits WHERE meeting_place_id = $1', place)}
        deliveries = await conn.fetch(f'SELECT * FROM "{reader.schema}".deliveries')
    finally:
        await conn.close()

    january, february = months[(VALKEAKOSKI, date(2016, 1, 1))], months[(VALKEAKOSKI, date(2016, 2, 1))]
    assert (january["registered"], january["ended"]) == (6, 0)
    assert (february["registered"], february["ended"]) == (None, 0)  # 3: suppressed
    assert months[(AKAA, date(2016, 2, 1))]["registered"] is None
    # No column from which February's three could be worked back.
    assert set(january.keys()) == {"project_id", "organisation_id", "month", "registered", "ended", "watermark"}
    assert visits == {date(2016, 3, 1): None, date(2016, 4, 1): 40}
    assert {r["client_id"] for r in deliveries} == set(late)
    assert {r["delivery_type"] for r in deliveries} == {"ServiceProvided"}
    assert all(isinstance(r["watermark"], datetime) for r in deliveries)


async def test_publications_and_their_values_as_published(reader, api, auth_header, scenario):
    for _ in range(3):
        scenario.client(date(2016, 1, 10))
    await scenario.apply()
    closed = (await api.post(f"/periods/{PROJECT}/close", json={"period": "2016Q1"},
                             headers=auth_header("project_manager", org=AKAA, projects=[PROJECT]))).json()

    conn = await reader.connect()
    try:
        publications = await conn.fetch(f'SELECT * FROM "{reader.schema}".publications')
        values = {(r["code"], r["basis"], r["measure"]): r for r in await conn.fetch(
            f'SELECT * FROM "{reader.schema}".indicator_values WHERE line = 0')}
        cells = await conn.fetch(f'SELECT * FROM "{reader.schema}".indicator_values'
                                 " WHERE code = 'participants-by-gender-age'")
    finally:
        await conn.close()

    assert [str(p["publication_id"]) for p in publications] == [closed["publication_id"]]
    assert publications[0]["figures"] == len(closed["figures"])
    registered = values[("clients-registered", "PERIOD", "value")]
    assert (registered["value"], registered["shown"], registered["suppressed"]) == (None, "<5", True)
    assert {(c["row_label"], c["measure"], c["shown"]) for c in cells} >= {("TOTAL", "TOTAL", "<5")}
    assert all(c["value"] is None for c in cells if c["suppressed"])


async def test_every_view_and_column_is_documented_and_as_the_snapshot_says(store, bi_schema):
    columns = await store.pool.fetch(
        "SELECT c.relname AS view, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,"
        " col_description(c.oid, a.attnum) AS doc, obj_description(c.oid, 'pg_class') AS view_doc"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
        " WHERE n.nspname = $1 ORDER BY c.relname, a.attnum", bi_schema)

    assert all(r["doc"] and r["view_doc"] for r in columns), [r["column"] for r in columns if not r["doc"]]
    found: dict[str, list[list[str]]] = {}
    for r in columns:
        found.setdefault(r["view"], []).append([r["column"], r["type"]])
    assert all(cols[-1][0] == "watermark" for cols in found.values())
    assert found == json.loads(SNAPSHOT.read_text()), "a bi view changed: update the snapshot and README"


async def test_a_view_that_would_lose_a_column_stops_reporting_at_start(store, bi_schema):
    # As if a BI tool already relied on a column that bi_views.sql no longer has.
    async with store.pool.acquire() as conn:
        await conn.execute(f'CREATE OR REPLACE VIEW "{bi_schema}".freshness AS SELECT topic, partition,'
                           ' "offset" AS last_offset, applied_at, applied_at AS watermark, 1 AS relied_on'
                           ' FROM consumed_positions')
        with pytest.raises(bi.BiViewsChanged, match="columns only grow at the end"):
            await bi.install(conn, bi_schema)
        columns = await conn.fetchval(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'freshness'",
            bi_schema)

    assert columns == 6  # nothing changed: the install is one transaction
