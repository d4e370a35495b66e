"""The real stack for a benchmark: schemas, provisioned topic prefixes, service processes
and their memory, all removed again afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from kohtaamo.servicekit.kafka import client_options
from kohtaamo.servicekit.provision import provision
from kohtaamo.servicekit.settings import KafkaSettings

ROOT = Path(__file__).resolve().parents[2]


def local_stack() -> str:
    """The database URL; Kafka's settings (as the admin) are left in the environment."""
    if not (os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("DATABASE_URL")):
        out = subprocess.run([str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True,
                             text=True, check=True)
        os.environ.update(line.removeprefix("export ").split("=", 1)
                          for line in out.stdout.splitlines() if line.startswith("export "))
    return os.environ["DATABASE_URL"]


class Resources:
    """Schemas and topic prefixes made for one run, dropped at its end."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.schemas: list[str] = []
        self.prefixes: list[str] = []

    async def schema(self) -> str:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        await sql(self.database_url, f'CREATE SCHEMA "{name}"')
        self.schemas.append(name)
        return name

    async def prefix(self, *, partitions: int = 3) -> KafkaSettings:
        """A fresh topic prefix, provisioned like a deployment; the admin's settings."""
        admin = KafkaSettings(topic_prefix=f"bench{uuid.uuid4().hex[:8]}.")
        await provision(admin, partitions=partitions)
        self.prefixes.append(admin.topic_prefix)
        return admin

    async def close(self) -> None:
        for name in self.schemas:
            await sql(self.database_url, f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        if self.prefixes:
            from aiokafka.admin import AIOKafkaAdminClient

            admin = AIOKafkaAdminClient(**client_options(KafkaSettings(topic_prefix="")))
            await admin.start()
            try:
                mine = [t for t in await admin.list_topics() if t.startswith(tuple(self.prefixes))]
                if mine:
                    await admin.delete_topics(mine)
            finally:
                await admin.close()


async def sql(database_url: str, statement: str, *args: object) -> object:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval(statement, *args)
    finally:
        await conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment of a service process: its own principal, not the admin's."""
    env = {k: v for k, v in os.environ.items() if k not in ("KAFKA_USERNAME", "KAFKA_PASSWORD")}
    return env | extra


@dataclass
class Memory:
    """Resident memory of a process sampled while it works: (seconds, MiB, progress)."""

    pid: int
    samples: list[tuple[float, float, int]] = field(default_factory=list)

    @property
    def peak_mib(self) -> float:
        return max((m for _, m, _ in self.samples), default=0.0)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def hwm_mib(pid: int) -> float:
    """The process's peak resident memory so far (the kernel's high-water mark)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Service:
    name: str
    port: int
    process: subprocess.Popen[str]
    memory: Memory

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def running(name: str, env: dict[str, str], *, command: list[str] | None = None,
            port: int | None = None) -> Iterator[Service]:
    """``python -m kohtaamo.<name>`` (or ``command``) until it answers ``/health``; its
    memory is sampled every 0.2 s while it runs."""
    port = port or free_port()
    prefix = name.upper()
    env = service_env(env | {f"{prefix}_HTTP_PORT": str(port)})
    argv = command or [sys.executable, "-m", f"kohtaamo.{name}"]
    log = open(Path(os.environ.get("KOHTAAMO_RUN_DIR", "/tmp")) / f"bench-{name}-{port}.log", "w")
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    service = Service(name, port, process, Memory(process.pid))
    stop = threading.Event()
    started = time.perf_counter()

    def sample() -> None:
        while not stop.wait(0.2):
            with contextlib.suppress(OSError):
                service.memory.samples.append((time.perf_counter() - started,
                                               rss_mib(process.pid), 0))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{service.url}/health", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start; see {log.name}")
            time.sleep(0.1)
        yield service
    finally:
        stop.set()
        sampler.join()
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def run_async(coroutine):  # noqa: ANN001, ANN201 - a thin alias, for readability in run.py
    return asyncio.run(coroutine)
