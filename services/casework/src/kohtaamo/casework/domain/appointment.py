"""An appointment or home visit (asiakastapaaminen, kotikäynti) as one value, from the HTTP
body to the domain event to its translation, checked once, here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from .codes import FACE_TO_FACE, MET_IN_PERSON, REMOTE
from .errors import each_once, require
from .frozen import freeze


@dataclass(frozen=True)
class Appointment:
    """Who took part is recorded by role and party, never by name."""

    appointment_id: UUID
    kind: str
    channel: str
    held_on: date
    participant_roles: tuple[str, ...]
    purpose: str | None = None
    duration_min: int | None = None
    participant_parties: tuple[str, ...] = ()
    follow_up_parties: tuple[str, ...] = ()  # a prepared appointment: who the client goes on to

    def __post_init__(self) -> None:
        freeze(self, "participant_roles", "participant_parties", "follow_up_parties")
        require(bool(self.participant_roles), "name at least one participant role",
                field="participant_roles")
        each_once(self.participant_roles, "participant_roles")
        each_once(self.participant_parties, "participant_parties")
        each_once(self.follow_up_parties, "follow_up_parties")
        if self.duration_min is not None:
            require(1 <= self.duration_min <= 24 * 60, "is between 1 and 1440 minutes",
                    field="duration_min")
        if self.kind == REMOTE:
            require(self.channel != FACE_TO_FACE, "a remote appointment is not face to face",
                    field="channel")
        if self.kind in MET_IN_PERSON:
            require(self.channel == FACE_TO_FACE, f"a {self.kind} is face to face", field="channel")
