"""Casework's files and meetingplace's consent views against a replay of intake's own event
store: every client intake registered has exactly the consents and status its events say,
and no client intake never registered (a poison message's) has anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from kohtaamo.casework.domain.case_file import VOIDED, CaseFile
from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake import v1
from kohtaamo.meetingplace.domain.known_client import KnownClient


@dataclass
class Expected:
    organisation_id: str
    voided: bool = False
    consents: set[UUID] = field(default_factory=set)
    participation: set[UUID] = field(default_factory=set)  # what meetingplace keeps


def expected_clients(intake_events: list[Envelope[Any]]) -> dict[UUID, Expected]:
    clients: dict[UUID, Expected] = {}
    for e in intake_events:
        p = e.payload
        match p:
            case v1.ClientRegistered():
                clients[p.client_id] = Expected(e.organisation_id)
            case v1.ConsentRecorded():
                clients[p.client_id].consents.add(p.consent_id)
                if "MEETING_PLACE" in p.parties and "PARTICIPATION_RECORDING" in p.purposes:
                    clients[p.client_id].participation.add(p.consent_id)
            case v1.ClientRegistrationVoided():
                clients[p.client_id].voided = True
    return clients


@dataclass
class ViewComparison:
    clients: int = 0
    casework_differing: list[str] = field(default_factory=list)
    meetingplace_differing: list[str] = field(default_factory=list)
    unknown_clients_applied: list[str] = field(default_factory=list)


def compare_views(expected: dict[UUID, Expected], casework: Any, meetingplace: Any,
                  unknown: set[UUID]) -> ViewComparison:
    """``casework``/``meetingplace``: their stores (each read replays the aggregate's events)."""
    result = ViewComparison(clients=len(expected))
    for client_id, want in expected.items():
        file = casework.get_or_none(client_id, CaseFile)
        if file is None:
            result.casework_differing.append(f"{client_id}: no file")
        elif (file.organisation_id, file.status == VOIDED, set(file.consents)) != (
                want.organisation_id, want.voided, want.consents):
            result.casework_differing.append(
                f"{client_id}: file {file.organisation_id} {file.status} {sorted(file.consents)}, "
                f"intake {want.organisation_id} voided={want.voided} {sorted(want.consents)}")
        known = meetingplace.get_or_none(KnownClient.id_for(client_id), KnownClient)
        if known is None:
            result.meetingplace_differing.append(f"{client_id}: unknown to meetingplace")
        elif (known.organisation_id, known.status == "voided", set(known.consents)) != (
                want.organisation_id, want.voided, want.participation):
            result.meetingplace_differing.append(
                f"{client_id}: {known.organisation_id} {known.status} {sorted(known.consents)}, "
                f"intake {want.organisation_id} voided={want.voided} {sorted(want.participation)}")
    for client_id in unknown:
        if casework.get_or_none(client_id, CaseFile) is not None:
            result.unknown_clients_applied.append(f"casework has a file for {client_id}")
        if meetingplace.get_or_none(KnownClient.id_for(client_id), KnownClient) is not None:
            result.unknown_clients_applied.append(f"meetingplace knows {client_id}")
    return result
