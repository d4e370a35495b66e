"""Settings every service shares. Services subclass ServiceSettings with their own prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .group_commit import GroupCommitSettings

DEVELOPMENT_JWT_SECRET = "kohtaamo-development-secret-do-not-use-in-production"
# 1 MiB: far above any form a person fills in, far below what would strain a service.
DEFAULT_MAX_BODY_BYTES = 1_048_576


def development_kafka_password(principal: str) -> str:
    """The password deploy/local-stack gives ``principal`` unless told otherwise."""
    return f"kohtaamo-dev-{principal}"


class KafkaSettings(BaseSettings):
    """Read from KAFKA_*: every service talks to the same cluster.

    ``username``/``password`` here (KAFKA_USERNAME, KAFKA_PASSWORD) are for tools such as
    the provisioning command; a service always authenticates as its own principal
    (``ServiceSettings.kafka_username``), whatever these say.
    """

    model_config = SettingsConfigDict(env_prefix="KAFKA_", extra="ignore")

    bootstrap_servers: str = "127.0.0.1:19092"
    topic_prefix: str = Field(
        default="", description="Put in front of every topic name (tests, shared clusters)."
    )
    security_protocol: Literal["SASL_PLAINTEXT", "SASL_SSL", "PLAINTEXT"] = Field(
        default="SASL_PLAINTEXT",
        description="SASL_SSL for a real deployment; PLAINTEXT only for a broker without "
        "authentication (refused in production).",
    )
    sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256"] = "SCRAM-SHA-512"
    username: str | None = None
    password: SecretStr | None = None
    ssl_ca_file: Path | None = Field(
        default=None,
        description="PEM file of the CA that signed the broker's certificate (SASL_SSL); "
        "the system's trust store when unset.",
    )

    def topic(self, name: str) -> str:
        return self.topic_prefix + name

    @property
    def authenticates(self) -> bool:
        return self.security_protocol != "PLAINTEXT"


class AuthSettings(BaseSettings):
    """Read from KOHTAAMO_AUTH_*: one issuer signs the tokens all services accept."""

    model_config = SettingsConfigDict(env_prefix="KOHTAAMO_AUTH_", extra="ignore")

    secret: str = Field(default=DEVELOPMENT_JWT_SECRET, min_length=32)
    issuer: str = "kohtaamo"
    audience: str = "kohtaamo"
    algorithm: Literal["HS256"] = "HS256"


class RateLimitSettings(BaseSettings):
    """Read from KOHTAAMO_RATE_LIMIT_*: the same limits for every service, per caller
    (servicekit.rate_limit)."""

    model_config = SettingsConfigDict(env_prefix="KOHTAAMO_RATE_LIMIT_", extra="ignore")

    enabled: bool = Field(default=True, description="false only for benchmarks of the services' ceilings")
    per_second: float = Field(default=100.0, gt=0, description="requests a caller may make each second, sustained")
    burst: int = Field(default=3000, ge=1, description="requests a caller may make at once")
    max_callers: int = Field(default=100_000, ge=1, description="callers remembered per process")


class TelemetrySettings(BaseSettings):
    """Traces and logs. Tracing reads OpenTelemetry's own variables: it is on when an OTLP
    endpoint is set (and ``OTEL_TRACES_EXPORTER`` is not ``none``); the exporter reads
    the rest of ``OTEL_EXPORTER_OTLP_*`` itself."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    otlp_endpoint: str | None = Field(default=None, validation_alias="OTEL_EXPORTER_OTLP_ENDPOINT")
    otlp_traces_endpoint: str | None = Field(
        default=None, validation_alias="OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    )
    traces_exporter: str = Field(default="otlp", validation_alias="OTEL_TRACES_EXPORTER")
    log_format: Literal["json", "text"] = Field(
        default="json", validation_alias="KOHTAAMO_LOG_FORMAT",
        description="json: one JSON object a line (service, event and correlation ids); "
        "text: for reading in a terminal.",
    )
    log_level: str = Field(default="INFO", validation_alias="KOHTAAMO_LOG_LEVEL")

    @property
    def enabled(self) -> bool:
        return bool(self.otlp_endpoint or self.otlp_traces_endpoint) and self.traces_exporter != "none"


class ServiceSettings(BaseSettings):
    """Base for a service's settings; subclasses set ``env_prefix`` (``INTAKE_``, …)."""

    model_config = SettingsConfigDict(
        env_nested_delimiter="__", extra="ignore", populate_by_name=True
    )

    environment: Literal["development", "test", "production"] = Field(
        default="development", validation_alias="KOHTAAMO_ENV"
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    http_max_body_bytes: int = Field(
        default=DEFAULT_MAX_BODY_BYTES,
        gt=0,
        description="Largest request body accepted; a larger one answers 413 unread.",
    )
    database_url: str = Field(
        default="memory://",
        description="postgresql://user:password@host:port/db, sqlite:///path, or memory://",
    )
    database_schema: str | None = Field(
        default=None, description="PostgreSQL schema for this service's tables."
    )
    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    kafka_username: str | None = Field(
        default=None,
        description="The Kafka principal this service authenticates as; each service's "
        "settings default it to the service's own name.",
    )
    kafka_password: SecretStr | None = Field(
        default=None,
        description="That principal's password; unset = its development password "
        "(refused when KOHTAAMO_ENV=production).",
    )
    auth: AuthSettings = Field(default_factory=AuthSettings)
    rate_limit: RateLimitSettings = Field(
        default_factory=RateLimitSettings,
        description="Requests per caller before 429 (KOHTAAMO_RATE_LIMIT_*, servicekit.rate_limit).",
    )
    group_commit: GroupCommitSettings = Field(
        default_factory=GroupCommitSettings,
        description="Concurrent commands saved in one transaction (servicekit.group_commit).",
    )
    telemetry: TelemetrySettings = Field(default_factory=TelemetrySettings)

    @model_validator(mode="after")
    def _own_kafka_principal(self) -> ServiceSettings:
        # The service's own credentials replace whatever the shared section carries, so a
        # shell with the operator's KAFKA_USERNAME never makes a service a super user.
        if self.kafka_username is not None:
            password = self.kafka_password or SecretStr(
                development_kafka_password(self.kafka_username)
            )
            self.kafka = self.kafka.model_copy(
                update={"username": self.kafka_username, "password": password}
            )
        return self

    @model_validator(mode="after")
    def _no_development_secrets_in_production(self) -> ServiceSettings:
        if self.environment == "production":
            if self.auth.secret == DEVELOPMENT_JWT_SECRET:
                raise ValueError(
                    "KOHTAAMO_AUTH_SECRET must be set: the development default is refused "
                    "when KOHTAAMO_ENV=production"
                )
            if self.database_url.startswith("memory://"):
                raise ValueError("a persistent database_url is required in production")
            _check_production_kafka(self.kafka, self.model_config.get("env_prefix", ""))
        return self


def _check_production_kafka(kafka: KafkaSettings, env_prefix: str) -> None:
    if not kafka.authenticates:
        raise ValueError(
            "KAFKA_SECURITY_PROTOCOL=PLAINTEXT is refused when KOHTAAMO_ENV=production: "
            "the broker must authenticate every service (SASL_SSL)"
        )
    if kafka.username is None or kafka.password is None:
        raise ValueError("a Kafka username and password are required in production")
    if kafka.password.get_secret_value() == development_kafka_password(kafka.username):
        raise ValueError(
            f"{env_prefix}KAFKA_PASSWORD must be set: the development password of the Kafka "
            f"principal {kafka.username!r} is refused when KOHTAAMO_ENV=production"
        )
