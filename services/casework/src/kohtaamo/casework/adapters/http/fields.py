"""Input types of casework's request bodies: dates that are dates, text that is text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, Field, StringConstraints


def _iso_string(value: Any) -> Any:
    # JSON has no date type: only a string is a date here (pydantic's lax mode would take a
    # number as a Unix time).
    if not isinstance(value, str):
        raise ValueError("give the date as a string YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_string), Field(description="YYYY-MM-DD")]
Moment = Annotated[AwareDatetime, BeforeValidator(_iso_string),
                   Field(description="ISO 8601 date and time with a time zone")]
PrivateText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000),
    Field(description="Private: sealed with the client's key, never published, read only with "
                      "a purpose (logged)"),
]
