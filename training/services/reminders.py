"""Daily reminders and escalation of unread documents (ISO 9001:2015 7.3).

Three days before the due date the reader is reminded; on the day after it they get an overdue
notice; seven days overdue, the head of their one-stop unit is told. Each notice is sent once
(unique per assignment and kind), in the app and by e-mail, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qms.lib.notify import notify
from qms.models import Notification
from training.models import Acknowledgment, AcknowledgmentNotice

REMIND_DAYS_BEFORE = 3
ESCALATE_DAYS_OVERDUE = 7

Kind = AcknowledgmentNotice.Kind


def acknowledgment_reminders_send(
    *, on: dt.date | None = None, email: bool = True
) -> int:
    """Send every reminder, overdue notice and escalation due today; returns how many.

    ``email=False`` keeps the notices in the app only (demo data: no mail at seeding).
    """
    on = on or timezone.localdate()
    pending = (
        Acknowledgment.objects.filter(
            status=Acknowledgment.Status.PENDING,
            due_date__lte=on + dt.timedelta(days=REMIND_DAYS_BEFORE),
            staff__is_active=True,
        )
        .select_related("staff__user", "staff__receiving_unit__head__user", "release")
        .order_by("pk")
    )
    sent = 0
    for ack in pending:
        for kind, recipient in _notices_due(ack, on):
            sent += _notify(ack, kind, recipient, email=email)
    return sent


def _notices_due(ack: Acknowledgment, on: dt.date) -> list[tuple[str, Any]]:
    due: list[tuple[str, Any]] = []
    if ack.due_date >= on:
        due.append((Kind.DUE_SOON, ack.staff.user))
        return due
    due.append((Kind.OVERDUE, ack.staff.user))
    unit = ack.staff.receiving_unit
    head = unit.head if unit is not None else None
    if (on - ack.due_date).days >= ESCALATE_DAYS_OVERDUE and head is not None:
        due.append((Kind.ESCALATED, head.user))
    return due


def _notify(ack: Acknowledgment, kind: str, recipient: Any, *, email: bool) -> int:
    # The reader lands on the document to read and confirm; the head on the matrix.
    target = (
        reverse("training_matrix")
        if kind == Kind.ESCALATED
        else reverse("training_acknowledgment", args=[ack.pk])
    )
    try:
        with transaction.atomic():
            AcknowledgmentNotice.objects.create(
                acknowledgment=ack, kind=kind, recipient=recipient
            )
            notify(
                recipients=[recipient],
                template="acknowledgment-reminder",
                context={
                    "kind": kind,
                    "code": ack.release.code,
                    "title": ack.release.title,
                    "number": ack.release.number_label,
                    "due": ack.due_date,
                    "name": ack.staff.full_name,
                },
                kind=Notification.Kind.REMINDER,
                target=target,
                event_key=f"training.ack:{ack.pk}:{kind}",
                email=email,
            )
    except IntegrityError:
        return 0  # this notice was already sent
    return 1
