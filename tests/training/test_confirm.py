"""Confirming "Đã đọc và hiểu" with the password, and the optional quiz (ES-01, ES-04)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import PASSWORD
from tests.training.conftest import new_release
from training.models import Acknowledgment, Quiz, QuizAttempt, QuizQuestion
from training.services.acknowledge import acknowledgment_confirm, quiz_attempt_submit
from training.services.assignments import release_assign


@pytest.fixture
def assigned(tree, readers, distributed):
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    reader = readers["inside"][0]
    return Acknowledgment.objects.get(release=release, staff=reader)


@pytest.fixture
def quiz(distributed):
    quiz = Quiz(page=distributed, pass_mark=100)
    quiz.questions = [
        QuizQuestion(
            text="Thời hạn tiếp nhận hồ sơ?",
            choices="2 giờ\n1 ngày\n3 ngày",
            correct_choice=1,
        )
    ]
    quiz.save()
    return quiz


@pytest.mark.django_db
def test_wrong_password_signs_nothing(assigned, caplog):
    with pytest.raises(PermissionDenied):
        acknowledgment_confirm(
            acknowledgment_id=assigned.pk, user=assigned.staff.user, password="sai"
        )
    assigned.refresh_from_db()
    assert assigned.status == Acknowledgment.Status.PENDING
    assert assigned.signed_at is None
    assert "Failed acknowledgment signature" in caplog.text


@pytest.mark.django_db
def test_nobody_confirms_for_someone_else(assigned, readers):
    other = readers["inside"][1].user
    with pytest.raises(PermissionDenied):
        acknowledgment_confirm(
            acknowledgment_id=assigned.pk, user=other, password=PASSWORD
        )
    assigned.refresh_from_db()
    assert assigned.status == Acknowledgment.Status.PENDING


@pytest.mark.django_db
def test_confirm_records_time_ip_browser_and_release_hash(assigned):
    ack = acknowledgment_confirm(
        acknowledgment_id=assigned.pk,
        user=assigned.staff.user,
        password=PASSWORD,
        ip="10.0.0.7",
        user_agent="Mozilla/5.0 Test",
    )
    assert ack.status == Acknowledgment.Status.ACKNOWLEDGED
    assert ack.signed_at.tzinfo is not None
    assert ack.signed_hash == ack.release.content_hash
    assert (ack.signed_ip, ack.signed_user_agent) == ("10.0.0.7", "Mozilla/5.0 Test")
    assert ack.history.first().history_change_reason == "Đã đọc và hiểu"
    with pytest.raises(ValidationError):
        acknowledgment_confirm(
            acknowledgment_id=ack.pk, user=ack.staff.user, password=PASSWORD
        )


@pytest.mark.django_db
def test_quiz_must_be_passed_first_and_attempts_are_kept(assigned, quiz):
    user = assigned.staff.user
    with pytest.raises(ValidationError):
        acknowledgment_confirm(
            acknowledgment_id=assigned.pk, user=user, password=PASSWORD
        )
    question = quiz.questions.get()
    failed = quiz_attempt_submit(
        acknowledgment_id=assigned.pk, user=user, answers={question.pk: 2}
    )
    assert (failed.score, failed.passed) == (0, False)
    passed = quiz_attempt_submit(
        acknowledgment_id=assigned.pk, user=user, answers={question.pk: 1}
    )
    assert (passed.score, passed.passed) == (100, True)
    acknowledgment_confirm(acknowledgment_id=assigned.pk, user=user, password=PASSWORD)
    assert QuizAttempt.objects.filter(acknowledgment=assigned).count() == 2


@pytest.mark.django_db
def test_my_tasks_screen_reads_and_confirms(client, assigned):
    user = assigned.staff.user
    client.force_login(user)
    listing = client.get(reverse("training_my_tasks"))
    assert listing.status_code == 200
    assert assigned.release.code in listing.content.decode()
    url = reverse("training_acknowledgment", args=[assigned.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert (
        "Đã đọc và hiểu" in page.content.decode()
        or "đọc và hiểu" in page.content.decode()
    )
    wrong = client.post(url, {"action": "confirm", "password": "sai"})
    assert wrong.status_code == 200
    assert "Mật khẩu không đúng" in wrong.content.decode()
    ok = client.post(
        url,
        {"action": "confirm", "password": PASSWORD},
        HTTP_USER_AGENT="Chromium Test",
        REMOTE_ADDR="127.0.0.9",
    )
    assert ok.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == Acknowledgment.Status.ACKNOWLEDGED
    assert (assigned.signed_ip, assigned.signed_user_agent) == (
        "127.0.0.9",
        "Chromium Test",
    )


@pytest.mark.django_db
def test_someone_elses_assignment_is_not_found(client, assigned, readers):
    client.force_login(readers["inside"][1].user)
    url = reverse("training_acknowledgment", args=[assigned.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"action": "confirm", "password": PASSWORD}).status_code == 404
    )


@pytest.mark.django_db
def test_signed_reading_appears_in_the_admin_log(assigned):
    """Before, signing kept history but never reached Wagtail's log of the admin."""
    from wagtail.models import ModelLogEntry

    reader = assigned.staff.user
    acknowledgment_confirm(
        acknowledgment_id=assigned.pk, user=reader, password=PASSWORD
    )
    entry = ModelLogEntry.objects.get(
        content_type__model="acknowledgment", object_id=str(assigned.pk)
    )
    assert (entry.action, entry.user_id) == (
        "training.acknowledgment.confirm",
        reader.pk,
    )
    assert entry.message == "Đã đọc và hiểu"
