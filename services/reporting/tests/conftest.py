from uuid import uuid4

import pytest

from kohtaamo.contracts import Envelope, examples
from kohtaamo.contracts.intake.v1 import ClientRegistered


@pytest.fixture
def registered():
    """A registration of a new client each call, built by the contracts' examples."""

    def make(**changes) -> Envelope[ClientRegistered]:
        payload = examples.client_registered(client_id=uuid4(), municipality_code="908",
                                             referral_source="OUTREACH", age_band="18_24", **changes)
        return examples.envelope(payload, organisation_id="908", project_id=None, event_id=uuid4())

    return make
