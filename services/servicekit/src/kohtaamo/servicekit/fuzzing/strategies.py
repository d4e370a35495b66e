"""Hypothesis strategies for the string formats servicekit's fields declare and that
schemathesis does not know, so generated "valid" values are valid."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import phonenumbers
import schemathesis
from hypothesis import strategies as st


def phone_numbers() -> st.SearchStrategy[str]:
    """Finnish mobile and landline numbers, written the ways people write them."""
    mobile = st.tuples(st.sampled_from(["40", "41", "44", "45", "50"]), st.integers(1_000_000, 9_999_999))
    written = mobile.flatmap(
        lambda parts: st.sampled_from(
            [f"+358{parts[0]}{parts[1]}", f"0{parts[0]} {parts[1]}", f"+358 {parts[0]} {parts[1]}"]
        )
    )
    return written.filter(lambda n: phonenumbers.is_valid_number(phonenumbers.parse(n, "FI")))


def past_dates(since: date) -> st.SearchStrategy[str]:
    """ISO dates from ``since`` up to today: every command refuses a future date for what
    happened (DESIGN.md), a rule JSON Schema cannot state."""
    return st.dates(min_value=since, max_value=date.today()).map(date.isoformat)


def register_formats(extra: Mapping[str, st.SearchStrategy[str]], *, dates_since: date) -> None:
    """Register servicekit's formats and ``extra`` with schemathesis (a global registry)."""
    schemathesis.openapi.format("phone", phone_numbers())
    schemathesis.openapi.format("date", past_dates(dates_since))
    for name, strategy in extra.items():
        schemathesis.openapi.format(name, strategy)
