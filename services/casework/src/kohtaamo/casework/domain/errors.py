"""Commands casework refuses, each with a reason a person can act on.

``field`` names the command field a refusal is about, when there is one, so that the HTTP
adapter can answer with a message for that field.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID


class CaseworkError(Exception):
    """A command that casework refuses."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidCommand(CaseworkError):
    """The command breaks a rule (a date out of order, a code given twice, a count too high)."""


class ClientNotKnown(CaseworkError):
    def __init__(self, client_id: object) -> None:
        super().__init__(
            f"casework has no client {client_id}: if the client was registered in intake just "
            "now, the registration may still be on its way; try again in a moment"
        )


class NotFound(CaseworkError):
    """A plan, referral or kuty period the command names does not exist for this client."""

    def __init__(self, what: str, ident: UUID, *, field: str) -> None:
        super().__init__(f"the client has no {what} {ident}", field=field)


class FileClosed(CaseworkError):
    """The client's file is closed (registration voided, relationship ended): nothing more
    may be recorded in it."""


class ClientErased(CaseworkError):
    """The client exercised the right to erasure: their private text is gone for good."""


class Conflict(CaseworkError):
    """The command contradicts what is already recorded (started twice, ended twice...)."""


class ConsentMissing(CaseworkError):
    """Information may go to a party only with a consent in force that covers it."""

    def __init__(self, party: str, purpose: str, on: date, *, field: str, detail: str = "") -> None:
        super().__init__(
            f"no consent in force on {on.isoformat()} covers party {party} for purpose "
            f"{purpose}{detail}", field=field,
        )
        self.party, self.purpose = party, purpose


def require(condition: bool, message: str, *, field: str | None = None) -> None:
    """Refuse the command with ``message`` unless ``condition`` holds."""
    if not condition:
        raise InvalidCommand(message, field=field)


def each_once(values: tuple[object, ...], field: str) -> None:
    """A code listed twice is a mistake, and would be counted twice downstream."""
    require(len(set(values)) == len(values), "lists a code more than once", field=field)


def not_before(day: date, earliest: date, what: str, field: str) -> None:
    require(day >= earliest, f"is before {what} ({earliest.isoformat()})", field=field)


def within_a_year(start: date, end: date) -> bool:
    """True if ``end`` is after ``start`` and no more than one calendar year later (the
    plan-review rule: at least once a year). The contracts check the same."""
    try:
        limit = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        limit = date(start.year + 1, 3, 1)
    return start < end <= limit
