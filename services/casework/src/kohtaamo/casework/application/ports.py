"""What the application needs from the outside world, as interfaces (adapters implement)."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from kohtaamo.servicekit.vault.crypto import KeyDestroyed

__all__ = ["KeyDestroyed", "PersonalDataVault"]


class PersonalDataVault(Protocol):
    """Seals private text with a key per client; destroying the key erases the text.

    ``seal`` and ``unseal`` raise ``KeyDestroyed`` when the client has no live key.
    """

    def create_key(self, subject_id: UUID) -> None: ...

    def seal(self, subject_id: UUID, data: dict[str, Any]) -> str: ...

    def unseal(self, subject_id: UUID, sealed: str) -> dict[str, Any]: ...

    def destroy_key(self, subject_id: UUID) -> None: ...

    def close(self) -> None: ...
