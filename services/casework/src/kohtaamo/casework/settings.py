from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from kohtaamo.servicekit.vault.settings import VaultSettings

# Development default only: refused when KOHTAAMO_ENV=production.
DEVELOPMENT_WORKER_PEPPER = "kohtaamo-development-worker-pepper"


class CaseworkSettings(VaultSettings):
    """The vault's settings (the store's at-rest key, the keyring of key-encryption keys and
    their rotation) come from ``VaultSettings``, with the ``CASEWORK_`` prefix."""

    model_config = SettingsConfigDict(env_prefix="CASEWORK_")

    http_port: int = 8002
    kafka_username: str | None = "casework"  # its own Kafka principal (ACLs in servicekit.acls)
    database_url: str = "postgresql://kohtaamo:kohtaamo@127.0.0.1:15432/casework"
    worker_pepper: str = Field(
        default=DEVELOPMENT_WORKER_PEPPER,
        min_length=16,
        description="secret for the keyed hash that turns a token's sub into a worker id",
    )
    consumer_group: str = Field(default="casework", description="Kafka group reading intake's events")
    aggregate_cache: int = Field(
        default=4000, ge=0,
        description="client files, caseload shards and kuty periods kept in memory (0: none): a "
                    "command then reads only the events after the cached version, not the whole "
                    "history (the private text in them stays sealed by the client's key)",
    )

    @model_validator(mode="after")
    def _no_development_pepper_in_production(self) -> CaseworkSettings:
        if self.environment == "production" and self.worker_pepper == DEVELOPMENT_WORKER_PEPPER:
            raise ValueError("CASEWORK_WORKER_PEPPER must be set in production")
        return self
