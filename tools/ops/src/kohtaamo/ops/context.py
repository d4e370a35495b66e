"""What the command talks to: Kafka as the admin, each service's database and HTTP port.

Kafka: ``KAFKA_*`` as ``deploy/local-stack env`` prints them (``KAFKA_USERNAME`` and
``KAFKA_PASSWORD`` are the admin's). Databases: each service's own settings
(``INTAKE_DATABASE_URL``, ``INTAKE_DATABASE_SCHEMA``, …), exactly as the service reads
them. HTTP: ``KOHTAAMO_OPS_<SERVICE>_URL``, else the service's ``<SERVICE>_HTTP_HOST`` and
``_PORT``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from kohtaamo.casework.settings import CaseworkSettings
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.meetingplace.settings import MeetingplaceSettings
from kohtaamo.reporting.settings import ReportingSettings
from kohtaamo.servicekit.settings import KafkaSettings, ServiceSettings

from .errors import BadInput

SERVICES: dict[str, Callable[..., ServiceSettings]] = {
    "intake": IntakeSettings, "casework": CaseworkSettings,
    "meetingplace": MeetingplaceSettings, "reporting": ReportingSettings,
}


class OpsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KOHTAAMO_OPS_", extra="ignore")

    intake_url: str | None = None
    casework_url: str | None = None
    meetingplace_url: str | None = None
    reporting_url: str | None = None
    timeout: float = 5.0  # seconds for one answer from a service, Kafka or PostgreSQL


@dataclass
class Ops:
    kafka: KafkaSettings  # as the admin; topic prefix included
    settings: dict[str, ServiceSettings] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    timeout: float = 5.0

    @classmethod
    def from_environment(cls) -> Ops:
        ops = OpsSettings()
        return cls(kafka=KafkaSettings(), timeout=ops.timeout,
                   urls={s: u for s in SERVICES if (u := getattr(ops, f"{s}_url"))})

    def service(self, name: str) -> Any:
        """The service's own settings, read from the environment once."""
        if name not in SERVICES:
            raise BadInput(f"no service {name!r}: the services are {', '.join(SERVICES)}")
        if name not in self.settings:
            try:
                self.settings[name] = SERVICES[name]()
            except ValidationError as exc:
                first = exc.errors()[0]
                raise BadInput(f"{name}'s settings are invalid: {first['msg']}") from None
        return self.settings[name]

    def url(self, name: str) -> str:
        if name in self.urls:
            return self.urls[name].rstrip("/")
        settings = self.service(name)
        host = "127.0.0.1" if settings.http_host in ("0.0.0.0", "::") else settings.http_host
        return f"http://{host}:{settings.http_port}"

    def group_of(self, service: str) -> str:
        """The consumer group a consuming service reads with (prefixed)."""
        return self.kafka.topic(getattr(self.service(service), "consumer_group", service))
