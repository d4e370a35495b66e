"""Events published by casework, schema version 1.

Everything concerns one client and is keyed by ``client_id``. The client case (worker,
appointments, plans, referrals, services, transitions, end) is in ``clients``; kuty periods
are in ``work_activities``. Import from here: the split is only for module size.
"""

from .clients import (
    AppointmentHeld,
    ClientRelationshipEnded,
    GoalAttainment,
    PlanAgreed,
    PlanMeasure,
    PlanReviewed,
    ReferralMade,
    ReferralOutcomeRecorded,
    ResponsibleWorkerAssigned,
    ServiceProvided,
    TransitionRecorded,
)
from .work_activities import (
    WorkActivityAbsenceReported,
    WorkActivityAttendanceRecorded,
    WorkActivityContractSigned,
    WorkActivityEnded,
    WorkActivityMidReviewed,
    WorkActivityStarted,
)

__all__ = [
    "AppointmentHeld",
    "ClientRelationshipEnded",
    "GoalAttainment",
    "PlanAgreed",
    "PlanMeasure",
    "PlanReviewed",
    "ReferralMade",
    "ReferralOutcomeRecorded",
    "ResponsibleWorkerAssigned",
    "ServiceProvided",
    "TransitionRecorded",
    "WorkActivityAbsenceReported",
    "WorkActivityAttendanceRecorded",
    "WorkActivityContractSigned",
    "WorkActivityEnded",
    "WorkActivityMidReviewed",
    "WorkActivityStarted",
]
