"""Bounds on counts: beyond them an entry is a typing slip, not a busy day."""

MAX_HEADCOUNT = 10_000  # visitors in one time slot, attendees of one activity, sign-ups
MAX_INVITED = 100_000  # invitations to one activity (a mailing to every household)
MAX_DURATION_MIN = 24 * 60
MAX_COMPENSATION_CENTS = 100_000  # 1 000 € to one participant for one session
