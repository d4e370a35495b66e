from collections.abc import Callable, Iterator
from datetime import date, timedelta
from itertools import count

import pytest

from kohtaamo.intake.domain.hetu import PersonalIdentityCode


@pytest.fixture
def new_identity_code() -> Callable[..., str]:
    """Fresh synthetic henkilötunnus values (individual numbers 900–999)."""
    numbers: Iterator[int] = count(0)

    def make(birth_date: date = date(1990, 5, 17)) -> str:
        n = next(numbers)
        return PersonalIdentityCode.compose(birth_date + timedelta(days=n // 100), 900 + n % 100).value

    return make


@pytest.fixture
def registration_body(new_identity_code) -> Callable[..., dict]:
    def make(**overrides) -> dict:
        body = {
            "first_name": "Aino",
            "last_name": "Virtanen",
            "personal_identity_code": new_identity_code(),
            "municipality_code": "091",
            "referral_source": "TE_OFFICE",
        }
        body.update(overrides)
        return body

    return make
