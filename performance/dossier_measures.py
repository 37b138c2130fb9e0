"""Objectives measured from the one-stop dossier statistics (issue 15 part 2, M34).

An indicator that names a ``dossier_metric`` (on-time rate, late dossiers...) is measured
from the imported register, not typed: after each import, every approved objective of the
agency on such an indicator gets the value of each of its periods that the register covers
whole (a quarter needs its three months), through ``measurement_record`` (source
"imported"; the same period again replaces the value, with history).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dossiers.selectors import MonthTotals, monthly_totals
from performance.models import Indicator, Measurement, QualityObjective
from performance.services import measurement_record, periods_of

logger = logging.getLogger(__name__)
M = Indicator.DossierMetric


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"))


def metric_value(metric: str, months: list[MonthTotals]) -> Decimal | None:
    """The metric over ``months`` added together; None when it cannot be computed."""
    early = sum(m.early for m in months)
    on_time = sum(m.on_time for m in months)
    late = sum(m.late for m in months)
    resolved = early + on_time + late
    received = sum(m.received for m in months)
    if metric == M.ON_TIME_RATE:
        return _percent(early + on_time, resolved)
    if metric == M.EARLY_RATE:
        return _percent(early, resolved)
    if metric == M.LATE_RATE:
        return _percent(late, resolved)
    if metric == M.LATE_COUNT:
        return Decimal(late)
    if metric == M.APOLOGY_COUNT:
        return Decimal(sum(m.apology_letters for m in months))
    if metric == M.ONLINE_SHARE:
        if any(m.online is None for m in months):
            return None
        return _percent(sum(m.online or 0 for m in months), received)
    return None


def _months_in(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def measure_from_dossiers(*, agency_id: int, months: Iterable[dt.date]) -> int:
    """Measure the agency's dossier-fed objectives for the periods ``months`` touch."""
    touched = sorted({m.replace(day=1) for m in months})
    if not touched:
        return 0
    objectives = QualityObjective.objects.filter(
        agency_id=agency_id,
        status=QualityObjective.Status.APPROVED,
        year__in={m.year for m in touched},
        indicator__dossier_metric__gt="",
    ).select_related("indicator")
    recorded = 0
    for objective in objectives:
        for start, end in periods_of(objective):
            if not any(start <= month <= end for month in touched):
                continue
            totals = monthly_totals(agency_id, start, end)
            if len(totals) < _months_in(start, end):
                continue  # the register does not cover the whole period yet
            value = metric_value(objective.indicator.dossier_metric, totals)
            if value is None:
                continue
            measurement_record(
                objective=objective,
                period_start=start,
                period_end=end,
                value=value,
                source=Measurement.Source.IMPORTED,
                user=None,
                note=_("From the one-stop dossier statistics"),
            )
            recorded += 1
    return recorded


def on_statistics_imported(
    sender: Any, agency_id: int, months: list[dt.date], **_kwargs: Any
) -> None:
    """Receiver of dossiers.signals.statistics_imported."""
    measure_from_dossiers(agency_id=agency_id, months=months)
