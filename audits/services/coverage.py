"""Yearly check: every agency in a programme completes an internal audit (ISO 9001:2015 9.2.1).

From October the heads and ISO secretaries of an agency with no audit closed this calendar
year are told once a month, in the app, so the audit can still happen before year end.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audits.services.audits import agencies_without_completed_audit
from qms.models import Notification
from qms.roles import Role

PROGRAMME_URL = "/admin/audits/"


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
        with translation.override("vi"):
            subject = _(
                "No internal audit completed in %(year)d yet: %(agency)s (%(month)02d/%(year)d)"
            ) % {"year": year, "agency": agency.name, "month": today.month}
            body = _(
                "ISO 9001 requires an internal audit at least once a year. %(agency)s is in "
                "the %(year)d audit programme but has no audit closed this year. Plan and "
                "complete it before 31/12/%(year)d."
            ) % {"year": year, "agency": agency.name}
        for user in recipients:
            _notice, created = Notification.objects.get_or_create(
                recipient=user,
                kind=Notification.Kind.REMINDER,
                subject=subject,
                defaults={"body": body, "url": PROGRAMME_URL},
            )
            sent += int(created)
    return sent
