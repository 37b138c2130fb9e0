"""Public "Phản ánh, kiến nghị": the unit page form, CSRF, honeypot, rate limit, lookup."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from audits.models import Nonconformity
from tests.qms.test_portal import _agency_with_unit, home  # noqa: F401

TEXT = "Cán bộ yêu cầu nộp thêm giấy tờ không có trong danh mục niêm yết."


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def unit(home):  # noqa: F811
    return _agency_with_unit(home, "UBND phường Thử").receiving_units.get()


@pytest.mark.django_db
def test_unit_page_shows_the_form_and_a_submission_becomes_a_new_nc(unit):
    """GIVEN a unit's public page WHEN a citizen submits the form (with its CSRF token)
    THEN a new nonconformity of source citizen complaint exists and the citizen sees its
    tracking code and status, but not the text they sent."""
    client = Client(enforce_csrf_checks=True)
    html = client.get(unit.page.url).content.decode()
    # The unit page links to the form; only the form page carries the CSRF cookie.
    assert reverse("audits:complaint", args=[unit.pk]) in html
    form_page = client.get(reverse("audits:complaint", args=[unit.pk]))
    token = form_page.cookies["csrftoken"].value
    response = client.post(
        reverse("audits:complaint", args=[unit.pk]),
        {"description": TEXT, "contact": "0912345678", "csrfmiddlewaretoken": token},
        follow=True,
    )
    nc = Nonconformity.objects.get()
    assert nc.status == Nonconformity.Status.NEW
    assert nc.source == Nonconformity.Source.CITIZEN_COMPLAINT
    assert nc.unit == unit
    body = response.content.decode()
    assert nc.tracking_code in body
    assert TEXT not in body
    assert "0912345678" not in body


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(unit):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("audits:complaint", args=[unit.pk]), {"description": TEXT}
    )
    assert response.status_code == 403
    assert not Nonconformity.objects.exists()


@pytest.mark.django_db
def test_honeypot_submission_is_dropped(client, unit):
    response = client.post(
        reverse("audits:complaint", args=[unit.pk]),
        {"description": TEXT, "website": "http://spam"},
    )
    assert response.status_code == 302
    assert not Nonconformity.objects.exists()


@pytest.mark.django_db
def test_submissions_are_rate_limited_per_client(client, unit):
    url = reverse("audits:complaint", args=[unit.pk])
    for _n in range(5):
        assert client.post(url, {"description": TEXT}).status_code == 302
    assert client.post(url, {"description": TEXT}).status_code == 429
    assert Nonconformity.objects.count() == 5


@pytest.mark.django_db
def test_lookup_shows_status_only(client, unit):
    client.post(
        reverse("audits:complaint", args=[unit.pk]),
        {"description": TEXT, "contact": "a@b.vn"},
    )
    nc = Nonconformity.objects.get()
    html = client.get(
        reverse("audits:complaint_status") + f"?ma={nc.tracking_code.lower()}"
    ).content.decode()
    assert nc.tracking_code in html
    assert TEXT not in html and "a@b.vn" not in html and nc.code not in html
    # A well-formed code that was never issued: the lookup reveals nothing.
    never_issued = "PA-" + ("2" if nc.tracking_code[3] != "2" else "3") * 8
    unknown = client.get(
        reverse("audits:complaint_status") + f"?ma={never_issued}"
    ).content.decode()
    assert nc.tracking_code not in unknown


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_reset_the_rate_limit(client, unit):
    """The limit keys on the real client, like the login lockout (QMS_TRUSTED_PROXIES)."""
    url = reverse("audits:complaint", args=[unit.pk])
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
    url = reverse("audits:complaint", args=[unit.pk])
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
