"""Typed parsing errors: consumers route any ContractError to the dead-letter topic."""


class ContractError(ValueError):
    """A message could not be turned into a known integration event."""

    kind = "contract-error"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MalformedEvent(ContractError):
    kind = "malformed"


class UnknownEventType(ContractError):
    kind = "unknown-type"


class UnknownSchemaVersion(ContractError):
    kind = "unknown-version"
