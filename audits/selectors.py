"""Read-only views of the audit registers that other apps print (the management review's
input c6, the annual report's internal-audit section)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from audits.models import Audit, AuditItem
from qms.lib.dates import format_date


def audits_with_findings(agency: Any, start: dt.date, end: dt.date) -> list[Any]:
    """The agency's audits planned to start in the range, annotated with their finding
    counts (``major``, ``minor``, ``notes``)."""
    return list(
        Audit.objects.filter(agency=agency, planned_start__range=(start, end))
        .annotate(
            major=Count("items", filter=Q(items__result=AuditItem.Result.MAJOR)),
            minor=Count("items", filter=Q(items__result=AuditItem.Result.MINOR)),
            notes=Count("items", filter=Q(items__result=AuditItem.Result.OBSERVATION)),
        )
        .order_by("planned_start", "pk")
    )


def audit_findings_table(audits: list[Any]) -> list[list[str]]:
    """A heading row and one row per audit; empty when there is no audit."""
    if not audits:
        return []
    heading = [
        _("Audit"),
        _("Date"),
        _("Status"),
        _("Major"),
        _("Minor"),
        _("Recommendations"),
    ]
    rows = [
        [
            audit.code,
            format_date(audit.planned_start),
            audit.get_status_display(),
            str(audit.major),
            str(audit.minor),
            str(audit.notes),
        ]
        for audit in audits
    ]
    return [heading, *rows]
