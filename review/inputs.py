"""This app's contributions to the management-review input pack (ISO 9001:2015 9.3.2).

Registered on ``qms_review_inputs`` like any other app's: clause a (actions of previous
reviews), c1 (citizens' feedback), c4 (nonconformities and corrective actions), c5 (reading
and training completion), c6 (internal audits) and d (resources, discussed at the meeting).
The review app may read every app (issue 15); each section reads a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from qms.lib.charts import bar_chart
from qms.lib.dates import format_date
from qms.lib.history import printed_name
from qms.lib.review_inputs import CLAUSES, ReviewInput


def data_range(start: dt.date, end: dt.date) -> str:
    """ "Dữ liệu từ 01/01/2026 đến 31/10/2026": every section says what it covers."""
    return _("Data from %(start)s to %(end)s") % {
        "start": format_date(start),
        "end": format_date(end),
    }


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return low, high


def previous_actions(agency: Any, start: dt.date, end: dt.date) -> ReviewInput:
    """Clause a: what became of the actions decided by earlier reviews."""
    from review.models import ReviewAction

    rows = list(
        ReviewAction.objects.filter(
            review__agency=agency, review__held_on__lte=start
        ).select_related("review", "owner__staff_profile")
    )
    today = timezone.localdate()
    counts = Counter(
        "overdue" if a.status == a.Status.OPEN and a.due_on < today else a.status
        for a in rows
    )
    table = [
        [
            _("Review"),
            _("Action"),
            _("Person responsible"),
            pgettext("review action", "Due date"),
            _("Status"),
        ]
    ]
    for action in rows:
        late = action.status == action.Status.OPEN and action.due_on < today
        status = _("Overdue") if late else action.get_status_display()
        table.append(
            [
                str(action.review.year),
                action.description,
                printed_name(action.owner),
                format_date(action.due_on),
                status,
            ]
        )
    summary = [
        _("%(total)s actions: %(done)s done, %(open)s open, %(overdue)s overdue.")
        % {
            "total": len(rows),
            "done": counts["done"],
            "open": counts["open"],
            "overdue": counts["overdue"],
        }
    ]
    return ReviewInput(
        "a",
        _("Status of actions from previous management reviews"),
        data_range(start, end),
        summary,
        table if rows else [],
    )


def citizens_feedback(agency: Any, start: dt.date, end: dt.date) -> ReviewInput:
    """Clause c1: feedback and complaints received, answered, on time against the deadline."""
    from feedback.models import Feedback

    low, high = _day_bounds(start, end)
    rows = list(
        Feedback.objects.filter(
            agency=agency, received_at__gte=low, received_at__lt=high
        ).only("received_at", "answered_at", "due_on", "status")
    )
    answered = [f for f in rows if f.answered_at is not None]
    on_time = sum(1 for f in answered if f.on_time)
    overdue = sum(1 for f in rows if f.answered_at is None and f.due_on < end)
    table = [
        [_("Indicator"), _("Count")],
        [_("Received"), str(len(rows))],
        [_("Answered"), str(len(answered))],
        [_("Answered by the legal deadline"), str(on_time)],
        [_("Answered late"), str(len(answered) - on_time)],
        [_("Unanswered past the deadline"), str(overdue)],
    ]
    return ReviewInput(
        "c1",
        _("Citizens' satisfaction, feedback and complaints"),
        data_range(start, end),
        [
            _("%(on_time)s of %(answered)s answers were given on time.")
            % {"on_time": on_time, "answered": len(answered)}
        ],
        table,
    )


def nonconformities(agency: Any, start: dt.date, end: dt.date) -> ReviewInput:
    """Clause c4: nonconformities and corrective actions in range, by source and status."""
    from audits.models import CorrectiveAction, Nonconformity

    found = Nonconformity.objects.filter(agency=agency, detected_on__range=(start, end))
    closed = [Nonconformity.Status.CLOSED, Nonconformity.Status.VERIFIED]
    by_source = {
        row["source"]: row
        for row in found.values("source").annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=closed)),
            cancelled=Count("pk", filter=Q(status=Nonconformity.Status.CANCELLED)),
        )
    }
    sources = Nonconformity.Source
    table = [[_("Source"), _("Raised"), _("Open"), _("Closed"), _("Cancelled")]]
    labels, values = [], []
    for value, label in sources.choices:
        row = by_source.get(value, {"total": 0, "done": 0, "cancelled": 0})
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
        labels.append(str(label))
        values.append(row["total"])
    actions = dict(
        CorrectiveAction.objects.filter(nonconformity__in=found)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    today = timezone.localdate()
    late = CorrectiveAction.objects.filter(
        nonconformity__in=found,
        status=CorrectiveAction.Status.OPEN,
        due_date__lt=today,
    ).count()
    summary = [
        _(
            "Corrective actions: %(done)s done, %(open)s open (%(late)s overdue), "
            "%(ineffective)s not effective."
        )
        % {
            "done": actions.get("done", 0),
            "open": actions.get("open", 0),
            "late": late,
            "ineffective": actions.get("ineffective", 0),
        }
    ]
    chart = bar_chart(
        title=_("Nonconformities by source"),
        labels=labels,
        values=values,
        description=_("Number of nonconformities raised, by source, %(range)s.")
        % {"range": data_range(start, end).lower()},
    )
    return ReviewInput(
        "c4",
        _("Nonconformities and corrective actions"),
        data_range(start, end),
        summary,
        table,
        [chart],
    )


def training_completion(agency: Any, start: dt.date, end: dt.date) -> ReviewInput:
    """Clause c5 (part): reading of released documents and training attended."""
    from training.models import Acknowledgment, Attendance

    Ack = Acknowledgment.Status
    reading = Acknowledgment.objects.filter(
        agency=agency, due_date__range=(start, end)
    ).exclude(status__in=[Ack.CANCELLED, Ack.WITHDRAWN, Ack.SUPERSEDED])
    read = reading.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Ack.ACKNOWLEDGED)),
        late=Count("pk", filter=Q(status=Ack.PENDING, due_date__lt=end)),
    )
    attended = Attendance.objects.filter(
        agency=agency, session__starts_on__range=(start, end)
    ).aggregate(
        total=Count("pk"),
        present=Count("pk", filter=Q(present=True)),
        passed=Count("pk", filter=Q(result=Attendance.Result.PASSED)),
    )
    table = [
        [_("Indicator"), _("Count")],
        [_("Readings assigned"), str(read["total"])],
        [_("Read and confirmed"), str(read["done"])],
        [_("Not read past the due date"), str(read["late"])],
        [_("Training places"), str(attended["total"])],
        [_("Attended"), str(attended["present"])],
        [_("Passed"), str(attended["passed"])],
    ]
    return ReviewInput(
        "c5",
        _("Reading and training completion"),
        data_range(start, end),
        [],
        table,
    )


def internal_audits(agency: Any, start: dt.date, end: dt.date) -> ReviewInput:
    """Clause c6: internal audits held in range and their findings."""
    from audits.models import Audit
    from audits.selectors import audit_findings_table, audits_with_findings

    audits = audits_with_findings(agency, start, end)
    table = audit_findings_table(audits)
    held = sum(1 for a in audits if a.status == Audit.Status.CLOSED)
    return ReviewInput(
        "c6",
        _("Results of internal audits"),
        data_range(start, end),
        [
            _("%(planned)s audits planned, %(held)s completed.")
            % {"planned": len(audits), "held": held}
        ],
        table,
    )


def resources(agency: Any, start: dt.date, end: dt.date) -> ReviewInput:
    """Clause d: no system holds it; the meeting discusses and records it."""
    return ReviewInput(
        "d",
        _("Adequacy of resources"),
        data_range(start, end),
        [
            _(
                "To be discussed at the meeting: staff, premises and equipment, "
                "information technology and budget of the one-stop unit."
            )
        ],
    )


def review_inputs(agency: Any, start: dt.date, end: dt.date) -> list[ReviewInput]:
    """The ``qms_review_inputs`` contribution of the apps that existed before issue 15."""
    return [
        previous_actions(agency, start, end),
        citizens_feedback(agency, start, end),
        nonconformities(agency, start, end),
        training_completion(agency, start, end),
        internal_audits(agency, start, end),
        resources(agency, start, end),
    ]


CLAUSE_TITLES = {
    "a": gettext_noop("Status of actions from previous management reviews"),
    "b": gettext_noop("Changes in external and internal issues"),
    "c1": gettext_noop("Citizens' satisfaction, feedback and complaints"),
    "c2": gettext_noop("Extent to which quality objectives have been met"),
    "c3": gettext_noop("Process performance and conformity of services"),
    "c4": gettext_noop("Nonconformities and corrective actions"),
    "c5": gettext_noop("Monitoring and measurement results"),
    "c6": gettext_noop("Results of internal audits"),
    "c7": gettext_noop("Performance of external providers"),
    "d": gettext_noop("Adequacy of resources"),
    "e": gettext_noop(
        "Effectiveness of actions taken to address risks and opportunities"
    ),
    "f": gettext_noop("Opportunities for improvement"),
}


def clause_title(clause: str) -> str:
    return _(CLAUSE_TITLES[clause])


def placeholder(clause: str, start: dt.date, end: dt.date) -> ReviewInput:
    """A clause no app contributed: the pack still has its section, to discuss."""
    return ReviewInput(
        clause,
        clause_title(clause),
        data_range(start, end),
        [_("No data in the system for this input: discuss it at the meeting.")],
    )


def complete_pack(
    inputs: list[ReviewInput], start: dt.date, end: dt.date
) -> list[ReviewInput]:
    """Every 9.3.2 clause has at least one section, in order."""
    present = {item.clause for item in inputs}
    missing = [placeholder(c, start, end) for c in CLAUSES if c not in present]
    order = {clause: rank for rank, clause in enumerate(CLAUSES)}
    return sorted([*inputs, *missing], key=lambda i: order.get(i.clause, len(order)))
