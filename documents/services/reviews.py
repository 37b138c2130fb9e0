"""Periodic review of documents (ISO 9001:2015 7.5.2/7.5.3): who must review what, and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.models import DOCUMENT_PAGE_MODELS, ReviewReminder
from qms.lib.notify import notify
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
            notify(
                recipients=[page.owner],
                template="review-reminder",
                context={
                    "code": page.code,
                    "title": page.title,
                    "due": page.next_review_date,
                    "overdue": kind == ReviewReminder.Kind.OVERDUE,
                },
                kind=Notification.Kind.REMINDER,
                target=page,
                event_key=f"documents.review:{page.pk}:{page.next_review_date}:{kind}",
            )
    except IntegrityError:
        return False  # already reminded for this due date
    return True
