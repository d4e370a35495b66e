"""schemathesis against reporting's OpenAPI document, with every check, in process.

The app is reporting's router on servicekit's create_api (what create_app serves) over an
in-memory fact store: the document and every answer are the real ones, without Kafka."""

from kohtaamo.reporting.adapters.http import build_router
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings
from kohtaamo.servicekit.testing.openapi_fuzz import fuzz_openapi

ROLES = {"GET /indicators/clients-registered": "manager"}


class CountedFacts:
    async def count_registered_clients(self) -> int:
        return 42


def test_reporting_answers_as_its_openapi_document_says():
    app = create_api(title="reporting", auth=AuthSettings())
    app.state.store = CountedFacts()
    app.include_router(build_router())

    failures = fuzz_openapi(app, auth=AuthSettings(), roles=ROLES)

    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
