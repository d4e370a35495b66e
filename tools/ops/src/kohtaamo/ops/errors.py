"""Exit codes scripts can rely on, and the errors that lead to them.

| code | meaning |
|---|---|
| 0 | done; all is well |
| 1 | done, and the answer is "not well": something is down or missing, a replayed message failed again, a rebuild found differences and did not switch, or a rebuild failed (the live read model serves on) |
| 2 | bad input: an unknown topic, group or service, an id that is not parked, a bad option |
| 3 | Kafka or PostgreSQL cannot be reached (or refuses the credentials) |
| 4 | refused by the state of things: another rebuild runs, nothing to clean up while one runs |
"""

from __future__ import annotations

OK, NOT_WELL, BAD_INPUT, UNREACHABLE, REFUSED = 0, 1, 2, 3, 4


class OpsError(Exception):
    """A one-line message for the operator and the exit code that goes with it."""

    code = NOT_WELL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(OpsError):
    code = BAD_INPUT


class Unreachable(OpsError):
    code = UNREACHABLE


class Refused(OpsError):
    code = REFUSED


class NotWell(OpsError):
    code = NOT_WELL
