"""Fakes for casework's tests (the real vault is on PostgreSQL)."""

from __future__ import annotations

import base64
import json
from typing import Any
from uuid import UUID

from kohtaamo.casework.application.ports import KeyDestroyed


class MemoryVault:
    """Keeps per-client keys in memory and 'seals' by encoding with the key's name: enough
    to prove that an erased client's text cannot be read back, and that sealed text is not
    plain in the events."""

    def __init__(self) -> None:
        self.keys: dict[UUID, bool] = {}  # True: live, False: destroyed

    def create_key(self, subject_id: UUID) -> None:
        if subject_id in self.keys:
            raise ValueError(f"subject {subject_id} already has a key")
        self.keys[subject_id] = True

    def seal(self, subject_id: UUID, data: dict[str, Any]) -> str:
        self._live(subject_id)
        plain = json.dumps({"for": str(subject_id), "data": data}).encode()
        return base64.b64encode(plain[::-1]).decode()

    def unseal(self, subject_id: UUID, sealed: str) -> dict[str, Any]:
        self._live(subject_id)
        opened = json.loads(base64.b64decode(sealed)[::-1])
        assert opened["for"] == str(subject_id), "sealed for another client"
        return opened["data"]

    def destroy_key(self, subject_id: UUID) -> None:
        if subject_id in self.keys:
            self.keys[subject_id] = False

    def close(self) -> None:
        pass

    def _live(self, subject_id: UUID) -> None:
        if not self.keys.get(subject_id):
            raise KeyDestroyed(f"no key for {subject_id}")
