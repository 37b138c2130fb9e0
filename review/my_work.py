"""My work: the management review actions a person owns (the ``qms_my_work`` contract)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from review.models import ReviewAction

MY_WORK_ITEMS = 5


def my_work_review_actions(user: Any) -> list[dict[str, Any]]:
    """ "Việc sau xem xét của lãnh đạo": open actions owned, soonest due (2 queries)."""
    if not user.is_authenticated or not user.is_active:
        return []
    queryset = ReviewAction.objects.filter(
        owner_id=user.pk, status=ReviewAction.Status.OPEN
    )
    count = queryset.count()
    if not count:
        return []
    today = timezone.localdate()
    rows = queryset.order_by("due_on", "pk")[:MY_WORK_ITEMS]
    return [
        {
            "key": "review.actions",
            "label": _("Management review actions"),
            "count": count,
            "url": reverse("review_my_actions"),
            "items": [
                {
                    "title": a.description[:120],
                    "url": reverse("review_action", args=[a.pk]),
                    "due": a.due_on,
                    "overdue": a.due_on < today,
                }
                for a in rows
            ],
            "roles": [],
        }
    ]
