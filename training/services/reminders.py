"""Daily reminders and escalation of unread documents (ISO 9001:2015 7.3).

Three days before the due date the reader is reminded; on the day after it they get an overdue
notice; seven days overdue, the head of their one-stop unit is told. Each notice is sent once
(unique per assignment and kind), in the app and by e-mail, in Vietnamese, gathered into one
digest per person and day (qms.lib.digest, issue 12 part 4).

What is due and not yet noticed is found set-based: three queries, each with a NOT EXISTS on
the notices already sent, so a second run on the same day reads nothing and sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.jobs import enqueue_on_commit
from qms.lib.digest import DigestItem, digests_send, render_item
from training.models import Acknowledgment, AcknowledgmentNotice

REMIND_DAYS_BEFORE = 3
ESCALATE_DAYS_OVERDUE = 7
DIGEST = "training.digest"

Kind = AcknowledgmentNotice.Kind


def acknowledgment_reminders_send(
    *,
    on: dt.date | None = None,
    email: bool = True,
    budget_s: float | None = None,
) -> int:
    """Send every reminder, overdue notice and escalation due today; returns how many.

    ``email=False`` keeps the notices in the app only (demo data: no mail at seeding). A run
    that reaches its time budget queues the rest as a new task.
    """
    on = on or timezone.localdate()
    run = digests_send(
        name=DIGEST,
        title=_("Reading of documents"),
        items=_due_items(on),
        on=on,
        list_url=reverse("training_my_tasks"),
        email=email,
        budget_s=budget_s,
    )
    if not run.finished:
        from training.tasks import send_acknowledgment_reminders

        enqueue_on_commit(send_acknowledgment_reminders)
    return run.items


def _pending(kind: str) -> QuerySet[Acknowledgment]:
    noticed = AcknowledgmentNotice.objects.filter(
        acknowledgment=OuterRef("pk"), kind=kind
    )
    return (
        Acknowledgment.objects.filter(
            status=Acknowledgment.Status.PENDING, staff__is_active=True
        )
        .filter(~Exists(noticed))
        .select_related("staff__user", "release")
        .order_by()
    )


def _due_querysets(on: dt.date) -> list[tuple[str, QuerySet[Acknowledgment]]]:
    soon = on + dt.timedelta(days=REMIND_DAYS_BEFORE)
    escalate_before = on - dt.timedelta(days=ESCALATE_DAYS_OVERDUE)
    return [
        (Kind.DUE_SOON, _pending(Kind.DUE_SOON).filter(due_date__range=(on, soon))),
        (Kind.OVERDUE, _pending(Kind.OVERDUE).filter(due_date__lt=on)),
        (
            Kind.ESCALATED,
            _pending(Kind.ESCALATED)
            .filter(
                Q(due_date__lte=escalate_before),
                staff__receiving_unit__head__isnull=False,
            )
            .select_related("staff__receiving_unit__head__user"),
        ),
    ]


def _due_items(on: dt.date) -> Iterator[DigestItem]:
    for kind, queryset in _due_querysets(on):
        for ack in queryset.iterator(chunk_size=2000):
            yield _item(ack, kind)


def _item(ack: Acknowledgment, kind: str) -> DigestItem:
    escalated = kind == Kind.ESCALATED
    recipient: Any = (
        ack.staff.receiving_unit.head.user  # type: ignore[union-attr]
        if escalated
        else ack.staff.user
    )
    subject, text = render_item(
        "acknowledgment-reminder",
        {
            "kind": kind,
            "code": ack.release.code,
            "title": ack.release.title,
            "number": ack.release.number_label,
            "due": ack.due_date,
            "name": ack.staff.full_name,
        },
    )
    # The reader lands on the document to read and confirm; the head on the matrix.
    url = (
        reverse("training_matrix")
        if escalated
        else reverse("training_acknowledgment", args=[ack.pk])
    )
    return DigestItem(
        recipient=recipient,
        subject=subject,
        text=text,
        url=url,
        marker=AcknowledgmentNotice(
            acknowledgment_id=ack.pk, kind=kind, recipient_id=recipient.pk
        ),
    )
