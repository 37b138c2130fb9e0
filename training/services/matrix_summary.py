"""Per-agency summary of the training matrix, for readers whose scope spans many agencies.

A province supervisor cannot open 2,000 staff × 5,000 releases (issue 12): they first see one
line per agency (staff, readings open/overdue/signed, trainings current/expired) and drill
down. Three aggregate queries for a page of agencies, whatever their size; the only rows read
back are one per agency, and for trainings one per (agency, session end, validity).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from qms.models import Agency, StaffProfile
from training.models import Acknowledgment, Attendance
from training.models.courses import add_months


@dataclass
class AgencySummary:
    agency: Agency
    staff: int = 0
    readings_open: int = 0
    readings_overdue: int = 0
    readings_signed: int = 0
    trainings_current: int = 0
    trainings_expired: int = 0


def _staff_counts(staff: QuerySet[StaffProfile], ids: list[int]) -> dict[int, int]:
    rows = (
        staff.filter(agency_id__in=ids)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"))
    )
    return {row["agency_id"]: row["n"] for row in rows}


def _reading_counts(
    staff: QuerySet[StaffProfile], ids: list[int], today: dt.date
) -> dict[int, dict[str, int]]:
    """Readings of the releases in force, by the reader's agency (as the matrix shows them)."""
    pending = Q(status=Acknowledgment.Status.PENDING)
    rows = (
        Acknowledgment.objects.filter(
            staff_id__in=staff.values("pk"),
            staff__agency_id__in=ids,
            status__in=[
                Acknowledgment.Status.PENDING,
                Acknowledgment.Status.ACKNOWLEDGED,
            ],
            release__superseded_at__isnull=True,
            release__withdrawn_at__isnull=True,
        )
        .order_by()
        .values("staff__agency_id")
        .annotate(
            open=Count("pk", filter=pending & Q(due_date__gte=today)),
            overdue=Count("pk", filter=pending & Q(due_date__lt=today)),
            signed=Count("pk", filter=Q(status=Acknowledgment.Status.ACKNOWLEDGED)),
        )
    )
    return {row.pop("staff__agency_id"): row for row in rows}


def _training_counts(
    staff: QuerySet[StaffProfile], ids: list[int], today: dt.date
) -> dict[int, dict[str, int]]:
    """Each person's latest counting attendance of each course: current or expired."""
    counting = Q(correction__isnull=True, present=True) & ~Q(
        result=Attendance.Result.FAILED
    )
    later = Attendance.objects.filter(
        counting,
        staff_id=OuterRef("staff_id"),
        session__course_id=OuterRef("session__course_id"),
        session__ends_on__gt=OuterRef("session__ends_on"),
    )
    rows = (
        Attendance.objects.filter(
            counting, staff_id__in=staff.values("pk"), staff__agency_id__in=ids
        )
        .filter(~Exists(later))
        .order_by()
        .values(
            "staff__agency_id", "session__ends_on", "session__course__validity_months"
        )
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: {"current": 0, "expired": 0}
    )
    for row in rows:
        months = row["session__course__validity_months"]
        current = not months or add_months(row["session__ends_on"], months) >= today
        counts[row["staff__agency_id"]]["current" if current else "expired"] += row["n"]
    return counts


def agency_summaries(
    agencies: Sequence[Agency], staff: QuerySet[StaffProfile], today: dt.date
) -> list[AgencySummary]:
    """One summary per agency of ``agencies`` (a page), over the staff in ``staff``."""
    ids = [agency.pk for agency in agencies]
    if not ids:
        return []
    people = _staff_counts(staff, ids)
    readings: dict[int, dict[str, Any]] = _reading_counts(staff, ids, today)
    trainings = _training_counts(staff, ids, today)
    result = []
    for agency in agencies:
        reading = readings.get(agency.pk, {})
        training = trainings.get(agency.pk, {})
        result.append(
            AgencySummary(
                agency=agency,
                staff=people.get(agency.pk, 0),
                readings_open=reading.get("open", 0),
                readings_overdue=reading.get("overdue", 0),
                readings_signed=reading.get("signed", 0),
                trainings_current=training.get("current", 0),
                trainings_expired=training.get("expired", 0),
            )
        )
    return result


def agencies_with_staff(staff: QuerySet[StaffProfile]) -> QuerySet[Agency]:
    """The agencies that have at least one of ``staff``, by name (the summary's rows)."""
    return Agency.objects.filter(pk__in=staff.values("agency_id")).order_by(
        "name", "pk"
    )
