"""Daily follow-up of corrective actions: due soon, overdue, escalated (ISO 9001:2015 10.2.1(c))."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import ActionReminder, CorrectiveAction, Nonconformity
from qms.lib.notify import notify
from qms.models import Notification
from qms.roles import Role

DUE_SOON_DAYS = 3
ESCALATE_AFTER_DAYS = 7
OPEN_NC_STATES = (Nonconformity.Status.PLANNED,)


def overdue_actions(
    *, on: dt.date, agency_ids: Any = None
) -> QuerySet[CorrectiveAction]:
    """Open actions past their due date (dashboard panel "SKPH quá hạn")."""
    queryset = CorrectiveAction.objects.filter(
        status=CorrectiveAction.Status.OPEN,
        due_date__lt=on,
        nonconformity__status__in=OPEN_NC_STATES,
    ).select_related("nonconformity", "owner")
    if agency_ids is not None:
        queryset = queryset.filter(nonconformity__agency_id__in=agency_ids)
    return queryset.order_by("due_date")


def action_reminders_send(*, on: dt.date | None = None) -> int:
    """Remind owners 3 days before and after the due date; tell the head after 7 days."""
    on = on or timezone.localdate()
    sent = 0
    actions = CorrectiveAction.objects.filter(
        status=CorrectiveAction.Status.OPEN,
        nonconformity__status__in=OPEN_NC_STATES,
        due_date__lte=on + dt.timedelta(days=DUE_SOON_DAYS),
    ).select_related("nonconformity", "owner")
    for action in actions:
        late = (on - action.due_date).days
        if late > ESCALATE_AFTER_DAYS:
            sent += _escalate(action)
        if late > 0:
            sent += _remind(action, ActionReminder.Kind.OVERDUE, [action.owner])
        else:
            sent += _remind(action, ActionReminder.Kind.DUE_SOON, [action.owner])
    return sent


def _heads_of(agency_id: int) -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.HEAD.value,
            staff_profile__agency_id=agency_id,
            staff_profile__is_active=True,
        )
        .distinct()
    )


def _escalate(action: CorrectiveAction) -> int:
    nc = action.nonconformity
    sent = _remind(action, ActionReminder.Kind.ESCALATED, _heads_of(nc.agency_id))
    if sent and nc.escalated_at is None:
        nc.escalated_at = timezone.now()
        nc._change_reason = _("Escalated to the head: action overdue")  # type: ignore[attr-defined]
        nc.save(update_fields=["escalated_at"])
    return sent


def _remind(action: CorrectiveAction, kind: str, recipients: list[Any]) -> int:
    if not recipients:
        return 0
    try:
        with transaction.atomic():
            ActionReminder.objects.create(
                action=action, kind=kind, due_date=action.due_date
            )
            notify(
                recipients=recipients,
                template="action-reminder",
                context={
                    "kind": kind,
                    "code": action.nonconformity.code,
                    "due": action.due_date,
                    "action": action.description,
                },
                kind=Notification.Kind.REMINDER,
                # The nonconformity's own screen, where the owner records what was done.
                target=reverse("audits_nc_workflow", args=[action.nonconformity_id]),
                event_key=f"audits.action:{action.pk}:{kind}:{action.due_date}",
            )
    except IntegrityError:
        return 0  # already sent for this due date
    return 1
