"""Core models: organisation (agencies, units, staff, succession), public pages, notifications."""

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
    "HomePage",
    "Notification",
    "Position",
    "ReceivingUnit",
    "ReceivingUnitPage",
    "StaffProfile",
    "Succession",
]
