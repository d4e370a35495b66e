"""Private text in and out of the vault: an erased client's key is gone, and so is the text."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ..domain.errors import ClientErased
from .ports import KeyDestroyed, PersonalDataVault


def seal(vault: PersonalDataVault, client_id: UUID, data: dict[str, Any]) -> str | None:
    """Seal the non-empty values of ``data``; None when there is nothing to seal."""
    kept = {k: v for k, v in data.items() if v}
    if not kept:
        return None
    try:
        return vault.seal(client_id, kept)
    except KeyDestroyed:
        raise ClientErased("the client's data was erased: no private text can be kept") from None


def unseal(vault: PersonalDataVault, client_id: UUID, sealed: str | None) -> dict[str, Any]:
    if sealed is None:
        return {}
    try:
        return vault.unseal(client_id, sealed)
    except KeyDestroyed:
        raise ClientErased("the client's private text was erased and cannot be read") from None
