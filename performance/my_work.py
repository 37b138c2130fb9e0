"""My work: measurements due on the objectives the person owns (the ``qms_my_work`` hook)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from performance.reminders import due_measurements
from qms.my_work import item


def my_work_measurements_due(user: Any) -> list[dict[str, Any]]:
    """ "Số liệu mục tiêu cần nhập": periods ended without a measurement (2 queries)."""
    if not user.is_active:
        return []
    today = timezone.localdate()
    dues = sorted(due_measurements(today, owner=user), key=lambda d: d.end)
    if not dues:
        return []
    return [
        {
            "key": "performance.measurements_due",
            "label": _("Measurements of quality objectives to enter"),
            "count": len(dues),
            "url": reverse("performance_objectives"),
            "items": [
                item(
                    title=f"{d.objective.indicator.name}: {d.objective.text[:80]}",
                    url=reverse("performance_objective", args=[d.objective.pk]),
                    due=d.end,
                    today=today,
                )
                for d in dues
            ],
            "roles": ["quality_officer", "head"],
        }
    ]
