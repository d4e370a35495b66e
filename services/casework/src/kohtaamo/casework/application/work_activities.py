"""Rehabilitative work activity: the contract, the start, and what is recorded during the
period. The contract carries out the client's WORK_ACTIVITY_PLAN; each period is its own
aggregate, saved with the file so the file knows its periods."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from ..domain.case_file import CaseFile
from ..domain.codes import ACTIVATION_PLAN, FOLLOW_UP_PLAN, WORK_ACTIVITY_PLAN
from ..domain.errors import NotFound
from ..domain.work_activity import WorkActivity
from .client_work import FileChanges
from .kuty_commands import (
    EndWorkActivity,
    MidReviewWorkActivity,
    RecordAttendance,
    ReportAbsence,
    SignContract,
    StartWorkActivity,
)
from .sealing import seal
from .staff import Staff

T = TypeVar("T")


class WorkActivities:
    def __init__(self, changes: FileChanges) -> None:
        self._c = changes

    def sign(self, staff: Staff, cmd: SignContract) -> tuple[UUID, UUID]:
        """Returns the contract id and the id of the kuty period it governs."""
        contract = cmd.contract
        self._c.happened(contract.signed_on, "signed_on")

        def act(file: CaseFile):
            file.plan_of_type(contract.plan_id, WORK_ACTIVITY_PLAN, "plan_id")
            period = WorkActivity(id=uuid4(), client_id=file.id, organisation_id=file.organisation_id,
                                  project_id=file.project_id, contract=contract)
            file.link_work_activity(contract.contract_id, period.id, contract.signed_on)
            return (contract.contract_id, period.id), [period]

        return self._c.change(staff, cmd.client_id, act)

    def start(self, staff: Staff, cmd: StartWorkActivity) -> UUID:
        self._c.happened(cmd.started_on, "started_on")

        def act(file: CaseFile):
            period_id = file.work_activities.get(cmd.contract_id)
            if period_id is None:
                raise NotFound("kuty contract", cmd.contract_id, field="contract_id")
            period = self._c.store.work_activity(period_id, file, field="contract_id")
            if cmd.activation_plan_id is not None:
                file.plan_of_type(cmd.activation_plan_id, ACTIVATION_PLAN, "activation_plan_id")
            continues = None
            if cmd.is_continuation_of is not None:
                continues = self._c.store.work_activity(cmd.is_continuation_of, file, field="is_continuation_of")
            period.start(cmd.started_on, cmd.activation_plan_id, continues)
            return period.id, [period]

        return self._c.change(staff, cmd.client_id, act)

    def record_attendance(self, staff: Staff, cmd: RecordAttendance) -> None:
        self._c.happened(cmd.attendance.period_end, "period_end")
        self._in_period(staff, cmd.client_id, cmd.work_activity_id,
                        lambda file, period: period.record_attendance(cmd.attendance))

    def report_absence(self, staff: Staff, cmd: ReportAbsence) -> None:
        a = cmd.absence
        self._c.happened(a.absent_from, "absent_from")
        for name in ("reported_by_client_at", "counsellor_notified_at", "te_office_notified_at"):
            self._c.happened(getattr(a, name), name)
        self._in_period(staff, cmd.client_id, cmd.work_activity_id, lambda file, period: period.report_absence(
            a, seal(self._c.vault, file.id, {"notes": cmd.notes})))

    def mid_review(self, staff: Staff, cmd: MidReviewWorkActivity) -> None:
        self._c.happened(cmd.review.reviewed_on, "reviewed_on")
        self._in_period(staff, cmd.client_id, cmd.work_activity_id,
                        lambda file, period: period.mid_review(cmd.review))

    def end(self, staff: Staff, cmd: EndWorkActivity) -> None:
        ending = cmd.ending
        self._c.happened(ending.ended_on, "ended_on")

        def act(file: CaseFile, period: WorkActivity) -> None:
            if ending.follow_up_plan_id is not None:
                file.plan_of_type(ending.follow_up_plan_id, FOLLOW_UP_PLAN, "follow_up_plan_id")
            period.end(ending)

        self._in_period(staff, cmd.client_id, cmd.work_activity_id, act)

    def _in_period(self, staff: Staff, client_id: UUID, work_activity_id: UUID,
                   act: Callable[[CaseFile, WorkActivity], None]) -> None:
        def on_file(file: CaseFile) -> tuple[None, list[Aggregate]]:
            period = self._c.store.work_activity(work_activity_id, file, field="work_activity_id")
            act(file, period)
            return None, [period]

        self._c.change(staff, client_id, on_file)
