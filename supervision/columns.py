"""The province overview's columns for the registers below supervision (issue 16, M28).

Each function takes every listed agency at once and costs a constant number of queries (an
aggregate grouped by agency, never one query per agency); each cell links to the register's
admin list filtered for that agency. Figures of state ("in force", "open", "overdue") are as
of today; figures of a year (audit, objectives, management review) are of the chosen year.
The announcement and annual-report columns are contributed by their own apps.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from qms.lib.province_overview import ORDER, Cell, Column

# Below these shares the cell is flagged for the supervisor's attention: most staff have
# not confirmed the procedures in force (ISO 9001:2015 7.3), or most objectives are off
# track (6.2). Chosen for the overview, not set by a legal text.
READING_FLAG_BELOW = 80
OBJECTIVES_FLAG_BELOW = 50


def _link(name: str, **params: object) -> Callable[[int], str]:
    """The list's URL for one agency: reversed once per column, not once per cell."""
    base = reverse(name)
    extra = "".join(f"&{key}={value}" for key, value in params.items())
    return lambda agency_id: f"{base}?agency={agency_id}{extra}"


def _count_cells(
    counts: dict[int, int],
    agency_ids: Sequence[int],
    url: Callable[[int], str],
    *,
    flag_positive: bool = False,
) -> dict[int, Cell]:
    cells = {}
    for agency_id in agency_ids:
        value = counts.get(agency_id, 0)
        cells[agency_id] = Cell(
            value, str(value), url(agency_id), flag=flag_positive and value > 0
        )
    return cells


def percent_text(value: float | Decimal | None) -> str:
    if value is None:
        return "—"
    # As Vietnamese write it: 66,7 % and 50 % (not 50,0 %).
    share = round(float(value), 1)
    return f"{number_format(int(share) if share.is_integer() else share)} %"


def _date_text(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _agency_kinds(agency_ids: Sequence[int]) -> dict[int, str]:
    from qms.models import Agency

    return dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "kind"))


# ISO 9001:2015 7.5.3: documents in force, and those whose periodic review is overdue.


def _releases_in_force(agency_ids: Sequence[int], today: dt.date) -> object:
    from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease

    links = [m._meta.model_name for m in DOCUMENT_PAGE_MODELS]
    return (
        DocumentRelease.objects.filter(
            superseded_at__isnull=True,
            withdrawn_at__isnull=True,
            effective_date__lte=today,
        )
        .annotate(
            agency_ref=Coalesce(*[f"page__{link}__agency_id" for link in links]),
            review_date=Coalesce(
                *[f"page__{link}__next_review_date" for link in links]
            ),
        )
        .filter(agency_ref__in=agency_ids)
        .order_by()
        .values("agency_ref")
    )


def documents_in_force(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    from documents.states import DocumentState

    rows = _releases_in_force(agency_ids, today).annotate(n=Count("pk"))  # type: ignore[attr-defined]
    counts = {row["agency_ref"]: row["n"] for row in rows}
    url = _link("documents_listing", state=DocumentState.IN_FORCE.value)
    return _count_cells(counts, agency_ids, url)


def reviews_overdue(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    rows = (
        _releases_in_force(agency_ids, today)
        .filter(review_date__lt=today)  # type: ignore[attr-defined]
        .annotate(n=Count("pk"))
    )
    counts = {row["agency_ref"]: row["n"] for row in rows}
    url = _link("documents_listing", review_overdue="true")
    return _count_cells(counts, agency_ids, url, flag_positive=True)


# ISO 9001:2015 7.2, 7.3: reading of the documents in force, competence of the staff.


def reading_completion(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    """Confirmed readings of the releases in force, of all assigned, by the reader's agency."""
    from training.models import Acknowledgment

    status = Acknowledgment.Status
    rows = (
        Acknowledgment.objects.filter(
            staff__agency_id__in=agency_ids,
            staff__is_active=True,
            status__in=[status.PENDING, status.ACKNOWLEDGED],
            release__superseded_at__isnull=True,
            release__withdrawn_at__isnull=True,
        )
        .order_by()
        .values("staff__agency_id")
        .annotate(
            total=Count("pk"), signed=Count("pk", filter=Q(status=status.ACKNOWLEDGED))
        )
    )
    shares = {
        row["staff__agency_id"]: 100.0 * row["signed"] / row["total"] for row in rows
    }
    url = _link("training_matrix")
    cells = {}
    for agency_id in agency_ids:
        share = shares.get(agency_id)
        cells[agency_id] = Cell(
            share,
            percent_text(share),
            url(agency_id),
            flag=share is not None and share < READING_FLAG_BELOW,
        )
    return cells


def _years_between(start: dt.date, on: dt.date) -> int:
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(years, 0)


def _current_trainings(staff_ids: Any, today: dt.date) -> set[tuple[int, int]]:
    """(person, course) pairs with a counting attendance still valid (as the matrix says)."""
    from training.models import Attendance
    from training.models.courses import add_months

    current = set()
    rows = (
        Attendance.objects.filter(
            staff_id__in=staff_ids, correction__isnull=True, present=True
        )
        .exclude(result=Attendance.Result.FAILED)
        .values_list(
            "staff_id",
            "session__course_id",
            "session__ends_on",
            "session__course__validity_months",
        )
    )
    for staff_id, course_id, ends_on, months in rows:
        if not months or add_months(ends_on, months) >= today:
            current.add((staff_id, course_id))
    return current


def competence_gaps(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    """Active staff the training matrix marks "gap": too few years of service, a required
    course missing or expired, or a reading overdue (ISO 9001:2015 7.2; NĐ 61/2018 Art. 10).

    Four queries whatever the number of agencies; rows are read as tuples.
    """
    from qms.models import StaffProfile
    from training.models import Acknowledgment, CompetenceRequirement

    people = StaffProfile.objects.filter(agency_id__in=agency_ids, is_active=True)
    staff = list(people.values_list("pk", "agency_id", "position_id", "service_start"))
    required: dict[int, tuple[int, set[int]]] = {}
    for position_id, years, course_id in CompetenceRequirement.objects.filter(
        position_id__in={row[2] for row in staff}
    ).values_list("position_id", "min_service_years", "courses"):
        required.setdefault(position_id, (years, set()))[1].update(
            [course_id] if course_id else []
        )
    # A subquery, not thousands of ids sent back: a province has tens of thousands of staff.
    staff_ids = people.values("pk")
    current = _current_trainings(staff_ids, today) if required else set()
    overdue = set(
        Acknowledgment.objects.filter(
            staff_id__in=staff_ids,
            status=Acknowledgment.Status.PENDING,
            due_date__lt=today,
            release__superseded_at__isnull=True,
            release__withdrawn_at__isnull=True,
        ).values_list("staff_id", flat=True)
    )
    counts: dict[int, int] = defaultdict(int)
    for staff_id, agency_id, position_id, service_start in staff:
        years, courses = required.get(position_id, (0, set()))
        gap = (
            staff_id in overdue
            or (
                service_start is not None
                and _years_between(service_start, today) < years
            )
            or any((staff_id, course) not in current for course in courses)
        )
        counts[agency_id] += gap
    return _count_cells(
        counts, agency_ids, _link("training_matrix"), flag_positive=True
    )


# ISO 9001:2015 9.2: an internal audit closed in the year.


def internal_audit(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    """The last audit closed in the year; flagged when the agency owes one and has none.

    An agency owes one when QĐ 19/2014 obliges its type or a programme of the year names
    it, the same rule as the audits' dashboard panel and yearly check, so an agency that no
    programme names is flagged too.
    """
    from audits.models import Audit
    from audits.services.audits import agencies_without_completed_audit

    last = dict(
        Audit.objects.filter(
            agency_id__in=agency_ids,
            status=Audit.Status.CLOSED,
            closed_at__year=year,
        )
        .order_by()
        .values("agency_id")
        .annotate(last=Max("closed_at"))
        .values_list("agency_id", "last")
    )
    owing = {agency.pk for agency in agencies_without_completed_audit(year=year)}
    url = _link("audit:index")
    cells = {}
    for agency_id in agency_ids:
        closed = last.get(agency_id)
        if closed is None:
            cells[agency_id] = Cell(
                None, _("Not yet"), url(agency_id), flag=agency_id in owing
            )
            continue
        day = timezone.localtime(closed).date()
        text = _("Yes (%(date)s)") % {"date": _date_text(day)}
        cells[agency_id] = Cell(day, text, url(agency_id))
    return cells


# ISO 9001:2015 10.2: nonconformities still open, and those with an overdue action.


def nonconformities_open(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    from audits.models import Nonconformity

    status = Nonconformity.Status
    rows = (
        Nonconformity.objects.filter(agency_id__in=agency_ids)
        .exclude(status__in=[status.CLOSED, status.CANCELLED])
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"))
    )
    counts = {row["agency_id"]: row["n"] for row in rows}
    return _count_cells(counts, agency_ids, _link("nonconformity:index", open="true"))


def nonconformities_overdue(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    """Nonconformities with a corrective action past its due date (the dashboard's rule)."""
    from audits.services.reminders import overdue_actions

    rows = (
        overdue_actions(on=today, agency_ids=agency_ids)
        .order_by()
        .values("nonconformity__agency_id")
        .annotate(n=Count("nonconformity_id", distinct=True))
    )
    counts = {row["nonconformity__agency_id"]: row["n"] for row in rows}
    url = _link("nonconformity:index", overdue="true")
    return _count_cells(counts, agency_ids, url, flag_positive=True)


# ISO 9001:2015 6.2, 9.1: the year's quality objectives on track at their last measurement.


def objectives_on_track(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    from performance.models import QualityObjective
    from performance.selectors import Tally, with_latest
    from performance.status import status_of

    tallies: dict[int, Tally] = defaultdict(Tally)
    objectives = QualityObjective.objects.filter(
        agency_id__in=agency_ids, year=year
    ).order_by()
    for agency_id, target, direction, status, value in with_latest(
        objectives
    ).values_list(  # type: ignore[misc]
        "agency_id", "target", "indicator__direction", "status", "latest_value"
    ):
        tallies[agency_id].add(
            status_of(value, target, direction),
            approved=status == QualityObjective.Status.APPROVED,
        )
    url = _link("performance_objectives", year=year)
    cells = {}
    for agency_id in agency_ids:
        tally = tallies.get(agency_id)
        share = tally.on_track_share if tally else None
        cells[agency_id] = Cell(
            float(share) if share is not None else None,
            percent_text(share),
            url(agency_id),
            flag=share is not None and share < OBJECTIVES_FLAG_BELOW,
        )
    return cells


# ISO 9001:2015 9.3; QĐ 19/2014 asks obliged agencies for a review every year.


def management_review(
    agency_ids: Sequence[int], year: int, today: dt.date
) -> dict[int, Cell]:
    from qms.selectors import iso_obliged_kinds
    from review.models import ManagementReview

    status = ManagementReview.Status
    held = dict(
        ManagementReview.objects.filter(
            agency_id__in=agency_ids,
            status__in=[status.HELD, status.CLOSED],
            held_on__year=year,
        )
        .order_by()
        .values("agency_id")
        .annotate(last=Max("held_on"))
        .values_list("agency_id", "last")
    )
    kinds = _agency_kinds(agency_ids)
    obliged = iso_obliged_kinds()
    url = _link("management_review:index", year=year)
    cells = {}
    for agency_id in agency_ids:
        day = held.get(agency_id)
        if day is None:
            flag = kinds.get(agency_id) in obliged
            cells[agency_id] = Cell(None, _("Not yet"), url(agency_id), flag=flag)
        else:
            text = _("Yes (%(date)s)") % {"date": _date_text(day)}
            cells[agency_id] = Cell(day, text, url(agency_id))
    return cells


def overview_columns() -> list[Column]:
    """The columns this app contributes (hook ``qms_province_overview_columns``)."""
    spec = [
        (
            "documents_in_force",
            _("Documents in force"),
            documents_in_force,
            _("Controlled documents with a release in force today."),
        ),
        (
            "reviews_overdue",
            _("Reviews overdue"),
            reviews_overdue,
            _("Documents in force whose periodic review date has passed."),
        ),
        (
            "reading_completion",
            _("Reading completion"),
            reading_completion,
            _(
                "Readings of the documents in force confirmed by the staff, of all assigned."
            ),
        ),
        (
            "competence_gaps",
            _("Staff with competence gaps"),
            competence_gaps,
            _("Active staff marked with a gap in the training matrix today."),
        ),
        (
            "internal_audit",
            _("Internal audit this year"),
            internal_audit,
            _(
                "The last internal audit closed in the year; flagged when the agency "
                "owes one (obliged to apply ISO or in a programme) and has none."
            ),
        ),
        (
            "nonconformities_open",
            _("Open nonconformities"),
            nonconformities_open,
            _("Nonconformities not yet closed or cancelled."),
        ),
        (
            "nonconformities_overdue",
            _("Overdue nonconformities"),
            nonconformities_overdue,
            _("Open nonconformities with a corrective action past its date."),
        ),
        (
            "objectives_on_track",
            _("Objectives on track"),
            objectives_on_track,
            _(
                "Quality objectives of the year on track at their last measurement, "
                "of those measured."
            ),
        ),
        (
            "management_review",
            _("Management review held"),
            management_review,
            _("A management review held in the year (meeting date)."),
        ),
    ]
    percent = {"reading_completion", "objectives_on_track"}
    return [
        Column(
            key=key,
            label=label,
            order=ORDER[key],
            cells=cells,
            help=help_text,
            percent=key in percent,
        )
        for key, label, cells, help_text in spec
    ]
