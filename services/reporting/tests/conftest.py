from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.intake.v1 import ClientRegistered


@pytest.fixture
def registered():
    def make(**changes) -> Envelope[ClientRegistered]:
        client_id = uuid4()
        now = datetime.now(UTC)
        payload = ClientRegistered(
            client_id=client_id, registered_on=date(2016, 1, 4), municipality_code="908",
            referral_source="OUTREACH", age_band="18_24",
        ).model_copy(update=changes)
        return Envelope.wrap(
            payload, event_id=uuid4(), occurred_at=now, recorded_at=now, producer="intake",
            organisation_id="908", subject_id=client_id,
        )

    return make
