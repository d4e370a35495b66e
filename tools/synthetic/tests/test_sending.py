"""The loader against stand-in services (httpx's mock transport): it waits for what the
transport has not delivered yet, and stops on an answer it did not expect."""

from __future__ import annotations

import pytest

from kohtaamo.synthetic import LoadError, load

from .stand_ins import Services, error, targets


async def test_casework_commands_wait_until_the_client_has_arrived():
    services = Services()
    summary = await load(targets(services), clients=50, seed=3, concurrency=8)
    reads = [path for method, path in services.seen if method == "GET" and path.startswith("/clients/")]
    assert reads and all(services.asked[p] == 3 for p in set(reads))  # asked until it answered
    assert summary.waits == 2 * len(set(reads))
    assert summary.clients == 50 and summary.request_count == len(services.seen)


async def test_an_unexpected_refusal_stops_the_load_naming_route_status_and_message():
    services = Services(refuse="/clients")
    with pytest.raises(LoadError) as failed:
        await load(targets(services), clients=50, seed=3, concurrency=4)
    assert str(failed.value) == ("intake POST /clients -> 422: invalid_request: the request has invalid "
                                 "fields (registered_on: is in the future)")
    # nothing was sent after the refused registrations: no consent, no casework
    assert all(path == "/clients" or path == "/meeting-places" or path == "/workers/me"
               for _, path in services.seen)


async def test_a_wait_that_never_ends_fails_within_its_bound():
    class NeverArrives(Services):
        def __call__(self, request):
            if request.method == "GET" and request.url.path.startswith("/clients/"):
                self.seen.append((request.method, request.url.path))
                return error(404, "client_not_known", "the registration may still be on its way")
            return super().__call__(request)

    with pytest.raises(LoadError, match="casework GET /clients/{client} -> 404: .* after 0.2 s"):
        await load(targets(NeverArrives()), clients=50, seed=3, concurrency=4, wait_seconds=0.2)
