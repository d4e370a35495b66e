"""``python -m kohtaamo.intake``: the one way to start the service."""

import uvicorn

from .bootstrap import create_app
from .settings import IntakeSettings


def main() -> None:
    settings = IntakeSettings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port)


if __name__ == "__main__":
    main()
