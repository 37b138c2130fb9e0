"""The yearly plan: agencies with no review held this year are flagged (QĐ 19/2014, R5)."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from qms.models import Notification
from review.reminders import unreviewed_agencies_flag
from review.services import agencies_without_review, review_record_meeting
from review.wagtail_hooks import add_review_panel, panel_agencies
from tests.review.conftest import plan

pytestmark = pytest.mark.django_db


def _panels(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    panels = []
    add_review_panel(request, panels)
    return panels


def test_an_agency_without_a_review_this_year_is_flagged(other_agency, people):
    year = timezone.localdate().year
    assert other_agency in agencies_without_review(year=year)
    assert [p.name for p in _panels(people["officer"])] == ["review_unreviewed"]
    assert other_agency in panel_agencies(people["head"], year)
    # Supervisors see every agency without one; staff get no alert.
    assert other_agency in panel_agencies(people["supervisor"], year)
    assert _panels(people["staff"]) == []
    # The outsider's agency has its own officer too, but not the other agency's alert.
    assert other_agency not in panel_agencies(people["outsider"], year)


def test_a_planned_review_is_not_enough_a_held_one_is(other_agency, people):
    year = timezone.localdate().year
    review = plan(other_agency, people, planned_on=timezone.localdate())
    assert other_agency in agencies_without_review(year=year)
    review_record_meeting(
        review=review, user=people["officer"], held_on=review.planned_on, attendees=[]
    )
    assert review.planned_on.year == year
    assert other_agency not in agencies_without_review(year=year)
    assert _panels(people["officer"]) == []


def test_the_yearly_check_tells_heads_and_officers_once_a_month(other_agency, people):
    first = unreviewed_agencies_flag()
    told = set(
        Notification.objects.filter(
            event_key__startswith="review.coverage:"
        ).values_list("recipient__username", flat=True)
    )
    assert {"thuky-r", "lanhdao-r"} <= told
    assert "congchuc-r" not in told
    assert first >= 2
    assert unreviewed_agencies_flag() == 0


def test_the_command_lists_the_agencies_without_a_review(other_agency, people):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("check_review_coverage", stdout=out)
    assert other_agency.name in out.getvalue().splitlines()
