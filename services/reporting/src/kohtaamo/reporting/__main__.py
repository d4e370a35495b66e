"""``python -m kohtaamo.reporting``: the one way to start the service (and its commands)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
