import unicodedata
from datetime import date, timedelta

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from kohtaamo.servicekit.fields import Email, EventDate, FreeText, IsoDate, Name, Phone, Timestamp
from kohtaamo.servicekit.text_rules import CONTROL_AND_FORMAT


class Person(BaseModel):
    name: Name | None = None
    note: FreeText | None = None
    email: Email | None = None
    phone: Phone | None = None
    born: IsoDate | None = None
    met: EventDate | None = None
    at: Timestamp | None = None


def refusal(**fields) -> str:
    with pytest.raises(ValidationError) as refused:
        Person(**fields)
    (error,) = refused.value.errors()
    return error["msg"]


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("Ai\x00no", "U+0000"),
        ("Aino\u202e", "U+202E (right-to-left override)"),
        ("\u2066Aino", "U+2066 (left-to-right isolate)"),
        ("Ai\u200bno", "U+200B (zero width space)"),
        ("Ai\u200fno", "U+200F (right-to-left mark)"),
        ("Ai\nno", "U+000A"),
        ("Aino\U000e0041", "U+E0041 (tag latin capital letter a)"),
    ],
)
def test_a_name_refuses_control_and_invisible_characters_naming_them(name, named):
    assert named in refusal(name=name)


def test_a_name_is_trimmed_and_normalised_to_nfc():
    person = Person(name="  A\u0308ino Virtanen-Ko\u0308rhonen\u00a0")

    assert person.name == "Äino Virtanen-Körhonen"
    assert unicodedata.is_normalized("NFC", person.name)


@pytest.mark.parametrize("blank", [" ", "\u00a0\u3000", ""])
def test_a_blank_name_is_refused(blank):
    assert refusal(name=blank)


def test_free_text_keeps_newlines_and_tabs_and_joiners_but_not_overrides():
    assert Person(note="line one\r\n\tline two \u200d").note == "line one\n\tline two \u200d"
    assert "U+202E" in refusal(note="looks fine\u202eenil")
    assert "U+0007" in refusal(note="bell\x07")


def test_a_lone_surrogate_is_refused_in_any_text():
    assert refusal(name="A\ud800") and refusal(note="A\udfff")


@pytest.mark.parametrize(
    ("given", "stored"),
    [("Aino.Virtanen@Example.FI", "Aino.Virtanen@example.fi"), ("aino@kunta.fi", "aino@kunta.fi")],
)
def test_an_email_is_checked_and_normalised(given, stored):
    assert Person(email=given).email == stored


@pytest.mark.parametrize(
    "bad", ["a@b.fi'--", "a@b", "a b@c.fi", "@kunta.fi", "a@@kunta.fi", "a@kunta.fi\n"]
)
def test_an_email_that_is_not_an_address_is_refused(bad):
    assert "not a valid e-mail address" in refusal(email=bad)


@pytest.mark.parametrize(
    ("given", "e164"),
    [
        ("040 123 4567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("(09) 310 1691", "+35893101691"),
        ("+46 8 123 456 78", "+46812345678"),
    ],
)
def test_a_phone_number_is_checked_and_answered_in_e164(given, e164):
    assert Person(phone=given).phone == e164


@pytest.mark.parametrize(
    "bad", ["12345", "040 123", "+358 40 123 4567 ext", "1-800-FLOWERS", "040\u00a0123"]
)
def test_a_phone_number_that_cannot_exist_is_refused(bad):
    assert refusal(phone=bad)


@pytest.mark.parametrize(
    "bad", [0, "0", 1700000000, "2024-2-3", "03.02.2024", "2024-02-30", "2024-02-03T00:00"]
)
def test_a_date_is_only_a_yyyy_mm_dd_string(bad):
    assert refusal(born=bad)


def test_an_event_date_may_be_long_ago_but_not_tomorrow():
    assert Person(met="1975-06-01").met == date(1975, 6, 1)
    assert "future" in refusal(met=(date.today() + timedelta(days=1)).isoformat())


@pytest.mark.parametrize("bad", ["2024-02-03T10:00:00", "2024-02-03", 0, "1700000000"])
def test_a_timestamp_needs_a_time_zone_and_a_date(bad):
    assert refusal(at=bad)


def test_a_timestamp_with_a_zone_is_taken():
    assert Person(at="2024-02-03T10:00:00+02:00").at.utcoffset() == timedelta(hours=2)


def test_the_table_of_refused_characters_is_python_s_own_unicode_data():
    scanned: list[tuple[int, int]] = []
    for code_point in range(0x110000):
        if unicodedata.category(chr(code_point)) in ("Cc", "Cf", "Zl", "Zp"):
            if scanned and scanned[-1][1] == code_point - 1:
                scanned[-1] = (scanned[-1][0], code_point)
            else:
                scanned.append((code_point, code_point))

    assert tuple(scanned) == CONTROL_AND_FORMAT


def _schema_of(field: str) -> dict:
    return Person.model_json_schema()["properties"][field]["anyOf"][0]


def _schema_allows(field: str, text: str) -> bool:
    """What a Python validator and a Rust one (schemathesis's) say; they must agree."""
    by_python = jsonschema.Draft202012Validator(_schema_of(field)).is_valid(text)
    by_rust = jsonschema_rs.Draft202012Validator(_schema_of(field)).is_valid(text)
    assert by_python == by_rust
    return by_python


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(max_size=30) | st.sampled_from(["Aino\n", " ", "\u202e", "A\u0308", "\t x"]))
def test_what_the_schema_of_a_name_allows_is_exactly_what_the_validator_takes(text):
    allowed = _schema_allows("name", text)

    try:
        Person(name=text)
        taken = True
    except ValidationError:
        taken = False

    assert allowed == taken


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(max_size=30) | st.sampled_from(["a\r\nb", "\n", "\u202ex", "\x0bx"]))
def test_what_the_schema_of_free_text_allows_is_exactly_what_the_validator_takes(text):
    allowed = _schema_allows("note", text)

    try:
        Person(note=text)
        taken = True
    except ValidationError:
        taken = False

    assert allowed == taken
