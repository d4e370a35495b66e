"""Roles casework's routes check (claims in the caller's JWT); the finer rules per client
(a caseworker's own clients, a team lead's team) are the application's (``access.py``)."""

from ..application.access import CASEWORKER, DATA_PROTECTION_OFFICER, MANAGER, TEAM_LEAD

RECORDS = (CASEWORKER,)  # records in their clients' files
READS_PRIVATE = (CASEWORKER,)  # their clients' private text, with a purpose (logged)
ASSIGNS = (CASEWORKER, TEAM_LEAD)
LISTS = (CASEWORKER, TEAM_LEAD, MANAGER)  # pseudonymous lists, each scoped to the caller
KNOWS_ITSELF = (CASEWORKER, TEAM_LEAD)
PROTECTS = (DATA_PROTECTION_OFFICER,)

__all__ = ["ASSIGNS", "KNOWS_ITSELF", "LISTS", "PROTECTS", "READS_PRIVATE", "RECORDS"]
