"""Stand-in services for the loader's tests (httpx's mock transport)."""

from __future__ import annotations

import httpx

from kohtaamo.synthetic import Targets


def error(status: int, code: str, message: str, fields=()) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message, "fields": list(fields)}})


class Services:
    """Answers every command with a fresh id; casework knows a client only on the third ask."""

    def __init__(self, refuse: str | None = None) -> None:
        self.refuse, self.asked, self.seen = refuse, {}, []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.url.path))
        n = len(self.seen)
        if request.method == "POST" and request.url.path == self.refuse:
            return error(422, "invalid_request", "the request has invalid fields",
                         [{"field": "registered_on", "message": "is in the future"}])
        if request.method == "GET" and request.url.path.startswith("/clients/"):
            self.asked[request.url.path] = self.asked.get(request.url.path, 0) + 1
            if self.asked[request.url.path] < 3:
                return error(404, "client_not_known", "the registration may still be on its way")
        return httpx.Response(201, json={"id": f"00000000-0000-4000-8000-{n:012d}",
                                         "client_id": f"00000000-0000-4000-9000-{n:012d}",
                                         "worker_id": f"00000000-0000-4000-a000-{n:012d}",
                                         "referral_id": f"00000000-0000-4000-b000-{n:012d}",
                                         "contract_id": f"00000000-0000-4000-c000-{n:012d}",
                                         "work_activity_id": f"00000000-0000-4000-d000-{n:012d}"})


def targets(services: Services) -> Targets:
    transport = httpx.MockTransport(services)
    return Targets(*(httpx.AsyncClient(transport=transport, base_url=f"http://{name}")
                     for name in ("intake", "casework", "meetingplace", "reporting")))
