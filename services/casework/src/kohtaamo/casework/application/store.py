"""Casework's event store, and the lookups every use case shares (written once, here)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Transcoder
from kohtaamo.servicekit.contention import retrying
from kohtaamo.servicekit.transcodings import DataclassAsDict, DateAsISO

from ..domain import appointment, consent, kuty, plan, referral, service_delivery, worker
from ..domain.case_file import CaseFile
from ..domain.caseloads import SHARDS, CaseloadPart, Caseloads, OpenFiles, shard_of
from ..domain.errors import ClientNotKnown, NotFound
from ..domain.work_activity import WorkActivity

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")

# The value objects domain events carry, with the names they are stored under (never rename
# a stored name: old events are read by it).
VALUES: Mapping[str, type] = {
    "appointment": appointment.Appointment,
    "assignment": worker.Assignment,
    "consent": consent.Consent,
    "plan_goal": plan.Goal,
    "plan_measure": plan.Measure,
    "plan_terms": plan.PlanTerms,
    "goal_attainment": plan.GoalAttainment,
    "plan_review": plan.PlanReview,
    "referral": referral.Referral,
    "service_delivery": service_delivery.ServiceDelivery,
    "transition": service_delivery.Transition,
    "relationship_end": service_delivery.RelationshipEnd,
    "kuty_contract": kuty.KutyContract,
    "kuty_attendance": kuty.Attendance,
    "kuty_absence": kuty.Absence,
    "kuty_mid_review": kuty.MidReview,
    "kuty_ending": kuty.KutyEnding,
}

class CaseworkStore(Application[UUID]):
    """The eventsourcing application: persistence only, the use cases are beside it."""

    name = "casework"
    # An organisation's caseload index lives for years: load it from a recent snapshot.
    snapshotting_intervals: ClassVar[dict[type[Aggregate], int]] = {Caseloads: 100, OpenFiles: 100}

    def __init__(self, env: Mapping[str, str]) -> None:
        super().__init__(env=env)

    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        for name, kind in VALUES.items():
            transcoder.register(DataclassAsDict(kind, name))

    def get_or_none(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        try:
            found = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def file(self, client_id: UUID, organisation_id: str) -> CaseFile:
        """The client's file, if casework has it in the caller's organisation: another
        organisation's client does not exist for this caller."""
        found = self.get_or_none(client_id, CaseFile)
        if found is None or found.organisation_id != organisation_id:
            raise ClientNotKnown(client_id)
        return found

    def work_activity(self, work_activity_id: UUID, file: CaseFile, *, field: str) -> WorkActivity:
        found = self.get_or_none(work_activity_id, WorkActivity)
        if found is None or found.client_id != file.id:
            raise NotFound("kuty period", work_activity_id, field=field)
        return found

    def caseloads(self, organisation_id: str, client_id: UUID) -> Caseloads:
        """The shard of the organisation's assignments and reviews that holds ``client_id``."""
        shard = shard_of(client_id)
        found = self.get_or_none(Caseloads.id_for(organisation_id, shard), Caseloads)
        return found or Caseloads.start(organisation_id, shard)

    def open_files(self, organisation_id: str, client_id: UUID) -> OpenFiles:
        """The shard of the organisation's open files that holds ``client_id``."""
        shard = shard_of(client_id)
        found = self.get_or_none(OpenFiles.id_for(organisation_id, shard), OpenFiles)
        return found or OpenFiles.start(organisation_id, shard)

    def all_caseloads(self, organisation_id: str) -> list[CaseloadPart]:
        """The organisation's whole caseload index, for the lists."""
        parts = (CaseloadPart(self.get_or_none(OpenFiles.id_for(organisation_id, shard), OpenFiles),
                              self.get_or_none(Caseloads.id_for(organisation_id, shard), Caseloads))
                 for shard in range(SHARDS))
        return [part for part in parts if part.open is not None]

    def attempt(self, change: Callable[[], tuple[T, Sequence[Aggregate]]]) -> T:
        """Run ``change`` (it loads aggregates, changes them and returns a result and what to
        save) and save atomically; a concurrent change of the same aggregates (two commands
        for one organisation's caseloads) makes it run again on fresh state."""

        def once() -> T:
            result, changed = change()
            self.save(*changed)
            return result

        return retrying(once)
