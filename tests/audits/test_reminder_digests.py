"""Corrective-action reminders as one digest per person and day (issue 12, part 4)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.services.nonconformities import (
    PlannedAction,
    nonconformity_analyse,
    nonconformity_plan,
)
from audits.services.reminders import action_reminders_send
from qms.models import Notification

TODAY = dt.date.today()


@pytest.fixture
def two_actions(nc, people):
    nonconformity_analyse(
        nc=nc, user=people["staff"], correction="", whys=["Vì"], root_cause="Gốc"
    )
    due = TODAY + dt.timedelta(days=2)
    nonconformity_plan(
        nc=nc,
        user=people["staff"],
        actions=[
            PlannedAction("Sửa biểu mẫu", people["staff"], due),
            PlannedAction("Tập huấn lại", people["staff"], due),
        ],
    )
    return nc


@pytest.mark.django_db
def test_the_owner_gets_one_digest_listing_both_actions(
    two_actions, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert action_reminders_send(on=TODAY) == 2

    sent = [m for m in mail.outbox if people["staff"].email in m.to]
    assert len(sent) == 1
    assert sent[0].subject.startswith("Hành động khắc phục cần theo dõi: 2 việc")
    assert "Sửa biểu mẫu" in sent[0].body and "Tập huấn lại" in sent[0].body
    twin = Notification.objects.get(recipient=people["staff"])
    assert twin.subject == sent[0].subject


@pytest.mark.django_db
def test_a_second_run_the_same_day_sends_nothing_in_few_queries(
    two_actions, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action_reminders_send(on=TODAY)
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as second:
        assert action_reminders_send(on=TODAY) == 0
    with CaptureQueriesContext(connection) as nothing_due:
        assert action_reminders_send(on=TODAY - dt.timedelta(days=10)) == 0

    assert mail.outbox == []
    assert len(second) <= 10
    assert len(second) == len(nothing_due)


@pytest.mark.django_db
def test_every_head_is_told_once_of_a_late_action(
    two_actions, people, django_capture_on_commit_callbacks
):
    late = TODAY + dt.timedelta(days=2 + 8)
    with django_capture_on_commit_callbacks(execute=True):
        # Two overdue notices to the owner, two escalations to the head.
        assert action_reminders_send(on=late) == 4
        assert action_reminders_send(on=late) == 0

    to_head = [m for m in mail.outbox if people["head"].email in m.to]
    assert len(to_head) == 1
    two_actions.refresh_from_db()
    assert two_actions.escalated_at is not None
    reasons = list(two_actions.history.values_list("history_change_reason", flat=True))
    assert "Báo cáo lãnh đạo: hành động quá hạn" in reasons
