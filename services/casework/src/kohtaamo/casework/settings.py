from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from kohtaamo.servicekit.settings import ServiceSettings


class CaseworkSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASEWORK_")

    http_port: int = 8002
    kafka_username: str | None = "casework"  # its own Kafka principal (ACLs in servicekit.acls)
    database_url: str = "postgresql://kohtaamo:kohtaamo@127.0.0.1:15432/casework"
