"""My work: the treatment actions a person owns (the ``qms_my_work`` hook contract)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planning.models import TreatmentAction
from qms.my_work import ITEMS_SHOWN, item


def my_work_treatment_actions(user: Any) -> list[dict[str, Any]]:
    """ "Hành động xử lý rủi ro": open actions the person owns, soonest due (2 queries)."""
    if not user.is_active:
        return []
    queryset = TreatmentAction.objects.filter(
        owner_id=user.pk, status=TreatmentAction.Status.OPEN
    )
    count = queryset.count()
    if not count:
        return []
    rows = queryset.select_related("risk").order_by("due_on", "pk")[:ITEMS_SHOWN]
    return [
        {
            "key": "planning.treatment_actions",
            "label": _("Actions on risks and opportunities"),
            "count": count,
            "url": reverse("planning_actions:index") + "?mine=true",
            "items": [
                item(
                    title=f"{a.action[:80]} ({a.risk.title})",
                    url=reverse("planning_actions:inspect", args=[a.pk]),
                    due=a.due_on,
                )
                for a in rows
            ],
            "roles": ["quality_officer", "head", "staff", "auditor"],
        }
    ]
