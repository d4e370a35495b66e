"""Fixtures every tier shares: the real Kafka and PostgreSQL, per-test isolation, waiting.

Where the stack comes from, in order: KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL when both
are set (with the rest of KAFKA_*: the admin's credentials in KAFKA_USERNAME and
KAFKA_PASSWORD, as ``deploy/local-stack env`` prints them); testcontainers when a Docker
engine answers (a broker without authentication); otherwise ``deploy/local-stack up``
(plain local processes, as in CI). Each test gets its own topic prefix and PostgreSQL
schema, so tests never see each other's data. The prefix is provisioned like a deployment
(topics, and the ACLs of every service), so services run as their own principals under
the real ACLs.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import subprocess
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from kohtaamo.servicekit.acls import provisioned_topics
from kohtaamo.servicekit.kafka import client_options, ensure_topics
from kohtaamo.servicekit.provision import provision, revoke
from kohtaamo.servicekit.settings import KafkaSettings

ROOT = Path(__file__).parent


@dataclass(frozen=True)
class Stack:
    kafka: KafkaSettings  # the cluster as the admin super user sees it (no topic prefix)
    database_url: str

    @property
    def kafka_bootstrap(self) -> str:
        return self.kafka.bootstrap_servers


def _docker_engine_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


def _local_stack() -> Stack:
    result = subprocess.run(
        [str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.exit(f"could not start deploy/local-stack:\n{result.stderr}", returncode=3)
    values = dict(
        line.removeprefix("export ").split("=", 1)
        for line in result.stdout.splitlines()
        if line.startswith("export ")
    )
    kafka = KafkaSettings(
        bootstrap_servers=values["KAFKA_BOOTSTRAP_SERVERS"],
        security_protocol=values["KAFKA_SECURITY_PROTOCOL"],
        sasl_mechanism=values["KAFKA_SASL_MECHANISM"],
        username=values["KAFKA_USERNAME"],
        password=values["KAFKA_PASSWORD"],
        topic_prefix="",
    )
    # The services' passwords need no passing on: the stack used this environment's
    # INTAKE_KAFKA_PASSWORD … or the development defaults, and so do the services.
    return Stack(kafka, values["DATABASE_URL"])


def pytest_report_header(config: pytest.Config) -> str:
    kafka, database = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("DATABASE_URL")
    if kafka and database:
        where = database.rsplit("@", 1)[-1]  # no credentials in logs
        settings = KafkaSettings()
        auth = (f"{settings.security_protocol} as {settings.username}" if settings.authenticates
                else "no authentication")
        return f"real stack: Kafka broker at {kafka} ({auth}), PostgreSQL at {where}"
    return "real stack: started on demand (testcontainers with Docker, else deploy/local-stack)"


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    kafka, database = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("DATABASE_URL")
    if kafka and database:
        yield Stack(KafkaSettings(topic_prefix=""), database)
    elif _docker_engine_answers():
        from testcontainers.kafka import KafkaContainer
        from testcontainers.postgres import PostgresContainer

        # testcontainers' broker has no SASL listener and no authorizer: the tests of the
        # ACLs skip there; everything else runs the same.
        with KafkaContainer().with_kraft() as k, PostgresContainer("postgres:17") as pg:
            url = pg.get_connection_url(driver=None)
            kafka = KafkaSettings(bootstrap_servers=k.get_bootstrap_server(),
                                  security_protocol="PLAINTEXT", topic_prefix="")
            yield Stack(kafka, url)
    else:
        yield _local_stack()


@pytest.fixture
async def new_schema(stack: Stack) -> AsyncIterator[Callable[[], Awaitable[str]]]:
    """``await new_schema()`` -> a fresh PostgreSQL schema, dropped after the test."""
    created: list[str] = []

    async def make() -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        conn = await asyncpg.connect(stack.database_url)
        try:
            await conn.execute(f'CREATE SCHEMA "{name}"')
        finally:
            await conn.close()
        created.append(name)
        return name

    yield make
    conn = await asyncpg.connect(stack.database_url)
    try:
        for name in created:
            await conn.execute(f'DROP SCHEMA "{name}" CASCADE')
    finally:
        await conn.close()


@pytest.fixture
async def database_schema(new_schema: Callable[[], Awaitable[str]]) -> str:
    """A fresh schema for this test (the service under test's own tables)."""
    return await new_schema()


@dataclass(frozen=True)
class PostgresFiles:
    """The data directory of the stack's PostgreSQL, for tests that read raw storage."""

    data_dir: Path
    superuser_url: str
    database_url: str

    def flush(self) -> None:
        """Get what is committed onto disk: WAL (always) and the table files (CHECKPOINT)."""
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            conn.execute("SET synchronous_commit = on")  # the local stack runs with it off
            with conn.transaction():
                conn.execute("SELECT pg_current_xact_id()")  # a commit that waits for the WAL flush
        with psycopg.connect(self.superuser_url, autocommit=True) as conn:
            conn.execute("CHECKPOINT")


@pytest.fixture
def postgres_files(stack: Stack) -> PostgresFiles:
    """The local stack's data directory (``$KOHTAAMO_RUN_DIR/pg``); skipped when this process
    cannot read it, e.g. with an external DATABASE_URL."""
    from urllib.parse import urlsplit

    data_dir = Path(os.environ.get("KOHTAAMO_RUN_DIR", "/tmp/kohtaamo-run")) / "pg"
    url = urlsplit(stack.database_url)
    try:
        pid_lines = (data_dir / "postmaster.pid").read_text().splitlines()
        readable = os.access(data_dir / "pg_wal", os.R_OK | os.X_OK)
    except OSError:
        pid_lines, readable = [], False
    if not readable or len(pid_lines) < 4 or pid_lines[3].strip() != str(url.port or 5432):
        pytest.skip(f"the data directory of the PostgreSQL at {url.hostname}:{url.port} is not "
                    f"readable here ({data_dir} is not it): an external DATABASE_URL?")
    # The stack's socket lives in its data dir, where the superuser needs no password.
    superuser = f"host={data_dir} port={url.port or 5432} user=postgres dbname={url.path.strip('/')}"
    return PostgresFiles(data_dir, superuser, stack.database_url)


@pytest.fixture
async def kafka_admin(stack: Stack) -> AsyncIterator[KafkaSettings]:
    """The admin's settings with a topic prefix of this test's own, provisioned like a
    deployment: the contracts' topics exist and each service has its ACLs for them.
    Removed afterwards (ACLs and every topic with the prefix)."""
    admin = stack.kafka.model_copy(update={"topic_prefix": f"t{uuid.uuid4().hex[:10]}."})
    if admin.authenticates:
        await provision(admin)
    else:
        await ensure_topics(admin, list(provisioned_topics()))
    yield admin
    await asyncio.gather(_delete_topics(admin), *([revoke(admin)] if admin.authenticates else []))


@pytest.fixture
def kafka_settings(kafka_admin: KafkaSettings) -> KafkaSettings:
    """This test's cluster and topic prefix, with no identity: a service's settings add
    its own principal (``IntakeSettings(kafka=kafka_settings)`` connects as intake)."""
    return kafka_admin.model_copy(update={"username": None, "password": None})


async def _delete_topics(admin: KafkaSettings) -> None:
    client = AIOKafkaAdminClient(**client_options(admin))
    await client.start()
    try:
        mine = [t for t in await client.list_topics() if t.startswith(admin.topic_prefix)]
        if mine:
            await client.delete_topics(mine)
    finally:
        await client.close()


async def eventually(
    probe: Callable[[], Awaitable[Any] | Any],
    *,
    until: Callable[[Any], bool] = bool,
    timeout: float = 30.0,
    interval: float = 0.05,
) -> Any:
    """Poll ``probe()`` (sync or async) until its value satisfies ``until``; fail with the
    last value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = probe()
        if inspect.isawaitable(value):
            value = await value
        if until(value):
            return value
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s; last value: {value!r}")
        await asyncio.sleep(interval)


@pytest.fixture(name="eventually")
def eventually_fixture() -> Callable[..., Awaitable[Any]]:
    return eventually


class KafkaTools:
    """Raw access to the broker for assertions, as the admin super user: what is on a
    topic, what a group consumed; and producing what no service would (forgeries, poison)."""

    def __init__(self, admin: KafkaSettings) -> None:
        self._options = client_options(admin)

    async def produce(self, topic: str, value: bytes, *, key: bytes | None = None,
                      headers: dict[str, str] | None = None) -> None:
        producer = AIOKafkaProducer(**self._options)
        await producer.start()
        try:
            await producer.send_and_wait(
                topic, value, key=key,
                headers=[(k, v.encode()) for k, v in (headers or {}).items()],
            )
        finally:
            await producer.stop()

    async def read_all(self, topic: str) -> list[Any]:
        """Every record on ``topic`` up to its current end (no consumer group)."""
        consumer = AIOKafkaConsumer(**self._options, enable_auto_commit=False)
        await consumer.start()
        try:
            tps = await _partitions(consumer, topic)
            if not tps:
                return []
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            end = await consumer.end_offsets(tps)
            records: list[Any] = []
            while any([await consumer.position(tp) < end[tp] for tp in tps]):
                batch = await consumer.getmany(*tps, timeout_ms=500)
                for tp_records in batch.values():
                    records.extend(tp_records)
            return sorted(records, key=lambda r: (r.timestamp, r.partition, r.offset))
        finally:
            await consumer.stop()

    async def lag(self, group: str, topic: str) -> int:
        """Records on ``topic`` that ``group`` has not yet committed as consumed."""
        admin = AIOKafkaAdminClient(**self._options)
        consumer = AIOKafkaConsumer(**self._options)
        await admin.start()
        await consumer.start()
        try:
            committed = await admin.list_consumer_group_offsets(group)
            tps = await _partitions(consumer, topic)
            if not tps:
                raise AssertionError(f"topic {topic} does not exist")
            end = await consumer.end_offsets(tps)
            return sum(
                end[tp] - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0)
                for tp in tps
            )
        finally:
            await consumer.stop()
            await admin.close()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    # A fresh consumer knows no topic until it asks the broker for metadata.
    await consumer._client.force_metadata_update()
    return [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]


@pytest.fixture
def kafka(stack: Stack) -> KafkaTools:
    return KafkaTools(stack.kafka)


@pytest.fixture
def auth_header() -> Callable[..., dict[str, str]]:
    """``auth_header("intake_worker")`` -> an Authorization header for that role."""
    from kohtaamo.servicekit.auth import issue_token
    from kohtaamo.servicekit.settings import AuthSettings

    def make(*roles: str, org: str = "091", sub: str = "worker-1",
             projects: tuple[str, ...] | list[str] = ()) -> dict[str, str]:
        token = issue_token(AuthSettings(), sub=sub, roles=roles, org=org, projects=projects)
        return {"Authorization": f"Bearer {token}"}

    return make
