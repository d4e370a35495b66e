"""``python -m kohtaamo.meetingplace``: the one way to start the service."""

import uvicorn

from kohtaamo.servicekit.logs import configure_logging, uvicorn_options

from .bootstrap import create_app
from .settings import MeetingplaceSettings


def main() -> None:
    settings = MeetingplaceSettings()
    configure_logging("meetingplace", settings.telemetry)
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port,
                **uvicorn_options())


if __name__ == "__main__":
    main()
