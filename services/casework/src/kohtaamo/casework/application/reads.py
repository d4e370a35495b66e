"""Reads of a client's file: the pseudonymous summary, and private text, which needs a
stated purpose and is written to the client's access log before it is answered."""

from __future__ import annotations

from uuid import UUID

from kohtaamo.servicekit.accesslog import AccessEntry, Read, entries, log_read

from ..domain.case_file import ERASED, CaseFile
from ..domain.errors import ClientErased
from . import codes
from ..domain.codes import ReadPurpose
from .access import MANAGER, TEAM_LEAD, NotPermitted, ensure_responsible, is_responsible
from .ports import PersonalDataVault
from .sealing import unseal
from .staff import Staff
from .store import CaseworkStore
from .views import (
    AppointmentRecord,
    FileSummary,
    PlanRecord,
    WorkActivityRecord,
    summarise,
    work_activity_record,
)

SERVICE = "casework"


class FileReads:
    def __init__(self, store: CaseworkStore, vault: PersonalDataVault) -> None:
        self._store, self._vault = store, vault

    def summary(self, staff: Staff, client_id: UUID) -> FileSummary:
        file = self._store.file(client_id, staff.organisation_id)
        team_lead = staff.has(TEAM_LEAD) and file.worker is not None and file.worker.team == staff.team
        if not (staff.has(MANAGER) or team_lead or is_responsible(file, staff)):
            raise NotPermitted("the client is not in your caseload")
        return summarise(file)

    def appointments(self, staff: Staff, client_id: UUID, purpose: str) -> list[AppointmentRecord]:
        file = self._private(staff, client_id, purpose)
        found = [AppointmentRecord(a, unseal(self._vault, file.id, sealed).get("notes"))
                 for a, sealed in file.appointments.values()]
        self._log(file, staff, purpose, "read-appointments")
        return found

    def plans(self, staff: Staff, client_id: UUID, purpose: str) -> list[PlanRecord]:
        file = self._private(staff, client_id, purpose)
        found = [
            PlanRecord(
                terms=p.terms, status=p.status, review_due_on=p.due_on,
                goal_texts=unseal(self._vault, file.id, p.sealed_goal_texts),
                reviews=tuple((r, unseal(self._vault, file.id, note).get("note")) for r, note in p.reviews),
            )
            for p in file.plans.values()
        ]
        self._log(file, staff, purpose, "read-plans")
        return found

    def work_activity(self, staff: Staff, client_id: UUID, work_activity_id: UUID,
                      purpose: str) -> WorkActivityRecord:
        file = self._private(staff, client_id, purpose)
        period = self._store.work_activity(work_activity_id, file, field="work_activity_id")
        absences = tuple((a, unseal(self._vault, file.id, sealed).get("notes")) for a, sealed in period.absences)
        self._log(file, staff, purpose, "read-work-activity")
        return work_activity_record(period, absences)

    def access_log(self, staff: Staff, client_id: UUID) -> list[AccessEntry]:
        self._store.file(client_id, staff.organisation_id)  # exists in the caller's organisation
        return entries(self._store, SERVICE, client_id)

    def _private(self, staff: Staff, client_id: UUID, purpose: str) -> CaseFile:
        codes.code(ReadPurpose, purpose, "purpose")
        file = self._store.file(client_id, staff.organisation_id)
        ensure_responsible(file, staff)
        if file.status == ERASED:
            raise ClientErased("the client's private text was erased and cannot be read")
        return file

    def _log(self, file: CaseFile, staff: Staff, purpose: str, action: str) -> None:
        log_read(self._store, SERVICE, file.id,
                 Read(reader=staff.sub, roles=tuple(sorted(staff.roles)), purpose=purpose, action=action))
