"""The deadline reminder: heads and ISO secretaries of agencies that have not submitted."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from qms.models import Notification
from reporting.reminders import DIGEST, deadline_reminders_send

pytestmark = pytest.mark.django_db


def _told(on):
    return set(
        Notification.objects.filter(event_key=f"{DIGEST}:{on.isoformat()}").values_list(
            "recipient__username", flat=True
        )
    )


def _people(agency_name):
    return set(
        get_user_model()
        .objects.filter(
            staff_profile__agency__name=agency_name,
            groups__name__in=["Lãnh đạo", "Thư ký ISO"],
        )
        .values_list("username", flat=True)
    )


def test_reminded_once_a_day_until_submitted(demo):
    due = dt.date(2025, 12, 15)  # the default due date of the 2025 report
    assert deadline_reminders_send(on=dt.date(2025, 11, 1)) == 0  # too early
    on = due - dt.timedelta(days=2)
    sent = deadline_reminders_send(on=on)
    told = _told(on)
    # Tân Hưng has only a draft: reminded; Phố Hiến and Sở Tư pháp submitted: not.
    assert _people("UBND xã Tân Hưng") <= told
    assert not told & (
        _people("UBND phường Phố Hiến") | _people("Sở Tư pháp tỉnh Hưng Yên")
    )
    assert "congchuc" not in told and "giamsat" not in told
    assert sent == len(told)
    # Once a day: a second run the same day sends nothing; the next day reminds again.
    assert deadline_reminders_send(on=on) == 0
    assert len(_told(on)) == len(told)
    assert deadline_reminders_send(on=on + dt.timedelta(days=1)) == sent


def test_the_daily_task_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reporting.tasks.send_report_deadline_reminders" in tasks
