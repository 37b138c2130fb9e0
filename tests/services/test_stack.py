"""The same code on PostgreSQL + Redis + a Celery worker, as an operator deploys it."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, connection, transaction

from qms import services
from qms.models import Agency, Notification, StaffProfile
from qms.roles import Role
from qms.tasks import send_welcome_email
from tests.factories import AgencyFactory, PositionFactory


def _wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db
def test_database_is_postgresql(require_services):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


@pytest.mark.django_db
def test_postgresql_enforces_the_date_order_constraint(require_services):
    """Even a bulk update that skips the services cannot store valid_to < valid_from."""
    agency = AgencyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.filter(pk=agency.pk).update(valid_to=dt.date(2000, 1, 1))


def _new_staff(**kwargs):
    return services.staff_create(
        username="ctv.redis",
        email="ctv.redis@example.vn",
        full_name="Vũ Thị Hà",
        agency=AgencyFactory(name="UBND phường Phố Hiến"),
        position=PositionFactory(),
        service_start=dt.date(2020, 1, 1),
        roles=[Role.STAFF],
        **kwargs,
    )


def test_welcome_email_goes_through_redis_and_a_worker(celery_worker):
    """Creating an account enqueues on commit; a real worker, not the caller, sends the e-mail."""
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    profile = _new_staff()  # commits: transactional test, no surrounding atomic block
    assert _wait_for(lambda: len(mail.outbox) == 1), (
        "the worker never sent the welcome e-mail"
    )
    assert "Tài khoản của bạn đã được tạo" in mail.outbox[0].subject
    # The e-mail leaves inside the worker's transaction; the timestamp is visible on commit.
    assert _wait_for(
        lambda: StaffProfile.objects.filter(
            pk=profile.pk, welcome_sent_at__isnull=False
        ).exists()
    )
    assert (
        Notification.objects.filter(recipient=profile.user, kind="welcome").count() == 1
    )


def test_task_result_comes_back_from_the_worker_through_redis(celery_worker):
    profile = _new_staff(send_welcome=False)
    result = send_welcome_email.delay(profile.pk)
    outcome = result.get(timeout=30)
    assert outcome["eager"] is False
    assert outcome["hostname"]  # the worker's node name
    assert outcome["sent"] is True


def test_a_task_delivered_twice_sends_once(celery_worker):
    """RL-02: two deliveries of the same message have one effect."""
    profile = _new_staff(send_welcome=False)
    first, second = (
        send_welcome_email.delay(profile.pk),
        send_welcome_email.delay(profile.pk),
    )
    outcomes = [first.get(timeout=30), second.get(timeout=30)]
    assert sorted(o["sent"] for o in outcomes) == [False, True]
    assert len(mail.outbox) == 1
