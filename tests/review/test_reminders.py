"""Review actions are followed up: one digest per owner and day, each due date once."""

import datetime as dt

import pytest
from django.utils import timezone

from qms.models import Notification
from review.reminders import action_reminders_send
from review.services import action_add, action_complete, review_record_meeting
from tests.review.conftest import plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(other_agency, people):
    review = plan(other_agency, people)
    return review_record_meeting(
        review=review, user=people["officer"], held_on=review.planned_on, attendees=[]
    )


def _add(review, people, due_on, owner="staff"):
    return action_add(
        review=review,
        user=people["officer"],
        kind="improvement",
        description=f"Hành động hạn {due_on}",
        owner=people[owner],
        due_on=due_on,
    )


def _digests(user):
    return Notification.objects.filter(
        recipient=user, event_key__startswith="review.digest:"
    )


def test_owners_are_reminded_once_a_day(held, people):
    today = timezone.localdate()
    _add(held, people, today + dt.timedelta(days=2))
    _add(held, people, today - dt.timedelta(days=1))
    _add(held, people, today + dt.timedelta(days=30))  # not due yet
    assert action_reminders_send(on=today) == 2
    assert _digests(people["staff"]).count() == 1  # one digest for both actions
    assert action_reminders_send(on=today) == 0
    assert _digests(people["staff"]).count() == 1


def test_each_due_date_is_reminded_once_and_done_actions_never(held, people):
    today = timezone.localdate()
    soon = _add(held, people, today + dt.timedelta(days=1))
    done = _add(held, people, today + dt.timedelta(days=1), owner="head")
    action_complete(action=done, user=people["head"], result="Xong")
    assert action_reminders_send(on=today) == 1
    # Tomorrow: still due soon but already reminded for this due date.
    assert action_reminders_send(on=today + dt.timedelta(days=1)) == 0
    # Once overdue, it is reminded again (a new kind of reminder), once.
    later = today + dt.timedelta(days=2)
    assert action_reminders_send(on=later) == 1
    assert action_reminders_send(on=later + dt.timedelta(days=1)) == 0
    assert not _digests(people["head"]).exists()
    assert soon.reminders.count() == 2


def test_my_work_lists_the_owners_open_actions(held, people):
    from review.my_work import my_work_review_actions

    today = timezone.localdate()
    _add(held, people, today - dt.timedelta(days=1))
    groups = my_work_review_actions(people["staff"])
    assert groups[0]["count"] == 1
    assert groups[0]["items"][0]["overdue"] is True
    assert my_work_review_actions(people["officer"]) == []
