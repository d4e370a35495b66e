"""The access log: the data-protection officer's route."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request

from ...application.casework import Casework
from ...application.staff import Staff
from ..roles import PROTECTS
from . import answers
from .dependencies import casework, run, staff_with

router = APIRouter(prefix="/clients/{client_id}", tags=["data protection"])


@router.get("/access-log", response_model=answers.AccessLogOut)
async def access_log(
    client_id: UUID, request: Request,
    staff: Staff = Depends(staff_with(*PROTECTS)), app: Casework = Depends(casework),
) -> answers.AccessLogOut:
    """Every read of the client's private text in casework: who, when, why, what."""
    entries = await run(request, app.reads.access_log, staff, client_id)
    return answers.AccessLogOut(client_id=client_id,
                                entries=[answers.AccessEntryOut.model_validate(e) for e in entries])
