"""The planning app's inputs to the management review (ISO 9001:2015 9.3.2 b, e, f).

b) changes in external and internal issues: context issues and interested parties recorded
or reviewed in the period; e) effectiveness of actions on risks and opportunities: actions
due, done and overdue in the period, initial against residual ratings, and the heat map as
a table; f) opportunities for improvement: the opportunities still open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.heatmap import heat_map
from planning.models import ContextIssue, InterestedParty, Risk, TreatmentAction
from planning.services import scale_for
from qms.lib.dates import format_date
from qms.lib.review_inputs import ReviewInput


def data_range(start: dt.date, end: dt.date) -> str:
    return _("Data from %(start)s to %(end)s") % {
        "start": format_date(start),
        "end": format_date(end),
    }


def review_inputs(agency: Any, start: dt.date, end: dt.date) -> list[ReviewInput]:
    """Clauses b, e and f for ``agency`` over ``start``–``end``."""
    span = data_range(start, end)
    return [
        _context_input(agency.pk, start, end, span),
        _actions_input(agency.pk, start, end, span),
        _heat_map_input(agency.pk, span),
        _opportunities_input(agency.pk, span),
    ]


def _in_range(start: dt.date, end: dt.date) -> Q:
    return Q(recorded_on__range=(start, end)) | Q(reviewed_on__range=(start, end))


def _context_input(
    agency_id: int, start: dt.date, end: dt.date, span: str
) -> ReviewInput:
    issues = list(
        ContextIssue.objects.filter(_in_range(start, end), agency_id=agency_id)
    )
    parties = list(
        InterestedParty.objects.filter(_in_range(start, end), agency_id=agency_id)
    )
    table = [[_("Register"), _("Entry"), _("Recorded on"), _("Last reviewed on")]]
    table += [
        [
            _("Context issue (%(kind)s)") % {"kind": i.get_kind_display().lower()},
            i.description,
            format_date(i.recorded_on),
            format_date(i.reviewed_on),
        ]
        for i in issues
    ]
    table += [
        [
            _("Interested party"),
            f"{p.party}: {p.needs}",
            format_date(p.recorded_on),
            format_date(p.reviewed_on),
        ]
        for p in parties
    ]
    return ReviewInput(
        clause="b",
        title=_("Changes in external and internal issues and interested parties"),
        data_range=span,
        summary=[
            _(
                "%(issues)d context issues and %(parties)d interested parties were "
                "recorded or reviewed in the period."
            )
            % {"issues": len(issues), "parties": len(parties)}
        ],
        table=table if len(table) > 1 else [],
    )


def _actions_input(
    agency_id: int, start: dt.date, end: dt.date, span: str
) -> ReviewInput:
    due = (
        TreatmentAction.objects.filter(agency_id=agency_id, due_on__range=(start, end))
        .exclude(status=TreatmentAction.Status.CANCELLED)
        .order_by()
    )
    today = timezone.localdate()
    counts = due.aggregate(
        due=Count("pk"),
        done=Count("pk", filter=Q(status=TreatmentAction.Status.DONE)),
        overdue=Count(
            "pk", filter=Q(status=TreatmentAction.Status.OPEN, due_on__lt=today)
        ),
    )
    risks = list(
        Risk.objects.filter(
            agency_id=agency_id, residual_rating__isnull=False
        ).order_by("-rating", "pk")
    )
    lowered = sum(1 for r in risks if (r.residual_rating or 0) < r.rating)
    table = [[_("Risk or opportunity"), _("Initial rating"), _("Residual rating")]]
    table += [
        [
            r.title,
            f"{r.rating} ({r.get_band_display()})",
            f"{r.residual_rating} ({r.get_residual_band_display()})",
        ]
        for r in risks
    ]
    return ReviewInput(
        clause="e",
        title=_("Effectiveness of actions taken to address risks and opportunities"),
        data_range=span,
        summary=[
            _(
                "Treatment actions due in the period: %(due)d; done: %(done)d; "
                "overdue: %(overdue)d."
            )
            % counts,
            _(
                "%(lowered)d of %(rated)d records with a residual rating were lowered "
                "by their treatment."
            )
            % {"lowered": lowered, "rated": len(risks)},
        ],
        table=table if risks else [],
    )


def _heat_map_input(agency_id: int, span: str) -> ReviewInput:
    grid = heat_map(Risk.objects.filter(agency_id=agency_id), scale_for(agency_id))
    return ReviewInput(
        clause="e",
        title=_("Heat map of open risks and opportunities"),
        data_range=span,
        summary=[
            _(
                "Number of open records in each cell: likelihood down, impact across "
                "(%(total)d in all)."
            )
            % {"total": grid.total}
        ],
        table=grid.as_table(_("Likelihood / impact")),
    )


def _opportunities_input(agency_id: int, span: str) -> ReviewInput:
    rows = (
        Risk.objects.filter(
            agency_id=agency_id,
            kind=Risk.Kind.OPPORTUNITY,
            status__in=(Risk.Status.OPEN, Risk.Status.TREATED),
        )
        .select_related("process")
        .order_by("-rating", "pk")
    )
    table = [[_("Opportunity"), _("Process"), _("Rating"), _("Status")]]
    table += [
        [r.title, r.process_label, str(r.rating), r.get_status_display()] for r in rows
    ]
    return ReviewInput(
        clause="f",
        title=_("Opportunities for improvement"),
        data_range=span,
        summary=[
            _("%(count)d opportunities are open in the register.")
            % {"count": len(table) - 1}
        ],
        table=table if len(table) > 1 else [],
    )
