"""The reading a person must confirm, as a group of "Việc của tôi" (qms.my_work)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from qms.my_work import ITEMS_SHOWN, item
from training.models import Acknowledgment


def reading_group(user: Any) -> list[dict[str, Any]]:
    """Documents to read and confirm (ISO 9001:2015 7.3): two queries, a count and a page."""
    pending = Acknowledgment.objects.filter(
        staff__user_id=user.pk, status=Acknowledgment.Status.PENDING
    )
    count = pending.count()
    if not count:
        return []
    rows = pending.select_related("release").order_by("due_date", "pk")[:ITEMS_SHOWN]
    return [
        {
            "key": "training.reading",
            "label": _("Documents to read and confirm"),
            "count": count,
            "url": reverse("training_my_tasks"),
            "items": [
                item(
                    title=f"{ack.release.code} {ack.release.title}",
                    url=reverse("training_acknowledgment", args=[ack.pk]),
                    due=ack.due_date,
                )
                for ack in rows
            ],
            "roles": ["staff"],
        }
    ]
