"""Public "Phản ánh, kiến nghị": the unit page form, CSRF, honeypot, rate limit, tracking.

Done when (issue 14): a complaint answered by the unit shows the answer on the tracking page.
"""

import pytest
from django.test import Client
from django.urls import reverse

from feedback.models import Feedback
from feedback.services import feedback_answer
from tests.feedback.conftest import TEXT
from tests.qms.test_portal import _agency_with_unit, home  # noqa: F401


@pytest.fixture
def unit(home):  # noqa: F811
    return _agency_with_unit(home, "UBND phường Thử").receiving_units.get()


def _status(client, code):
    return client.get(reverse("feedback:complaint_status") + f"?ma={code}")


@pytest.mark.django_db
def test_unit_page_shows_the_form_and_a_submission_is_received(unit):
    """GIVEN a unit's public page WHEN a citizen submits the form (with its CSRF token)
    THEN feedback is received, not a nonconformity, and the citizen sees its tracking
    code, status and due date, but not the text they sent."""
    client = Client(enforce_csrf_checks=True)
    unit_page = client.get(unit.page.url)
    # The unit page links to the form; only the form's own page sets the CSRF cookie, so
    # the unit page stays cacheable (issue 14 part 6).
    assert reverse("feedback:complaint", args=[unit.pk]) in unit_page.content.decode()
    assert not unit_page.cookies
    page = client.get(reverse("feedback:complaint", args=[unit.pk]))
    assert 'name="procedure"' in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("feedback:complaint", args=[unit.pk]),
        {"description": TEXT, "contact": "0912345678", "csrfmiddlewaretoken": token},
        follow=True,
    )
    feedback = Feedback.objects.get()
    assert feedback.status == Feedback.Status.RECEIVED and feedback.unit == unit
    assert feedback.procedure is None
    body = response.content.decode()
    assert feedback.tracking_code in body
    assert "Mới tiếp nhận" in body
    assert feedback.due_on.strftime("%d/%m/%Y") in body
    assert TEXT not in body and "0912345678" not in body


@pytest.mark.django_db
def test_the_tracking_page_shows_the_answer_never_the_description_or_contact(
    client, other_unit, people
):
    client.post(
        reverse("feedback:complaint", args=[other_unit.pk]),
        {"description": TEXT, "contact": "a@b.vn"},
    )
    feedback = Feedback.objects.get()
    before = _status(client, feedback.tracking_code.lower()).content.decode()
    assert "Trả lời của đơn vị" not in before
    feedback_answer(
        feedback=feedback,
        user=people["officer"],
        answer="Bộ phận Một cửa đã niêm yết lại danh mục giấy tờ.",
    )
    feedback.refresh_from_db()
    html = _status(client, feedback.tracking_code).content.decode()
    assert "Đã trả lời" in html
    assert "Bộ phận Một cửa đã niêm yết lại danh mục giấy tờ." in html
    assert feedback.answered_on.strftime("%d/%m/%Y") in html
    assert TEXT not in html and "a@b.vn" not in html


@pytest.mark.django_db
def test_an_unknown_code_reveals_nothing(client, other_unit):
    client.post(
        reverse("feedback:complaint", args=[other_unit.pk]), {"description": TEXT}
    )
    code = Feedback.objects.get().tracking_code
    never_issued = "PA-" + ("2" if code[3] != "2" else "3") * 8
    # Another visitor (the submitter's session still holds the thank-you message).
    html = _status(Client(), never_issued).content.decode()
    assert code not in html
    assert "Không có phản ánh nào" in html or "No feedback" in html


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(unit):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("feedback:complaint", args=[unit.pk]), {"description": TEXT}
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_honeypot_submission_is_dropped(client, unit):
    response = client.post(
        reverse("feedback:complaint", args=[unit.pk]),
        {"description": TEXT, "website": "http://spam"},
    )
    assert response.status_code == 302
    assert not Feedback.objects.exists()


@pytest.mark.django_db
def test_submissions_are_rate_limited_per_client(client, unit):
    url = reverse("feedback:complaint", args=[unit.pk])
    for _n in range(5):
        assert client.post(url, {"description": TEXT}).status_code == 302
    assert client.post(url, {"description": TEXT}).status_code == 429
    assert Feedback.objects.count() == 5


@pytest.mark.django_db
def test_lookups_are_rate_limited_per_client(client, unit):
    for _n in range(60):
        assert _status(client, "PA-22222222").status_code == 200
    assert _status(client, "PA-22222222").status_code == 429


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_reset_the_rate_limit(client, unit):
    """The limit keys on the real client, like the login lockout (QMS_TRUSTED_PROXIES)."""
    url = reverse("feedback:complaint", args=[unit.pk])
    for n in range(5):
        response = client.post(
            url, {"description": TEXT}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
        assert response.status_code == 302
    forged = client.post(
        url, {"description": TEXT}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert forged.status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_citizen_has_their_own_limit(
    client, unit, settings
):
    """Every citizen behind the proxy would otherwise share its address and its limit."""
    settings.QMS_TRUSTED_PROXIES = ["127.0.0.1"]
    url = reverse("feedback:complaint", args=[unit.pk])
    for n in range(7):
        response = client.post(
            url, {"description": TEXT}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
        assert response.status_code == 302
    for _n in range(5):
        client.post(url, {"description": TEXT}, HTTP_X_FORWARDED_FOR="203.0.113.99")
    blocked = client.post(
        url, {"description": TEXT}, HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert blocked.status_code == 429
