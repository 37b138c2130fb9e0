"""System keys (issue 17 part 3): scoped to an agency, hashed, revocable, every call logged."""

import logging

import pytest
from django.core.exceptions import PermissionDenied

from api.models import SystemKey
from api.services import system_key_create, system_key_revoke
from feedback.models import Feedback
from tests.factories import AgencyFactory, ReceivingUnitFactory, UserFactory


@pytest.fixture
def admin(db):
    return UserFactory(username="quantri", is_superuser=True, is_staff=True)


def _key(admin, agency, *scopes):
    return system_key_create(
        name="Hệ thống một cửa", agency=agency, scopes=list(scopes), user=admin
    )


def _auth(secret):
    return {"HTTP_AUTHORIZATION": f"Api-Key {secret}"}


@pytest.mark.django_db
def test_a_key_is_shown_once_and_stored_hashed(admin, tree):
    key, secret = _key(admin, tree["agency"], "registers")
    stored = SystemKey.objects.get(pk=key.pk)
    assert secret not in (stored.hashed_key, stored.id)
    assert stored.prefix == secret.split(".")[0]
    assert stored.history.count() == 1
    with pytest.raises(PermissionDenied):
        _key(tree["officer"], tree["agency"], "registers")


@pytest.mark.django_db
def test_a_key_reads_its_agency_and_is_refused_on_another(client, admin, tree, caplog):
    _key_made, secret = _key(admin, tree["agency"], "registers")
    other = AgencyFactory(name="UBND xã Khác")
    with caplog.at_level(logging.INFO, logger="qms.api"):
        mine = client.get("/api/v1/registers/nonconformities/", **_auth(secret))
    assert mine.status_code == 200
    assert "Hệ thống một cửa" in caplog.text  # every call logged with the key's name
    refused = client.get(
        "/api/v1/registers/nonconformities/", {"agency": other.pk}, **_auth(secret)
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["detail"] == "Khóa này không được đọc hồ sơ của cơ quan khác."
    assert client.get("/api/v1/registers/audits/").status_code == 401
    assert (
        client.get("/api/v1/registers/reading-completion/", **_auth(secret)).status_code
        == 200
    )


@pytest.mark.django_db
def test_scopes_and_revocation(client, admin, tree):
    key, secret = _key(admin, tree["agency"], "feedback")
    assert client.get("/api/v1/registers/audits/", **_auth(secret)).status_code == 403
    system_key_revoke(key=key, user=admin, reason="Hệ thống ngừng sử dụng")
    response = client.get("/api/v1/registers/audits/", **_auth(secret))
    assert response.status_code == 401
    assert response.json()["detail"] == "Khóa không tồn tại hoặc đã bị thu hồi."


@pytest.mark.django_db
def test_feedback_received_elsewhere_enters_the_register(client, admin, tree):
    _key_made, secret = _key(admin, tree["agency"], "feedback")
    unit = tree["desk"]
    response = client.post(
        "/api/v1/feedback/",
        {"unit": unit.pk, "description": "Cán bộ hẹn trả kết quả trễ hai ngày."},
        content_type="application/json",
        **_auth(secret),
    )
    assert response.status_code == 201, response.content
    feedback = Feedback.objects.get(tracking_code=response.json()["tracking_code"])
    assert feedback.unit == unit
    elsewhere = ReceivingUnitFactory(agency=AgencyFactory(name="UBND xã Xa"))
    refused = client.post(
        "/api/v1/feedback/",
        {"unit": elsewhere.pk, "description": "Một phản ánh ở nơi khác."},
        content_type="application/json",
        **_auth(secret),
    )
    assert refused.status_code == 403
    short = client.post(
        "/api/v1/feedback/",
        {"unit": unit.pk, "description": "ngắn"},
        content_type="application/json",
        **_auth(secret),
    )
    assert short.status_code == 400
    assert "description" in short.json()["errors"]
    assert Feedback.objects.count() == 1


@pytest.mark.django_db
def test_keys_screen_shows_a_new_key_once_and_only_to_administrators(
    client, admin, tree
):
    client.force_login(tree["officer"])
    refused = client.get("/admin/api-keys/")  # Wagtail sends a refusal to the dashboard
    assert (refused.status_code, refused.url) == (302, "/admin/")
    client.force_login(admin)
    response = client.post(
        "/admin/api-keys/",
        {"name": "Cổng dịch vụ công tỉnh", "agency": "", "scopes": ["registers"]},
    )
    html = response.content.decode()
    key = SystemKey.objects.get(name="Cổng dịch vụ công tỉnh")
    assert "data-secret>" + key.prefix + "." in html
    assert "data-secret" not in client.get("/admin/api-keys/").content.decode()
    no_scope = client.post(
        "/admin/api-keys/", {"name": "Không phạm vi", "agency": "", "scopes": []}
    )
    assert no_scope.status_code == 200
    assert not SystemKey.objects.filter(name="Không phạm vi").exists()
    client.post(f"/admin/api-keys/{key.prefix}/revoke/", {"reason": "Đổi hệ thống"})
    key.refresh_from_db()
    assert key.revoked


@pytest.mark.django_db
def test_registers_filter_by_status_and_refuse_unknown_values(client, admin, tree):
    from audits.models import Nonconformity
    from audits.services.nonconformities import nonconformity_create

    for title in ("Hồ sơ trễ hạn", "Thiếu biểu mẫu"):
        nonconformity_create(
            nc=Nonconformity(
                agency=tree["agency"],
                source=Nonconformity.Source.INTERNAL_AUDIT,
                severity=Nonconformity.Severity.MINOR,
                title=title,
                description=title,
            ),
            user=None,
        )
    _key_made, secret = _key(admin, tree["agency"], "registers")
    url = "/api/v1/registers/nonconformities/"
    every = client.get(url, **_auth(secret)).json()
    assert every["count"] == 2
    status = every["results"][0]["status"]
    same = client.get(url, {"status": status}, **_auth(secret)).json()
    assert same["count"] == 2
    other = next(s for s in Nonconformity.Status.values if s != status)
    assert client.get(url, {"status": other}, **_auth(secret)).json()["count"] == 0
    assert client.get(url, {"status": "xyz"}, **_auth(secret)).status_code == 400
    titles = [
        r["title"]
        for r in client.get(url, {"ordering": "code"}, **_auth(secret)).json()[
            "results"
        ]
    ]
    assert sorted(titles) == sorted(["Hồ sơ trễ hạn", "Thiếu biểu mẫu"])
