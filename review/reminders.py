"""Follow-up of the review's outputs and the yearly check (QĐ 19/2014: a review a year).

Owners of open review actions are reminded three days before the due date and once it is
overdue, as one digest per person and day (qms.lib.digest); what was already reminded for a
due date is found set-based and never sent twice. From October, the heads and ISO
secretaries of an agency with no review held this year are told once a month, in the app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.lib.digest import DigestItem, digests_send, render_item
from qms.lib.notify import notify
from qms.models import Notification
from qms.roles import Role
from review.models import ReviewAction, ReviewActionReminder
from review.services import agencies_without_review

DUE_SOON_DAYS = 3
DIGEST = "review.digest"
Kind = ReviewActionReminder.Kind


def _open_actions(kind: str) -> QuerySet[ReviewAction]:
    sent = ReviewActionReminder.objects.filter(
        action=OuterRef("pk"), kind=kind, due_on=OuterRef("due_on")
    )
    return (
        ReviewAction.objects.filter(status=ReviewAction.Status.OPEN)
        .filter(~Exists(sent))
        .select_related("review", "owner")
        .order_by("due_on", "pk")
    )


def _item(action: ReviewAction, kind: str) -> DigestItem:
    subject, text = render_item(
        "review-action-reminder",
        {
            "kind": kind,
            "due": action.due_on,
            "action": action.description,
            "year": action.review.year,
        },
    )
    return DigestItem(
        recipient=action.owner,
        subject=subject,
        text=text,
        url=reverse("review_action", args=[action.pk]),
        marker=ReviewActionReminder(
            action_id=action.pk, kind=kind, due_on=action.due_on
        ),
    )


def _due_items(on: dt.date) -> Iterator[DigestItem]:
    soon = on + dt.timedelta(days=DUE_SOON_DAYS)
    for action in _open_actions(Kind.DUE_SOON).filter(due_on__range=(on, soon)):
        yield _item(action, Kind.DUE_SOON)
    for action in _open_actions(Kind.OVERDUE).filter(due_on__lt=on):
        yield _item(action, Kind.OVERDUE)


def action_reminders_send(
    *, on: dt.date | None = None, budget_s: float | None = None
) -> int:
    """Remind owners of actions due within three days or overdue; once per person a day."""
    on = on or timezone.localdate()
    run = digests_send(
        name=DIGEST,
        title=_("Management review actions to follow up"),
        items=_due_items(on),
        on=on,
        list_url=reverse("review_my_actions"),
        budget_s=budget_s,
    )
    return run.items


def unreviewed_agencies_flag(*, year: int | None = None) -> int:
    """Tell each agency's heads and ISO secretaries it has no review yet; once a month."""
    today = timezone.localdate()
    year = year or today.year
    sent = 0
    for agency in agencies_without_review(year=year):
        recipients = (
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name__in=[Role.HEAD.value, Role.QUALITY_OFFICER.value],
                staff_profile__agency=agency,
                staff_profile__is_active=True,
            )
            .distinct()
        )
        created = notify(
            recipients=recipients,
            template="review-coverage",
            context={
                "year": str(year),
                "agency": agency.name,
                "period": f"{today.month:02d}/{year}",
            },
            kind=Notification.Kind.REMINDER,
            target=reverse("management_review:index"),
            event_key=f"review.coverage:{agency.pk}:{year}-{today.month:02d}",
            email=False,
        )
        sent += len(created)
    return sent
