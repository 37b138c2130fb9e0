"""What this app contributes to the province overview and the annual report (issue 16).

The overview column "announcement current" (M28): True when the agency's announcement in
force names its current scope version under TCVN ISO 9001:2015; flagged when the agency is
obliged (QĐ 19/2014 Art. 2) and it is not. The annual report's "scope" and "announcement"
sections (TT 26/2014) describe the scope in force at the end of the year and the
announcements made and in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conformity import selectors
from conformity.models import Announcement, ScopeVersion
from qms.lib.annual_report import ReportSection
from qms.lib.dates import format_date
from qms.lib.province_overview import ORDER, Cell, Column


def announcement_cells(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    """One cell per agency from four queries, whatever the number of agencies."""
    statuses = selectors.agency_statuses(agency_ids)
    cells = {}
    for agency_id, status in statuses.items():
        current = status.state == selectors.CURRENT
        cells[agency_id] = Cell(
            value=current,
            text=status.state_label,
            url=reverse("conformity_agency", args=[agency_id]),
            flag=status.obliged and not current,
        )
    return cells


def overview_columns() -> list[Column]:
    return [
        Column(
            key="announcement_current",
            label=str(_("ISO announcement current")),
            order=ORDER["announcement_current"],
            cells=announcement_cells,
            help=_(
                "Whether the agency has announced its QMS for its current scope under "
                "TCVN ISO 9001:2015; flagged when it is obliged to and has not."
            ),
        )
    ]


def _year_end(year: int) -> dt.datetime:
    end = dt.datetime.combine(dt.date(year + 1, 1, 1), dt.time.min)
    return timezone.make_aware(end)


def scope_section(agency: Any, year: int) -> ReportSection:
    version = selectors.scope_at(agency.pk, _year_end(year))
    section = ReportSection(
        key="scope", title=_("Scope of the quality management system")
    )
    if version is None:
        section.summary = [_("No approved scope at the end of the year.")]
        section.figures = {"scope_version": "", "procedures": 0}
        return section
    approved = ScopeVersion.objects.filter(
        agency_id=agency.pk,
        status=ScopeVersion.Status.APPROVED,
        approved_at__year=year,
    ).count()
    section.summary = [
        _("Scope in force: version %(number)s, approved on %(date)s.")
        % {"number": version.number, "date": format_date(version.approved_at)},
        _("%(count)s administrative procedures, %(processes)s processes covered.")
        % {"count": len(version.procedures), "processes": len(version.process_lines)},
    ]
    if version.exclusions:
        section.summary.append(
            _("Requirements not applicable: %(list)s.")
            % {
                "list": "; ".join(
                    f"{e['requirement']} ({e['justification']})"
                    for e in version.exclusions
                )
            }
        )
    section.table = [[_("National code"), _("Administrative procedure")]] + [
        [p.get("code") or "—", p["name"]] for p in version.procedures
    ]
    section.figures = {
        "scope_version": version.number,
        "procedures": len(version.procedures),
        "scope_versions_approved": approved,
    }
    return section


def announcement_section(agency: Any, year: int) -> ReportSection:
    rows = list(
        Announcement.objects.filter(agency_id=agency.pk, decision_date__year__lte=year)
        .select_related("scope")
        .order_by("-decision_date", "-pk")
    )
    section = ReportSection(
        key="announcement", title=_("Announcement of conformity to TCVN ISO 9001")
    )
    in_force = next((a for a in rows if a.status == Announcement.Status.ACTIVE), None)
    made = [a for a in rows if a.decision_date.year == year]
    if in_force is None:
        section.summary = [
            _("The agency has not announced its quality management system.")
        ]
    else:
        section.summary = [
            _(
                "In force: decision %(number)s of %(date)s (%(standard)s, scope version %(version)s)."
            )
            % {
                "number": in_force.decision_number,
                "date": format_date(in_force.decision_date),
                "standard": in_force.standard,
                "version": in_force.scope.number,
            }
        ]
    section.table = [
        [_("Decision"), _("Date"), _("Standard"), _("Scope version"), _("Status")]
    ] + [
        [
            a.decision_number,
            format_date(a.decision_date),
            a.standard,
            str(a.scope.number),
            a.get_status_display(),
        ]
        for a in made
    ]
    section.figures = {
        "announced": int(in_force is not None),
        "announcements_in_year": len(made),
    }
    return section


def annual_report_sections(agency: Any, year: int) -> list[ReportSection]:
    """The "scope" and "announcement" sections of the annual report (TT 26/2014)."""
    return [scope_section(agency, year), announcement_section(agency, year)]
