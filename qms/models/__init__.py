"""Core models: organisation (agencies, units, staff, succession), public pages, notifications."""

from .accounts import CredentialHold
from .exports import ExportJob
from .iso import IsoApplicabilitySettings
from .notifications import Notification
from .organisation import (
    Agency,
    AgencyGroup,
    Position,
    ReceivingUnit,
    StaffProfile,
    Succession,
)
from .pages import AgencyPage, HomePage, ReceivingUnitPage

__all__ = [
    "Agency",
    "AgencyGroup",
    "AgencyPage",
    "CredentialHold",
    "ExportJob",
    "HomePage",
    "IsoApplicabilitySettings",
    "Notification",
    "Position",
    "ReceivingUnit",
    "ReceivingUnitPage",
    "StaffProfile",
    "Succession",
]
