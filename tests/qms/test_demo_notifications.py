"""Every e-mail the demo sends has its in-app twin (DESIGN: many desks read neither)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from audits.services.reminders import action_reminders_send
from documents.models import DocumentRelease
from documents.services.integrity import integrity_check_and_alert
from documents.services.reviews import review_reminders_send
from qms.models import Notification
from training.services.reminders import acknowledgment_reminders_send


def _twins_missing() -> list[str]:
    users = {u.email: u for u in get_user_model().objects.exclude(email="")}
    missing = []
    for message in mail.outbox:
        for address in message.to:
            user = users.get(address)
            if not Notification.objects.filter(
                recipient=user, subject=message.subject
            ).exists():
                missing.append(f"{address}: {message.subject}")
    return missing


@pytest.mark.django_db
def test_every_email_of_the_demo_has_its_in_app_twin(
    django_capture_on_commit_callbacks,
):
    """GIVEN the demo WHEN its daily and weekly senders run, now and in the weeks to come
    THEN each e-mail sent has a notification with the same subject for the same person."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
        today = timezone.localdate()
        for days in (0, 10, 40, 400):
            on = today + dt.timedelta(days=days)
            review_reminders_send(on=on)
            acknowledgment_reminders_send(on=on)
            action_reminders_send(on=on)
        release = DocumentRelease.objects.filter(superseded_at__isnull=True).first()
        DocumentRelease.objects.filter(pk=release.pk).update(
            pdf_status=DocumentRelease.PdfStatus.FAILED
        )
        assert not integrity_check_and_alert().ok

    kinds = {m.subject.split(":")[0] for m in mail.outbox}
    assert len(mail.outbox) >= 5, kinds  # reviews, readings, actions and the alert
    assert any("Kiểm tra toàn vẹn" in k for k in kinds)
    assert any("soát xét" in k for k in kinds)
    assert _twins_missing() == []


@pytest.mark.django_db
def test_the_demo_officer_finds_reminders_in_the_centre(client):
    call_command("seed_demo")
    congchuc = get_user_model().objects.get(username="congchuc")
    notices = Notification.objects.filter(recipient=congchuc, read_at__isnull=True)
    subjects = list(notices.values_list("subject", flat=True))
    assert any(s.startswith("Đề nghị đọc trước ngày") for s in subjects), subjects
    assert any(s.startswith("Hành động khắc phục quá hạn") for s in subjects), subjects
    for notice in notices:
        client.force_login(congchuc)
        target = client.get(notice.url)
        assert target.status_code == 200, notice.url
