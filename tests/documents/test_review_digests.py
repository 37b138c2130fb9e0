"""Periodic-review reminders as one digest per owner and day (issue 12, part 4)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import ProcedurePage, ReviewReminder
from documents.services.drafting import document_draft
from documents.services.reviews import review_reminders_send
from qms.models import Notification
from tests.documents.conftest import approve, birth_procedure


@pytest.fixture
def two_due(tree, draft):
    approve(draft, tree)
    second = document_draft(
        parent=tree["index"],
        page=birth_procedure(
            title="Quy trình đăng ký kết hôn", slug="qt-ht-02", code="QT-HT-02"
        ),
        user=tree["officer"],
    )
    approve(second, tree)
    due = dt.date.today() + dt.timedelta(days=10)
    ProcedurePage.objects.filter(live=True).update(next_review_date=due)
    return due


def _reviews(officer):
    return [m for m in mail.outbox if officer.email in m.to and "soát xét" in m.subject]


@pytest.mark.django_db
def test_the_owner_gets_one_digest_then_nothing_the_same_day(
    tree, two_due, django_capture_on_commit_callbacks
):
    on = dt.date.today()
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(on=on) == 2
    sent = _reviews(tree["officer"])
    assert len(sent) == 1
    assert "QT-HT-01" in sent[0].body and "QT-HT-02" in sent[0].body
    assert Notification.objects.filter(
        recipient=tree["officer"], subject=sent[0].subject
    ).exists()
    assert ReviewReminder.objects.count() == 2

    mail.outbox.clear()
    with CaptureQueriesContext(connection) as second:
        assert review_reminders_send(on=on) == 0
    assert mail.outbox == []
    assert len(second) <= 10

    # Overdue the day after the due date: a new digest.
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(on=two_due + dt.timedelta(days=1)) == 2
    assert len(_reviews(tree["officer"])) == 1
