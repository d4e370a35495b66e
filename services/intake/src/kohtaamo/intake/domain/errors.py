"""Commands the intake domain refuses, each with a reason a person can act on."""

from __future__ import annotations

from uuid import UUID


class IntakeError(Exception):
    """A command that the domain refuses."""


class AlreadyRegistered(IntakeError):
    def __init__(self, client_id: UUID) -> None:
        super().__init__(f"this person is already a client: {client_id}")
        self.client_id = client_id


class InvalidCommand(IntakeError):
    """The command contradicts what is already known (e.g. a date before registration)."""


class ClientNotFound(IntakeError):
    def __init__(self, client_id: object) -> None:
        super().__init__(f"no client {client_id}")


class ClientInactive(IntakeError):
    """The registration was voided or the client erased: nothing more may be recorded."""


class ClientErasedError(IntakeError):
    """The client's personal data was erased and can no longer be read."""


class ConsentNotFound(IntakeError):
    def __init__(self, consent_id: UUID) -> None:
        super().__init__(f"the client has no consent {consent_id}")


class ConsentNotActive(IntakeError):
    pass


class ConsentMissing(IntakeError):
    """An action needs the client's consent for a purpose, and there is none in force."""


class OutreachContactNotFound(IntakeError):
    def __init__(self, contact_id: UUID) -> None:
        super().__init__(f"no outreach contact {contact_id}")


class AlreadyLinked(IntakeError):
    pass
