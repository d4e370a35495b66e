"""The envelope every integration event travels in, and the payload base class."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Generic, TypeVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator


class Payload(BaseModel):
    """The event-specific part of an integration event.

    Subclasses set ``event_type`` ("<service>.<PastTenseName>") and ``schema_version``.
    Unknown fields are ignored so that additive changes within a version never break a
    consumer that was built against an older snapshot.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    schema_version: ClassVar[int]


P = TypeVar("P", bound=Payload)


class Envelope(BaseModel, Generic[P]):
    """Metadata shared by all events, around one payload.

    ``event_id`` is derived from the source domain event, so a re-published event keeps
    its id and consumers can deduplicate on it.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID
    event_type: str
    schema_version: int = Field(ge=1)
    occurred_at: AwareDatetime = Field(description="When it happened in the world.")
    recorded_at: AwareDatetime = Field(description="When it was written by the producer.")
    producer: str = Field(min_length=1)
    organisation_id: str = Field(min_length=1, description="Municipality or county code.")
    project_id: str | None = None
    subject_id: UUID | None = Field(
        default=None, description="Pseudonymous client id, where the event has one."
    )
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    payload: P

    @model_validator(mode="after")
    def _type_matches_payload(self) -> Envelope[P]:
        payload_type = type(self.payload)
        if (self.event_type, self.schema_version) != (
            payload_type.event_type,
            payload_type.schema_version,
        ):
            raise ValueError(
                f"envelope says {self.event_type} v{self.schema_version} but the payload is "
                f"{payload_type.event_type} v{payload_type.schema_version}"
            )
        return self

    @classmethod
    def wrap(
        cls,
        payload: P,
        *,
        event_id: UUID,
        occurred_at: datetime,
        recorded_at: datetime,
        producer: str,
        organisation_id: str,
        project_id: str | None = None,
        subject_id: UUID | None = None,
        correlation_id: UUID | None = None,
        causation_id: UUID | None = None,
    ) -> Envelope[P]:
        return Envelope[type(payload)](  # type: ignore[misc]
            event_id=event_id,
            event_type=payload.event_type,
            schema_version=payload.schema_version,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            producer=producer,
            organisation_id=organisation_id,
            project_id=project_id,
            subject_id=subject_id,
            correlation_id=correlation_id,
            causation_id=causation_id,
            payload=payload,
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()
