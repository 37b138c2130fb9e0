"""My work: feedback waiting for an answer (the ``qms_my_work`` hook contract)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.models import Feedback
from qms.roles import Role
from qms.scoping import user_roles

MY_WORK_ITEMS = 5


def my_work_to_answer(user: Any) -> list[dict[str, Any]]:
    """ "PAKN chờ trả lời": the secretary's agency's open feedback, soonest due (3 queries)."""
    from qms.models import StaffProfile

    if not user.is_active or Role.QUALITY_OFFICER not in user_roles(user):
        return []
    agencies = StaffProfile.objects.filter(user=user, is_active=True).values(
        "agency_id"
    )
    queryset = Feedback.objects.filter(
        agency_id__in=agencies,
        status__in=[Feedback.Status.RECEIVED, Feedback.Status.IN_PROGRESS],
    )
    count = queryset.count()
    if not count:
        return []
    today = timezone.localdate()
    rows = queryset.select_related("unit").order_by("due_on", "pk")[:MY_WORK_ITEMS]
    return [
        {
            "key": "feedback.to_answer",
            "label": _("Citizens' feedback to answer"),
            "count": count,
            "url": reverse("feedback_register:index") + "?status=received",
            "items": [
                {
                    "title": f"{f.tracking_code} ({f.unit.name})",
                    "url": reverse("feedback_register:inspect", args=[f.pk]),
                    "due": f.due_on,
                    "overdue": f.due_on < today,
                }
                for f in rows
            ],
            "roles": ["quality_officer"],
        }
    ]
