"""The demo: Phố Hiến's 2026 objectives, approved by the head, ten months measured."""

import pytest
from django.db.models import Count

from performance.models import QualityObjective
from performance.selectors import period_rows
from performance.status import Status


@pytest.mark.django_db
def test_pho_hien_has_approved_objectives_with_ten_months_some_missed(seeded):
    objectives = QualityObjective.objects.filter(
        agency__name="UBND phường Phố Hiến", year=2026
    ).annotate(n=Count("measurements"))
    assert objectives.count() >= 5
    assert {o.status for o in objectives} == {QualityObjective.Status.APPROVED}
    assert {o.approved_by.username for o in objectives} == {"lanhdao"}
    monthly = [o for o in objectives if o.frequency == "month"]
    assert len(monthly) >= 5 and {o.n for o in monthly} == {10}
    missed = [
        row
        for o in objectives
        for row in period_rows(o, o.measurements.all())
        if row.status == Status.MISSED
    ]
    assert missed
