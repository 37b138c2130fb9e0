"""Permission matrix of the organisation admin: role × own/other agency × list/view/edit/delete.

Pattern of reliability test AC-03: a user of agency A never reads or changes agency B's records
(404, nothing leaks into listings); supervisors read everything and write nothing.
"""

import pytest
from django.urls import reverse

from qms.roles import Role
from tests.factories import StaffProfileFactory

QO, HEAD, AUD, STAFF, SUP = (
    Role.QUALITY_OFFICER,
    Role.HEAD,
    Role.AUDITOR,
    Role.STAFF,
    Role.SUPERVISOR,
)
ALL = {QO, HEAD, AUD, STAFF, SUP}

# model -> action -> roles allowed on their OWN agency's records
ALLOWED_OWN = {
    "agency": {"view": ALL, "edit": {QO, HEAD}, "delete": set()},
    "receivingunit": {"view": ALL, "edit": {QO, HEAD}, "delete": {QO}},
    "staffprofile": {"view": ALL, "edit": {QO}, "delete": set()},
}
# On ANOTHER agency's records only the supervisor may read, and nobody may write.
ALLOWED_OTHER = {
    model: {"view": {SUP}, "edit": set(), "delete": set()} for model in ALLOWED_OWN
}

URL_NAME = {"view": "inspect", "edit": "edit", "delete": "delete"}


@pytest.fixture
def records(own_agency, other_agency, own_unit, other_unit):
    return {
        "agency": {"own": own_agency, "other": other_agency},
        "receivingunit": {"own": own_unit, "other": other_unit},
        "staffprofile": {
            "own": StaffProfileFactory(
                agency=own_agency, full_name="Đồng Nghiệp Cùng Sở"
            ),
            "other": StaffProfileFactory(
                agency=other_agency, full_name="Người Phường Khác"
            ),
        },
    }


def _label(obj) -> str:
    return str(obj)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name)
@pytest.mark.parametrize("model", list(ALLOWED_OWN))
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("action", ["view", "edit", "delete"])
def test_object_access_matrix(client, users, records, role, model, scope, action):
    """AC-03: each (role, scope, action) gets exactly the access the matrix grants."""
    client.force_login(users[role])
    obj = records[model][scope]
    allowed = (ALLOWED_OWN if scope == "own" else ALLOWED_OTHER)[model][action]
    response = client.get(reverse(f"{model}:{URL_NAME[action]}", args=[obj.pk]))
    if role in allowed:
        assert response.status_code == 200
    elif role in ALLOWED_OWN[model][action]:
        # The user holds the model permission but the object is out of scope: it does not exist.
        assert response.status_code == 404
    elif scope == "own":
        # Own record but no model permission: Wagtail's "permission denied" redirect.
        assert response.status_code in (302, 403)
        assert response.get("Location", "/admin/") == "/admin/"
    else:
        # Neither permission nor scope: refused either way, never shown.
        assert response.status_code in (302, 403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name)
@pytest.mark.parametrize("model", list(ALLOWED_OWN))
def test_listing_matrix(client, users, records, role, model):
    """AC-03: listings show the own agency's records and, except to supervisors, nothing else."""
    client.force_login(users[role])
    response = client.get(reverse(f"{model}:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert _label(records[model]["own"]) in content
    assert (_label(records[model]["other"]) in content) == (role == SUP)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name)
def test_export_is_scoped(client, users, records, role):
    """AC-03 for exports: the CSV export of staff holds only in-scope people."""
    client.force_login(users[role])
    response = client.get(reverse("staffprofile:index") + "?export=csv")
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Đồng Nghiệp Cùng Sở" in body
    assert ("Người Phường Khác" in body) == (role == SUP)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != QO])
def test_only_quality_officer_edits_staff_post(client, users, records, role):
    """A crafted POST to the edit URL is refused for roles without the change permission."""
    client.force_login(users[role])
    obj = records["staffprofile"]["own"]
    response = client.post(
        reverse("staffprofile:edit", args=[obj.pk]),
        {
            "full_name": "Đã bị sửa",
            "agency": obj.agency_id,
            "position": obj.position_id,
            "service_start": "01/01/2015",
            "is_active": "on",
        },
    )
    assert response.status_code in (302, 403, 404)
    obj.refresh_from_db()
    assert obj.full_name == "Đồng Nghiệp Cùng Sở"


@pytest.mark.django_db
def test_supervisor_cannot_write_even_with_crafted_post(client, users, records):
    client.force_login(users[SUP])
    unit = records["receivingunit"]["other"]
    response = client.post(
        reverse("receivingunit:edit", args=[unit.pk]), {"name": "Đổi tên"}
    )
    assert response.status_code in (302, 403, 404)
    unit.refresh_from_db()
    assert unit.name == "Một cửa phường Khác"
