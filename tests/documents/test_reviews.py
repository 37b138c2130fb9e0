"""Periodic review reminders (ISO 9001:2015 7.5.2): once before the due date, once overdue."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from documents.models import ProcedurePage, ReviewReminder
from documents.services.reviews import review_reminders_send
from qms.models import Notification
from tests.documents.conftest import approve


@pytest.mark.django_db
def test_owner_is_reminded_once_before_and_once_after_the_due_date(
    tree, draft, django_capture_on_commit_callbacks
):
    page = approve(draft, tree)
    due = ProcedurePage.objects.get(pk=page.pk).next_review_date
    assert due is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(on=due - dt.timedelta(days=40)) == 0
        assert review_reminders_send(on=due - dt.timedelta(days=20)) == 1
        assert (
            review_reminders_send(on=due - dt.timedelta(days=10)) == 0
        )  # already reminded
        assert review_reminders_send(on=due + dt.timedelta(days=1)) == 1
        call_command("send_review_reminders")  # today: not due yet, sends nothing
    assert ReviewReminder.objects.filter(page=page).count() == 2
    assert (
        Notification.objects.filter(recipient=tree["officer"], kind="reminder").count()
        == 2
    )
    reminders = [
        m for m in mail.outbox if "soát xét" in m.subject
    ]  # Wagtail also mails workflow news
    assert len(reminders) == 2
    assert "QT-HT-01" in reminders[0].subject


@pytest.mark.django_db
def test_dashboard_panel_lists_documents_due(client, tree, draft):
    page = approve(draft, tree)
    ProcedurePage.objects.filter(pk=page.pk).update(next_review_date=dt.date.today())
    client.force_login(tree["officer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tài liệu đến hạn xem xét" in html
    assert "QT-HT-01" in html
    client.force_login(tree["outsider"])
    assert "QT-HT-01" not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_dashboard_panel_is_bounded_and_links_to_the_rest(
    client, tree, draft, django_assert_max_num_queries
):
    """Issue 12: a supervisor's panel listed 671 rows; it now shows a few and counts the rest,
    with a query count that does not grow with the number due."""
    from documents.selectors import review_due_extract
    from documents.wagtail_hooks import ReviewDuePanel

    page = approve(draft, tree)
    ProcedurePage.objects.filter(pk=page.pk).update(next_review_date=dt.date.today())
    today = dt.date.today()
    rows, total = review_due_extract(on=today, within_days=30, agency_ids=None, limit=0)
    assert rows == [] and total == 1
    rows, total = review_due_extract(on=today, within_days=30, agency_ids=None)
    assert [p.pk for p in rows] == [page.pk] and total == 1
    with django_assert_max_num_queries(6):  # two per document type, whatever is due
        review_due_extract(on=today, within_days=30, agency_ids=None)
    html = ReviewDuePanel(rows, total=12).render_html({})
    link = reverse("documents_master_list") + "?status=review_due"
    assert link in html and "12" in html
    client.force_login(tree["officer"])
    assert "QT-HT-01" in client.get(link).content.decode()
