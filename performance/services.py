"""Quality objectives: create, change with a reason, approve with the password; measurements.

ISO 9001:2015 6.2.1: objectives are measurable, monitored and updated as appropriate; 6.2.2:
the plan says what, with which resources, who, when and how results are evaluated; 7.5.3.2:
every change is controlled (history with user and reason). 9.1.1/9.1.3: measurements per
period are recorded and evaluated against the target. Each service locks the row it changes,
checks who acts and leaves the row as it was when it refuses.

Nháp → Đã phê duyệt (by the head, with the password). An approved objective still changes,
but only through ``objective_change`` with a reason, which the history keeps.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from performance.models import (
    AT_RISK_MARGIN,
    Measurement,
    QualityObjective,
)
from performance.status import Status, status_of
from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.signing import require_password
from qms.lib.text import clean_text, is_blank
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles

__all__ = [
    "AT_RISK_MARGIN",
    "Status",
    "may_approve",
    "may_edit",
    "measurement_record",
    "objective_approve",
    "objective_change",
    "objective_create",
    "period_bounds",
    "periods_of",
    "status_of",
]

EDITOR_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD})
SIGN_FAILED = "performance.qualityobjective.sign_failed"
# Fields a change may touch (status and approval only move through objective_approve).
CHANGEABLE = (
    "text",
    "indicator",
    "target",
    "frequency",
    "owner",
    "owner_unit",
    "plan_what",
    "plan_resources",
    "plan_who",
    "plan_when",
    "plan_evaluation",
)
TEXT_FIELDS = (
    "text",
    "plan_what",
    "plan_resources",
    "plan_who",
    "plan_when",
    "plan_evaluation",
)
MONTHS_PER = {
    QualityObjective.Frequency.MONTH: 1,
    QualityObjective.Frequency.QUARTER: 3,
    QualityObjective.Frequency.YEAR: 12,
}


def _writes_agency(user: Any, agency_id: int) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    writable = agency_scope_for(user).writable
    return writable is not None and agency_id in writable


def may_edit(user: Any, agency_id: int) -> bool:
    """The ISO secretary or the head of the agency (or a superuser) keeps its objectives."""
    return _writes_agency(user, agency_id) and (
        user.is_superuser or bool(user_roles(user) & EDITOR_ROLES)
    )


def may_approve(user: Any, agency_id: int) -> bool:
    """Only the head of the agency approves its objectives (ISO 9001:2015 5.1.1, 6.2)."""
    return _writes_agency(user, agency_id) and (
        user.is_superuser or Role.HEAD in user_roles(user)
    )


def period_bounds(frequency: str, year: int, index: int) -> tuple[dt.date, dt.date]:
    """The ``index``-th (from 1) period of ``year`` for a frequency: months, quarters, year."""
    months = MONTHS_PER[QualityObjective.Frequency(frequency)]
    first_month = (index - 1) * months + 1
    last_month = first_month + months - 1
    last_day = calendar.monthrange(year, last_month)[1]
    return dt.date(year, first_month, 1), dt.date(year, last_month, last_day)


def periods_of(objective: QualityObjective) -> list[tuple[dt.date, dt.date]]:
    """Every period of the objective's year, in order (12 months, 4 quarters or 1 year)."""
    count = 12 // MONTHS_PER[QualityObjective.Frequency(objective.frequency)]
    return [
        period_bounds(objective.frequency, objective.year, i)
        for i in range(1, count + 1)
    ]


def _check_editor(user: Any, agency_id: int) -> None:
    if not may_edit(user, agency_id):
        raise PermissionDenied(
            _("Only the ISO secretary or the head of the agency keeps its objectives.")
        )


def _clean_plan(objective: QualityObjective) -> None:
    for name in TEXT_FIELDS:
        setattr(objective, name, clean_text(getattr(objective, name) or ""))
    if not objective.indicator.is_active and objective._state.adding:
        raise ValidationError(
            {"indicator": _("This indicator is no longer in use; choose another.")}
        )


@transaction.atomic
def objective_create(*, objective: QualityObjective, user: Any) -> QualityObjective:
    """Record a new objective of the user's agency as a draft (ISO 9001:2015 6.2.1)."""
    _check_editor(user, objective.agency_id)
    objective.status = QualityObjective.Status.DRAFT
    objective.approved_by, objective.approved_at = None, None
    _clean_plan(objective)
    return record_change(objective, user=user, reason=_("Quality objective drafted"))


@transaction.atomic
def objective_change(
    *, objective: QualityObjective, user: Any, reason: str, changes: dict[str, Any]
) -> QualityObjective:
    """Change an objective's fields with a reason; an approved one stays approved.

    ISO 9001:2015 6.2.1 g) and 6.3: objectives are updated as appropriate, and the change is
    planned and traceable; the reason goes into the history beside the old values.
    """
    if is_blank(reason):
        raise ValidationError({"reason": _("Give the reason for the change.")})
    _check_editor(user, objective.agency_id)
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(names)s")
            % {"names": ", ".join(sorted(unknown))}
        )
    locked = QualityObjective.objects.select_for_update().get(pk=objective.pk)
    if (
        changes.get("frequency", locked.frequency) != locked.frequency
        and locked.measurements.exists()
    ):
        # Recorded periods would no longer be periods of the objective.
        raise ValidationError(
            {
                "frequency": _(
                    "The frequency cannot change once measurements are recorded."
                )
            }
        )
    for name, value in changes.items():
        setattr(locked, name, value)
    _clean_plan(locked)
    return record_change(
        locked,
        user=user,
        reason=_("Changed: %(reason)s") % {"reason": clean_text(reason)},
    )


def objective_approve(
    *, objective: QualityObjective, user: Any, password: str, reason: str = ""
) -> QualityObjective:
    """The head approves a draft objective by re-entering the password (ISO 6.2, 7.5.2 c).

    The password is checked before the transaction, so a refused signature's log entry
    survives the refusal (qms.lib.signing).
    """
    if not may_approve(user, objective.agency_id):
        raise PermissionDenied(
            _("Only the head of the agency approves its objectives.")
        )
    require_password(
        user=user, password=password, instance=objective, failed_action=SIGN_FAILED
    )
    return _approve(objective, user, reason)


@transaction.atomic
def _approve(objective: QualityObjective, user: Any, reason: str) -> QualityObjective:
    locked = QualityObjective.objects.select_for_update().get(pk=objective.pk)
    if locked.status != QualityObjective.Status.DRAFT:
        raise TransitionError(_("This objective has already been approved."))
    locked.status = QualityObjective.Status.APPROVED
    locked.approved_by, locked.approved_at = user, timezone.now()
    text = _("Approved by the head")
    if not is_blank(reason):
        text = f"{text}: {clean_text(reason)}"
    return record_change(
        locked, user=user, reason=text, action="performance.qualityobjective.approve"
    )


def _decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"value": _("Enter a number.")}) from exc
    if not number.is_finite():
        raise ValidationError({"value": _("Enter a number.")})
    return number.quantize(Decimal("0.01"))


def _check_period(
    objective: QualityObjective, period_start: dt.date, period_end: dt.date
) -> None:
    if (period_start, period_end) not in periods_of(objective):
        raise ValidationError(
            {
                "period_start": _(
                    "The period must be one %(frequency)s period of %(year)s."
                )
                % {
                    "frequency": objective.get_frequency_display().lower(),
                    "year": objective.year,
                }
            }
        )


@transaction.atomic
def measurement_record(
    *,
    objective: QualityObjective,
    period_start: dt.date,
    period_end: dt.date,
    value: Any,
    source: str,
    user: Any,
    note: str = "",
) -> Measurement:
    """Record the indicator's value for one period; the same period again updates it.

    Idempotent (ISO 9001:2015 9.1.1): entering or importing a period already measured
    replaces its value, and the history keeps the earlier one with who changed it. Only an
    approved objective is measured: a draft's target is not yet agreed. ``user`` is None for
    an import run by the system.
    """
    if user is not None:
        _check_editor(user, objective.agency_id)
    if source not in Measurement.Source.values:
        raise ValidationError({"source": _("Unknown source of the measurement.")})
    if objective.status != QualityObjective.Status.APPROVED:
        raise TransitionError(_("Approve the objective before recording measurements."))
    _check_period(objective, period_start, period_end)
    number = _decimal(value)
    note = clean_text(note)
    measurement = (
        Measurement.objects.select_for_update()
        .filter(objective=objective, period_start=period_start, period_end=period_end)
        .first()
    )
    if measurement is None:
        measurement = Measurement(
            objective=objective, period_start=period_start, period_end=period_end
        )
        reason = _("Measurement recorded")
    elif (measurement.value, measurement.note, measurement.source) == (
        number,
        note,
        source,
    ):
        return measurement  # the same figure again (a re-import): nothing changes
    else:
        reason = _("Measurement updated (was %(value)s)") % {"value": measurement.value}
    measurement.value, measurement.note, measurement.source = number, note, source
    measurement.recorded_by = user if getattr(user, "pk", None) else None
    return record_change(measurement, user=user, reason=reason)
