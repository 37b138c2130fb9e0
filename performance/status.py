"""A measurement's status against its target: on track, at risk, missed (ISO 9001:2015 9.1.3).

Pure functions, shared by the screens, the review input and the overview, so the three never
disagree. The at-risk margin is the constant ``AT_RISK_MARGIN`` of the models (5 % of the
target), the same for every agency.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from performance.models import AT_RISK_MARGIN, Indicator


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Missed")


def status_of(value: Decimal | None, target: Decimal, direction: str) -> Status | None:
    """The status of ``value`` against ``target``; None when nothing was measured.

    Higher is better: at or above the target is on track; below it by at most the margin
    (5 % of the target) is at risk; lower is missed. Lower is better mirrors it: at or under
    the target is on track, over it by at most the margin is at risk. A target of 0 has no
    margin: any miss is missed.
    """
    if value is None:
        return None
    margin = abs(target) * AT_RISK_MARGIN
    gap = (
        (target - value)
        if direction == Indicator.Direction.HIGHER
        else (value - target)
    )
    if gap <= 0:
        return Status.ON_TRACK
    if gap <= margin:
        return Status.AT_RISK
    return Status.MISSED
