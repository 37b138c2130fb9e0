"""qms.lib.notify: one e-mail from a template triplet and its in-app twin, once per event."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from qms.lib.notify import notify
from qms.models import Notification
from tests.factories import UserFactory

INTEGRITY = {
    "count": 2,
    "summary": "2 tệp đã kiểm tra.",
    "problems": ["Thiếu tệp a.pdf", "Thiếu tệp b.pdf"],
}


def _alert(users, **kwargs):
    return notify(
        recipients=users,
        template="integrity-alert",
        context=INTEGRITY,
        kind=Notification.Kind.REMINDER,
        **kwargs,
    )


@pytest.mark.django_db
def test_it_emails_on_commit_and_creates_the_in_app_twin_once(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="thuky@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        created = _alert(
            [user], event_key="test:1", target=reverse("wagtailadmin_home")
        )
        again = _alert([user], event_key="test:1", target=reverse("wagtailadmin_home"))

    assert [n.recipient for n in created] == [user]
    assert again == []
    notification = Notification.objects.get()
    assert notification.subject == "Kiểm tra toàn vẹn: 2 lỗi trong hồ sơ lưu trữ"
    assert "Thiếu tệp b.pdf" in notification.body
    assert notification.url == "/admin/"
    assert notification.emailed_at is not None
    [message] = mail.outbox
    assert message.to == ["thuky@example.vn"]
    assert message.subject == notification.subject
    assert "Thiếu tệp a.pdf" in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}/admin/" in message.body  # absolute link
    html = message.alternatives[0][0]
    assert "<li>Thiếu tệp a.pdf</li>" in html
    assert "Mở trong Một Cửa QMS" in html


@pytest.mark.django_db
def test_a_record_target_links_to_its_edit_screen_by_reverse():
    user = UserFactory()
    page = Page.objects.get(depth=2)
    [notification] = _alert([user], target=page)
    assert notification.url == reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.django_db
def test_without_an_event_key_every_call_notifies_and_without_address_no_mail(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        _alert([user])
        _alert([user])
    assert Notification.objects.filter(recipient=user).count() == 2
    assert mail.outbox == []


@pytest.mark.django_db
def test_one_recipient_already_told_does_not_stop_the_others(
    django_capture_on_commit_callbacks,
):
    first, second = UserFactory(email="a@example.vn"), UserFactory(email="b@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _alert([first], event_key="test:2")
        created = _alert([first, second], event_key="test:2")
    assert [n.recipient for n in created] == [second]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "b@example.vn"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_tells_no_one():
    user = UserFactory(email="thuky@example.vn")
    with pytest.raises(RuntimeError), transaction.atomic():
        _alert([user], event_key="test:3")
        raise RuntimeError
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_in_app_only_sends_no_mail_and_also_email_adds_addresses(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="moi@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _alert([user], email=False)
        _alert([user], also_email=["cu@example.vn"])
    assert Notification.objects.filter(recipient=user).count() == 2
    [message] = mail.outbox
    assert message.to == ["moi@example.vn", "cu@example.vn"]


@pytest.mark.django_db
def test_a_mail_server_down_keeps_the_change_and_the_in_app_notice(
    django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    user = UserFactory(email="thuky@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _alert([user], event_key="test:4")
    notification = Notification.objects.get(recipient=user)
    assert notification.emailed_at is None
