"""Input types for HTTP request models: text that is what it looks like, addresses and
numbers that work, dates that are dates.

- ``Name`` and ``ShortText``: normalised to NFC; refuse control characters (Unicode Cc),
  format characters (Cf: NUL-like invisibles, the bidirectional embeddings, overrides,
  isolates and marks U+202A–U+202E, U+2066–U+2069, U+200E/F, zero-width characters, tags),
  line and paragraph separators and lone surrogates; spaces around are trimmed.
- ``FreeText``: the same, but newlines and tabs are kept (CR LF becomes LF), and invisible
  joiners and marks that written languages need (ZWJ, ZWNJ, LRM, RLM, soft hyphen) are
  allowed; the bidirectional embeddings, overrides and isolates are still refused.
- ``Email``: checked and normalised by ``email-validator`` (no deliverability look-up).
- ``Phone``: checked by ``phonenumbers`` (numbers without a country code are Finnish),
  normalised to E.164 (``+358401234567``).
- ``IsoDate``: only an ISO 8601 calendar date string ``YYYY-MM-DD`` (pydantic's lax mode
  would take ``0`` as a Unix time); ``EventDate``: the same, not in the future (the date
  something happened); ``Timestamp``: an ISO 8601 date-time with a time zone.

The OpenAPI schema of each says the same as its validator (patterns for the characters),
so a client, or a fuzzer, can know what will pass.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

import email_validator
import phonenumbers
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, StringConstraints

from .text_rules import TextRule

_NAME_RULE = TextRule.for_names()
_FREE_TEXT_RULE = TextRule.for_free_text()


def _name_like(max_length: int, description: str) -> Any:
    return Annotated[
        str,
        StringConstraints(min_length=1, max_length=max_length),
        Field(json_schema_extra=_NAME_RULE.schema, description=description),
        AfterValidator(_NAME_RULE.clean),
    ]


Name = _name_like(100, "a name: letters, marks, spaces, punctuation; no control characters")
ShortText = _name_like(200, "one line of text; no control characters")

FreeText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4000),
    Field(
        json_schema_extra=_FREE_TEXT_RULE.schema,
        description="free text; newlines and tabs allowed, other control characters not",
    ),
    AfterValidator(_FREE_TEXT_RULE.clean),
]


def _email(value: str) -> str:
    try:
        checked = email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise ValueError(f"is not a valid e-mail address: {exc}") from None
    return checked.normalized


Email = Annotated[
    str,
    StringConstraints(min_length=3, max_length=254),
    Field(json_schema_extra={"format": "email"}, description="e-mail address"),
    AfterValidator(_email),
]


_PHONE = r"^\+?[0-9 ()-]{3,32}$"


def _phone(value: str) -> str:
    if not re.fullmatch(_PHONE, value):
        raise ValueError("may hold only digits, spaces, ( ) - and a leading +")
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        raise ValueError("is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("is not a valid phone number (without +country code, a Finnish one)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


Phone = Annotated[
    str,
    StringConstraints(min_length=3, max_length=32),
    Field(
        json_schema_extra={"format": "phone", "pattern": _PHONE},
        description="phone number, e.g. 040 123 4567 or +358 40 123 4567; answered as E.164",
    ),
    AfterValidator(_phone),
]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_string(value: object) -> object:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value  # already a date (a default, or a Python caller)
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a calendar date") from None


# JSON Schema's "format": "date" is RFC 3339's full-date: exactly YYYY-MM-DD.
IsoDate = Annotated[date, BeforeValidator(_date_string)]


def _not_in_future(value: date) -> date:
    if value > date.today():
        raise ValueError("cannot be in the future")
    return value


# When something happened: any past date (history comes from older registers), never a future one.
EventDate = Annotated[
    date,
    BeforeValidator(_date_string),
    AfterValidator(_not_in_future),
    Field(description="YYYY-MM-DD, not in the future"),
]


def _timestamp_string(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt ].+", value):
        raise ValueError("must be a date and time written YYYY-MM-DDThh:mm:ss with a time zone")
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(_timestamp_string)]
