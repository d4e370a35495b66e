"""``python -m kohtaamo.intake``: the one way to start the service."""

import uvicorn
from kohtaamo.servicekit.logs import configure_logging, uvicorn_options

from .bootstrap import create_app
from .settings import IntakeSettings


def main() -> None:
    settings = IntakeSettings()
    configure_logging("intake", settings.telemetry)
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                **uvicorn_options())


if __name__ == "__main__":
    main()
