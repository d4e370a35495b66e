"""Client facts from intake's events: pure functions from an event to SQL writes."""

from __future__ import annotations

from typing import Any

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake import v1 as it

from .facts import Origin, Write, insert

REGISTRATION_COLUMNS = (
    "client_id, municipality_code, referral_source, gender, age_band, age_band_detail"
)
STATUS_COLUMNS = "client_id, status, reason"
CLIENT_EVENT_COLUMNS = "client_id, event_type, code, ref_id, flag"


def registered(event: Envelope[it.ClientRegistered], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert(
        "fact_registrations", REGISTRATION_COLUMNS, event, origin, p.registered_on,
        p.client_id, p.municipality_code, p.referral_source.value,
        p.gender.value if p.gender else None, p.age_band.value,
        p.age_band_detail.value if p.age_band_detail else None,
    )]


def voided(event: Envelope[it.ClientRegistrationVoided], origin: Origin) -> list[Write]:
    p = event.payload
    return [status(event, origin, p.client_id, "VOIDED", p.reason.value, p.voided_on)]


def erased(event: Envelope[it.ClientErased], origin: Origin) -> list[Write]:
    # Nothing personal is held here: the pseudonymous facts stay and keep counting.
    return [status(event, origin, event.payload.client_id, "ERASED", None, None)]


def status(event: Envelope[Any], origin: Origin, client_id: Any, kind: str,
           reason: str | None, effective: Any) -> Write:
    return insert("fact_client_status", STATUS_COLUMNS, event, origin, effective,
                  client_id, kind, reason)


def client_event(event: Envelope[Any], origin: Origin, effective: Any, *, code: str | None = None,
                 ref_id: Any = None, flag: bool | None = None) -> Write:
    """A row of ``fact_client_events``: the event type without its producer, e.g.
    ``ServiceProvided``, and its main code, reference and yes/no."""
    name = event.event_type.split(".", 1)[1]
    return insert("fact_client_events", CLIENT_EVENT_COLUMNS, event, origin, effective,
                  event.payload.client_id, name, code, ref_id, flag)


def consent_recorded(event: Envelope[it.ConsentRecorded], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.given_on, code=p.form.value, ref_id=p.consent_id)]


def consent_withdrawn(event: Envelope[it.ConsentWithdrawn], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.withdrawn_on, ref_id=p.consent_id, flag=p.whole_consent)]


def needs_assessed(event: Envelope[it.NeedsAssessed], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.assessed_on, code=p.decision.value,
                         ref_id=p.assessment_id, flag=p.multi_professional)]


def outreach_linked(event: Envelope[it.OutreachContactLinked], origin: Origin) -> list[Write]:
    p = event.payload
    return [client_event(event, origin, p.linked_on, ref_id=p.contact_id)]


def outreach_made(event: Envelope[it.OutreachContactMade], origin: Origin) -> list[Write]:
    p = event.payload
    return [insert(
        "fact_place_events", "event_type, ref_id, code, municipality_code, client_id",
        event, origin, p.contacted_on,
        "OutreachContactMade", p.contact_id, p.outcome.value, p.municipality_code, p.client_id,
    )]
