"""Peer support given (vertaistuki): one to one, in a group or online; an anonymous count
of recipients, or one identified client who consented."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .errors import count_within, require
from .limits import MAX_HEADCOUNT
from .meeting_place import check_municipality


class PeerSupport(Aggregate):
    class Provided(Aggregate.Created):
        organisation_id: str
        project_id: str | None
        form: str
        provided_on: date
        meeting_place_id: UUID | None
        municipality_code: str | None
        client_id: UUID | None
        consent_id: UUID | None
        recipient_count: int

    @event(Provided)
    def __init__(  # noqa: PLR0913 (the library builds the event from these)
        self, *, organisation_id: str, project_id: str | None, form: str, provided_on: date,
        meeting_place_id: UUID | None, municipality_code: str | None, client_id: UUID | None,
        consent_id: UUID | None, recipient_count: int,
    ) -> None:
        self.organisation_id = organisation_id
        self.project_id = project_id
        self.form = form
        self.provided_on = provided_on
        self.meeting_place_id = meeting_place_id
        self.municipality_code = municipality_code
        self.client_id = client_id
        self.consent_id = consent_id
        self.recipient_count = recipient_count

    @classmethod
    def provide(cls, **fields: Any) -> PeerSupport:
        if fields["municipality_code"] is not None:
            check_municipality(fields["municipality_code"])
        if fields["client_id"] is not None:
            require(fields["consent_id"] is not None, "an identified recipient needs a consent",
                    field="client_id")
            require(fields["recipient_count"] == 1, "an identified recipient counts exactly one",
                    field="recipient_count")
        else:
            count_within(fields["recipient_count"], low=1, high=MAX_HEADCOUNT,
                         field="recipient_count")
        return cls(**fields)
