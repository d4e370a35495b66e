"""Settings every service shares. Services subclass ServiceSettings with their own prefix."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_JWT_SECRET = "kohtaamo-development-secret-do-not-use-in-production"
# 1 MiB: far above any form a person fills in, far below what would strain a service.
DEFAULT_MAX_BODY_BYTES = 1_048_576


class KafkaSettings(BaseSettings):
    """Read from KAFKA_*: every service talks to the same cluster."""

    model_config = SettingsConfigDict(env_prefix="KAFKA_", extra="ignore")

    bootstrap_servers: str = "127.0.0.1:19092"
    topic_prefix: str = Field(
        default="", description="Put in front of every topic name (tests, shared clusters)."
    )

    def topic(self, name: str) -> str:
        return self.topic_prefix + name


class AuthSettings(BaseSettings):
    """Read from KOHTAAMO_AUTH_*: one issuer signs the tokens all services accept."""

    model_config = SettingsConfigDict(env_prefix="KOHTAAMO_AUTH_", extra="ignore")

    secret: str = Field(default=DEVELOPMENT_JWT_SECRET, min_length=32)
    issuer: str = "kohtaamo"
    audience: str = "kohtaamo"
    algorithm: Literal["HS256"] = "HS256"


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
    auth: AuthSettings = Field(default_factory=AuthSettings)

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
        return self
