"""Daily follow-up of corrective actions: 3 days before, overdue, escalation after 7 days."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from audits.models import ActionReminder, Nonconformity
from audits.services.nonconformities import (
    PlannedAction,
    nonconformity_analyse,
    nonconformity_plan,
)
from audits.services.reminders import action_reminders_send
from qms.models import Notification

TODAY = dt.date.today()


@pytest.fixture
def planned(nc, people):
    nonconformity_analyse(
        nc=nc, user=people["staff"], correction="", whys=["Vì"], root_cause="Gốc"
    )
    nonconformity_plan(
        nc=nc,
        user=people["staff"],
        actions=[PlannedAction("Sửa", people["staff"], TODAY + dt.timedelta(days=3))],
    )
    return nc.actions.get()


@pytest.mark.django_db
def test_owner_is_reminded_three_days_before_once(planned, people):
    assert action_reminders_send(on=TODAY) == 1
    assert action_reminders_send(on=TODAY) == 0  # idempotent
    assert (
        action_reminders_send(on=TODAY - dt.timedelta(days=1)) == 0
    )  # not yet in window
    note = Notification.objects.get(recipient=people["staff"])
    assert planned.nonconformity.code in note.subject


@pytest.mark.django_db
def test_overdue_then_escalated_to_the_head(
    planned, people, django_capture_on_commit_callbacks
):
    due = planned.due_date
    with django_capture_on_commit_callbacks(execute=True):
        action_reminders_send(on=due + dt.timedelta(days=1))
    assert ActionReminder.objects.filter(kind="overdue").count() == 1
    assert not Notification.objects.filter(recipient=people["head"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_reminders", stdout=io.StringIO())
        action_reminders_send(on=due + dt.timedelta(days=8))
    assert Notification.objects.filter(recipient=people["head"]).count() == 1
    planned.nonconformity.refresh_from_db()
    assert planned.nonconformity.escalated_at is not None
    assert any(people["head"].email in m.to for m in mail.outbox)


@pytest.mark.django_db
def test_overdue_panel_on_the_dashboard(client, planned, people):
    action_reminders_send(on=TODAY)
    planned.due_date = TODAY - dt.timedelta(days=2)
    planned.save()
    client.force_login(people["officer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Overdue nonconformities" in html or "SKPH quá hạn" in html
    assert planned.nonconformity.code in html
    client.force_login(people["outsider_officer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert planned.nonconformity.code not in html
    assert Nonconformity.objects.count() == 1
