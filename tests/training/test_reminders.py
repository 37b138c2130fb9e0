"""Reminders 3 days before, overdue notice, escalation to the unit head after 7 days."""

import datetime as dt

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from qms.models import Notification
from tests.factories import StaffProfileFactory
from tests.training.conftest import new_release
from training.models import Acknowledgment, AcknowledgmentNotice
from training.services.assignments import release_assign
from training.services.reminders import acknowledgment_reminders_send

Kind = AcknowledgmentNotice.Kind


@pytest.fixture
def one_pending(tree, unit, readers, distributed):
    head = StaffProfileFactory(agency=tree["agency"], receiving_unit=unit)
    head.user.email = "truong-bo-phan@example.vn"
    head.user.save()
    unit.head = head
    unit.save()
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    # Only one assignment in the test: the others are read already or belong to the head.
    reader = readers["inside"][0]
    Acknowledgment.objects.filter(release=release).exclude(staff=reader).delete()
    return Acknowledgment.objects.get(release=release, staff=reader), head


@pytest.mark.django_db
def test_reminder_overdue_and_escalation_each_sent_once(
    one_pending, mailoutbox, django_capture_on_commit_callbacks
):
    ack, head = one_pending
    due = ack.due_date
    assert acknowledgment_reminders_send(on=due - dt.timedelta(days=4)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert acknowledgment_reminders_send(on=due - dt.timedelta(days=3)) == 1
        assert acknowledgment_reminders_send(on=due - dt.timedelta(days=2)) == 0
        assert acknowledgment_reminders_send(on=due + dt.timedelta(days=1)) == 1
        assert acknowledgment_reminders_send(on=due + dt.timedelta(days=6)) == 0
        assert acknowledgment_reminders_send(on=due + dt.timedelta(days=7)) == 1
        assert acknowledgment_reminders_send(on=due + dt.timedelta(days=30)) == 0
    notices = dict(
        AcknowledgmentNotice.objects.filter(acknowledgment=ack).values_list(
            "kind", "recipient_id"
        )
    )
    reader_user = ack.staff.user_id
    assert notices == {
        Kind.DUE_SOON: reader_user,
        Kind.OVERDUE: reader_user,
        Kind.ESCALATED: head.user_id,
    }
    escalation = Notification.objects.get(recipient=head.user)
    assert escalation.subject.startswith("Báo cáo lãnh đạo")
    assert ack.staff.full_name in escalation.body
    ours = {
        m.subject.split(":")[0]: m.to for m in mailoutbox if "QT-HT-01" in m.subject
    }
    assert ours["Báo cáo lãnh đạo"] == [head.user.email]
    assert ours["Quá hạn"] == [ack.staff.user.email]
    assert ours[f"Đề nghị đọc trước ngày {due:%d/%m/%Y}"] == [ack.staff.user.email]


@pytest.mark.django_db
def test_confirmed_documents_get_no_reminder(one_pending):
    ack, _head = one_pending
    Acknowledgment.objects.filter(pk=ack.pk).update(status="cancelled")
    assert acknowledgment_reminders_send(on=ack.due_date + dt.timedelta(days=10)) == 0


@pytest.mark.django_db
def test_management_command_runs_the_same_service(one_pending, capsys):
    ack, _head = one_pending
    with freeze_time(ack.due_date + dt.timedelta(days=8)):
        call_command("send_acknowledgment_reminders")
    assert capsys.readouterr().out.strip() == "2"
