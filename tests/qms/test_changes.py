"""One way to record a change (qms/lib/changes.py) and to show a service's refusal (qms/lib/admin.py)."""

import datetime as dt

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from qms import services
from qms.lib.admin import run_service
from qms.lib.changes import record_change
from qms.models import Agency
from qms.roles import Role


def _logs(instance):
    return ModelLogEntry.objects.filter(
        content_type__model=instance._meta.model_name, object_id=str(instance.pk)
    )


@pytest.mark.django_db
def test_a_bad_value_is_refused_and_nothing_is_recorded(users, own_agency):
    officer = users[Role.QUALITY_OFFICER]
    rows = own_agency.history.count()
    own_agency.valid_to = own_agency.valid_from - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        record_change(own_agency, user=officer, reason="Sai ngày")
    assert "valid_to" in exc.value.message_dict
    own_agency.refresh_from_db()
    assert own_agency.valid_to is None
    assert own_agency.history.count() == rows
    assert not _logs(own_agency).exists()


@pytest.mark.django_db
def test_a_change_keeps_its_author_and_reason_in_history_and_in_the_log(
    users, own_agency
):
    officer = users[Role.QUALITY_OFFICER]
    own_agency.address = "Số 2 đường Trần Phú"
    record_change(own_agency, user=officer, reason="Chuyển trụ sở")
    last = own_agency.history.latest()
    assert (last.history_user, last.history_change_reason) == (
        officer,
        "Chuyển trụ sở",
    )
    assert last.address == "Số 2 đường Trần Phú"
    entry = _logs(own_agency).get()
    assert (entry.action, entry.user_id, entry.content_changed) == (
        "wagtail.edit",
        officer.pk,
        True,
    )


@pytest.mark.django_db
def test_a_new_row_is_logged_as_created_with_the_action_asked_for(users, province):
    officer = users[Role.QUALITY_OFFICER]
    agency = Agency(
        name="UBND xã Mới",
        kind="ubnd_xa",
        parent=province,
        valid_from=dt.date(2025, 7, 1),
    )
    record_change(agency, user=officer, reason="Thành lập")
    assert list(_logs(agency).values_list("action", flat=True)) == ["wagtail.create"]
    record_change(agency, user=officer, reason="Sáp nhập", action="wagtail.publish")
    assert _logs(agency).filter(action="wagtail.publish", user=officer).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_the_system_and_anonymous_change_without_a_log_entry(own_agency, actor):
    own_agency.address = "Do hệ thống cập nhật"
    record_change(own_agency, user=actor, reason="Đồng bộ")
    last = own_agency.history.latest()
    assert last.history_user is None and last.history_change_reason == "Đồng bộ"
    assert not _logs(own_agency).exists()


@pytest.mark.django_db
def test_action_none_keeps_history_but_writes_no_log_entry(users, own_agency):
    officer = users[Role.QUALITY_OFFICER]
    own_agency.address = "Ghi lịch sử, không ghi nhật ký"
    record_change(own_agency, user=officer, reason="Lý do", action=None)
    assert own_agency.history.latest().history_user == officer
    assert not _logs(own_agency).exists()


@pytest.mark.django_db
def test_the_organisation_services_now_write_the_admin_log(users, own_agency):
    """Before, agency_save validated and kept history but left Wagtail's log empty."""
    officer = users[Role.QUALITY_OFFICER]
    own_agency.address = "Số 9 đường Lê Lợi"
    services.agency_save(agency=own_agency, user=officer, reason="Cập nhật địa chỉ")
    assert _logs(own_agency).filter(action="wagtail.edit", user=officer).exists()


class _ReasonForm(forms.Form):
    reason = forms.CharField()


def _request(rf):
    request = rf.post("/")
    request._messages = CookieStorage(request)
    return request


def _refuse(exc):
    def act():
        raise exc

    return act


def test_run_service_puts_field_errors_on_their_fields_and_the_rest_on_top(rf):
    form = _ReasonForm({"reason": "x"})
    assert form.is_valid()
    request = _request(rf)
    refusal = ValidationError({"reason": "Nêu lý do.", "other": "Khác."})
    assert run_service(request, _refuse(refusal), form=form) is False
    assert form.errors["reason"] == ["Nêu lý do."]
    assert form.non_field_errors() == ["Khác."]
    form = _ReasonForm({"reason": "x"})
    form.is_valid()
    assert not run_service(request, _refuse(PermissionDenied()), form=form)
    assert form.non_field_errors() == ["Bạn không có quyền thực hiện thao tác này."]
    assert not list(get_messages(request))


def test_run_service_without_a_form_turns_a_refusal_into_a_message(rf):
    request = _request(rf)
    assert not run_service(request, _refuse(ValidationError("Đã đóng.")))
    assert not run_service(request, _refuse(PermissionDenied("Không được.")))
    assert [str(m) for m in get_messages(request)] == ["Đã đóng.", "Không được."]
    assert run_service(request, lambda: None) is True
