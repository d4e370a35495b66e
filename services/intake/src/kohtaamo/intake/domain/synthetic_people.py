"""Synthetic identity codes for tests, demos and generated programmes.

Individual numbers 900–999 are never issued to residents, so a generated code can never be
a real person's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import count

from .hetu import PersonalIdentityCode


def identity_codes(first_birth_date: date = date(1990, 5, 17)) -> Iterator[str]:
    """Distinct valid codes: 100 per birth date, then the next day."""
    for n in count(0):
        birth = first_birth_date + timedelta(days=n // 100)
        yield PersonalIdentityCode.compose(birth, 900 + n % 100).value
