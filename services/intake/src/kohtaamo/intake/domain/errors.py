"""Commands the intake domain refuses, each with a reason a person can act on.

``field`` names the command field the refusal is about, when there is one, so the HTTP
adapter can answer with a message for that field.
"""

from __future__ import annotations

from uuid import UUID


class IntakeError(Exception):
    """A command that the domain refuses."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AlreadyRegistered(IntakeError):
    def __init__(self, client_id: UUID) -> None:
        super().__init__(f"this person is already a client: {client_id}", field="personal_identity_code")
        self.client_id = client_id


class InvalidCommand(IntakeError):
    """The command breaks a rule (e.g. a date before the registration, a code given twice)."""


class ClientNotFound(IntakeError):
    def __init__(self, client_id: object) -> None:
        super().__init__(f"no client {client_id}")


class ClientInactive(IntakeError):
    """The registration was voided or the client erased: nothing more may be recorded."""


class ClientErasedError(IntakeError):
    """The client's personal data was erased and can no longer be read."""


class ConsentNotFound(IntakeError):
    def __init__(self, consent_id: UUID) -> None:
        super().__init__(f"the client has no consent {consent_id}", field="consent_id")


class ConsentNotActive(IntakeError):
    pass


class ConsentMissing(IntakeError):
    """An action needs the client's consent for a purpose, and there is none in force."""


class OutreachContactNotFound(IntakeError):
    def __init__(self, contact_id: UUID) -> None:
        super().__init__(f"no outreach contact {contact_id}")


class AlreadyLinked(IntakeError):
    pass


def require(condition: bool, message: str, *, field: str | None = None) -> None:
    """Refuse the command with ``message`` unless ``condition`` holds."""
    if not condition:
        raise InvalidCommand(message, field=field)


def each_once(values: tuple[object, ...] | list[object], field: str) -> None:
    """A code listed twice is a mistake, and would be counted twice downstream."""
    require(len(set(values)) == len(values), "lists a code more than once", field=field)
