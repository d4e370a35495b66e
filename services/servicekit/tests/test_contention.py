"""Commands racing on a shared aggregate: retried on fresh state, and a 503 with
Retry-After (never a 500) when every attempt loses."""

import httpx
from eventsourcing.persistence import RecordConflictError

from kohtaamo.servicekit.contention import Contended, retrying
from kohtaamo.servicekit.http import create_api
from kohtaamo.servicekit.settings import AuthSettings


def test_an_attempt_that_loses_twice_is_run_again_and_its_result_returned():
    # given a save that meets a concurrent change twice
    tries = []

    def attempt() -> str:
        tries.append(1)
        if len(tries) < 3:
            raise RecordConflictError("a concurrent save")
        return "saved"

    # when it is retried, then the third try's result comes back
    assert retrying(attempt) == "saved" and len(tries) == 3


def test_an_attempt_that_always_loses_ends_as_contended_after_its_attempts():
    tries = []

    def attempt() -> None:
        tries.append(1)
        raise RecordConflictError("a concurrent save")

    try:
        retrying(attempt, attempts=4)
    except Contended as exc:
        assert "nothing was saved" in str(exc)
    else:
        raise AssertionError("no Contended raised")
    assert len(tries) == 4


async def test_contended_answers_503_with_retry_after_in_the_one_error_shape():
    # given a route whose command keeps losing the race
    app = create_api(title="sample", auth=AuthSettings(), max_body_bytes=1000)

    @app.post("/race")
    async def race() -> None:
        raise Contended(20)

    # when it is called
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        answer = await http.post("/race")
    # then the caller is told to come back, in the one shape
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "1"
    assert answer.json()["error"]["code"] == "unavailable"
    assert "try again" in answer.json()["error"]["message"]
