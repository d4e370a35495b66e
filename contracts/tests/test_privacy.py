"""No event can carry who someone is, where they live, what they wrote or where they come from.

Kafka topics are read by reporting and kept for replay; social-welfare client data is
confidential and health or ethnic origin are special-category data (domain.md section 7).
A field whose name says it carries such data fails here, wherever it is nested.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from kohtaamo.contracts import PAYLOADS, Envelope
from kohtaamo.contracts.codes import AgeBand, AgeBandDetail

# Words that must not appear as a field name or as a whole word inside one
# (``first_name``, ``street_address``). Multi-word entries match consecutive words.
FORBIDDEN_WORDS: dict[str, tuple[str, ...]] = {
    "names": ("name", "names", "firstname", "lastname", "surname", "nickname", "fullname"),
    "identity codes": ("hetu", "ssn", "henkilotunnus", "personal_identity", "identity_code",
                       "social_security", "passport"),
    "birth dates": ("birth", "birthday", "birthdate", "dob", "born", "date_of_birth"),
    "addresses": ("address", "street", "postal", "postcode", "zip", "zipcode", "apartment",
                  "latitude", "longitude", "coordinates", "gps"),
    "phone numbers": ("phone", "telephone", "mobile", "gsm"),
    "e-mail": ("email", "e_mail", "mail"),
    "free text": ("text", "note", "notes", "comment", "comments", "description", "free_text",
                  "details", "remarks", "message", "narrative", "summary"),
    "diagnoses": ("diagnosis", "diagnoses", "icd", "icd10", "medication", "medical_condition"),
    "ethnicity and origin": ("ethnic", "ethnicity", "ethnic_origin", "roma", "romani", "race",
                             "nationality", "citizenship", "mother_tongue", "native_language",
                             "language", "language_of_origin", "immigrant", "origin",
                             "religion"),
}
# Stems caught even inside a run-together word (``clientname``, ``birthdate2``).
FORBIDDEN_STEMS = ("name", "birth", "address", "phone", "mail", "hetu", "ethnic", "nationalit",
                   "diagnos", "tongue")
# Enum values that would mark a person's origin (domain.md 7.1: nobody is recorded by it).
FORBIDDEN_CODES = ("ETHNIC", "ROMA", "MIGRANT", "NATIONALIT", "FOREIGN")
# Age is only ever an age band; place only a municipality code (or an id of a place).
AGE_WORDS = {"age", "ages", "years"}
PLACE_WORDS = {"municipality", "area", "region", "city", "town", "location", "county",
               "district", "village", "neighbourhood", "venue", "home", "residence", "place"}


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, field name, field schema) for every property anywhere, $defs included."""
    def walk(node: Any, where: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        if isinstance(node, dict):
            for name, field in node.get("properties", {}).items():
                yield where, name, field
            for key, value in node.items():
                yield from walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{where}/{i}")
    yield from walk(schema, "#")


def enum_values(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        yield from (str(v) for v in node.get("enum", ()))
        for value in node.values():
            yield from enum_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from enum_values(value)


def forbidden_in(field_name: str) -> list[str]:
    words = field_name.lower().split("_")
    found = []
    for category, entries in FORBIDDEN_WORDS.items():
        for entry in entries:
            phrase = entry.split("_")
            if any(words[i:i + len(phrase)] == phrase for i in range(len(words))):
                found.append(f"{entry} ({category})")
    found += [f"{stem} (inside a word)" for stem in FORBIDDEN_STEMS if stem in field_name.lower()]
    return found


def resolve(node: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The field's schema with $refs followed, as its non-null alternatives."""
    branches = node.get("anyOf", [node])
    resolved = [schema["$defs"][b["$ref"].split("/")[-1]] if "$ref" in b else b for b in branches]
    return [b for b in resolved if b.get("type") != "null"]


# The only ways an age may travel: a band of at least five years.
AGE_BAND_FIELDS = {"age_band": AgeBand, "age_band_detail": AgeBandDetail}


def privacy_problems(schema: dict[str, Any]) -> list[str]:
    problems = []
    for where, name, field in properties(schema):
        words = set(name.lower().split("_"))
        problems += [f"{where}.{name}: {hit}" for hit in forbidden_in(name)]
        kinds = resolve(field, schema)
        band = AGE_BAND_FIELDS.get(name)
        if words & AGE_WORDS and not (
            band and all(k.get("enum") == [a.value for a in band] for k in kinds)
        ):
            problems.append(f"{where}.{name}: age only as age_band (AgeBand) or age_band_detail")
        if words & PLACE_WORDS and not (
            (name.endswith("municipality_code") and all(k.get("pattern") == r"^\d{3}$" for k in kinds))
            or (name.endswith("_id") and all(k.get("format") == "uuid" for k in kinds))
        ):
            problems.append(f"{where}.{name}: place only as a municipality code or an id")
    problems += [f"enum value {v}" for v in enum_values(schema)
                 if any(code in v.upper() for code in FORBIDDEN_CODES)]
    return problems


def name_of(cls) -> str:
    return f"{cls.event_type}.v{cls.schema_version}"


@pytest.mark.parametrize("payload_type", PAYLOADS, ids=name_of)
def test_no_event_has_a_field_for_personal_or_origin_data(payload_type):
    assert privacy_problems(Envelope[payload_type].model_json_schema()) == []


def loose_strings(schema: dict[str, Any]) -> list[str]:
    """Fields (or list items) that are strings with no enum, format or pattern: free text."""
    def loose(kind: dict[str, Any]) -> bool:
        return kind.get("type") == "string" and not ({"enum", "format", "pattern"} & kind.keys())

    found = []
    for where, name, field in properties(schema):
        for kind in resolve(field, schema):
            if loose(kind):
                found.append(f"{where}.{name}")
            elif kind.get("type") == "array" and any(map(loose, resolve(kind.get("items", {}), schema))):
                found.append(f"{where}.{name}[]")
    return found


@pytest.mark.parametrize("payload_type", PAYLOADS, ids=name_of)
def test_every_string_in_a_payload_is_coded_so_free_text_cannot_hide_under_a_harmless_name(
    payload_type,
):
    assert loose_strings(payload_type.model_json_schema()) == []


class Leaky(BaseModel):
    """What the guard exists to stop: each field here is one way of leaking."""

    client_name: str
    hetu: str
    date_of_birth: str
    street_address: str
    phonenumber: str
    email: str
    notes: str
    diagnosis: str
    mother_tongue: str
    age: int
    city: str
    kind: str = "ROMA_OUTREACH"


def test_the_guard_catches_every_kind_of_leak_it_lists():
    schema = Leaky.model_json_schema()
    schema["properties"]["kind"]["enum"] = ["ROMA_OUTREACH"]

    problems = privacy_problems(schema)

    flagged = {p.split(":")[0].rsplit(".", 1)[-1] for p in problems if p.startswith("#")}
    assert flagged == set(Leaky.model_fields) - {"kind"}
    assert "enum value ROMA_OUTREACH" in problems


class Innocent(BaseModel):
    outcome: str
    tags: list[str]


def test_the_guard_catches_free_text_under_an_innocent_name():
    assert loose_strings(Innocent.model_json_schema()) == ["#.outcome", "#.tags[]"]
