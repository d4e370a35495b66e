from __future__ import annotations

from kohtaamo.servicekit.settings import ServiceSettings
from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

# Development defaults only: refused when KOHTAAMO_ENV=production.
DEVELOPMENT_CIPHER_KEY = "a29odGFhbW8tZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM="
DEVELOPMENT_IDENTITY_PEPPER = "kohtaamo-development-identity-pepper"


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_")

    http_port: int = 8001
    kafka_username: str | None = "intake"  # its own Kafka principal (ACLs in servicekit.acls)
    database_url: str = "postgresql://kohtaamo:kohtaamo@127.0.0.1:15432/intake"
    cipher_key: str = Field(
        default=DEVELOPMENT_CIPHER_KEY,
        description="base64 AES key (16/24/32 bytes) encrypting the event store at rest",
    )
    identity_pepper: str = Field(
        default=DEVELOPMENT_IDENTITY_PEPPER,
        min_length=16,
        description="secret for the keyed hash that detects duplicate identity codes",
    )

    @model_validator(mode="after")
    def _no_development_keys_in_production(self) -> IntakeSettings:
        if self.environment == "production" and (
            self.cipher_key == DEVELOPMENT_CIPHER_KEY
            or self.identity_pepper == DEVELOPMENT_IDENTITY_PEPPER
        ):
            raise ValueError("INTAKE_CIPHER_KEY and INTAKE_IDENTITY_PEPPER must be set in production")
        return self
