"""The four services as real OS processes (``python -m kohtaamo.<service>``, as
``deploy/services`` starts them), each on its own schema and the run's topic prefix, so
that a fault can SIGKILL one and start it again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SERVICES = ("intake", "casework", "meetingplace", "reporting")
SCHEMAS = (*SERVICES, "bi", "recomputed")  # reporting's BI views; the recomputation's read model
# What a service must not inherit from the harness: the admin's Kafka identity (a service
# authenticates as its own principal) and any setting of the harness's own tests.
_NOT_INHERITED = ("KAFKA_USERNAME", "KAFKA_PASSWORD", "KAFKA_TOPIC_PREFIX")


@dataclass
class Deployment:
    """Where the run's services live: one schema each, one topic prefix, a port base."""

    database_url: str
    kafka_bootstrap: str
    topic_prefix: str
    schemas: dict[str, str]
    port_base: int
    work_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    def port(self, service: str) -> int:
        return self.port_base + 1 + SERVICES.index(service)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port(service)}"

    def env(self, service: str) -> dict[str, str]:
        up = service.upper()
        env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
        env.update({
            f"{up}_HTTP_PORT": str(self.port(service)),
            f"{up}_DATABASE_URL": self.database_url,
            f"{up}_DATABASE_SCHEMA": self.schemas[service],
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "KAFKA_TOPIC_PREFIX": self.topic_prefix,
            "KOHTAAMO_LOG_LEVEL": "WARNING",
        })
        if service in ("intake", "casework"):
            env[f"{up}_KEYRING_PATH"] = str(self.work_dir / f"{service}.keyring")
        if service == "reporting":
            env["REPORTING_BI_SCHEMA"] = self.schemas["bi"]
        env.update(self.extra_env)
        return env


class ServiceProcess:
    def __init__(self, deployment: Deployment, service: str) -> None:
        self.deployment = deployment
        self.service = service
        self.log_path = deployment.work_dir / f"{service}.log"
        self._process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        assert self._process is None or self._process.poll() is not None, "already running"
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-m", f"kohtaamo.{self.service}"],
            env=self.deployment.env(self.service), stdout=log, stderr=log,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()
        self.starts += 1

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, as when a machine or container dies."""
        if self._process is not None and self._process.poll() is None:
            os.kill(self._process.pid, signal.SIGKILL)
            self._process.wait()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    async def health(self, http: httpx.AsyncClient) -> dict | None:
        """The service's ``/health`` body, or None while it does not answer."""
        if not self.running:
            raise AssertionError(f"{self.service} exited; see {self.log_path}")
        try:
            response = await http.get(f"{self.deployment.url(self.service)}/health", timeout=5)
        except httpx.HTTPError:
            return None
        return response.json() if response.status_code == 200 else None
