"""Objectives' rules: the seeded catalogue, status both directions, periods, constraints."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from performance.models import Indicator, Measurement, QualityObjective
from performance.services import period_bounds
from performance.status import Status, status_of

H, L = Indicator.Direction.HIGHER, Indicator.Direction.LOWER


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("98", Status.ON_TRACK),
        ("99.5", Status.ON_TRACK),
        ("95", Status.AT_RISK),  # 3 below a 98 target: within 5 % of it (4,9)
        ("93.1", Status.AT_RISK),
        ("93", Status.MISSED),
    ],
)
def test_higher_is_better(value, status):
    assert status_of(Decimal(value), Decimal("98"), H) == status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("5", Status.ON_TRACK),
        ("0", Status.ON_TRACK),
        ("5.25", Status.AT_RISK),  # 5 % of 5 = 0,25 over
        ("5.26", Status.MISSED),
        ("9", Status.MISSED),
    ],
)
def test_lower_is_better(value, status):
    assert status_of(Decimal(value), Decimal("5"), L) == status


def test_a_zero_target_has_no_margin_and_nothing_measured_has_no_status():
    assert status_of(Decimal("0"), Decimal("0"), L) == Status.ON_TRACK
    assert status_of(Decimal("0.01"), Decimal("0"), L) == Status.MISSED
    assert status_of(None, Decimal("98"), H) is None


def test_periods_follow_the_frequency():
    assert period_bounds("month", 2028, 2) == (
        dt.date(2028, 2, 1),
        dt.date(2028, 2, 29),
    )
    assert period_bounds("quarter", 2026, 4) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    assert period_bounds("year", 2026, 1) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )


@pytest.mark.django_db
def test_the_catalogue_is_seeded_with_one_stop_and_qd766_indicators():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {
        "mot-cua-dung-han",
        "mot-cua-truoc-han",
        "mot-cua-so-tre-han",
        "mot-cua-xin-loi",
        "mot-cua-truc-tuyen",
        "mot-cua-hai-long",
    } <= codes
    qd766 = Indicator.objects.filter(code__startswith="qd766-")
    assert qd766.count() >= 5
    for indicator in qd766:
        assert "Quyết định 766/QĐ-TTg ngày 23/6/2022" in indicator.source
        assert "chưa đối chiếu" in indicator.source  # says what is not verified
    metrics = set(
        Indicator.objects.exclude(dossier_metric="").values_list(
            "dossier_metric", flat=True
        )
    )
    assert metrics == set(Indicator.DossierMetric.values)


@pytest.mark.django_db
def test_an_approved_objective_must_name_who_approved_it(other_agency, on_time):
    with pytest.raises(IntegrityError), transaction.atomic():
        QualityObjective.objects.create(
            agency=other_agency,
            year=2026,
            text="x",
            indicator=on_time,
            target=1,
            plan_what="x",
            status=QualityObjective.Status.APPROVED,
        )


@pytest.mark.django_db
def test_one_measurement_per_objective_and_period(approved):
    start, end = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    Measurement.objects.create(
        objective=approved, period_start=start, period_end=end, value=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(
            objective=approved, period_start=start, period_end=end, value=2
        )
