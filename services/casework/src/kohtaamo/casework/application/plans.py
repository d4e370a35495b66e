"""Client plans: agreed (perhaps superseding an earlier one) and reviewed at least yearly.
The organisation's caseload index follows each plan's next review date."""

from __future__ import annotations

from uuid import UUID

from ..domain.case_file import CaseFile
from .client_work import FileChanges
from .commands import AgreePlan, ReviewPlan
from .sealing import seal
from .staff import Staff


class Plans:
    def __init__(self, changes: FileChanges) -> None:
        self._c = changes

    def agree(self, staff: Staff, cmd: AgreePlan) -> UUID:
        terms = cmd.terms
        self._c.happened(terms.agreed_on, "agreed_on")

        def act(file: CaseFile):
            texts = {str(goal_id): text for goal_id, text in cmd.goal_texts.items()}
            file.agree_plan(terms, seal(self._c.vault, file.id, texts))
            caseloads = self._c.store.caseloads(staff.organisation_id, file.id)
            if terms.supersedes_plan_id is not None:
                caseloads.clear_review(terms.supersedes_plan_id)
            caseloads.review_due(terms.plan_id, file.id, terms.review_due_on)
            return terms.plan_id, [caseloads]

        return self._c.change(staff, cmd.client_id, act)

    def review(self, staff: Staff, cmd: ReviewPlan) -> None:
        review = cmd.review
        self._c.happened(review.reviewed_on, "reviewed_on")

        def act(file: CaseFile):
            file.review_plan(cmd.plan_id, review, seal(self._c.vault, file.id, {"note": cmd.note}))
            caseloads = self._c.store.caseloads(staff.organisation_id, file.id)
            if review.next_review_due_on is None:
                caseloads.clear_review(cmd.plan_id)
            else:
                caseloads.review_due(cmd.plan_id, file.id, review.next_review_due_on)
            return None, [caseloads]

        self._c.change(staff, cmd.client_id, act)
