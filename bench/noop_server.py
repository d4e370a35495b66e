"""A service as ``python -m kohtaamo.<service>`` serves it, plus ``POST /bench/noop``: an
authenticated route that does nothing. Its rate under the same load generator is the
HTTP ceiling of that service's stack (uvicorn, middleware, token check)::

    python bench/noop_server.py intake
"""

from __future__ import annotations

import importlib
import sys

import uvicorn
from fastapi import Depends

from kohtaamo.servicekit.auth import Principal, require_roles

SETTINGS = {"intake": "IntakeSettings", "casework": "CaseworkSettings",
            "meetingplace": "MeetingplaceSettings", "reporting": "ReportingSettings"}


def main() -> None:
    service = sys.argv[1]
    settings = getattr(importlib.import_module(f"kohtaamo.{service}.settings"), SETTINGS[service])()
    app = importlib.import_module(f"kohtaamo.{service}.bootstrap").create_app(settings)

    async def noop(principal: Principal = Depends(require_roles("bench"))) -> dict[str, str]:
        return {}

    app.add_api_route("/bench/noop", noop, methods=["POST"], status_code=200)
    uvicorn.run(app, host=settings.http_host, port=settings.http_port)


if __name__ == "__main__":
    main()
