from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from kohtaamo.servicekit.settings import ServiceSettings


class MeetingplaceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEETINGPLACE_")

    http_port: int = 8003
    kafka_username: str | None = "meetingplace"  # its own Kafka principal (ACLs in servicekit.acls)
    database_url: str = "postgresql://kohtaamo:kohtaamo@127.0.0.1:15432/meetingplace"
    consumer_group: str = Field(
        default="meetingplace",
        description="Kafka consumer group of the client-facts subscription; another group "
                    "rebuilds the consent view from the topic's start, side by side.",
    )
