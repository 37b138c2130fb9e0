"""Competence status and the training matrix (ISO 9001:2015 7.2: evidence of competence).

The matrix is built from six queries whatever the number of staff, courses and documents
(asserted in tests): staff, requirements with their courses, attendance in effect, the
acknowledgments of the releases in force and those releases. Everything else is computed in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import models
from django.db.models import Case, CharField, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from documents.models import DocumentRelease
from qms.models import StaffProfile
from training.models import (
    Acknowledgment,
    Attendance,
    CompetenceRequirement,
    TrainingCourse,
)

EXPIRY_NOTICE_DAYS = 60


class CellState(models.TextChoices):
    CURRENT = "current", gettext_lazy("Current")
    PENDING = "pending", gettext_lazy("Pending")
    OVERDUE = "overdue", gettext_lazy("Overdue")
    EXPIRED = "expired", gettext_lazy("Expired")
    MISSING = "missing", gettext_lazy("Not trained")
    NOT_REQUIRED = "not_required", gettext_lazy("Not required")


class Competence(models.TextChoices):
    MET = "met", gettext_lazy("Competent")
    EXPIRING = "expiring", gettext_lazy("Expiring within 60 days")
    GAP = "gap", gettext_lazy("Gap")


@dataclass(frozen=True)
class MatrixColumn:
    key: str
    label: str
    title: str


@dataclass(frozen=True)
class Cell:
    state: str
    until: dt.date | None = None

    @property
    def label(self) -> str:
        return str(CellState(self.state).label)


@dataclass
class MatrixRow:
    staff: StaffProfile
    cells: list[Cell]
    competence: str
    reasons: list[str] = field(default_factory=list)

    @property
    def competence_label(self) -> str:
        return str(Competence(self.competence).label)


@dataclass
class Matrix:
    columns: list[MatrixColumn]
    rows: list[MatrixRow]


def _course_cell(
    attendances: list[Attendance], course: TrainingCourse, today: dt.date
) -> Cell:
    valid = [a for a in attendances if a.session.course_id == course.pk and a.counts]
    if not valid:
        return Cell(CellState.MISSING)
    untils = [a.valid_until() for a in valid]
    if any(until is None for until in untils):
        return Cell(CellState.CURRENT)
    latest = max(u for u in untils if u is not None)
    return Cell(CellState.CURRENT if latest >= today else CellState.EXPIRED, latest)


_NOT_REQUIRED = Cell(CellState.NOT_REQUIRED)


@lru_cache(maxsize=4096)
def _cell(state: str, until: dt.date | None) -> Cell:
    return Cell(state, until)  # cells are immutable: one object per (state, date)


def _acknowledgment_cells(
    staff_ids: QuerySet[Any], today: dt.date
) -> dict[tuple[int, int], Cell]:
    """Cell of every (person, release in force) pair, its state and date computed in SQL."""
    acknowledged = Q(status=Acknowledgment.Status.ACKNOWLEDGED)
    rows = (
        Acknowledgment.objects.filter(
            staff_id__in=staff_ids,
            status__in=[
                Acknowledgment.Status.PENDING,
                Acknowledgment.Status.ACKNOWLEDGED,
            ],
            release__superseded_at__isnull=True,
            release__withdrawn_at__isnull=True,
        )
        .annotate(
            cell_state=Case(
                When(acknowledged, then=Value(CellState.CURRENT.value)),
                When(due_date__lt=today, then=Value(CellState.OVERDUE.value)),
                default=Value(CellState.PENDING.value),
                output_field=CharField(),
            ),
            # The signing day in local time for a confirmed reading, else the due date.
            cell_date=Case(
                When(acknowledged, then=TruncDate("signed_at")),
                default=F("due_date"),
                output_field=DateField(),
            ),
        )
        .values_list("staff_id", "release_id", "cell_state", "cell_date")
    )
    return {(staff, release): _cell(state, day) for staff, release, state, day in rows}


def _reasons(
    staff: StaffProfile,
    requirement: CompetenceRequirement | None,
    course_cells: dict[int, Cell],
    courses: dict[int, TrainingCourse],
    overdue_codes: list[str],
    today: dt.date,
    overdue_template: str,
) -> tuple[str, list[str]]:
    gaps: list[str] = []
    expiring: list[str] = []
    if requirement is not None:
        years = staff.years_of_service(today)
        if years < requirement.min_service_years:
            gaps.append(
                ngettext(
                    "%(years)d of the %(required)d year of civil service required",
                    "%(years)d of the %(required)d years of civil service required",
                    requirement.min_service_years,
                )
                % {"years": years, "required": requirement.min_service_years}
            )
    for course_id, cell in course_cells.items():
        title = courses[course_id].title
        if cell.state == CellState.MISSING:
            gaps.append(_("Not trained: %(course)s") % {"course": title})
        elif cell.state == CellState.EXPIRED:
            gaps.append(_("Training expired: %(course)s") % {"course": title})
        elif cell.until and cell.until <= today + dt.timedelta(days=EXPIRY_NOTICE_DAYS):
            expiring.append(
                _("%(course)s expires on %(date)s")
                % {
                    "course": title,
                    "date": date_format(cell.until, "SHORT_DATE_FORMAT"),
                }
            )
    gaps.extend(overdue_template % {"code": code} for code in overdue_codes)
    if gaps:
        return Competence.GAP, gaps + expiring
    if expiring:
        return Competence.EXPIRING, expiring
    return Competence.MET, []


def training_matrix(
    staff_queryset: QuerySet[StaffProfile], *, today: dt.date | None = None
) -> Matrix:
    """Staff × (required courses, releases in force to read), with each person's competence."""
    today = today or timezone.localdate()
    staff = list(
        staff_queryset.select_related("agency", "receiving_unit", "position").order_by(
            "agency__name", "receiving_unit__name", "full_name", "pk"
        )
    )
    staff_ids = staff_queryset.values("pk")
    requirements = {
        r.position_id: r
        for r in CompetenceRequirement.objects.filter(
            position_id__in={s.position_id for s in staff}
        ).prefetch_related("courses")
    }
    courses: dict[int, TrainingCourse] = {}
    for req in requirements.values():
        courses.update({c.pk: c for c in req.courses.all()})
    attendances: dict[int, list[Attendance]] = defaultdict(list)
    for attendance in Attendance.objects.filter(
        staff_id__in=staff_ids, correction__isnull=True, present=True
    ).select_related("session__course"):
        attendances[attendance.staff_id].append(attendance)
    # 500 staff × 200 documents is 100,000 acknowledgments: read them as tuples, not models
    # (benchmark training_matrix_ward_s), and the releases they point at once each.
    acks = _acknowledgment_cells(staff_ids, today)
    releases = DocumentRelease.objects.filter(
        pk__in={release_id for _staff, release_id in acks}
    ).only("pk", "code", "title", "number")
    course_list = sorted(courses.values(), key=lambda c: c.title)
    release_list = sorted(releases, key=lambda r: (r.code, r.pk))
    columns = [MatrixColumn(f"course-{c.pk}", c.title, c.title) for c in course_list]
    columns += [
        MatrixColumn(f"release-{r.pk}", f"{r.code} ({r.number_label})", r.title)
        for r in release_list
    ]
    overdue_template = _("Overdue reading: %(code)s")  # translated once, used per cell
    release_ids = [
        r.pk for r in release_list
    ]  # once, not per cell (47 × 314 in issue 12)
    rows = []
    for person in staff:
        requirement = requirements.get(person.position_id)
        required = {c.pk for c in requirement.courses.all()} if requirement else set()
        course_cells = {
            c.pk: _course_cell(attendances[person.pk], c, today)
            for c in course_list
            if c.pk in required
        }
        cells = [
            course_cells.get(c.pk, Cell(CellState.NOT_REQUIRED)) for c in course_list
        ]
        ack_cells = [acks.get((person.pk, r), _NOT_REQUIRED) for r in release_ids]
        cells += ack_cells
        overdue = [
            r.code
            for r, cell in zip(release_list, ack_cells, strict=True)
            if cell.state == CellState.OVERDUE
        ]
        competence, reasons = _reasons(
            person, requirement, course_cells, courses, overdue, today, overdue_template
        )
        rows.append(MatrixRow(person, cells, competence, reasons))
    return Matrix(columns, rows)
