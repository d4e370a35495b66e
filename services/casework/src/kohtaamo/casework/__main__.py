"""``python -m kohtaamo.casework``: the one way to start the service."""

import uvicorn
from kohtaamo.servicekit.logs import configure_logging, uvicorn_options

from .bootstrap import create_app
from .settings import CaseworkSettings


def main() -> None:
    settings = CaseworkSettings()
    configure_logging("casework", settings.telemetry)
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, **uvicorn_options())


if __name__ == "__main__":
    main()
