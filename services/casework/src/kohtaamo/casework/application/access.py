"""Which staff member may act on which client, beyond the role a route asks for.

- caseworker: records and reads the private text of the clients whose responsible worker
  they are; takes an unassigned client, or hands one of theirs to another worker;
- team lead: assigns and reassigns the team's clients and unassigned ones; lists the team's
  caseload (a team is the ``team`` claim of the token, recorded with each assignment);
- manager: lists and counts across the organisation, reads nothing private.
Another organisation's client never gets this far: it does not exist for the caller (404).
"""

from __future__ import annotations

from uuid import UUID

from ..domain.case_file import CaseFile
from ..domain.caseloads import Entry
from ..domain.errors import CaseworkError
from .staff import Staff

CASEWORKER, TEAM_LEAD, MANAGER, DATA_PROTECTION_OFFICER = (
    "caseworker", "team_lead", "manager", "data_protection_officer",
)


class NotPermitted(CaseworkError):
    """The caller's role lets them in, but not for this client."""


def is_responsible(file: CaseFile, staff: Staff) -> bool:
    return file.worker is not None and file.worker.worker_id == staff.worker_id


def ensure_responsible(file: CaseFile, staff: Staff) -> None:
    if not (staff.has(CASEWORKER) and is_responsible(file, staff)):
        raise NotPermitted("only the client's responsible worker may record or read this")


def ensure_may_assign(file: CaseFile, staff: Staff, worker_id: UUID) -> None:
    current = file.worker
    if staff.has(TEAM_LEAD) and (current is None or (staff.team is not None and current.team == staff.team)):
        return
    if staff.has(CASEWORKER):
        if current is None and worker_id == staff.worker_id:
            return  # taking an unassigned client
        if current is not None and current.worker_id == staff.worker_id:
            return  # handing one's own client over
    raise NotPermitted(
        "a caseworker takes unassigned clients or hands over their own; a team lead assigns "
        "their team's clients"
    )


def visible(entry: Entry, staff: Staff) -> bool:
    """Whether a caseload entry (pseudonymous) shows in this caller's lists."""
    if staff.has(MANAGER):
        return True
    if staff.has(TEAM_LEAD) and staff.team is not None and entry.team == staff.team:
        return True
    return staff.has(CASEWORKER) and entry.worker_id == staff.worker_id
