"""Measurements due: remind each objective's owner when a period ends (ISO 9001:2015 9.1.1).

When a period of an approved objective has ended and nothing was measured for it, its owner
(else the agency's ISO secretaries) is told once, in the daily digest (qms.lib.digest): one
message per person and day, and never twice for the same period (MeasurementReminder). The
work is set-based: three queries whatever the number of objectives.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from performance.models import Measurement, MeasurementReminder, QualityObjective
from performance.services import periods_of
from qms.lib.dates import format_date
from qms.lib.digest import DigestItem, digests_send, render_item
from qms.roles import Role

DIGEST = "performance.digest"


@dataclass(frozen=True)
class Due:
    objective: QualityObjective
    start: dt.date
    end: dt.date


def due_measurements(
    on: dt.date, *, owner: Any = None, unreminded: bool = False
) -> list[Due]:
    """For each approved objective, the last period ended by ``on`` if not yet measured."""
    objectives = QualityObjective.objects.filter(
        status=QualityObjective.Status.APPROVED, year__in=(on.year - 1, on.year)
    ).select_related("indicator", "owner")
    if owner is not None:
        objectives = objectives.filter(owner=owner)
    candidates = []
    for objective in objectives:
        ended = [p for p in periods_of(objective) if p[1] < on]
        if ended:
            candidates.append(Due(objective, *ended[-1]))
    if not candidates:
        return []
    ids = [due.objective.pk for due in candidates]
    measured = set(
        Measurement.objects.filter(objective_id__in=ids).values_list(
            "objective_id", "period_end"
        )
    )
    sent: set[tuple[int, dt.date]] = set()
    if unreminded:
        sent = set(
            MeasurementReminder.objects.filter(objective_id__in=ids).values_list(
                "objective_id", "period_end"
            )
        )
    return [
        due for due in candidates if (due.objective.pk, due.end) not in measured | sent
    ]


def _officers(agency_ids: set[int]) -> dict[int, list[Any]]:
    officers: dict[int, list[Any]] = defaultdict(list)
    if not agency_ids:
        return officers
    users = get_user_model().objects.filter(
        is_active=True,
        groups__name=Role.QUALITY_OFFICER.value,
        staff_profile__agency_id__in=agency_ids,
        staff_profile__is_active=True,
    )
    for user in users.select_related("staff_profile").distinct():
        officers[user.staff_profile.agency_id].append(user)
    return officers


def _items(on: dt.date) -> Iterator[DigestItem]:
    dues = due_measurements(on, unreminded=True)
    officers = _officers(
        {d.objective.agency_id for d in dues if d.objective.owner_id is None}
    )
    for due in dues:
        objective = due.objective
        recipients = (
            [objective.owner]
            if objective.owner is not None and objective.owner.is_active
            else officers.get(objective.agency_id, [])
        )
        subject, text = render_item(
            "measurement-due",
            {
                "indicator": objective.indicator.name,
                "objective": objective.text,
                "start": format_date(due.start, language="vi"),
                "end": format_date(due.end, language="vi"),
            },
        )
        for recipient in recipients:
            yield DigestItem(
                recipient=recipient,
                subject=subject,
                text=text,
                url=reverse("performance_objective", args=[objective.pk]),
                marker=MeasurementReminder(
                    objective_id=objective.pk, period_end=due.end
                ),
            )


def measurement_reminders_send(
    *, on: dt.date | None = None, budget_s: float | None = None
) -> int:
    """Daily: tell owners of the periods that ended unmeasured; return the items sent."""
    on = on or timezone.localdate()
    run = digests_send(
        name=DIGEST,
        title=_("Measurements of quality objectives due"),
        items=_items(on),
        on=on,
        list_url=reverse("performance_objectives"),
        budget_s=budget_s,
    )
    return run.items
