"""My-work entries of records retention (hook ``qms_my_work``, see the My-work contract).

Heads: disposal minutes waiting for their signature. ISO secretaries: batches whose retention
has run out by this year and that no minute covers yet. Each entry makes at most three
queries (the roles, a COUNT, the first five rows) whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DisposalMinute, RecordBatch
from documents.services.records import due_batches
from qms.models import StaffProfile
from qms.roles import Role
from qms.scoping import user_roles

ITEMS = 5


def _own_agency(user: Any) -> QuerySet[Any]:
    """The user's own agency, as a subquery (no query of its own)."""
    return StaffProfile.objects.filter(user=user, is_active=True).values("agency_id")


def minutes_to_sign(user: Any) -> list[dict[str, Any]]:
    if not user.is_authenticated or Role.HEAD not in user_roles(user):
        return []
    minutes = DisposalMinute.objects.filter(
        status=DisposalMinute.Status.DRAFT, agency__in=_own_agency(user)
    )
    count = minutes.count()
    if not count:
        return []
    items = [
        {
            "title": _("Disposal minute %(number)s") % {"number": minute.number},
            "url": reverse("documents_minute_sign", args=[minute.pk]),
            "due": None,
            "overdue": False,
        }
        for minute in minutes.order_by("meeting_date", "pk")[:ITEMS]
    ]
    return [
        {
            "key": "documents.records.sign",
            "label": _("Disposal minutes to sign"),
            "count": count,
            "url": reverse("disposalminute:index") + "?status=draft",
            "items": items,
            "roles": ["head"],
        }
    ]


def batches_due(user: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    if not user.is_authenticated or Role.QUALITY_OFFICER not in user_roles(user):
        return []
    today = today or timezone.localdate()
    batches = due_batches(
        RecordBatch.objects.filter(series__agency__in=_own_agency(user)), today
    ).exclude(minutes__status=DisposalMinute.Status.DRAFT)
    count = batches.count()
    if not count:
        return []
    rows = batches.select_related("series").order_by("year", "series__code")[:ITEMS]
    items = []
    for batch in rows:
        due_year = batch.due_year or today.year
        items.append(
            {
                "title": str(batch),
                "url": reverse("recordbatch:edit", args=[batch.pk]),
                "due": dt.date(due_year, 1, 1),
                "overdue": due_year < today.year,
            }
        )
    return [
        {
            "key": "documents.records.due",
            "label": _("Records due for disposal"),
            "count": count,
            "url": reverse("recordsdue:index"),
            "items": items,
            "roles": ["quality_officer"],
        }
    ]
