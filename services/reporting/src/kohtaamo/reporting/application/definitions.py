"""Indicator definitions as data: the schema of the files in ``pack/``, and loading them.

A definition names its kind and the kind's parameters (population, qualifying events and
their code lists, day thresholds, dimensions, target). Every code is checked against the
contracts' code lists, so a typo stops reporting at start, naming the file and field.
The version of a definition is the hash of its canonical form (validated, sorted JSON).
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kohtaamo.contracts.casework import codes as cw
from kohtaamo.contracts.codes import AgeBand, AgeBandDetail, Gender, Party, ServiceType
from kohtaamo.contracts.intake import codes as it
from kohtaamo.contracts.meetingplace import codes as mp


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    fi: str = Field(min_length=1)
    en: str = Field(min_length=1)


# What the ``code`` column of fact_client_events holds for each event, and the name of its
# yes/no ``flag`` (see projections/): the vocabulary a definition may use.
EVENT_CODES: dict[str, type[StrEnum] | None] = {
    "ServiceProvided": ServiceType,
    "AppointmentHeld": cw.AppointmentKind,
    "PlanAgreed": cw.PlanType,
    "PlanReviewed": cw.ReviewType,
    "ReferralMade": Party,
    "ReferralOutcomeRecorded": cw.ReferralOutcome,
    "TransitionRecorded": cw.Destination,
    "ResponsibleWorkerAssigned": cw.WorkerModel,
    "WorkActivityStarted": cw.WorkActivityForm,
    "WorkActivityEnded": cw.EndType,
    "WorkActivityAbsenceReported": cw.AbsenceCategory,
    "WorkActivityMidReviewed": cw.MidReviewDecision,
    "GroupParticipationRecorded": mp.ActivityType,
    "NeedsAssessed": it.AssessmentDecision,
    "ConsentRecorded": it.ConsentForm,
    "ConsentWithdrawn": None,
    "OutreachContactLinked": None,
}
EVENT_FLAGS: dict[str, str] = {
    "GroupParticipationRecorded": "attended",
    "WorkActivityStarted": "continuation",
    "WorkActivityEnded": "end_evaluation_done",
    "PlanReviewed": "measures_changed",
    "NeedsAssessed": "multi_professional",
    "ConsentWithdrawn": "whole_consent",
    "WorkActivityAbsenceReported": "counsellor_notified",
    "WorkActivityMidReviewed": "goals_reviewed",
}


class EventRule(Strict):
    """Events of one type that qualify: any code, or one of ``codes``; optionally only
    with its yes/no ``where``; optionally only in an activity that was not cancelled."""

    event: Literal[tuple(EVENT_CODES)]  # type: ignore[valid-type]
    codes: tuple[str, ...] | None = Field(default=None, min_length=1)
    where: dict[str, bool] | None = None
    activity_not_cancelled: bool = False

    @model_validator(mode="after")
    def _known_codes_and_flag(self) -> Self:
        enum = EVENT_CODES[self.event]
        if self.codes is not None:
            if enum is None:
                raise ValueError(f"{self.event} has no codes")
            unknown = [c for c in self.codes if c not in {e.value for e in enum}]
            if unknown:
                raise ValueError(f"not {enum.__name__} codes: {', '.join(unknown)}")
            if len(set(self.codes)) != len(self.codes):
                raise ValueError("a code is listed twice")
        if self.where is not None:
            allowed = EVENT_FLAGS.get(self.event)
            if len(self.where) != 1 or next(iter(self.where)) != allowed:
                raise ValueError(f"{self.event} can only be filtered by "
                                 f"{allowed or 'nothing'}: where: {{{allowed}: true|false}}")
        if self.activity_not_cancelled and self.event != "GroupParticipationRecorded":
            raise ValueError("activity_not_cancelled is for GroupParticipationRecorded only")
        return self

    @property
    def flag(self) -> bool | None:
        return next(iter(self.where.values())) if self.where else None


Window = Literal[
    "in_period",                    # dated in P
    "in_period_from_registration",  # dated in P, on or after the client's registration
    "on_or_before_end",             # dated on or before end(P)
    "within_days_before_end",       # dated in [end(P) - days, end(P)]
    "around_end",                   # dated in [end - days, end + days] of the client's end
]


class Criterion(Strict):
    """A client qualifies with at least one event matching a rule, dated in the window."""

    events: tuple[EventRule, ...] = Field(min_length=1)
    window: Window
    days: int | None = Field(default=None, ge=0, le=3660)

    @model_validator(mode="after")
    def _days_when_the_window_needs_them(self) -> Self:
        needs = self.window in ("within_days_before_end", "around_end")
        if needs != (self.days is not None):
            raise ValueError(f"days is {'required' if needs else 'not used'} with window {self.window}")
        return self


class Population(Strict):
    """Which non-voided clients of the project (as known at T) are looked at."""

    base: Literal["all_clients", "registered_in_period", "active_in_period", "active_at_end",
                  "ended_in_period"]
    min_days_registered: int | None = Field(default=None, ge=1, le=3660)
    requires: tuple[Criterion, ...] = ()


class Target(Strict):
    comparator: Literal[">=", "rising"]
    value: float | None = None
    judged: Literal["any_period", "whole_window"] = "any_period"

    @model_validator(mode="after")
    def _value_with_threshold(self) -> Self:
        if (self.comparator == ">=") != (self.value is not None):
            raise ValueError("value is given exactly when the comparator is >=")
        return self


class Category(Strict):
    code: str
    title: Text
    members: tuple[str, ...] | None = None  # dimension values grouped here; default: code
    hide_when_empty: bool = False
    others: bool = False  # every value no other category holds (e.g. other municipalities)

    @model_validator(mode="after")
    def _others_has_no_members(self) -> Self:
        if self.others and self.members is not None:
            raise ValueError(f"{self.code}: a category of others lists no members")
        return self


# The dimensions a client-level table may use, and the codes each may hold.
DIMENSION_CODES: dict[str, set[str]] = {
    "gender": {g.value for g in Gender},
    "age_band_detail": {b.value for b in AgeBandDetail} | {b.value for b in AgeBand},
    "organisation": set(),  # any organisation code
    "municipality": set(),
}


class Dimension(Strict):
    dimension: Literal[tuple(DIMENSION_CODES)]  # type: ignore[valid-type]
    categories: tuple[Category, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_values_each_once(self) -> Self:
        known = DIMENSION_CODES[self.dimension]
        if sum(c.others for c in self.categories) > 1:
            raise ValueError("only one category can hold the others")
        seen: list[str] = [m for c in self.categories if not c.others
                           for m in (c.members or (c.code,))]
        if known and (unknown := sorted(set(seen) - known)):
            raise ValueError(f"not {self.dimension} values: {', '.join(unknown)}")
        if len(set(seen)) != len(seen):
            raise ValueError("a value is in two categories")
        return self

    def category_of(self, value: str) -> int | None:
        for i, c in enumerate(self.categories):
            if not c.others and value in (c.members or (c.code,)):
                return i
        return next((i for i, c in enumerate(self.categories) if c.others), None)


class Measure(Strict):
    code: Literal["visits", "held", "attendees", "zero_attendance", "cancelled"]
    title: Text
    people: bool  # a count of people: small counts suppressed


class Common(Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9-]{1,60}$")
    title: Text
    description: Text
    target: Target | None = None


class ClientCount(Common):
    kind: Literal["client_count"]
    population: Population
    qualifying: Criterion | None = None


class ClientShare(Common):
    kind: Literal["client_share"]
    population: Population
    qualifying: Criterion


class CrossTab(Common):
    kind: Literal["cross_tab"]
    population: Population
    rows: Dimension
    columns: Dimension
    totals: bool = True


class MonthlySums(Common):
    kind: Literal["monthly_sums"]
    source: Literal["visits", "activities"]
    per_meeting_place: bool = False
    measures: tuple[Measure, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _measures_of_the_source(self) -> Self:
        allowed = {"visits": {"visits"},
                   "activities": {"held", "attendees", "zero_attendance", "cancelled"}}[self.source]
        if bad := [m.code for m in self.measures if m.code not in allowed]:
            raise ValueError(f"{self.source} has no measure {', '.join(bad)}")
        return self


class MonthlyAttendance(Common):
    kind: Literal["client_monthly_attendance"]


Definition = Annotated[ClientCount | ClientShare | CrossTab | MonthlySums | MonthlyAttendance,
                       Field(discriminator="kind")]


def version_of(definition: BaseModel) -> str:
    """The hash of the canonical form: the same meaning gives the same version, whatever
    the file's layout or comments."""
    canonical = json.dumps(definition.model_dump(mode="json"), sort_keys=True,
                           separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
