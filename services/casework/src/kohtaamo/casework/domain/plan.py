"""A client plan (asiakas-, palvelu-, aktivointi-, kuty- tai jatkosuunnitelma) and its
reviews, as values checked once, here. Goal wording is private: sealed beside the terms."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from .consent import Consent
from .errors import Conflict, NotFound, each_once, not_before, require, within_a_year
from .frozen import freeze

ACTIVE, SUPERSEDED, ENDED = "active", "superseded", "ended"


@dataclass(frozen=True)
class Goal:
    goal_id: UUID
    domain: str  # GoalDomain


@dataclass(frozen=True)
class Measure:
    """Toimenpide: a service the plan agrees on, who provides it, which role answers for it."""

    service_type: str
    provider: str
    responsible_role: str | None = None


@dataclass(frozen=True)
class PlanTerms:
    plan_id: UUID
    plan_type: str
    agreed_on: date
    participant_roles: tuple[str, ...]
    review_due_on: date
    participant_parties: tuple[str, ...] = ()
    goals: tuple[Goal, ...] = ()
    measures: tuple[Measure, ...] = ()
    consent_id: UUID | None = None  # the consent to information exchange it relies on
    supersedes_plan_id: UUID | None = None

    def __post_init__(self) -> None:
        freeze(self, "participant_roles", "participant_parties", "goals", "measures")
        require(bool(self.participant_roles), "name at least one participant role",
                field="participant_roles")
        each_once(self.participant_roles, "participant_roles")
        each_once(self.participant_parties, "participant_parties")
        each_once(tuple(g.goal_id for g in self.goals), "goals")
        # The review date is a due date, so it may be in the future; before the agreement
        # or more than a year after it, it is a mistake (a plan is reviewed at least yearly).
        require(within_a_year(self.agreed_on, self.review_due_on),
                "must be after the agreement and at most a year after it", field="review_due_on")
        require(self.supersedes_plan_id != self.plan_id, "a plan cannot supersede itself",
                field="supersedes_plan_id")


@dataclass(frozen=True)
class GoalAttainment:
    goal_id: UUID
    status: str  # GoalStatus


@dataclass(frozen=True)
class PlanReview:
    reviewed_on: date
    review_type: str
    measures_changed: bool
    goal_attainment: tuple[GoalAttainment, ...] = ()
    next_review_due_on: date | None = None  # None: the plan ends with this review

    def __post_init__(self) -> None:
        freeze(self, "goal_attainment")
        each_once(tuple(g.goal_id for g in self.goal_attainment), "goal_attainment")
        if self.next_review_due_on is not None:
            require(within_a_year(self.reviewed_on, self.next_review_due_on),
                    "must be after the review and at most a year after it",
                    field="next_review_due_on")


@dataclass(frozen=True)
class Plan:
    """A plan as the client's file keeps it."""

    terms: PlanTerms
    sealed_goal_texts: str | None  # {goal_id: wording}, sealed with the client's key
    status: str = ACTIVE
    due_on: date | None = None
    reviews: tuple[tuple[PlanReview, str | None], ...] = ()  # with each review's sealed note

    @property
    def last_date(self) -> date:
        return self.reviews[-1][0].reviewed_on if self.reviews else self.terms.agreed_on

    def check_review(self, review: PlanReview) -> None:
        if self.status != ACTIVE:
            raise Conflict(f"the plan is {self.status}: it takes no more reviews", field="plan_id")
        require(review.reviewed_on >= self.last_date,
                f"is before the plan's last date ({self.last_date.isoformat()})", field="reviewed_on")
        goals = {g.goal_id for g in self.terms.goals}
        unknown = [str(g.goal_id) for g in review.goal_attainment if g.goal_id not in goals]
        require(not unknown, f"not goals of this plan: {', '.join(unknown)}", field="goal_attainment")

    def reviewed(self, review: PlanReview, sealed_note: str | None) -> Plan:
        ends = review.next_review_due_on is None
        return dataclasses.replace(
            self, status=ENDED if ends else ACTIVE, due_on=review.next_review_due_on,
            reviews=self.reviews + ((review, sealed_note),),
        )


def check_new_plan(terms: PlanTerms, plans: Mapping[UUID, Plan], consents: Mapping[UUID, Consent]) -> None:
    """The rules between a new plan and what the file holds: its consent, the plan it supersedes."""
    if terms.plan_id in plans:
        raise Conflict("a plan with this id exists", field="plan_id")
    if terms.consent_id is not None:
        consent = consents.get(terms.consent_id)
        if consent is None:
            raise NotFound("consent", terms.consent_id, field="consent_id")
        require(consent.in_force_on(terms.agreed_on),
                f"consent {terms.consent_id} is not in force on the agreement day", field="consent_id")
    if terms.supersedes_plan_id is not None:
        earlier = plans.get(terms.supersedes_plan_id)
        if earlier is None:
            raise NotFound("plan", terms.supersedes_plan_id, field="supersedes_plan_id")
        if earlier.status != ACTIVE:
            raise Conflict(f"that plan is {earlier.status} already", field="supersedes_plan_id")
        not_before(terms.agreed_on, earlier.terms.agreed_on, "the plan it supersedes", "agreed_on")
