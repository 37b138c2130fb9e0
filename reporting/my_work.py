"""My work: annual reports to sign (heads) and to receive (the Sở KH&CN)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles
from reporting.models import AnnualReport
from reporting.services import may_receive

MY_WORK_ITEMS = 5
Status = AnnualReport.Status


def _group(
    key: str, label: Any, queryset: QuerySet[AnnualReport], url: str
) -> list[dict[str, Any]]:
    count = queryset.count()
    if not count:
        return []
    today = timezone.localdate()
    rows = queryset.select_related("agency").order_by("due_on", "pk")[:MY_WORK_ITEMS]
    return [
        {
            "key": key,
            "label": label,
            "count": count,
            "url": url,
            "items": [
                {
                    "title": str(report),
                    "url": reverse("reporting_report", args=[report.pk]),
                    "due": report.due_on,
                    "overdue": report.due_on < today,
                }
                for report in rows
            ],
            "roles": [],
        }
    ]


def my_work_reports(user: Any) -> list[dict[str, Any]]:
    """Drafts the head signs; submitted reports the Sở KH&CN receives (2 queries each)."""
    if not user.is_authenticated or not user.is_active:
        return []
    index = reverse("reporting_index")
    groups: list[dict[str, Any]] = []
    writable = agency_scope_for(user).writable
    if Role.HEAD in user_roles(user) and writable:
        drafts = AnnualReport.objects.filter(
            status=Status.DRAFT, agency_id__in=writable
        )
        groups += _group(
            "reporting.sign",
            _("Annual ISO report to sign"),
            drafts,
            f"{index}?status={Status.DRAFT}",
        )
    if may_receive(user):
        submitted = AnnualReport.objects.filter(status=Status.SUBMITTED)
        groups += _group(
            "reporting.receive",
            _("Annual ISO reports to receive"),
            submitted,
            f"{index}?status={Status.SUBMITTED}",
        )
    return groups
