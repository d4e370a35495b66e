from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from kohtaamo.servicekit.settings import ServiceSettings

# Development defaults only: refused when KOHTAAMO_ENV=production.
DEVELOPMENT_CIPHER_KEY = "Y2FzZXdvcmstZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM="
DEVELOPMENT_WORKER_PEPPER = "kohtaamo-development-worker-pepper"


class CaseworkSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASEWORK_")

    http_port: int = 8002
    kafka_username: str | None = "casework"  # its own Kafka principal (ACLs in servicekit.acls)
    database_url: str = "postgresql://kohtaamo:kohtaamo@127.0.0.1:15432/casework"
    cipher_key: str = Field(
        default=DEVELOPMENT_CIPHER_KEY,
        description="base64 AES key (16/24/32 bytes) encrypting the event store at rest",
    )
    worker_pepper: str = Field(
        default=DEVELOPMENT_WORKER_PEPPER,
        min_length=16,
        description="secret for the keyed hash that turns a token's sub into a worker id",
    )
    consumer_group: str = Field(default="casework", description="Kafka group reading intake's events")

    @model_validator(mode="after")
    def _no_development_keys_in_production(self) -> CaseworkSettings:
        if self.environment == "production" and (
            self.cipher_key == DEVELOPMENT_CIPHER_KEY or self.worker_pepper == DEVELOPMENT_WORKER_PEPPER
        ):
            raise ValueError("CASEWORK_CIPHER_KEY and CASEWORK_WORKER_PEPPER must be set in production")
        return self
