"""Roles meetingplace's routes check (claims in the caller's JWT)."""

MEETINGPLACE_WORKER = "meetingplace_worker"  # meeting-place staff: record, and see who took part
MANAGER = "manager"  # sees counts only, never a client id

RECORDS = (MEETINGPLACE_WORKER,)
COUNTS = (MEETINGPLACE_WORKER, MANAGER)
NAMES_CLIENTS = (MEETINGPLACE_WORKER,)
