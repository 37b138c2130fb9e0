"""Daily reminders and escalation of unread documents (ISO 9001:2015 7.3).

Three days before the due date the reader is reminded; on the day after it they get an overdue
notice; seven days overdue, the head of their one-stop unit is told. Each notice is sent once
(unique per assignment and kind), in the app and by e-mail, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qms.models import Notification
from training.models import Acknowledgment, AcknowledgmentNotice

REMIND_DAYS_BEFORE = 3
ESCALATE_DAYS_OVERDUE = 7
MY_TASKS_URL = "/admin/training/my-tasks/"

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


def _message(ack: Acknowledgment, kind: str) -> tuple[str, str]:
    context = {
        "code": ack.release.code,
        "title": ack.release.title,
        "number": ack.release.number_label,
        "date": ack.due_date.strftime("%d/%m/%Y"),
        "name": ack.staff.full_name,
    }
    if kind == Kind.DUE_SOON:
        subject = _("Please read by %(date)s: %(code)s %(title)s") % context
        body = (
            _(
                "Release %(number)s of %(code)s %(title)s concerns your work. Read it and confirm "
                "that you have read and understood it by %(date)s (My tasks)."
            )
            % context
        )
    elif kind == Kind.OVERDUE:
        subject = _("Overdue: read %(code)s %(title)s") % context
        body = (
            _(
                "You have not yet confirmed reading release %(number)s of %(code)s %(title)s, "
                "due on %(date)s. Read it and confirm today (My tasks)."
            )
            % context
        )
    else:
        subject = _("Escalation: %(name)s has not read %(code)s") % context
        body = (
            _(
                "%(name)s has not confirmed reading release %(number)s of %(code)s %(title)s, "
                "due on %(date)s, for more than seven days. Please follow up."
            )
            % context
        )
    return subject, body


def _notify(ack: Acknowledgment, kind: str, recipient: Any, *, email: bool) -> int:
    try:
        with transaction.atomic():
            AcknowledgmentNotice.objects.create(
                acknowledgment=ack, kind=kind, recipient=recipient
            )
            with translation.override("vi"):
                subject, body = _message(ack, kind)
            Notification.objects.create(
                recipient=recipient,
                kind=Notification.Kind.REMINDER,
                subject=subject,
                body=body,
                url=MY_TASKS_URL
                if kind != Kind.ESCALATED
                else "/admin/training/matrix/",
            )
            if email and recipient.email:
                transaction.on_commit(
                    lambda: send_mail(
                        subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email]
                    )
                )
    except IntegrityError:
        return 0  # this notice was already sent
    return 1
