"""The responsible worker: assign and reassign; caseloads and clients with no worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..domain.caseloads import DueReview, Entry
from ..domain.worker import Assignment
from . import codes
from .access import TEAM_LEAD, ensure_may_assign, visible
from .commands import AssignWorker
from .staff import Staff
from .store import CaseworkStore


class Workers:
    def __init__(self, store: CaseworkStore, today: Callable[[], date]) -> None:
        self._store, self._today = store, today

    def assign(self, staff: Staff, cmd: AssignWorker) -> Assignment:
        """The team recorded with the assignment is the assigning person's ``team`` claim:
        a team lead assigns within their team, a caseworker takes or hands over within theirs."""
        codes.not_in_future(cmd.assigned_on, self._today(), "assigned_on")

        def change():
            file = self._store.file(cmd.client_id, staff.organisation_id)
            worker_id = cmd.worker_id or staff.worker_id
            ensure_may_assign(file, staff, worker_id)
            assignment = file.assign(
                worker_id=worker_id, team=staff.team, role=cmd.role, worker_model=cmd.worker_model,
                allocation_basis=cmd.allocation_basis, assigned_on=cmd.assigned_on,
                reassignment_reason=cmd.reassignment_reason,
            )
            caseloads = self._store.caseloads(staff.organisation_id, file.id)
            caseloads.set_worker(file.id, worker_id, staff.team)
            return assignment, [file, caseloads]

        return self._store.attempt(change)

    def caseload(self, staff: Staff, worker_id: object) -> list[Entry]:
        return [e for e in self._entries(staff) if e.worker_id == worker_id]

    def team_caseload(self, staff: Staff) -> list[Entry]:
        if not staff.has(TEAM_LEAD) or staff.team is None:
            return []
        return [e for e in self._entries(staff) if e.team == staff.team]

    def without_worker(self, staff: Staff) -> list[Entry]:
        return sorted((e for e in self._all_entries(staff) if e.worker_id is None), key=_by_client)

    def overdue_reviews(self, staff: Staff, as_of: date) -> list[DueReview]:
        """Plans whose review was due before ``as_of``, for the clients the caller sees."""
        parts = self._store.all_caseloads(staff.organisation_id)
        seen = {e.client_id for part in parts for e in part.entries() if visible(e, staff)}
        due = (r for part in parts for r in part.due_reviews() if r.due_on < as_of and r.client_id in seen)
        return sorted(due, key=lambda r: (r.due_on, str(r.plan_id)))

    def _entries(self, staff: Staff) -> list[Entry]:
        return sorted((e for e in self._all_entries(staff) if visible(e, staff)), key=_by_client)

    def _all_entries(self, staff: Staff) -> list[Entry]:
        return [e for part in self._store.all_caseloads(staff.organisation_id) for e in part.entries()]


def _by_client(entry: Entry) -> str:
    return str(entry.client_id)
