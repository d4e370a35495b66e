"""schemathesis against intake's OpenAPI document, with every check, in process."""

from datetime import date, timedelta
from uuid import UUID

from hypothesis import strategies as st

from kohtaamo.intake.bootstrap import create_app
from kohtaamo.intake.domain.hetu import PersonalIdentityCode
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.servicekit.fuzzing.openapi import fuzz_openapi

# The role each operation is fuzzed with: one that may call it.
ROLES = {
    "POST /clients": "intake_worker",
    "GET /clients": "intake_worker",
    "GET /clients/{client_id}": "caseworker",
    "POST /clients/search": "caseworker",
    "POST /clients/{client_id}/void": "intake_worker",
    "GET /clients/{client_id}/assessments": "caseworker",
    "POST /clients/{client_id}/assessments": "intake_worker",
    "POST /clients/{client_id}/erasure": "data_protection_officer",
    "GET /clients/{client_id}/access-log": "data_protection_officer",
    "POST /clients/{client_id}/consents": "intake_worker",
    "POST /clients/{client_id}/consents/{consent_id}/withdrawal": "intake_worker",
    "GET /clients/{client_id}/consents": "caseworker",
    "POST /outreach-contacts": "intake_worker",
    "POST /outreach-contacts/{contact_id}/link": "intake_worker",
}


# Rules JSON Schema cannot state: the fields each operation may refuse in input that fits.
IDENTITY_CODE = "the date and check character of an identity code"
NOT_BEFORE_REGISTRATION = "not before the client's registration"
CROSS_FIELD_RULES = {
    "POST /clients": {
        "personal_identity_code": IDENTITY_CODE,
        "phone": "whether a number exists in the numbering plan",
        "registered_on": "not before the birth date in the identity code",
    },
    "POST /clients/search": {"personal_identity_code": IDENTITY_CODE},
    "POST /clients/{client_id}/consents": {
        "valid_until": "not before given_on",
        "given_on": NOT_BEFORE_REGISTRATION,
    },
    "POST /clients/{client_id}/consents/{consent_id}/withdrawal": {
        "withdrawn_on": "not before the consent was given",
    },
    "POST /clients/{client_id}/assessments": {"assessed_on": NOT_BEFORE_REGISTRATION},
    "POST /clients/{client_id}/void": {
        "voided_on": NOT_BEFORE_REGISTRATION,
        "duplicate_of": "not the client itself",
    },
}


def identity_codes() -> st.SearchStrategy[str]:
    """Valid synthetic codes of people born 1900–1969 (so any registration date the fuzzer
    draws, 1970 or later, is after the birth); individual numbers 900–999 are never issued to
    residents. Drawn from uuids, so hypothesis does not settle on a few codes."""

    def code(entropy: UUID) -> str:
        born = date(1900, 1, 1) + timedelta(days=entropy.int % 25567)
        return PersonalIdentityCode.compose(born, 900 + (entropy.int >> 64) % 100).value

    return st.uuids().map(code)


def test_intake_answers_as_its_openapi_document_says():
    app = create_app(IntakeSettings(database_url="memory://"), kafka=False)

    failures = fuzz_openapi(
        app,
        auth=IntakeSettings().auth,
        roles=ROLES,
        refuses_valid_looking_input=CROSS_FIELD_RULES,
        formats={"fi-personal-identity-code": identity_codes()},
    )

    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
