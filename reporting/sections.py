"""The annual report's sections for the registers that existed before issue 16.

Registered on ``qms_annual_report_sections`` like any other app's (qms.lib.annual_report):
documents issued and revised (ISO 7.5), reading and training (7.2, 7.3), internal audits
(9.2), nonconformities and corrective actions (10.2), the management review (9.3), quality
objectives (6.2) and citizens' feedback (8.2.1, 9.1.2), for one calendar year. Each section
reads a fixed number of queries whatever the number of rows; ``figures`` feed the Sở
KH&CN's province summary, so their keys stay stable.
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.lib.annual_report import ReportSection
from qms.lib.dates import format_date
from qms.lib.history import printed_name


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 January 00:00 to the next 1 January, in the agency's time zone."""
    tz = timezone.get_current_timezone()
    low = dt.datetime(year, 1, 1, tzinfo=tz)
    return low, dt.datetime(year + 1, 1, 1, tzinfo=tz)


def _days(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def documents(agency: Any, year: int) -> ReportSection:
    """Controlled documents released in the year: first issues and revisions (7.5.2)."""
    from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease

    owned = reduce(
        operator.or_,
        (
            Q(page_id__in=model.objects.filter(agency=agency).values("pk"))
            for model in DOCUMENT_PAGE_MODELS
        ),
    )
    low, high = year_bounds(year)
    releases = list(
        DocumentRelease.objects.filter(
            owned, published_at__gte=low, published_at__lt=high
        )
        .only("code", "title", "number", "effective_date", "amendment_summary")
        .order_by("code", "number")
    )
    issued = sum(1 for r in releases if r.number == 1)
    table = [[_("Code"), _("Title"), _("Release"), _("Effective date"), _("Change")]]
    for release in releases:
        change = (
            _("First issue")
            if release.number == 1
            else release.amendment_summary or "—"
        )
        table.append(
            [
                release.code,
                release.title,
                release.number_label,
                format_date(release.effective_date),
                change,
            ]
        )
    summary = [
        _(
            "%(issued)s documents issued for the first time and %(revised)s revised in %(year)s."
        )
        % {"issued": issued, "revised": len(releases) - issued, "year": year}
    ]
    return ReportSection(
        key="documents",
        title=_("Documents issued and revised"),
        summary=summary,
        table=table if releases else [],
        figures={
            "documents_issued": issued,
            "documents_revised": len(releases) - issued,
        },
    )


def training(agency: Any, year: int) -> ReportSection:
    """Reading of released documents and training sessions held in the year (7.2, 7.3)."""
    from training.models import Acknowledgment, Attendance, TrainingSession

    Ack = Acknowledgment.Status
    start, end = _days(year)
    read = (
        Acknowledgment.objects.filter(agency=agency, due_date__range=(start, end))
        .exclude(status__in=[Ack.CANCELLED, Ack.WITHDRAWN, Ack.SUPERSEDED])
        .aggregate(
            total=Count("pk"), done=Count("pk", filter=Q(status=Ack.ACKNOWLEDGED))
        )
    )
    sessions = list(
        TrainingSession.objects.filter(agency=agency, starts_on__range=(start, end))
        .select_related("course")
        .annotate(
            places=Count("attendances"),
            present=Count("attendances", filter=Q(attendances__present=True)),
            passed=Count(
                "attendances",
                filter=Q(attendances__result=Attendance.Result.PASSED),
            ),
        )
        .order_by("starts_on", "pk")
    )
    table = [[_("Course"), _("Start date"), _("Attended"), _("Passed")]]
    for session in sessions:
        table.append(
            [
                str(session.course),
                format_date(session.starts_on),
                f"{session.present}/{session.places}",
                str(session.passed),
            ]
        )
    percent = round(100 * read["done"] / read["total"]) if read["total"] else 0
    summary = [
        _(
            "%(done)s of %(total)s readings of released documents confirmed (%(percent)s%%)."
        )
        % {"done": read["done"], "total": read["total"], "percent": percent},
        _("%(sessions)s training sessions held, %(present)s attendances.")
        % {"sessions": len(sessions), "present": sum(s.present for s in sessions)},
    ]
    return ReportSection(
        key="training",
        title=_("Training and dissemination"),
        summary=summary,
        table=table if sessions else [],
        figures={
            "readings": read["total"],
            "readings_confirmed": read["done"],
            "reading_percent": percent,
            "training_sessions": len(sessions),
        },
    )


def internal_audits(agency: Any, year: int) -> ReportSection:
    """Internal audits planned in the year and their findings (9.2; QĐ 19/2014: ≥ 1 a year)."""
    from audits.models import Audit
    from audits.selectors import audit_findings_table, audits_with_findings

    start, end = _days(year)
    audits = audits_with_findings(agency, start, end)
    table = audit_findings_table(audits)
    done = sum(1 for a in audits if a.status == Audit.Status.CLOSED)
    summary = [
        _("%(planned)s internal audits planned, %(done)s completed.")
        % {"planned": len(audits), "done": done}
    ]
    if not done:
        summary.append(_("No internal audit was completed this year."))
    return ReportSection(
        key="internal_audits",
        title=_("Internal audits"),
        summary=summary,
        table=table,
        figures={
            "audits_planned": len(audits),
            "audits_done": done,
            "findings_major": sum(a.major for a in audits),
            "findings_minor": sum(a.minor for a in audits),
        },
    )


def nonconformities(agency: Any, year: int) -> ReportSection:
    """Nonconformities raised in the year by source, and their corrective actions (10.2)."""
    from audits.models import CorrectiveAction, Nonconformity

    NC = Nonconformity.Status
    found = Nonconformity.objects.filter(agency=agency, detected_on__year=year)
    by_source = {
        row["source"]: row
        for row in found.values("source").annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=[NC.CLOSED, NC.VERIFIED])),
            cancelled=Count("pk", filter=Q(status=NC.CANCELLED)),
        )
    }
    table = [[_("Source"), _("Raised"), _("Open"), _("Closed"), _("Cancelled")]]
    totals = {"total": 0, "done": 0, "cancelled": 0}
    for value, label in Nonconformity.Source.choices:
        row = by_source.get(value)
        if row is None:
            continue
        for name in totals:
            totals[name] += row[name]
        open_count = row["total"] - row["done"] - row["cancelled"]
        table.append(
            [
                str(label),
                str(row["total"]),
                str(open_count),
                str(row["done"]),
                str(row["cancelled"]),
            ]
        )
    CA = CorrectiveAction.Status
    actions = CorrectiveAction.objects.filter(nonconformity__in=found).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=CA.DONE)),
        open=Count("pk", filter=Q(status=CA.OPEN)),
        late=Count("pk", filter=Q(status=CA.OPEN, due_date__lt=timezone.localdate())),
    )
    open_total = totals["total"] - totals["done"] - totals["cancelled"]
    summary = [
        _("%(total)s nonconformities raised: %(done)s closed, %(open)s open.")
        % {"total": totals["total"], "done": totals["done"], "open": open_total},
        _("Corrective actions: %(done)s done, %(open)s open (%(late)s overdue).")
        % {"done": actions["done"], "open": actions["open"], "late": actions["late"]},
    ]
    return ReportSection(
        key="nonconformities",
        title=_("Nonconformities and corrective actions"),
        summary=summary,
        table=table if totals["total"] else [],
        figures={
            "nonconformities": totals["total"],
            "nonconformities_closed": totals["done"],
            "corrective_actions": actions["total"],
            "corrective_actions_done": actions["done"],
        },
    )


def management_review(agency: Any, year: int) -> ReportSection:
    """Management reviews of the year (9.3; QĐ 19/2014: at least one a year)."""
    from review.models import ManagementReview

    reviews = list(
        ManagementReview.objects.filter(agency=agency, year=year)
        .select_related("chair__staff_profile")
        .annotate(outputs=Count("actions"))
        .order_by("planned_on", "pk")
    )
    held = [r for r in reviews if r.held_on is not None]
    table = [[_("Meeting date"), _("Chair"), _("Status"), _("Outputs and actions")]]
    for review in reviews:
        table.append(
            [
                format_date(review.meeting_on),
                printed_name(review.chair),
                review.get_status_display(),
                str(review.outputs),
            ]
        )
    summary = [
        _("%(held)s management reviews held in %(year)s.")
        % {"held": len(held), "year": year}
    ]
    if not held:
        summary.append(_("No management review was held this year."))
    return ReportSection(
        key="management_review",
        title=_("Management review"),
        summary=summary,
        table=table if reviews else [],
        figures={
            "reviews_held": len(held),
            "review_outputs": sum(r.outputs for r in held),
        },
    )


def objectives(agency: Any, year: int) -> ReportSection:
    """The year's approved quality objectives and whether each was met (6.2, 9.1.3)."""
    from performance.models import QualityObjective
    from performance.selectors import latest_status, show_number, with_latest
    from performance.status import Status

    rows = list(
        with_latest(
            QualityObjective.objects.filter(
                agency=agency, year=year, status=QualityObjective.Status.APPROVED
            )
        )
        .select_related("indicator")
        .order_by("pk")
    )
    table = [[_("Objective"), _("Target"), _("Latest value"), _("Status")]]
    met = 0
    for objective in rows:
        status = latest_status(objective)
        met += status == Status.ON_TRACK
        unit = objective.indicator.unit
        latest = getattr(objective, "latest_value", None)  # annotated by with_latest
        table.append(
            [
                objective.text,
                f"{show_number(objective.target)} {unit}",
                f"{show_number(latest)} {unit}" if latest is not None else "—",
                str(status.label) if status else _("Not measured"),
            ]
        )
    summary = [
        _("%(met)s of %(total)s quality objectives met at their latest measurement.")
        % {"met": met, "total": len(rows)}
    ]
    return ReportSection(
        key="objectives",
        title=_("Quality objectives"),
        summary=summary,
        table=table if rows else [],
        figures={"objectives": len(rows), "objectives_met": met},
    )


def feedback(agency: Any, year: int) -> ReportSection:
    """Citizens' feedback and complaints received in the year, answered, on time (9.1.2)."""
    from feedback.models import Feedback

    low, high = year_bounds(year)
    rows = list(
        Feedback.objects.filter(
            agency=agency, received_at__gte=low, received_at__lt=high
        ).only("received_at", "answered_at", "due_on", "status", "outcome")
    )
    answered = [f for f in rows if f.answered_at is not None]
    on_time = sum(1 for f in answered if f.on_time)
    raised = sum(1 for f in rows if f.outcome == Feedback.Outcome.NONCONFORMITY)
    table = [
        [_("Indicator"), _("Count")],
        [_("Feedback received"), str(len(rows))],
        [_("Answered"), str(len(answered))],
        [_("Answered by the legal deadline"), str(on_time)],
        [_("Not answered yet"), str(len(rows) - len(answered))],
        [_("Nonconformity raised"), str(raised)],
    ]
    summary = [
        _(
            "%(received)s feedback and complaints received, %(on_time)s of %(answered)s answers on time."
        )
        % {"received": len(rows), "on_time": on_time, "answered": len(answered)}
    ]
    return ReportSection(
        key="feedback",
        title=_("Citizens' feedback and complaints"),
        summary=summary,
        table=table,
        figures={
            "feedback_received": len(rows),
            "feedback_answered": len(answered),
            "feedback_on_time": on_time,
        },
    )


def annual_report_sections(agency: Any, year: int) -> list[ReportSection]:
    """This app's ``qms_annual_report_sections`` contribution."""
    return [
        documents(agency, year),
        training(agency, year),
        internal_audits(agency, year),
        nonconformities(agency, year),
        management_review(agency, year),
        objectives(agency, year),
        feedback(agency, year),
    ]
