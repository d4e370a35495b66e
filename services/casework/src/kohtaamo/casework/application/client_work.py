"""What the responsible worker records in the client's file: appointments, referrals and
their outcomes, services, transitions, and the end of the relationship."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from ..domain.case_file import CaseFile
from ..domain.referral import Referral
from . import codes
from .access import ensure_responsible
from .commands import (
    EndRelationship,
    MakeReferral,
    RecordAppointment,
    RecordReferralOutcome,
    RecordService,
    RecordTransition,
)
from .ports import PersonalDataVault
from .sealing import seal
from .staff import Staff
from .store import CaseworkStore

T = TypeVar("T")


class FileChanges:
    """The steps every recording command shares: find the file in the caller's organisation,
    check the caller is the client's worker, change it, save (again on a concurrent change)."""

    def __init__(self, store: CaseworkStore, vault: PersonalDataVault, today: Callable[[], date]) -> None:
        self.store, self.vault, self.today = store, vault, today

    def change(self, staff: Staff, client_id: UUID,
               act: Callable[[CaseFile], tuple[T, list[Aggregate]]]) -> T:
        def attempt() -> tuple[T, list[Aggregate]]:
            file = self.store.file(client_id, staff.organisation_id)
            ensure_responsible(file, staff)
            file.ensure_open()  # before anything is sealed: an erased client has no key
            result, others = act(file)
            return result, [file, *others]

        return self.store.attempt(attempt)

    def happened(self, day: date | None, field: str) -> None:
        codes.not_in_future(day, self.today(), field)


class ClientWork:
    def __init__(self, changes: FileChanges) -> None:
        self._c = changes

    def record_appointment(self, staff: Staff, cmd: RecordAppointment) -> UUID:
        self._c.happened(cmd.appointment.held_on, "held_on")

        def act(file: CaseFile):
            sealed = seal(self._c.vault, file.id, {"notes": cmd.notes})
            file.hold_appointment(cmd.appointment, sealed)
            return cmd.appointment.appointment_id, []

        return self._c.change(staff, cmd.client_id, act)

    def refer(self, staff: Staff, cmd: MakeReferral) -> Referral:
        self._c.happened(cmd.referral.referred_on, "referred_on")
        return self._c.change(staff, cmd.client_id, lambda file: (file.refer(cmd.referral), []))

    def record_referral_outcome(self, staff: Staff, cmd: RecordReferralOutcome) -> None:
        self._c.happened(cmd.outcome_on, "outcome_on")
        self._c.change(staff, cmd.client_id, lambda file: (
            file.record_referral_outcome(cmd.referral_id, cmd.outcome, cmd.outcome_on), []))

    def record_service(self, staff: Staff, cmd: RecordService) -> UUID:
        self._c.happened(cmd.delivery.provided_on, "provided_on")
        self._c.change(staff, cmd.client_id, lambda file: (file.provide_service(cmd.delivery), []))
        return cmd.delivery.service_episode_id

    def record_transition(self, staff: Staff, cmd: RecordTransition) -> UUID:
        self._c.happened(cmd.transition.transition_on, "transition_on")
        self._c.change(staff, cmd.client_id, lambda file: (file.record_transition(cmd.transition), []))
        return cmd.transition.transition_id

    def end_relationship(self, staff: Staff, cmd: EndRelationship) -> None:
        self._c.happened(cmd.end.ended_on, "ended_on")

        def act(file: CaseFile):
            file.end_relationship(cmd.end)
            caseloads = self._c.store.caseloads(staff.organisation_id, file.id)
            caseloads.remove(file.id)
            return None, [caseloads]

        self._c.change(staff, cmd.client_id, act)
