"""Measurement reminders (once per period and person), My work, and the review inputs."""

import datetime as dt

import pytest
from django.core import mail

from performance.models import Measurement, MeasurementReminder
from performance.my_work import my_work_measurements_due
from performance.reminders import measurement_reminders_send
from performance.services import measurement_record
from performance.wagtail_hooks import objectives_review_inputs
from qms.lib.review_inputs import collect
from qms.models import Notification
from tests.performance.conftest import FEB, JAN

pytestmark = pytest.mark.django_db


def _record(objective, period, value):
    return measurement_record(
        objective=objective,
        period_start=period[0],
        period_end=period[1],
        value=value,
        source=Measurement.Source.ENTERED,
        user=None,
    )


def test_the_owner_is_reminded_once_when_a_period_ends_unmeasured(
    approved, people, django_capture_on_commit_callbacks
):
    people["officer"].email = "thuky-p@example.vn"
    people["officer"].save()
    on = dt.date(2026, 3, 2)  # February ended on the 28th, nothing measured
    with django_capture_on_commit_callbacks(execute=True):
        assert measurement_reminders_send(on=on) == 1
    notice = Notification.objects.get(recipient=people["officer"])
    assert "28/02/2026" in notice.subject
    assert [m.to for m in mail.outbox] == [["thuky-p@example.vn"]]
    assert MeasurementReminder.objects.filter(period_end=FEB[1]).exists()
    assert measurement_reminders_send(on=on) == 0  # same day: nothing new
    assert measurement_reminders_send(on=dt.date(2026, 3, 3)) == 0  # same period
    assert Notification.objects.filter(recipient=people["officer"]).count() == 1


def test_a_measured_period_and_a_draft_remind_nobody(objective, approved, people):
    _record(approved, FEB, "99")
    assert measurement_reminders_send(on=dt.date(2026, 3, 2)) == 0
    assert not Notification.objects.exists()


def test_my_work_lists_the_owners_missing_measurement(approved, people, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 3, 2))
    groups = my_work_measurements_due(people["officer"])
    assert [g["count"] for g in groups] == [1]
    assert groups[0]["items"][0]["due"] == FEB[1]
    assert my_work_measurements_due(people["head"]) == []
    _record(approved, FEB, "99")
    assert my_work_measurements_due(people["officer"]) == []


def test_the_review_inputs_report_achievement_and_results(
    approved, other_agency, django_assert_max_num_queries
):
    _record(approved, JAN, "99")
    _record(approved, FEB, "90")  # 98 target: missed
    with django_assert_max_num_queries(2):  # this app's part of the pack
        inputs = objectives_review_inputs(
            other_agency, dt.date(2026, 1, 1), dt.date(2026, 10, 31)
        )
    by_clause = {i.clause: i for i in inputs if i.clause in ("c2", "c5")}
    c2, c5 = by_clause["c2"], by_clause["c5"]
    assert "01/01/2026" in c2.data_range and "31/10/2026" in c2.data_range
    assert len(c2.table) == 2 and c2.table[1][0] == approved.text
    assert c2.table[1][5] == "1"  # one period missed
    assert len(c2.charts) == 1 and c2.charts[0].points
    assert len(c5.table) == 3
    assert "1" in c5.summary[0]
    other = objectives_review_inputs(
        other_agency, dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )
    assert [i.table for i in other] == [[], []]
    gathered = collect(other_agency, dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    assert c2.title in {i.title for i in gathered}  # with the other apps' sections
