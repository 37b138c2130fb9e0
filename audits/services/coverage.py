"""Yearly check: every agency that owes one completes an internal audit (ISO 9001:2015 9.2.1).

An agency owes one when its type is obliged to apply ISO 9001 (QĐ 19/2014/QĐ-TTg, the ISO
applicability setting) or a programme of the year names it.

From October the heads and ISO secretaries of an agency with no audit closed this calendar
year are told once a month, in the app, so the audit can still happen before year end.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from audits.services.audits import agencies_without_completed_audit
from qms.lib.notify import notify
from qms.models import Notification
from qms.roles import Role


def unaudited_agencies_flag(*, year: int | None = None) -> int:
    """Notify each unaudited agency's heads and ISO secretaries; once per month and person."""
    today = timezone.localdate()
    year = year or today.year
    sent = 0
    for agency in agencies_without_completed_audit(year=year):
        recipients = (
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name__in=[Role.HEAD.value, Role.QUALITY_OFFICER.value],
                staff_profile__agency=agency,
                staff_profile__is_active=True,
            )
            .distinct()
        )
        # In the app only (no e-mail), as the dashboard panel says the same every day.
        created = notify(
            recipients=recipients,
            template="audit-coverage",
            context={
                "year": str(year),
                "agency": agency.name,
                "period": f"{today.month:02d}/{year}",
            },
            kind=Notification.Kind.REMINDER,
            target=reverse("auditprogramme:index"),
            event_key=f"audits.coverage:{agency.pk}:{year}-{today.month:02d}",
            email=False,
        )
        sent += len(created)
    return sent
