"""The demo: Phố Hiến's 2025 review closed with signed minutes, 2026 planned with its pack."""

import pytest

from review.models import ManagementReview, ReviewAction

AGENCY = "UBND phường Phố Hiến"


@pytest.mark.django_db
def test_pho_hien_has_its_2025_review_closed_and_2026_planned(seeded):
    reviews = {r.year: r for r in ManagementReview.objects.filter(agency__name=AGENCY)}
    closed, planned = reviews[2025], reviews[2026]
    assert closed.status == ManagementReview.Status.CLOSED
    assert closed.minutes_sha256 and closed.signed_by.username == "lanhdao"
    statuses = set(closed.actions.values_list("status", flat=True))
    assert statuses == {ReviewAction.Status.DONE, ReviewAction.Status.OPEN}
    assert planned.status == ManagementReview.Status.PLANNED
    assert planned.pack_status == ManagementReview.PackStatus.READY
    assert planned.pack_sha256
    # The 2026 pack reports the 2025 review's actions under clause a.
    clause_a = next(s for s in planned.pack_data if s["clause"] == "a")
    assert len(clause_a["table"]) == 1 + closed.actions.count()
