"""Daily follow-up of treatment actions: due soon, due today, overdue (ISO 9001:2015 6.1.2).

Owners are reminded three days before the due date, on the day, and once it has passed,
like corrective actions. What is due and not yet reminded for this due date is found
set-based (NOT EXISTS on the reminders sent) and sent as one digest per person and day
(qms.lib.digest): a person with several actions gets one message, and a second run on the
same day sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.models import TreatmentAction, TreatmentReminder
from qms.jobs import enqueue_on_commit
from qms.lib.digest import DigestItem, digests_send, render_item

DUE_SOON_DAYS = 3
DIGEST = "planning.digest"
Kind = TreatmentReminder.Kind


def treatment_reminders_send(
    *, on: dt.date | None = None, budget_s: float | None = None
) -> int:
    """Remind owners of open actions due soon, due today or overdue; return items sent."""
    on = on or timezone.localdate()
    run = digests_send(
        name=DIGEST,
        title=_("Actions on risks and opportunities to follow up"),
        items=_due_items(on),
        on=on,
        list_url=reverse("planning_actions:index"),
        budget_s=budget_s,
    )
    if not run.finished:
        from planning.tasks import send_treatment_reminders

        enqueue_on_commit(send_treatment_reminders)
    return run.items


def _open_actions(kind: str) -> QuerySet[TreatmentAction]:
    sent = TreatmentReminder.objects.filter(
        action=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on")
    )
    return (
        TreatmentAction.objects.filter(
            status=TreatmentAction.Status.OPEN, owner__is_active=True
        )
        .filter(~Exists(sent))
        .select_related("risk", "owner")
        .order_by()
    )


def _due_items(on: dt.date) -> Iterator[DigestItem]:
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    for kind, queryset in (
        (
            Kind.DUE_SOON,
            _open_actions(Kind.DUE_SOON).filter(due_on__gt=on, due_on__lte=soon),
        ),
        (Kind.DUE_TODAY, _open_actions(Kind.DUE_TODAY).filter(due_on=on)),
        (Kind.OVERDUE, _open_actions(Kind.OVERDUE).filter(due_on__lt=on)),
    ):
        for action in queryset.iterator(chunk_size=2000):
            yield _item(action, kind)


def _item(action: TreatmentAction, kind: str) -> DigestItem:
    subject, text = render_item(
        "treatment-reminder",
        {
            "kind": kind,
            "risk": action.risk.title,
            "due": action.due_on,
            "action": action.action,
        },
    )
    return DigestItem(
        recipient=action.owner,
        subject=subject,
        text=text,
        url=reverse("planning_actions:inspect", args=[action.pk]),
        marker=TreatmentReminder(action_id=action.pk, kind=kind, due_on=action.due_on),
    )
