"""Who is acting: a staff member as casework knows them, with a pseudonymous worker id.

A worker id is derived from the organisation and the token's ``sub`` under a keyed hash
(HMAC-SHA-256 with casework's worker pepper), so the same person always gets the same id,
the id says nothing about who they are, and no list of logins can be hashed to find them.
Only the access log keeps the ``sub`` itself: a data-protection officer must see who read.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Staff:
    sub: str
    roles: frozenset[str]
    organisation_id: str
    worker_id: UUID
    team: str | None = None

    def has(self, role: str) -> bool:
        return role in self.roles


class WorkerIds:
    def __init__(self, pepper: str) -> None:
        self._key = pepper.encode()

    def of(self, organisation_id: str, sub: str) -> UUID:
        digest = hmac.new(self._key, f"{organisation_id}\x00{sub}".encode(), hashlib.sha256).digest()
        return UUID(bytes=digest[:16], version=4)  # random-looking, as it should be

    def staff(self, *, sub: str, roles: frozenset[str], organisation_id: str, team: str | None) -> Staff:
        return Staff(sub=sub, roles=roles, organisation_id=organisation_id,
                     worker_id=self.of(organisation_id, sub), team=team)
