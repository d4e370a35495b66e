from __future__ import annotations

from kohtaamo.servicekit.vault.settings import VaultSettings
from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

# Development default only: refused when KOHTAAMO_ENV=production.
DEVELOPMENT_IDENTITY_PEPPER = "kohtaamo-development-identity-pepper"


class IntakeSettings(VaultSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_")

    http_port: int = 8001
    kafka_username: str | None = "intake"  # its own Kafka principal (ACLs in servicekit.acls)
    database_url: str = "postgresql://kohtaamo:kohtaamo@127.0.0.1:15432/intake"
    identity_pepper: str = Field(
        default=DEVELOPMENT_IDENTITY_PEPPER,
        min_length=16,
        description="secret for the keyed hash that detects duplicate identity codes",
    )

    @model_validator(mode="after")
    def _no_development_pepper_in_production(self) -> IntakeSettings:
        if self.environment == "production" and self.identity_pepper == DEVELOPMENT_IDENTITY_PEPPER:
            raise ValueError("INTAKE_IDENTITY_PEPPER must be set in production")
        return self
