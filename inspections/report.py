"""The annual report's section on inspections received (TT 26/2014/TT-BKHCN; issue 16 R6)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from qms.lib.annual_report import ReportSection
from qms.lib.dates import format_date


def inspections_section(agency: Any, year: int) -> list[ReportSection]:
    """Inspections of ``agency`` that started in ``year``, with findings and what was done."""
    from inspections.models import Inspection, InspectionFinding

    inspections = list(
        Inspection.objects.filter(agencies=agency, starts_on__year=year).order_by(
            "starts_on", "pk"
        )
    )
    findings = list(
        InspectionFinding.objects.filter(
            agency=agency, inspection__in=[i.pk for i in inspections]
        ).select_related("nonconformity")
    )
    raised = [f for f in findings if f.nonconformity_id is not None]
    table = [[_("Inspecting body"), _("Decision"), _("Dates"), _("Findings")]]
    for inspection in inspections:
        count = sum(1 for f in findings if f.inspection_id == inspection.pk)
        table.append(
            [
                inspection.body_label,
                _("%(number)s of %(date)s")
                % {
                    "number": inspection.decision_number,
                    "date": format_date(inspection.decision_date),
                },
                f"{format_date(inspection.starts_on)} – {format_date(inspection.ends_on)}",
                str(count),
            ]
        )
    if inspections:
        summary = [
            _(
                "In %(year)d the agency received %(count)d inspection(s) by the competent "
                "authorities, with %(findings)d finding(s); %(raised)d were handled as "
                "nonconformities with corrective action (ISO 9001:2015 10.2)."
            )
            % {
                "year": year,
                "count": len(inspections),
                "findings": len(findings),
                "raised": len(raised),
            }
        ]
    else:
        summary = [
            _("No inspection by the competent authorities in %(year)d.")
            % {"year": year}
        ]
    return [
        ReportSection(
            key="inspections",
            title=_("Inspections by the competent authorities"),
            summary=summary,
            table=table if inspections else [],
            figures={
                "inspections": len(inspections),
                "inspection_findings": len(findings),
                "inspection_findings_raised": len(raised),
            },
        )
    ]
