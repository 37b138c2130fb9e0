"""Review inputs of quality objectives (ISO 9001:2015 9.3.2 c2 and c5).

c2, the extent to which quality objectives have been met: one row and one chart per
objective of the years the review period covers. c5, monitoring and measurement results:
every measurement of the period with its status. A fixed number of queries whatever the
number of objectives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from performance.models import Measurement, QualityObjective
from performance.selectors import (
    data_range,
    objective_chart,
    period_label,
    period_rows,
    show_number,
)
from performance.status import Status, status_of
from qms.lib.dates import format_date
from qms.lib.review_inputs import ReviewInput


def _objectives(agency: Any, start: dt.date, end: dt.date) -> list[QualityObjective]:
    return list(
        QualityObjective.objects.filter(
            agency=agency,
            year__gte=start.year,
            year__lte=end.year,
            status=QualityObjective.Status.APPROVED,
        )
        .select_related("indicator")
        .order_by("year", "pk")
    )


def _measurements(
    objectives: list[QualityObjective], start: dt.date, end: dt.date
) -> dict[int, list[Measurement]]:
    by_objective: dict[int, list[Measurement]] = {o.pk: [] for o in objectives}
    for measurement in Measurement.objects.filter(
        objective__in=objectives, period_start__gte=start, period_end__lte=end
    ).order_by("period_start"):
        by_objective[measurement.objective_id].append(measurement)
    return by_objective


def objectives_review_inputs(
    agency: Any, start: dt.date, end: dt.date
) -> list[ReviewInput]:
    """The c2 and c5 sections of the management review pack for ``agency``."""
    objectives = _objectives(agency, start, end)
    measured = _measurements(objectives, start, end)
    return [
        _achievement(objectives, measured, start, end),
        _results(objectives, measured, start, end),
    ]


def _achievement(
    objectives: list[QualityObjective],
    measured: dict[int, list[Measurement]],
    start: dt.date,
    end: dt.date,
) -> ReviewInput:
    table = [
        [
            _("Objective"),
            _("Indicator"),
            _("Target"),
            _("Latest value"),
            _("Periods measured"),
            _("Periods missed"),
            _("Status"),
        ]
    ]
    charts = []
    met = 0
    for objective in objectives:
        rows = [
            r
            for r in period_rows(objective, measured[objective.pk])
            if r.start >= start and r.end <= end
        ]
        done = [r for r in rows if r.measurement is not None]
        latest = done[-1] if done else None
        met += bool(latest and latest.status == Status.ON_TRACK)
        unit = objective.indicator.unit
        table.append(
            [
                objective.text,
                objective.indicator.name,
                f"{show_number(objective.target)} {unit}",
                f"{show_number(latest.measurement.value)} {unit}"
                if latest and latest.measurement
                else "—",
                str(len(done)),
                str(sum(1 for r in done if r.status == Status.MISSED)),
                str(latest.status.label)
                if latest and latest.status
                else _("Not measured"),
            ]
        )
        chart = objective_chart(objective, rows)
        if chart is not None:
            charts.append(chart)
    summary = [
        _(
            "%(met)s of %(total)s approved quality objectives were on track at their "
            "latest measurement."
        )
        % {"met": met, "total": len(objectives)}
    ]
    return ReviewInput(
        clause="c2",
        title=_("Extent to which quality objectives have been met"),
        data_range=data_range(start, end),
        summary=summary,
        table=table if objectives else [],
        charts=charts,
    )


def _results(
    objectives: list[QualityObjective],
    measured: dict[int, list[Measurement]],
    start: dt.date,
    end: dt.date,
) -> ReviewInput:
    table = [[_("Indicator"), _("Period"), _("Value"), _("Target"), _("Status")]]
    counts = dict.fromkeys(Status, 0)
    for objective in objectives:
        unit = objective.indicator.unit
        for m in measured[objective.pk]:
            status = status_of(m.value, objective.target, objective.indicator.direction)
            if status is not None:
                counts[status] += 1
            table.append(
                [
                    objective.indicator.name,
                    f"{period_label(m.period_start, m.period_end, objective.frequency)} "
                    f"({format_date(m.period_start)}–{format_date(m.period_end)})",
                    f"{show_number(m.value)} {unit}",
                    f"{show_number(objective.target)} {unit}",
                    str(status.label) if status else "—",
                ]
            )
    total = sum(counts.values())
    summary = [
        _(
            "%(total)s measurements: %(on_track)s on track, %(at_risk)s at risk, "
            "%(missed)s missed."
        )
        % {
            "total": total,
            "on_track": counts[Status.ON_TRACK],
            "at_risk": counts[Status.AT_RISK],
            "missed": counts[Status.MISSED],
        }
    ]
    return ReviewInput(
        clause="c5",
        title=_("Monitoring and measurement results"),
        data_range=data_range(start, end),
        summary=summary,
        table=table if total else [],
    )
