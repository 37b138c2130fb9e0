"""Admin forms of the organisation: services behind them, Vietnamese errors, nothing half-saved."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from qms.models import StaffProfile
from qms.roles import Role
from tests.factories import AgencyFactory, PositionFactory


def _last_change(instance, field):
    """The field's value, author and reason in the record's latest history row."""
    record = instance.history.latest()
    return getattr(record, field), record.history_user, record.history_change_reason


def _staff_form(agency, position, **overrides):
    data = {
        "username": "nv.moi",
        "email": "nv.moi@example.vn",
        "full_name": "Phạm Văn Mới",
        "agency": agency.pk,
        "position": position.pk,
        "service_start": "01/09/2024",
        "roles": [Role.STAFF.value],
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_quality_officer_opens_a_staff_account(
    client, users, own_agency, django_capture_on_commit_callbacks
):
    client.force_login(users[Role.QUALITY_OFFICER])
    assert client.get(reverse("staffprofile:add")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staffprofile:add"), _staff_form(own_agency, PositionFactory())
        )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user__username="nv.moi")
    assert profile.service_start == dt.date(2024, 9, 1)
    assert list(profile.user.groups.values_list("name", flat=True)) == ["Công chức"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_staff_form_offers_no_other_agency_and_rejects_a_crafted_one(
    client, users, own_agency, other_agency
):
    client.force_login(users[Role.QUALITY_OFFICER])
    page = client.get(reverse("staffprofile:add")).content.decode()
    assert other_agency.name not in page
    response = client.post(
        reverse("staffprofile:add"), _staff_form(other_agency, PositionFactory())
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not get_user_model().objects.filter(username="nv.moi").exists()


@pytest.mark.django_db
def test_dissolved_agency_is_not_offered_for_new_staff(client, province):
    dissolved = AgencyFactory(
        parent=province,
        name="UBND thành phố Cũ",
        valid_from=dt.date(2015, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    admin = get_user_model().objects.create_superuser(
        "root", "r@example.vn", "x-Mat-khau-9"
    )
    client.force_login(admin)
    response = client.post(
        reverse("staffprofile:add"), _staff_form(dissolved, PositionFactory())
    )
    assert response.status_code == 200
    assert not StaffProfile.objects.filter(agency=dissolved).exists()


@pytest.mark.django_db
def test_duplicate_username_gets_a_clear_error(client, users, own_agency):
    client.force_login(users[Role.QUALITY_OFFICER])
    response = client.post(
        reverse("staffprofile:add"),
        _staff_form(own_agency, PositionFactory(), username="u-staff"),
    )
    assert "Tên đăng nhập này đã được sử dụng." in response.content.decode()


@pytest.mark.django_db
def test_quality_officer_is_not_offered_the_head_role(client, users, own_agency):
    client.force_login(users[Role.QUALITY_OFFICER])
    response = client.post(
        reverse("staffprofile:add"),
        _staff_form(own_agency, PositionFactory(), roles=[Role.HEAD.value]),
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="nv.moi").exists()


def _agency_form(agency, **overrides):
    data = {
        "name": agency.name,
        "short_name": "",
        "kind": agency.kind,
        "admin_code": "",
        "parent": agency.parent_id or "",
        "address": "",
        "valid_from": agency.valid_from.strftime("%d/%m/%Y"),
        "valid_to": "",
        "legal_basis": "",
        "dissolution_basis": "",
        "change_reason": "",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_agency_edit_records_reason_in_history(client, users, own_agency):
    officer = users[Role.QUALITY_OFFICER]
    client.force_login(officer)
    response = client.post(
        reverse("agency:edit", args=[own_agency.pk]),
        _agency_form(
            own_agency, address="Số 5 Chùa Chuông", change_reason="Chuyển trụ sở"
        ),
    )
    assert response.status_code == 302
    assert _last_change(own_agency, "address") == (
        "Số 5 Chùa Chuông",
        officer,
        "Chuyển trụ sở",
    )


@pytest.mark.django_db
def test_agency_edit_refuses_bad_dates_in_vietnamese_and_changes_nothing(
    client, users, own_agency
):
    client.force_login(users[Role.QUALITY_OFFICER])
    response = client.post(
        reverse("agency:edit", args=[own_agency.pk]),
        _agency_form(own_agency, valid_to="01/01/2020", address="Không lưu"),
    )
    assert response.status_code == 200
    assert (
        "Ngày hết hiệu lực phải sau hoặc bằng ngày hiệu lực."
        in response.content.decode()
    )
    own_agency.refresh_from_db()
    assert own_agency.valid_to is None
    assert own_agency.address == ""


@pytest.mark.django_db
def test_a_position_is_renamed_through_its_service_with_the_reason(
    admin_client, admin_user, users
):
    """The catalogue's screen records who renamed a title and why, once in Wagtail's log."""
    from wagtail.models import ModelLogEntry

    from qms import services

    position = PositionFactory(name="Chuyên viên", code="chuyen-vien")
    response = admin_client.post(
        reverse("position:edit", args=[position.pk]),
        {
            "name": "Chuyên viên chính",
            "code": "chuyen-vien",
            "change_reason": "Theo Nghị định mới",
        },
    )
    assert response.status_code == 302
    assert _last_change(position, "name") == (
        "Chuyên viên chính",
        admin_user,
        "Theo Nghị định mới",
    )
    logged = ModelLogEntry.objects.filter(object_id=str(position.pk))
    assert list(logged.values_list("action", "user")) == [
        ("wagtail.edit", admin_user.pk)
    ]
    position.name = "Đổi trái phép"
    with pytest.raises(PermissionDenied):
        services.position_save(position=position, user=users[Role.QUALITY_OFFICER])
