"""The Sở KH&CN's province summary of the annual reports, and the overview column.

One row per agency that must report (the agency types QĐ 19/2014 obliges, set in the ISO
applicability settings) or that did report: submitted or not, when, late or not, and the
figures each section gave (``ReportSection.figures``), taken from the frozen report as
submitted, never from live data. A fixed number of queries whatever the number of agencies.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qms.lib.dates import format_date
from qms.lib.exports import escape_formula
from qms.lib.province_overview import ORDER, Cell, Column
from qms.models import Agency
from qms.selectors import iso_obliged_kinds
from reporting.models import AnnualReport, ReportingSettings

Status = AnnualReport.Status
OFFICIAL = (Status.SUBMITTED, Status.RECEIVED)

FIGURE_LABELS = {
    # conformity (scope and announcement) and inspections contribute these keys.
    "scope_version": gettext_noop("Scope version in force"),
    "scope_versions_approved": gettext_noop("Scope versions approved in the year"),
    "procedures": gettext_noop("Procedures in the scope"),
    "announced": gettext_noop("Announced for the current scope"),
    "announcements_in_year": gettext_noop("Announcements in the year"),
    "inspections": gettext_noop("External inspections"),
    "inspection_findings": gettext_noop("Inspection findings"),
    "inspection_findings_raised": gettext_noop("Findings raised as nonconformities"),
    "documents_issued": gettext_noop("Documents issued"),
    "documents_revised": gettext_noop("Documents revised"),
    "readings": gettext_noop("Readings assigned"),
    "readings_confirmed": gettext_noop("Readings confirmed"),
    "reading_percent": gettext_noop("Reading completion %"),
    "training_sessions": gettext_noop("Training sessions"),
    "audits_planned": gettext_noop("Internal audits planned"),
    "audits_done": gettext_noop("Internal audits completed"),
    "findings_major": gettext_noop("Major findings"),
    "findings_minor": gettext_noop("Minor findings"),
    "nonconformities": gettext_noop("Nonconformities"),
    "nonconformities_closed": gettext_noop("Nonconformities closed"),
    "corrective_actions": gettext_noop("Corrective actions"),
    "corrective_actions_done": gettext_noop("Corrective actions done"),
    "reviews_held": gettext_noop("Management reviews held"),
    "review_outputs": gettext_noop("Review outputs"),
    "objectives": gettext_noop("Quality objectives"),
    "objectives_met": gettext_noop("Objectives met"),
    "feedback_received": gettext_noop("Feedback received"),
    "feedback_answered": gettext_noop("Feedback answered"),
    "feedback_on_time": gettext_noop("Feedback answered on time"),
}


def figure_label(key: str) -> str:
    return _(FIGURE_LABELS[key]) if key in FIGURE_LABELS else key.replace("_", " ")


@dataclass
class SummaryRow:
    agency: str
    agency_id: int
    report_id: int | None
    status: str  # translated
    submitted_on: dt.date | None
    late: bool
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass
class Summary:
    year: int
    due_on: dt.date
    rows: list[SummaryRow]
    keys: list[str]  # figure keys, in the report's order

    def heading(self) -> list[str]:
        return [
            _("Agency"),
            _("Status"),
            _("Submitted on"),
            _("Late"),
            *[figure_label(key) for key in self.keys],
        ]

    def table(self) -> list[list[str]]:
        body = [
            [
                row.agency,
                row.status,
                format_date(row.submitted_on) if row.submitted_on else "—",
                _("Yes") if row.late else _("No"),
                *[str(row.figures.get(key, "—")) for key in self.keys],
            ]
            for row in self.rows
        ]
        return [self.heading(), *body]


def _status_label(report: AnnualReport | None) -> str:
    return str(report.get_status_display()) if report else ""


def _agencies(year: int, reporting_ids: Sequence[int]) -> list[Agency]:
    end = dt.date(year, 12, 31)
    obliged = Q(kind__in=list(iso_obliged_kinds()), valid_from__lte=end) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=end)
    )
    return list(
        Agency.objects.filter(obliged | Q(pk__in=list(reporting_ids)))
        .only("pk", "name")
        .order_by("name", "pk")
    )


def province_summary(year: int, *, today: dt.date | None = None) -> Summary:
    """Every agency's report for ``year``: a row each, figures from the submitted report."""
    today = today or timezone.localdate()
    due = ReportingSettings.load().due_on(year)
    reports = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(year=year).only(
            "pk", "agency_id", "status", "submitted_at", "sections", "due_on"
        )
    }
    keys: list[str] = []
    rows = []
    for agency in _agencies(year, list(reports)):
        report = reports.get(agency.pk)
        official = report is not None and report.status in OFFICIAL
        figures: dict[str, Any] = {}
        if official:
            for section in report.sections:  # type: ignore[union-attr]
                figures.update(section.get("figures") or {})
        keys += [key for key in figures if key not in keys]
        submitted = report.submitted_on if official else None  # type: ignore[union-attr]
        rows.append(
            SummaryRow(
                agency=agency.name,
                agency_id=agency.pk,
                report_id=report.pk if report else None,
                status=_status_label(report) if official else _("Not submitted"),
                submitted_on=submitted,
                late=(submitted or today) > (report.due_on if report else due),
                figures=figures,
            )
        )
    return Summary(year=year, due_on=due, rows=rows, keys=keys)


def summary_xlsx(summary: Summary) -> bytes:
    """The summary as a workbook; text cells escaped so no formula ever runs."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(summary.year))
    sheet.append(summary.heading())
    for row in summary.rows:
        sheet.append(
            [
                escape_formula(row.agency),
                row.status,
                row.submitted_on,
                _("Yes") if row.late else _("No"),
                *[row.figures.get(key) for key in summary.keys],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the province overview's column (qms.lib.province_overview) -------------------------


def overview_cells(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    """Submitted or received, or not; flagged once the due date passed unsubmitted."""
    due = ReportingSettings.load().due_on(year)
    found = dict(
        AnnualReport.objects.filter(agency_id__in=list(agency_ids), year=year)
        .filter(status__in=OFFICIAL)
        .values_list("agency_id", "status")
    )
    labels = dict(Status.choices)
    index = reverse("reporting_index")
    cells = {}
    for agency_id in agency_ids:
        status = found.get(agency_id)
        url = f"{index}?year={year}&agency={agency_id}"
        if status:
            cells[agency_id] = Cell(value=True, text=str(labels[status]), url=url)
        else:
            cells[agency_id] = Cell(
                value=False,
                text=_("Not submitted"),
                url=url,
                flag=today > due,
            )
    return cells


def overview_columns() -> list[Column]:
    return [
        Column(
            key="annual_report",
            label=_("Annual ISO report"),
            order=ORDER["annual_report"],
            cells=overview_cells,
            help=_(
                "Whether the agency submitted its annual ISO report for the year to the "
                "Department of Science and Technology; flagged after the due date."
            ),
        )
    ]
