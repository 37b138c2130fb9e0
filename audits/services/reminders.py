"""Daily follow-up of corrective actions: due soon, overdue, escalated (ISO 9001:2015 10.2.1(c)).

Owners are reminded three days before and after the due date; after seven days late the
heads of the agency are told and the nonconformity is marked escalated. What is due and not
yet reminded for this due date is found set-based (NOT EXISTS on the reminders sent) and
sent as one digest per person and day (qms.lib.digest, issue 12 part 4).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import ActionReminder, CorrectiveAction, Nonconformity
from qms.jobs import enqueue_on_commit
from qms.lib.changes import record_change
from qms.lib.digest import DigestItem, digests_send, render_item
from qms.roles import Role

DUE_SOON_DAYS = 3
ESCALATE_AFTER_DAYS = 7
OPEN_NC_STATES = (Nonconformity.Status.PLANNED,)
DIGEST = "audits.digest"

Kind = ActionReminder.Kind


def overdue_actions(
    *, on: dt.date, agency_ids: Any = None
) -> QuerySet[CorrectiveAction]:
    """Open actions past their due date (dashboard panel "SKPH quá hạn")."""
    queryset = CorrectiveAction.objects.filter(
        status=CorrectiveAction.Status.OPEN,
        due_date__lt=on,
        nonconformity__status__in=OPEN_NC_STATES,
    ).select_related("nonconformity", "owner__staff_profile")
    if agency_ids is not None:
        queryset = queryset.filter(nonconformity__agency_id__in=agency_ids)
    return queryset.order_by("due_date")


def action_reminders_send(
    *, on: dt.date | None = None, budget_s: float | None = None
) -> int:
    """Remind owners 3 days before and after the due date; tell the heads after 7 days."""
    on = on or timezone.localdate()
    escalated: list[CorrectiveAction] = []
    run = digests_send(
        name=DIGEST,
        title=_("Corrective actions to follow up"),
        items=_due_items(on, escalated),
        on=on,
        list_url=reverse("correctiveaction:index"),
        budget_s=budget_s,
    )
    _mark_escalated(escalated)
    if not run.finished:
        from audits.tasks import send_action_reminders

        enqueue_on_commit(send_action_reminders)
    return run.items


def _open_actions(kind: str) -> QuerySet[CorrectiveAction]:
    sent = ActionReminder.objects.filter(
        action=OuterRef("pk"), kind=kind, due_date=OuterRef("due_date")
    )
    return (
        CorrectiveAction.objects.filter(
            status=CorrectiveAction.Status.OPEN,
            nonconformity__status__in=OPEN_NC_STATES,
        )
        .filter(~Exists(sent))
        .select_related("nonconformity", "owner")
        .order_by()
    )


def _due_items(on: dt.date, escalated: list[CorrectiveAction]) -> Iterator[DigestItem]:
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    yield from _items(
        _open_actions(Kind.DUE_SOON).filter(due_date__range=(on, soon)), Kind.DUE_SOON
    )
    yield from _items(_open_actions(Kind.OVERDUE).filter(due_date__lt=on), Kind.OVERDUE)
    late = list(
        _open_actions(Kind.ESCALATED).filter(
            Q(due_date__lt=on - dt.timedelta(days=ESCALATE_AFTER_DAYS))
        )
    )
    heads = _heads_by_agency({a.nonconformity.agency_id for a in late})
    for action in late:
        recipients = heads.get(action.nonconformity.agency_id, [])
        if recipients:
            escalated.append(action)
        for head in recipients:
            yield _item(action, Kind.ESCALATED, head)


def _items(queryset: QuerySet[CorrectiveAction], kind: str) -> Iterator[DigestItem]:
    for action in queryset.iterator(chunk_size=2000):
        yield _item(action, kind, action.owner)


def _heads_by_agency(agency_ids: set[int]) -> dict[int, list[Any]]:
    """The active heads of each agency, in one query."""
    heads: dict[int, list[Any]] = defaultdict(list)
    if not agency_ids:
        return heads
    users = get_user_model().objects.filter(
        is_active=True,
        groups__name=Role.HEAD.value,
        staff_profile__agency_id__in=agency_ids,
        staff_profile__is_active=True,
    )
    for user in users.select_related("staff_profile").distinct():
        heads[user.staff_profile.agency_id].append(user)
    return heads


def _item(action: CorrectiveAction, kind: str, recipient: Any) -> DigestItem:
    subject, text = render_item(
        "action-reminder",
        {
            "kind": kind,
            "code": action.nonconformity.code,
            "due": action.due_date,
            "action": action.description,
        },
    )
    return DigestItem(
        recipient=recipient,
        subject=subject,
        text=text,
        # The nonconformity's own screen, where the owner records what was done.
        url=reverse("audits_nc_workflow", args=[action.nonconformity_id]),
        marker=ActionReminder(action_id=action.pk, kind=kind, due_date=action.due_date),
    )


def _mark_escalated(actions: list[CorrectiveAction]) -> None:
    # A few a day: each saved on its own so the history records why (10.2.1(c)).
    seen: set[int] = set()
    for action in actions:
        nc = action.nonconformity
        if nc.escalated_at is not None or nc.pk in seen:
            continue
        seen.add(nc.pk)
        nc.escalated_at = timezone.now()
        # Only the system's own timestamp changes: the rest of the record was validated
        # when its owner saved it, and a reminder run must not stop on an old record.
        record_change(
            nc,
            user=None,
            reason=_("Escalated to the head: action overdue"),
            validate=False,
            update_fields=["escalated_at"],
        )
