"""The feedback register in the admin: scoping, the action screens, listing cost, export."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from audits.models import Nonconformity
from feedback.models import Feedback
from feedback.services import feedback_answer, feedback_raise_nonconformity
from tests.feedback.conftest import local, submit


def _index(**query):
    url = reverse("feedback_register:index")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _inspect(feedback):
    return reverse("feedback_register:inspect", args=[feedback.pk])


@pytest.mark.django_db
def test_an_officer_of_another_agency_gets_404_everywhere(client, feedback, people):
    client.force_login(people["outsider"])
    assert feedback.tracking_code not in client.get(_index()).content.decode()
    for url in (
        _inspect(feedback),
        reverse("feedback_answer", args=[feedback.pk]),
        reverse("feedback_raise_nc", args=[feedback.pk]),
        reverse("feedback_register:history", args=[feedback.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("feedback_answer", args=[feedback.pk]), {"answer": "Trả lời."}
    )
    assert response.status_code == 404
    assert Feedback.objects.get(pk=feedback.pk).status == Feedback.Status.RECEIVED


@pytest.mark.django_db
def test_a_supervisor_reads_every_agencys_feedback_but_acts_on_none(
    client, feedback, people
):
    client.force_login(people["supervisor"])
    assert feedback.tracking_code in client.get(_index()).content.decode()
    html = client.get(_inspect(feedback)).content.decode()
    assert feedback.description in html
    assert reverse("feedback_answer", args=[feedback.pk]) not in html
    response = client.post(
        reverse("feedback_answer", args=[feedback.pk]), {"answer": "Trả lời."}
    )
    assert response.status_code in (302, 403)
    assert Feedback.objects.get(pk=feedback.pk).status == Feedback.Status.RECEIVED


@pytest.mark.django_db
def test_staff_do_not_see_the_register(client, feedback, people):
    client.force_login(people["staff"])
    assert client.get(_inspect(feedback)).status_code in (302, 403, 404)
    assert client.get(_index()).status_code in (302, 403)


@pytest.mark.django_db
def test_the_officer_answers_on_the_answer_screen(client, feedback, people):
    client.force_login(people["officer"])
    html = client.get(_inspect(feedback)).content.decode()
    assert reverse("feedback_answer", args=[feedback.pk]) in html
    assert reverse("feedback_raise_nc", args=[feedback.pk]) in html
    assert "0912 345 678" in html  # the contact, for the officer only
    empty = client.post(reverse("feedback_answer", args=[feedback.pk]), {"answer": ""})
    assert empty.status_code == 200
    assert Feedback.objects.get(pk=feedback.pk).status == Feedback.Status.RECEIVED
    response = client.post(
        reverse("feedback_answer", args=[feedback.pk]),
        {"answer": "Đơn vị đã chấn chỉnh."},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED
    html = client.get(_inspect(feedback)).content.decode()
    assert "Có" in html  # answered on time
    assert ">True<" not in html and ">None<" not in html and ">False<" not in html


@pytest.mark.django_db
def test_raising_a_nonconformity_from_the_screen_links_back(client, feedback, people):
    client.force_login(people["officer"])
    response = client.post(
        reverse("feedback_raise_nc", args=[feedback.pk]), {"severity": "minor"}
    )
    assert response.status_code == 302
    nc = Nonconformity.objects.get()
    html = client.get(reverse("audits_nc_workflow", args=[nc.pk])).content.decode()
    assert feedback.tracking_code in html
    assert _inspect(feedback) in html


@pytest.mark.django_db
def test_the_listing_costs_the_same_for_2_and_20_rows(client, other_unit, people):
    client.force_login(people["officer"])

    def grow(n):
        for i in range(n):
            f = submit(other_unit, text=f"Phản ánh số {i} về thời gian trả kết quả.")
            if i % 3 == 0:
                feedback_answer(feedback=f, user=people["officer"], answer="Đã xử lý.")
            elif i % 3 == 1:
                feedback_raise_nonconformity(feedback=f, user=people["officer"])

    grow(2)
    client.get(_index())  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as two:
        assert client.get(_index()).status_code == 200
    grow(18)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(_index())
    assert response.content.decode().count("PA-") >= 20
    assert len(twenty) == len(two)


@pytest.mark.django_db
def test_the_overdue_filter_and_the_columns(client, other_unit, people):
    late = submit(other_unit, received_at=local(2026, 1, 5))
    fresh = submit(other_unit)
    client.force_login(people["officer"])
    html = client.get(_index(overdue="true")).content.decode()
    assert late.tracking_code in html and fresh.tracking_code not in html
    assert late.due_on.strftime("%d/%m/%Y") in html
    html = client.get(_index(overdue="false")).content.decode()
    assert fresh.tracking_code in html and late.tracking_code not in html
    html = client.get(_index(year=2026, status="received")).content.decode()
    assert late.tracking_code in html


@pytest.mark.django_db
def test_the_export_prints_dates_and_yes_no(client, other_unit, people):
    late = submit(other_unit, received_at=local(2026, 1, 5))
    officer = people["officer"]
    # The account carries its holder's whole name (qms.accounts.sync_user_name).
    officer.first_name, officer.last_name = "Nguyễn Thị Thu Hà", ""
    officer.save()
    feedback_answer(feedback=late, user=officer, answer="Xin lỗi.")
    client.force_login(officer)
    response = client.get(_index(export="csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert late.tracking_code in body
    assert "05/01/2026" in body
    assert "Không" in body  # not on time
    assert "True" not in body and "False" not in body and "None" not in body
    assert officer.get_full_name() in body and "thuky-t" not in body
    assert "Hạn trả lời" in body


def _my_work(user):
    groups = {}
    for fn in hooks.get_hooks("qms_my_work"):
        for group in fn(user):
            groups[group["key"]] = group
    return groups


@pytest.mark.django_db
def test_my_work_lists_feedback_to_answer_soonest_first_with_overdue_marked(
    other_unit, people, django_assert_max_num_queries
):
    late = submit(other_unit, received_at=local(2026, 1, 5))
    for _n in range(6):
        submit(other_unit)
    from feedback.my_work import my_work_to_answer

    with django_assert_max_num_queries(3):
        groups = my_work_to_answer(people["officer"])
    group = groups[0]
    assert group["count"] == 7 and len(group["items"]) == 5
    assert group["items"][0]["title"].startswith(late.tracking_code)
    assert group["items"][0]["overdue"] is True
    assert group["items"][1]["overdue"] is False
    assert "feedback.to_answer" in _my_work(people["officer"])
    assert "feedback.to_answer" not in _my_work(people["outsider"])
    assert "feedback.to_answer" not in _my_work(people["staff"])
