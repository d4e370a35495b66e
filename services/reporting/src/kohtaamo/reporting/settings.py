from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from kohtaamo.servicekit.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_")

    http_port: int = 8004
    kafka_username: str | None = "reporting"  # its own Kafka principal (ACLs in servicekit.acls)
    consumer_group: str = Field(
        default="reporting",
        description="Kafka consumer group; a new group with a new schema rebuilds the read "
        "models from the topics, side by side with the running ones. It must begin with "
        "'reporting' (e.g. reporting-rebuild-2): the ACLs allow reporting only such groups.",
    )
    database_url: str = "postgresql://kohtaamo:kohtaamo@127.0.0.1:15432/reporting"
    session_cookie_secure: bool | None = Field(
        default=None,
        description="Send the dashboard's session cookie over HTTPS only; default: yes, "
        "except in development and test (plain http://127.0.0.1).",
    )
    pack_dir: Path | None = Field(
        default=None,
        description="A folder with indicators/*.yaml and projects.yaml to use instead of the "
        "pack shipped with reporting.",
    )
    bi_schema: str | None = Field(
        default=None,
        description="Schema of the BI views (over the read model served); default bi, or "
        "<database_schema>_bi when database_schema is set.",
    )
    bi_role: str = Field(default="kohtaamo_bi", description="The read-only role BI tools log in as.")
    bi_password: SecretStr | None = Field(
        default=None, min_length=12,
        description="The BI role's password. Set, reporting creates the role (its database user "
        "needs CREATEROLE) and makes it the bi views' only reader; unset, it manages no role.",
    )

    @property
    def bi_schema_name(self) -> str:
        if self.bi_schema:
            return self.bi_schema
        return f"{self.database_schema}_bi" if self.database_schema else "bi"

    read_model_poll_seconds: float = Field(
        default=1.0, gt=0,
        description="How often reporting looks whether a rebuild has switched the read model.",
    )

    @property
    def secure_session_cookie(self) -> bool:
        if self.session_cookie_secure is not None:
            return self.session_cookie_secure
        return self.environment == "production"
