"""Periodic review of documents (ISO 9001:2015 7.5.2/7.5.3): who must review what, and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.models import DOCUMENT_PAGE_MODELS, ReviewReminder
from qms.models import Notification

NOTICE_DAYS = 30


def documents_due_for_review(
    *, on: dt.date, within_days: int = NOTICE_DAYS, agency_ids: Any = None
) -> list[Any]:
    """Live documents whose next review falls within ``within_days`` of ``on`` (or is past)."""
    limit = on + dt.timedelta(days=within_days)
    found: list[Any] = []
    for model in DOCUMENT_PAGE_MODELS:
        queryset = (
            model.objects.live()
            .filter(next_review_date__lte=limit)
            .select_related("agency", "owner")
        )
        if agency_ids is not None:
            queryset = queryset.filter(agency_id__in=agency_ids)
        found.extend(queryset)
    return sorted(found, key=lambda page: page.next_review_date)


def review_reminders_send(*, on: dt.date | None = None) -> int:
    """Remind each owner once 30 days before a review is due and once when it is overdue."""
    on = on or timezone.localdate()
    sent = 0
    for page in documents_due_for_review(on=on):
        kind = (
            ReviewReminder.Kind.OVERDUE
            if page.next_review_date < on
            else ReviewReminder.Kind.DUE_SOON
        )
        if page.owner is not None and _remind(page=page, kind=kind):
            sent += 1
    return sent


def _remind(*, page: Any, kind: str) -> bool:
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(
                page=page, due_date=page.next_review_date, kind=kind
            )
            with translation.override("vi"):
                subject = (
                    _("Review overdue: %(code)s %(title)s")
                    if kind == ReviewReminder.Kind.OVERDUE
                    else _("Review due on %(date)s: %(code)s %(title)s")
                ) % {
                    "code": page.code,
                    "title": page.title,
                    "date": page.next_review_date.strftime("%d/%m/%Y"),
                }
                body = _(
                    "The periodic review of this document is due on %(date)s. Review it and, if it needs "
                    "changes, start a new draft and submit it for approval."
                ) % {"date": page.next_review_date.strftime("%d/%m/%Y")}
            Notification.objects.create(
                recipient=page.owner,
                kind=Notification.Kind.REMINDER,
                subject=subject,
                body=body,
                url=f"/admin/pages/{page.pk}/edit/",
            )
            if page.owner.email:
                transaction.on_commit(
                    lambda: send_mail(
                        subject, body, settings.DEFAULT_FROM_EMAIL, [page.owner.email]
                    )
                )
    except IntegrityError:
        return False  # already reminded for this due date
    return True
