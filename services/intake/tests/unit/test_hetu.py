from datetime import date

import pytest

from kohtaamo.intake.domain.hetu import InvalidPersonalIdentityCode, PersonalIdentityCode


def test_a_valid_code_gives_its_birth_date():
    code = PersonalIdentityCode.parse("131052-308T")

    assert code.birth_date == date(1952, 10, 13)


@pytest.mark.parametrize(
    ("raw", "birth"),
    [
        ("010594Y9032", date(1994, 5, 1)),
        ("150699-9025", date(1999, 6, 15)),
        ("020304A901T", date(2004, 3, 2)),
        ("311207F905N", date(2007, 12, 31)),
        ("010150+900C", date(1850, 1, 1)),
    ],
)
def test_every_century_sign_is_understood(raw, birth):
    assert PersonalIdentityCode.parse(raw).birth_date == birth


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("131052-308A", "check character"),
        ("310252-308T", "not a date"),
        ("131052_308T", "DDMMYYCZZZQ"),
        ("", "DDMMYYCZZZQ"),
        ("131052-001T", "individual number"),
    ],
)
def test_invalid_codes_are_refused_with_the_reason(raw, message):
    with pytest.raises(InvalidPersonalIdentityCode, match=message):
        PersonalIdentityCode.parse(raw)


def test_age_counts_whole_years_to_the_day():
    code = PersonalIdentityCode.compose(date(2000, 6, 15), 901)

    assert code.age_on(date(2025, 6, 14)) == 24
    assert code.age_on(date(2025, 6, 15)) == 25


def test_composed_codes_parse_back():
    code = PersonalIdentityCode.compose(date(1988, 12, 31), 950)

    assert PersonalIdentityCode.parse(code.value) == code
