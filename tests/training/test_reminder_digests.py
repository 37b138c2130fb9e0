"""Reading reminders go out as one digest per person and day (issue 12, part 4)."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.services.drafting import document_draft
from qms.lib import digest
from qms.models import Notification
from tests.documents.conftest import birth_procedure
from tests.training.conftest import new_release
from training.models import Acknowledgment, AcknowledgmentNotice
from training.services.assignments import release_assign
from training.services.reminders import acknowledgment_reminders_send


@pytest.fixture
def two_to_read(tree, unit, readers, distributed):
    """Two releases distributed to the unit: each of its three readers has two to read."""
    second = document_draft(
        parent=tree["index"],
        page=birth_procedure(
            title="Quy trình đăng ký kết hôn", slug="qt-ht-02", code="QT-HT-02"
        ),
        user=tree["officer"],
    )
    second = second.get_latest_revision_as_object()
    second.distribution_units = [unit]
    second.save_revision(user=tree["officer"])
    for page in (distributed, second):
        release_assign(release_id=new_release(page, tree, "").pk)
    acks = Acknowledgment.objects.filter(status=Acknowledgment.Status.PENDING)
    assert acks.count() == 6
    return readers["inside"], acks.first().due_date


def _digests(people):
    emails = {p.user.email for p in people}
    return [m for m in mail.outbox if set(m.to) & emails]


@pytest.mark.django_db
def test_first_run_sends_one_digest_per_person_with_all_their_items(
    two_to_read, django_capture_on_commit_callbacks
):
    """GIVEN three readers with two documents each due in three days WHEN the daily job
    runs THEN each reader gets one e-mail listing both documents (ISO 9001:2015 7.3)."""
    people, due = two_to_read
    with django_capture_on_commit_callbacks(execute=True):
        assert acknowledgment_reminders_send(on=due - dt.timedelta(days=3)) == 6

    sent = _digests(people)
    assert sorted(m.to[0] for m in sent) == sorted(p.user.email for p in people)
    for message in sent:
        assert message.subject == (
            f"Đọc và xác nhận tài liệu: 2 việc ({due - dt.timedelta(days=3):%d/%m/%Y})"
        )
        assert "QT-HT-01" in message.body and "QT-HT-02" in message.body
        html = message.alternatives[0][0]
        assert html.count("<li>") == 2
    assert AcknowledgmentNotice.objects.count() == 6


@pytest.mark.django_db
def test_every_digest_has_its_in_app_twin(
    two_to_read, django_capture_on_commit_callbacks
):
    people, due = two_to_read
    with django_capture_on_commit_callbacks(execute=True):
        acknowledgment_reminders_send(on=due - dt.timedelta(days=3))

    for message in _digests(people):
        twin = Notification.objects.get(
            recipient__email=message.to[0], subject=message.subject
        )
        assert "QT-HT-01" in twin.body and "QT-HT-02" in twin.body
        assert twin.emailed_at is not None
    assert Notification.objects.filter(kind="reminder").count() == 3


@pytest.mark.django_db
def test_a_second_run_the_same_day_sends_nothing_in_constant_queries(
    two_to_read, django_capture_on_commit_callbacks
):
    _people, due = two_to_read
    on = due - dt.timedelta(days=3)
    with CaptureQueriesContext(connection) as nothing_due:
        assert acknowledgment_reminders_send(on=due - dt.timedelta(days=10)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        acknowledgment_reminders_send(on=on)
    mail.outbox.clear()

    with CaptureQueriesContext(connection) as second:
        assert acknowledgment_reminders_send(on=on) == 0

    assert mail.outbox == []
    assert len(second) <= 10
    # As many as when nothing at all is due: the notified items are never read again.
    assert len(second) == len(nothing_due)


@pytest.mark.django_db
def test_the_next_day_a_newly_due_item_makes_a_new_digest(
    two_to_read, django_capture_on_commit_callbacks
):
    people, due = two_to_read
    with django_capture_on_commit_callbacks(execute=True):
        acknowledgment_reminders_send(on=due - dt.timedelta(days=3))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert acknowledgment_reminders_send(on=due - dt.timedelta(days=2)) == 0
        # Overdue the day after the due date: a new kind of notice, a new digest.
        assert acknowledgment_reminders_send(on=due + dt.timedelta(days=1)) == 6

    sent = _digests(people)
    assert len(sent) == 3
    assert all(m.subject.startswith("Đọc và xác nhận tài liệu: 2 việc") for m in sent)


@pytest.mark.django_db
def test_a_person_told_today_waits_until_tomorrow_for_new_items(
    two_to_read, django_capture_on_commit_callbacks
):
    """One digest per person and day: what becomes due after it goes into the next one."""
    people, due = two_to_read
    on = due - dt.timedelta(days=3)
    reader = people[0]
    later = Acknowledgment.objects.filter(staff=reader).order_by("pk").last()
    AcknowledgmentNotice.objects.filter(acknowledgment=later).delete()
    Acknowledgment.objects.filter(pk=later.pk).update(due_date=due + dt.timedelta(3))
    with django_capture_on_commit_callbacks(execute=True):
        assert acknowledgment_reminders_send(on=on) == 5
        Acknowledgment.objects.filter(pk=later.pk).update(due_date=due)
        assert acknowledgment_reminders_send(on=on) == 0  # told today already
        assert acknowledgment_reminders_send(on=on + dt.timedelta(days=1)) == 1

    assert len([m for m in mail.outbox if reader.user.email in m.to]) == 2


@pytest.mark.django_db
def test_all_digests_leave_over_one_connection_in_chunks(
    two_to_read, monkeypatch, django_capture_on_commit_callbacks
):
    _people, due = two_to_read
    monkeypatch.setattr(digest, "CHUNK_SIZE", 2)
    real = digest.get_connection
    opened = []

    def counting_connection():
        conn = real()
        conn.send_messages = mock.Mock(wraps=conn.send_messages)
        opened.append(conn)
        return conn

    monkeypatch.setattr(digest, "get_connection", counting_connection)
    with django_capture_on_commit_callbacks(execute=True):
        acknowledgment_reminders_send(on=due - dt.timedelta(days=3))

    assert len(opened) == 1
    batches = [len(c.args[0]) for c in opened[0].send_messages.call_args_list]
    assert batches == [2, 1]


@pytest.mark.django_db
def test_a_run_stops_at_its_time_budget_and_queues_the_rest(
    two_to_read, monkeypatch, django_capture_on_commit_callbacks
):
    people, due = two_to_read
    monkeypatch.setattr(digest, "CHUNK_SIZE", 1)
    with (
        mock.patch("training.services.reminders.enqueue_on_commit") as requeue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        # A budget spent at once: one chunk (one person) still goes, the rest waits.
        assert acknowledgment_reminders_send(on=due - dt.timedelta(3), budget_s=0) == 2
    requeue.assert_called_once()
    assert len(_digests(people)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert acknowledgment_reminders_send(on=due - dt.timedelta(days=3)) == 4
    assert len(_digests(people)) == 3


@pytest.mark.django_db
def test_escalations_still_go_to_the_unit_head(
    two_to_read, unit, tree, django_capture_on_commit_callbacks
):
    from tests.factories import StaffProfileFactory

    people, due = two_to_read
    head = StaffProfileFactory(agency=tree["agency"], receiving_unit=unit)
    unit.head = head
    unit.save()
    Acknowledgment.objects.filter(staff=head).delete()
    with django_capture_on_commit_callbacks(execute=True):
        # Eight days late: each reader's overdue notices, and the head's escalations.
        assert acknowledgment_reminders_send(on=due + dt.timedelta(days=8)) == 12

    to_head = [m for m in mail.outbox if head.user.email in m.to]
    assert len(to_head) == 1
    assert "6 việc" in to_head[0].subject
    for person in people:
        assert person.full_name in to_head[0].body
