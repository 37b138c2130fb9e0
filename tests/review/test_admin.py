"""The review screens: scoped by agency, the officer prepares, the chair signs."""

import pytest
from django.test import Client
from django.urls import reverse

from review.models import ManagementReview, ReviewAction
from review.services import action_add, review_record_meeting
from tests.review.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def refused(response):
    """403/404, or Wagtail's answer to PermissionDenied: back to the dashboard."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_home"
    )


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_review_is_read_in_its_agency_and_by_supervisors_only(review, people):
    url = reverse("management_review:inspect", args=[review.pk])
    assert client_for(people["officer"]).get(url).status_code == 200
    assert client_for(people["supervisor"]).get(url).status_code == 200
    assert client_for(people["outsider"]).get(url).status_code == 404
    assert refused(client_for(people["staff"]).get(url))
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    index = reverse("management_review:index")
    assert str(review.agency) in client_for(people["supervisor"]).get(index).text
    assert str(review.agency) not in client_for(people["outsider"]).get(index).text


def test_supervisors_and_outsiders_cannot_act(review, people):
    for name in ("supervisor", "outsider"):
        client = client_for(people[name])
        response = client.post(
            reverse("review_meeting", args=[review.pk]),
            {"held_on": review.planned_on.isoformat()},
        )
        assert refused(response), name
        response = client.post(reverse("review_pack", args=[review.pk]))
        assert refused(response), name
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.PLANNED
    assert review.pack_status == ManagementReview.PackStatus.NONE


def test_the_officer_records_the_chair_signs_on_the_screens(review, people):
    officer, head = client_for(people["officer"]), client_for(people["head"])
    form = officer.get(reverse("review_meeting", args=[review.pk]))
    assert form.status_code == 200
    assert "9.3.2 d" in form.text
    response = officer.post(
        reverse("review_meeting", args=[review.pk]),
        {
            "held_on": review.planned_on.isoformat(),
            "attendees": [people["head"].pk],
            "discussion_d": "Thiếu máy quét",
            "decisions": "Mua máy quét",
        },
    )
    assert response.status_code == 302
    response = officer.post(
        reverse("review_add_action", args=[review.pk]),
        {
            "kind": "resource",
            "description": "Mua máy quét",
            "owner": people["staff"].pk,
            "due_on": review.planned_on.isoformat(),
        },
    )
    assert response.status_code == 302
    # The officer is not the chair: no signing screen.
    assert refused(officer.get(reverse("review_sign", args=[review.pk])))
    response = head.post(reverse("review_sign", args=[review.pk]), {"password": "x"})
    assert response.status_code == 200  # refused on the form
    response = head.post(
        reverse("review_sign", args=[review.pk]), {"password": PASSWORD}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.CLOSED
    pdf = head.get(reverse("review_minutes_pdf", args=[review.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page = head.get(reverse("management_review:inspect", args=[review.pk])).text
    assert review.minutes_sha256 in page


def test_the_owner_completes_the_action_on_its_screen(review, people):
    review_record_meeting(
        review=review, user=people["officer"], held_on=review.planned_on, attendees=[]
    )
    action = action_add(
        review=review,
        user=people["officer"],
        kind="improvement",
        description="Khảo sát",
        owner=people["staff"],
        due_on=review.planned_on,
    )
    url = reverse("review_action", args=[action.pk])
    assert client_for(people["outsider"]).get(url).status_code == 404
    staff = client_for(people["staff"])
    assert staff.get(url).status_code == 200
    assert staff.get(reverse("review_my_actions")).status_code == 200
    assert staff.post(url, {"result": "Đã khảo sát"}).status_code == 302
    action.refresh_from_db()
    assert action.status == ReviewAction.Status.DONE


def test_a_manager_cancels_the_action_on_its_screen_the_owner_cannot(review, people):
    review_record_meeting(
        review=review, user=people["officer"], held_on=review.planned_on, attendees=[]
    )
    action = action_add(
        review=review,
        user=people["officer"],
        kind="change",
        description="Sửa sổ tay",
        owner=people["staff"],
        due_on=review.planned_on,
    )
    url = reverse("review_action", args=[action.pk])
    staff = client_for(people["staff"])
    assert "Hủy hành động này".encode() not in staff.get(url).content
    assert refused(staff.post(url, {"cancel": "1", "reason": "Không cần"}))
    head = client_for(people["head"])
    assert "Hủy hành động này".encode() in head.get(url).content
    empty = head.post(url, {"cancel": "1", "reason": ""})
    assert empty.status_code == 200  # the reason is required; nothing changed
    action.refresh_from_db()
    assert action.status == ReviewAction.Status.OPEN
    assert head.post(url, {"cancel": "1", "reason": "Đã gộp"}).status_code == 302
    action.refresh_from_db()
    assert action.status == ReviewAction.Status.CANCELLED
    assert "Đã gộp".encode() in head.get(url).content


def test_the_review_screen_reads_in_constant_queries(review, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    review_record_meeting(
        review=review,
        user=people["officer"],
        held_on=review.planned_on,
        attendees=[people["head"]],
    )
    client = client_for(people["officer"])
    url = reverse("management_review:inspect", args=[review.pk])
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n):
        action_add(
            review=review,
            user=people["officer"],
            kind="improvement",
            description=f"Hành động {n}",
            owner=people["staff"],
            due_on=review.planned_on,
        )

    add(0)
    one = count()
    for n in range(1, 6):
        add(n)
    review.attendees.add(people["staff"], people["officer"])
    assert count() == one
