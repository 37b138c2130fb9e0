"""The yearly check tells unaudited agencies' heads and ISO secretaries, once a month."""

import pytest
from freezegun import freeze_time

from audits.services.coverage import unaudited_agencies_flag
from qms.models import Notification


@pytest.mark.django_db
def test_heads_and_iso_secretaries_of_unaudited_agencies_are_told_once(
    programme, people
):
    with freeze_time("2026-10-01 08:00"):
        assert unaudited_agencies_flag() == 2
        assert unaudited_agencies_flag() == 0
    recipients = set(
        Notification.objects.filter(subject__contains="2026").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"head", "officer"}
    notice = Notification.objects.filter(recipient=people["head"]).get()
    assert "đánh giá nội bộ" in notice.body
    with freeze_time("2026-11-01 08:00"):
        assert unaudited_agencies_flag() == 2
