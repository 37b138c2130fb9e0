"""Periodic review of documents (ISO 9001:2015 7.5.2/7.5.3): who must review what, and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DOCUMENT_PAGE_MODELS, ReviewReminder
from qms.jobs import enqueue_on_commit
from qms.lib.digest import DigestItem, digests_send, render_item

NOTICE_DAYS = 30
DIGEST = "documents.review_digest"
Kind = ReviewReminder.Kind


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


def review_reminders_send(
    *, on: dt.date | None = None, budget_s: float | None = None
) -> int:
    """Remind each owner once 30 days before a review is due and once when it is overdue.

    Set-based: per document type one query for what is due and not yet reminded for this
    due date (NOT EXISTS), sent as one digest per owner and day (issue 12, part 4).
    """
    on = on or timezone.localdate()
    run = digests_send(
        name=DIGEST,
        title=_("Documents due for periodic review"),
        items=_due_items(on),
        on=on,
        list_url=reverse("documents_master_list") + "?status=review_due",
        budget_s=budget_s,
    )
    if not run.finished:
        from documents.tasks import send_review_reminders

        enqueue_on_commit(send_review_reminders)
    return run.items


def _reminded(kind: str) -> Exists:
    return Exists(
        ReviewReminder.objects.filter(
            page=OuterRef("pk"), due_date=OuterRef("next_review_date"), kind=kind
        )
    )


def _due_items(on: dt.date) -> Iterator[DigestItem]:
    limit = on + dt.timedelta(days=NOTICE_DAYS)
    overdue = Q(next_review_date__lt=on) & ~_reminded(Kind.OVERDUE)
    soon = Q(next_review_date__range=(on, limit)) & ~_reminded(Kind.DUE_SOON)
    for model in DOCUMENT_PAGE_MODELS:
        queryset = (
            model.objects.live()
            .filter(owner__isnull=False)
            .filter(overdue | soon)
            .select_related("owner")
            .order_by()
        )
        for page in queryset.iterator(chunk_size=2000):
            yield _item(page, on)


def _item(page: Any, on: dt.date) -> DigestItem:
    kind = Kind.OVERDUE if page.next_review_date < on else Kind.DUE_SOON
    subject, text = render_item(
        "review-reminder",
        {
            "code": page.code,
            "title": page.title,
            "due": page.next_review_date,
            "overdue": kind == Kind.OVERDUE,
        },
    )
    return DigestItem(
        recipient=page.owner,
        subject=subject,
        text=text,
        url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
        marker=ReviewReminder(
            page_id=page.pk, due_date=page.next_review_date, kind=kind
        ),
    )
