"""Treatment action reminders: before, on and after the due date, one digest a person a day."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from planning.models import TreatmentReminder
from planning.reminders import treatment_reminders_send
from planning.services import action_save
from qms.models import Notification
from tests.planning.conftest import new_action


def _move_due(action, days, user):
    action.due_on = timezone.localdate() + dt.timedelta(days=days)
    return action_save(instance=action, user=user, reason="Đổi hạn")


def _digests(user):
    return Notification.objects.filter(
        recipient=user, event_key__startswith="planning."
    )


@pytest.mark.django_db(transaction=True)
def test_due_soon_today_and_overdue_each_remind_once(risk, people):
    officer, owner = people["officer"], people["staff"]
    soon = new_action(risk, officer, owner, days=2, action="Sắp đến hạn")
    today_action = new_action(risk, officer, owner, days=0, action="Đến hạn hôm nay")
    late = _move_due(
        new_action(risk, officer, owner, days=5, action="Quá hạn"), -3, officer
    )
    far = new_action(risk, officer, owner, days=20, action="Còn xa")
    today = timezone.localdate()

    assert treatment_reminders_send(on=today) == 3
    assert _digests(owner).count() == 1  # one digest for the three items
    assert len(mail.outbox) == 1
    kinds = dict(TreatmentReminder.objects.values_list("action_id", "kind"))
    assert kinds == {
        soon.pk: "due_soon",
        today_action.pk: "due_today",
        late.pk: "overdue",
    }
    assert far.pk not in kinds

    # A second run the same day sends nothing, and the next day nothing is repeated
    # except what became due: the overdue action is reminded once for its due date.
    assert treatment_reminders_send(on=today) == 0
    assert (
        treatment_reminders_send(on=today + dt.timedelta(days=1)) == 1
    )  # today's now late
    assert TreatmentReminder.objects.filter(action=late).count() == 1
    assert _digests(owner).count() == 2


@pytest.mark.django_db(transaction=True)
def test_done_and_cancelled_actions_are_not_reminded(risk, people):
    officer, owner = people["officer"], people["staff"]
    action = new_action(risk, officer, owner, days=1)
    from planning.services import action_complete

    action_complete(action=action, user=owner, evidence="Đã xong")
    assert treatment_reminders_send(on=timezone.localdate()) == 0
    assert not _digests(owner).exists()


@pytest.mark.django_db(transaction=True)
def test_a_moved_due_date_is_reminded_again(risk, people):
    officer, owner = people["officer"], people["staff"]
    action = _move_due(new_action(risk, officer, owner, days=5), -1, officer)
    today = timezone.localdate()
    assert treatment_reminders_send(on=today) == 1
    _move_due(action, -2, officer)
    assert treatment_reminders_send(on=today + dt.timedelta(days=1)) == 1
    assert TreatmentReminder.objects.filter(action=action).count() == 2
