"""Objectives' services: who drafts, changes and approves; measurements are idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from performance.models import Measurement, QualityObjective
from performance.services import (
    SIGN_FAILED,
    measurement_record,
    objective_approve,
    objective_change,
)
from qms.exceptions import TransitionError
from tests.performance.conftest import FEB, JAN, PASSWORD, draft

pytestmark = pytest.mark.django_db


def _record(objective, user, value="97.5", period=JAN, **kwargs):
    return measurement_record(
        objective=objective,
        period_start=period[0],
        period_end=period[1],
        value=value,
        source=kwargs.pop("source", Measurement.Source.ENTERED),
        user=user,
        **kwargs,
    )


def test_a_draft_is_recorded_with_history(objective, people):
    assert objective.status == QualityObjective.Status.DRAFT
    entry = objective.history.get()
    assert entry.history_user == people["officer"]
    assert entry.history_change_reason


def test_another_agencys_officer_and_staff_may_not_draft(other_agency, on_time, people):
    for who in ("outsider", "staff", "supervisor"):
        with pytest.raises(PermissionDenied):
            draft(other_agency, on_time, people[who])
    assert not QualityObjective.objects.exists()


def test_a_wrong_password_approves_nothing_and_is_logged(objective, people):
    with pytest.raises(PermissionDenied):
        objective_approve(objective=objective, user=people["head"], password="sai")
    objective.refresh_from_db()
    assert objective.status == QualityObjective.Status.DRAFT
    assert ModelLogEntry.objects.filter(
        action=SIGN_FAILED, user_id=people["head"].pk
    ).exists()


def test_the_head_approves_with_the_password(objective, people):
    approved = objective_approve(
        objective=objective, user=people["head"], password=PASSWORD, reason="Đồng ý"
    )
    assert approved.status == QualityObjective.Status.APPROVED
    assert approved.approved_by == people["head"]
    latest = approved.history.latest()
    assert latest.history_user == people["head"]
    assert "Đồng ý" in latest.history_change_reason
    with pytest.raises(TransitionError):
        objective_approve(objective=objective, user=people["head"], password=PASSWORD)


def test_only_the_agencys_head_approves(objective, people):
    for who in ("officer", "outside_head", "supervisor"):
        with pytest.raises(PermissionDenied):
            objective_approve(objective=objective, user=people[who], password=PASSWORD)
    objective.refresh_from_db()
    assert objective.status == QualityObjective.Status.DRAFT


def test_a_change_needs_a_reason_and_keeps_the_approval(approved, people):
    with pytest.raises(ValidationError):
        objective_change(
            objective=approved,
            user=people["officer"],
            reason=" ",
            changes={"target": Decimal("99")},
        )
    with pytest.raises(ValidationError):
        objective_change(
            objective=approved,
            user=people["officer"],
            reason="x",
            changes={"status": "draft"},
        )
    changed = objective_change(
        objective=approved,
        user=people["officer"],
        reason="Chỉ tiêu của tỉnh tăng",
        changes={"target": Decimal("99")},
    )
    assert changed.target == Decimal("99")
    assert changed.status == QualityObjective.Status.APPROVED
    assert "Chỉ tiêu của tỉnh tăng" in changed.history.latest().history_change_reason
    with pytest.raises(PermissionDenied):
        objective_change(
            objective=approved,
            user=people["outsider"],
            reason="x",
            changes={"target": Decimal("1")},
        )


def test_a_draft_is_not_measured(objective, people):
    with pytest.raises(TransitionError):
        _record(objective, people["officer"])
    assert not Measurement.objects.exists()


def test_measuring_the_same_period_again_updates_it_with_history(approved, people):
    first = _record(approved, people["officer"], "97.5", note="Tháng 1")
    again = _record(approved, people["officer"], "97,5", note="Tháng 1")
    assert again.pk == first.pk
    assert first.history.count() == 1  # the same figure changes nothing
    updated = _record(
        approved, None, "98.2", source=Measurement.Source.IMPORTED, note="Tháng 1"
    )
    assert updated.pk == first.pk
    assert Measurement.objects.count() == 1
    assert updated.value == Decimal("98.20")
    assert updated.source == Measurement.Source.IMPORTED
    assert updated.history.count() == 2
    assert "97.50" in updated.history.latest().history_change_reason
    _record(approved, people["head"], "99", period=FEB)
    assert Measurement.objects.count() == 2


def test_a_measurement_must_be_a_period_of_the_objective(approved, people):
    for start, end in (
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),  # a quarter of a monthly objective
        (dt.date(2025, 1, 1), dt.date(2025, 1, 31)),  # another year
    ):
        with pytest.raises(ValidationError):
            _record(approved, people["officer"], period=(start, end))
    with pytest.raises(ValidationError):
        _record(approved, people["officer"], value="nhiều")
    with pytest.raises(ValidationError):
        _record(approved, people["officer"], source="guessed")
    with pytest.raises(PermissionDenied):
        _record(approved, people["outsider"])
    assert not Measurement.objects.exists()


def test_the_frequency_is_fixed_once_measured(approved, people):
    objective_change(
        objective=approved,
        user=people["officer"],
        reason="Đo theo quý",
        changes={"frequency": "quarter"},
    )
    approved.refresh_from_db()
    _record(approved, people["officer"], period=(JAN[0], dt.date(2026, 3, 31)))
    with pytest.raises(ValidationError):
        objective_change(
            objective=approved,
            user=people["officer"],
            reason="Đo lại theo tháng",
            changes={"frequency": "month"},
        )
    approved.refresh_from_db()
    assert approved.frequency == "quarter"
