"""Roles intake's routes check (claims in the caller's JWT)."""

INTAKE_WORKER = "intake_worker"
CASEWORKER = "caseworker"
DATA_PROTECTION_OFFICER = "data_protection_officer"
MANAGER = "manager"
