"""Read side of quality objectives: lists, latest status, overviews, charts (ISO 9.1.3).

Every function here runs a fixed number of queries whatever the number of objectives,
measurements or agencies: the latest value of each objective is a subquery, and the
statuses are computed in Python by ``status_of`` from plain values, so the screens, the
review input and the supervisor overview agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Field, OuterRef, Q, QuerySet, Subquery
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from performance.models import Measurement, QualityObjective
from performance.services import periods_of
from performance.status import Status, status_of
from qms.lib.charts import Chart, line_chart
from qms.lib.dates import format_date


def show_number(value: Decimal | None) -> str:
    """As Vietnamese write it: 98,5 and 97 (not 97,00)."""
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return number_format(int(value))
    return number_format(value.normalize())


def _latest(field_name: str) -> Subquery:
    return Subquery(
        Measurement.objects.filter(objective=OuterRef("pk"))
        .order_by("-period_start")
        .values(field_name)[:1],
        # SQLite returns a subquery's decimal as a float without it ("98.7000000000001").
        output_field=cast(Field, Measurement._meta.get_field(field_name)),
    )


def with_latest(queryset: QuerySet[QualityObjective]) -> QuerySet[QualityObjective]:
    """Objectives annotated with their latest measurement's value and period (one query)."""
    return queryset.annotate(
        latest_value=_latest("value"),
        latest_start=_latest("period_start"),
        latest_end=_latest("period_end"),
    )


def latest_status(objective: Any) -> Status | None:
    """The status of an objective annotated by ``with_latest``."""
    return status_of(
        objective.latest_value, objective.target, objective.indicator.direction
    )


def agency_objectives(agency_id: int, year: int) -> list[QualityObjective]:
    """The agency's objectives of the year, each with its latest status (one query)."""
    rows = list(
        with_latest(
            QualityObjective.objects.filter(agency_id=agency_id, year=year)
        ).select_related("indicator", "owner__staff_profile", "owner_unit")
    )
    for row in rows:
        row.latest_status = latest_status(row)  # type: ignore[attr-defined]
    return rows


@dataclass
class Tally:
    """How many objectives are in each status; the share on track among the measured."""

    objectives: int = 0
    approved: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def measured(self) -> int:
        return sum(self.counts.values())

    @property
    def on_track_share(self) -> Decimal | None:
        if not self.measured:
            return None
        on_track = self.counts.get(Status.ON_TRACK, 0)
        return (Decimal(100) * on_track / self.measured).quantize(Decimal("0.1"))

    def add(self, status: str | None, *, approved: bool) -> None:
        self.objectives += 1
        self.approved += approved
        if status is not None:
            self.counts[status] = self.counts.get(status, 0) + 1

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


def tally(objectives: Iterable[Any]) -> Tally:
    result = Tally()
    for objective in objectives:
        result.add(
            objective.latest_status,
            approved=objective.status == QualityObjective.Status.APPROVED,
        )
    return result


@dataclass
class AgencyRow:
    agency_id: int
    name: str
    tally: Tally


def province_overview(year: int, agency_ids: Iterable[int] | None) -> list[AgencyRow]:
    """One row per agency (all, or ``agency_ids``): its objectives of the year by status.

    Two queries whatever the number of agencies: the agencies, and the objectives' plain
    values with their latest measurement.
    """
    from qms.models import Agency

    objectives = QualityObjective.objects.filter(year=year)
    # Agencies that existed during the year (a ward dissolved in 2025 is not asked for 2026
    # objectives), and any agency that has objectives for it.
    agencies = Agency.objects.filter(
        (
            Q(valid_from__lte=dt.date(year, 12, 31))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)))
        )
        | Q(pk__in=objectives.values("agency_id"))
    ).order_by("name")
    if agency_ids is not None:
        ids = list(agency_ids)
        agencies, objectives = (
            agencies.filter(pk__in=ids),
            objectives.filter(agency_id__in=ids),
        )
    tallies: dict[int, Tally] = {}
    for agency_id, target, direction, status, value in with_latest(
        objectives.order_by()
    ).values_list(  # type: ignore[misc]
        "agency_id", "target", "indicator__direction", "status", "latest_value"
    ):
        tallies.setdefault(agency_id, Tally()).add(
            status_of(value, target, direction),
            approved=status == QualityObjective.Status.APPROVED,
        )
    return [
        AgencyRow(pk, name, tallies.get(pk, Tally()))
        for pk, name in agencies.values_list("pk", "name")
    ]


def period_label(start: dt.date, end: dt.date, frequency: str) -> str:
    """ "T1/2026", "Q1/2026", "2026": short enough for a chart axis."""
    if frequency == QualityObjective.Frequency.MONTH:
        return _("M%(month)s/%(year)s") % {"month": start.month, "year": start.year}
    if frequency == QualityObjective.Frequency.QUARTER:
        return _("Q%(quarter)s/%(year)s") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    return str(start.year)


@dataclass
class PeriodRow:
    start: dt.date
    end: dt.date
    label: str
    measurement: Measurement | None
    status: Status | None


def period_rows(
    objective: QualityObjective, measurements: Iterable[Measurement]
) -> list[PeriodRow]:
    """Every period of the objective's year with its measurement (if any) and status."""
    by_period = {(m.period_start, m.period_end): m for m in measurements}
    rows = []
    for start, end in periods_of(objective):
        measurement = by_period.get((start, end))
        value = measurement.value if measurement else None
        rows.append(
            PeriodRow(
                start,
                end,
                period_label(start, end, objective.frequency),
                measurement,
                status_of(value, objective.target, objective.indicator.direction),
            )
        )
    return rows


def objective_chart(objective: QualityObjective, rows: list[PeriodRow]) -> Chart | None:
    """The indicator over the year's periods against its target (ISO 9.1.3, issue 15 part 5).

    None before the first measurement: reportlab cannot draw a line without a point.
    """
    indicator = objective.indicator
    measured = [r for r in rows if r.measurement is not None]
    if not measured:
        return None
    missed = sum(1 for r in measured if r.status == Status.MISSED)
    description = _(
        "Target %(target)s %(unit)s (%(direction)s); %(measured)s of %(periods)s periods "
        "measured, %(missed)s missed."
    ) % {
        "target": show_number(objective.target),
        "unit": indicator.unit,
        "direction": indicator.get_direction_display().lower(),
        "measured": len(measured),
        "periods": len(rows),
        "missed": missed,
    }
    return line_chart(
        title=indicator.name,
        labels=[r.label for r in rows],
        values=[r.measurement.value if r.measurement else None for r in rows],
        unit=indicator.unit,
        target=objective.target,
        description=description,
    )


def data_range(start: dt.date, end: dt.date) -> str:
    return _("Data from %(start)s to %(end)s") % {
        "start": format_date(start),
        "end": format_date(end),
    }
