"""Setting up and taking down the run's deployment on the real stack: a topic prefix
provisioned like production (topics, each service's ACLs), a schema per service."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient

from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.provision import provision, revoke
from kohtaamo.servicekit.settings import KafkaSettings

from .processes import SERVICES, Deployment

SCHEMAS = (*SERVICES, "bi", "recomputed")


@contextlib.asynccontextmanager
async def deployed(stack_kafka: KafkaSettings, database_url: str, *, port_base: int, work_dir: Path
                   ) -> AsyncIterator[tuple[Deployment, KafkaSettings]]:
    """``(deployment, admin)``: the admin's settings carry the run's topic prefix."""
    run = uuid.uuid4().hex[:8]
    admin = stack_kafka.model_copy(update={"topic_prefix": f"f{run}."})
    await provision(admin)
    schemas = {name: f"f{run}_{name}" for name in SCHEMAS}
    conn = await asyncpg.connect(database_url)
    try:
        for schema in schemas.values():
            await conn.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await conn.close()
    try:
        yield Deployment(database_url=database_url, kafka_bootstrap=admin.bootstrap_servers,
                         topic_prefix=admin.topic_prefix, schemas=schemas, port_base=port_base,
                         work_dir=work_dir), admin
    finally:
        conn = await asyncpg.connect(database_url)
        try:
            for schema in schemas.values():
                await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await conn.close()
        await asyncio.gather(_delete_topics(admin), revoke(admin))


async def _delete_topics(admin: KafkaSettings) -> None:
    client = AIOKafkaAdminClient(**client_options(admin))
    await client.start()
    try:
        mine = [t for t in await client.list_topics() if t.startswith(admin.topic_prefix)]
        if mine:
            await client.delete_topics(mine)
    finally:
        await client.close()
