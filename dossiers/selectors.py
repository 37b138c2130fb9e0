"""Read the register by month: totals per month of an agency, for the review and readers.

Performance (objectives) and the management review read the register through these
functions, not through its tables, so the register can change its storage alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from dossiers.models import DossierStatistic
from qms.lib.charts import line_chart
from qms.lib.dates import format_date
from qms.lib.review_inputs import ReviewInput


@dataclass(frozen=True)
class MonthTotals:
    period_start: dt.date
    received: int
    early: int
    on_time: int
    late: int
    pending: int
    apology_letters: int
    online: int | None = None  # None: the file did not say

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def on_time_rate(self) -> Decimal | None:
        """Resolved early or on time, as a percentage of resolved (QĐ 766 "đúng hạn")."""
        if not self.resolved:
            return None
        rate = Decimal((self.early + self.on_time) * 100) / Decimal(self.resolved)
        return rate.quantize(Decimal("0.1"))


def monthly_totals(agency_id: int, start: dt.date, end: dt.date) -> list[MonthTotals]:
    """One row per month with figures, the months starting within ``start``–``end``."""
    rows = (
        DossierStatistic.objects.filter(
            agency_id=agency_id,
            period_start__gte=start.replace(day=1),
            period_start__lte=end,
        )
        .values("period_start")
        .annotate(
            received_sum=Sum("received"),
            early_sum=Sum("resolved_early"),
            on_time_sum=Sum("resolved_on_time"),
            late_sum=Sum("resolved_late"),
            pending_sum=Sum("pending"),
            apology_sum=Sum("apology_letters"),
            online_sum=Sum("online"),
        )
        .order_by("period_start")
    )
    return [
        MonthTotals(
            period_start=row["period_start"],
            received=row["received_sum"] or 0,
            early=row["early_sum"] or 0,
            on_time=row["on_time_sum"] or 0,
            late=row["late_sum"] or 0,
            pending=row["pending_sum"] or 0,
            apology_letters=row["apology_sum"] or 0,
            online=row["online_sum"],
        )
        for row in rows
    ]


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value} %".replace(".", ",")


def review_input(agency: Any, start: dt.date, end: dt.date) -> list[ReviewInput]:
    """ISO 9001:2015 9.3.2 c3: dossiers by month, on-time rate, late and apology totals."""
    months = monthly_totals(agency.pk, start, end)
    data_range = _("Data from %(start)s to %(end)s") % {
        "start": format_date(start),
        "end": format_date(end),
    }
    title = _("Process performance: one-stop dossiers")
    if not months:
        return [
            ReviewInput(
                clause="c3",
                title=title,
                data_range=data_range,
                summary=[_("No dossier statistics were imported for this period.")],
            )
        ]
    labels = [f"{m.period_start:%m/%Y}" for m in months]
    totals = {
        "received": sum(m.received for m in months),
        "resolved": sum(m.resolved for m in months),
        "late": sum(m.late for m in months),
        "apology": sum(m.apology_letters for m in months),
    }
    table = [
        [
            _("Month"),
            _("Dossiers received"),
            _("Resolved"),
            _("On time or early"),
            _("Late"),
            _("Apology letters"),
        ]
    ]
    table += [
        [
            label,
            str(m.received),
            str(m.resolved),
            _percent(m.on_time_rate),
            str(m.late),
            str(m.apology_letters),
        ]
        for label, m in zip(labels, months, strict=True)
    ]
    chart = line_chart(
        title=_("Dossiers resolved on time or early, by month"),
        labels=labels,
        values=[m.on_time_rate for m in months],
        unit="%",
        description=_(
            "Share of resolved dossiers resolved on time or early in each month, "
            "%(first)s to %(last)s."
        )
        % {"first": labels[0], "last": labels[-1]},
    )
    summary = [
        _(
            "%(received)s dossiers received and %(resolved)s resolved; %(late)s resolved "
            "late; %(apology)s apology letters sent."
        )
        % totals
    ]
    return [
        ReviewInput(
            clause="c3",
            title=title,
            data_range=data_range,
            summary=summary,
            table=table,
            charts=[chart],
        )
    ]
