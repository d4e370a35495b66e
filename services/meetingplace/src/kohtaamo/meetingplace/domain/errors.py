"""Commands the meetingplace domain refuses, each with a reason staff can act on.

A refusal names the fields it is about, as ``(field, message)`` pairs, so the HTTP adapter
can answer with a message per field; a bulk request gathers the problems of every row into
one refusal, so staff see all of them at once.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

Problem = tuple[str, str]  # (field, message)


class MeetingplaceError(Exception):
    """A command that the domain refuses."""

    def __init__(self, message: str, *, field: str | None = None,
                 problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: list[Problem] = [(field, message)] if field else list(problems)

    def restated(self, message: str, problems: Iterable[Problem]) -> MeetingplaceError:
        """The same kind of refusal, with another message and problems."""
        clone = copy.copy(self)
        clone.args = (message,)
        clone.problems = list(problems)
        return clone

    def under(self, prefix: str) -> list[Problem]:
        """The problems with their fields put under ``prefix`` (e.g. ``rows.3``)."""
        if not self.problems:
            return [(prefix, str(self))]
        return [(f"{prefix}.{field}", message) for field, message in self.problems]


class InvalidCommand(MeetingplaceError):
    """The command breaks a rule: a count out of range, a date outside the place's life..."""


class NotFound(MeetingplaceError):
    """Nothing of that id in the caller's organisation (another organisation's things do not
    exist for the caller)."""


class PlaceNotFound(NotFound):
    def __init__(self, place_id: object, field: str | None = None) -> None:
        super().__init__(f"no meeting place {place_id}", field=field)


class ActivityNotFound(NotFound):
    def __init__(self, activity_id: object, field: str | None = None) -> None:
        super().__init__(f"no activity {activity_id}", field=field)


class ClientNotFound(NotFound):
    def __init__(self, client_id: object, field: str | None = "client_id") -> None:
        super().__init__(f"no client {client_id} in this organisation", field=field)


class TallyNotFound(NotFound):
    def __init__(self, visit_date: object, time_slot: str) -> None:
        super().__init__(f"no tally for {visit_date} {time_slot} yet: record it first")


class Conflict(MeetingplaceError):
    """The command is valid but the thing is in a state that does not allow it."""


class AlreadyCounted(Conflict):
    """The slot has a count: a new count would double it; correct the tally instead."""


class AlreadyRecorded(Conflict):
    """The same visit or participation is recorded already."""


class PlaceClosed(Conflict):
    """The meeting place is closed: its details and closure are final."""


class ActivityConcluded(Conflict):
    """The activity was held or cancelled already, or is not yet either."""


class ConsentMissing(Conflict):
    """Identified participation needs the client's consent in force on that day."""


class ClientInactive(Conflict):
    """The client's registration was voided, or their data erased."""


def require(condition: bool, message: str, *, field: str | None = None) -> None:
    """Refuse the command with ``message`` unless ``condition`` holds."""
    if not condition:
        raise InvalidCommand(message, field=field)


def each_once(values: Iterable[object], field: str) -> None:
    """A code listed twice is a mistake, and would be counted twice downstream."""
    values = list(values)
    require(len(set(values)) == len(values), "lists a code more than once", field=field)


def count_within(value: int, *, low: int, high: int, field: str) -> None:
    require(value >= low, f"must be at least {low}", field=field)
    require(value <= high, f"must be at most {high:,}".replace(",", " "), field=field)


def gather(problems: list[Problem], message: str) -> None:
    """Refuse with every problem found, if any."""
    if problems:
        raise InvalidCommand(message, problems=problems)



def combine(found: list[tuple[str, MeetingplaceError]], message: str) -> None:
    """Refuse with the problems of every part (each under its prefix, e.g. ``rows.3``).

    A rule broken anywhere makes the whole an invalid command; otherwise it is refused as
    the first part was (e.g. a slot already counted)."""
    if not found:
        return
    invalid = [e for _, e in found if isinstance(e, InvalidCommand)]
    lead = invalid[0] if invalid else found[0][1]
    raise lead.restated(message, [p for prefix, e in found for p in e.under(prefix)])
