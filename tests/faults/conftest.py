"""The fault suite runs only when asked (``make faults``): it is long, and it restarts the
stack's Kafka broker and PostgreSQL under the feet of anything else using them."""

from __future__ import annotations

import os

collect_ignore_glob = [] if os.environ.get("KOHTAAMO_FAULTS") == "1" else ["test_*.py"]
