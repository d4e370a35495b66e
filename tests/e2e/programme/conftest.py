"""All four services as real apps in this process, on the real Kafka and PostgreSQL: the
casework and meetingplace fixtures beside intake's and reporting's."""

from ..casework.conftest import casework_schema, casework_settings, start_casework
from ..meetingplace.conftest import meetingplace_settings, start_meetingplace

__all__ = ["casework_schema", "casework_settings", "meetingplace_settings", "start_casework",
           "start_meetingplace"]
