"""Every history screen of a model with django-simple-history shows field changes (AT-01)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.viewsets import viewsets

from qms import services
from qms.lib.history_view import FieldHistoryView
from qms.models import Agency


def _historied_viewsets():
    viewsets.populate()
    return [
        v
        for v in viewsets.viewsets
        if isinstance(getattr(v, "model", None), type) and hasattr(v.model, "history")
    ]


def test_every_viewset_of_a_historied_model_shows_field_history():
    found = _historied_viewsets()
    assert len(found) >= 15  # the registry really was read
    plain = [
        type(v).__name__
        for v in found
        if not issubclass(v.history_view_class, FieldHistoryView)
    ]
    assert plain == []


@pytest.mark.django_db
def test_agency_history_names_the_person_and_the_reason(client, users, own_agency):
    from qms.roles import Role

    officer = users[Role.QUALITY_OFFICER]
    agency = Agency.objects.get(pk=own_agency.pk)
    agency.address = "Số 2 đường Mới"
    services.agency_save(agency=agency, user=officer, reason="Chuyển trụ sở")
    client.force_login(officer)
    html = client.get(reverse("agency:history", args=[agency.pk])).content.decode()
    assert officer.staff_profile.full_name in html
    assert "Chuyển trụ sở" in html and "Số 2 đường Mới" in html
    assert "Địa chỉ" in html or "Trụ sở" in html


@pytest.mark.django_db
def test_history_timestamps_are_timezone_aware(settings, own_agency):
    """AT-06: USE_TZ is on and every history row carries an aware (UTC) timestamp."""
    assert settings.USE_TZ is True
    record = own_agency.history.latest()
    assert timezone.is_aware(record.history_date)
    assert record.history_date.utcoffset() == dt.timedelta(0)


def test_a_list_value_reads_as_its_items():
    """The 5-why chain of a nonconformity is a JSON list: no 500 on its history screen."""
    from audits.models import Nonconformity
    from qms.lib.history import display_value

    field = Nonconformity._meta.get_field("why_chain")
    assert display_value(field, ["Thiếu biểu mẫu", "Chưa cập nhật"]) == (
        "Thiếu biểu mẫu; Chưa cập nhật"
    )


@pytest.mark.django_db
def test_an_untouched_multiline_text_is_not_a_change(client, users, own_unit):
    """The e2e screenshot showed opening hours "changed" on an address edit: browsers send
    CRLF. The form stores LF, and the screen counts CRLF and LF as one."""
    from qms.lib.history import build_entries, history_queryset
    from qms.models import ReceivingUnit
    from qms.roles import Role

    officer = users[Role.QUALITY_OFFICER]
    unit = ReceivingUnit.objects.get(pk=own_unit.pk)
    unit.opening_hours = "Thứ Hai – Thứ Sáu\nSáng thứ Bảy"
    services.receiving_unit_save(unit=unit, user=officer, reason="Giờ làm việc")
    client.force_login(officer)
    edit = reverse("receivingunit:edit", args=[unit.pk])
    response = client.get(edit)
    assert response.status_code == 200
    data = {
        "name": unit.name,
        "agency": unit.agency_id,
        "kind": unit.kind,
        "address": "Số 9 đường Mới",
        "opening_hours": "Thứ Hai – Thứ Sáu\r\nSáng thứ Bảy",
        "phone": unit.phone,
        "email": unit.email,
        "change_reason": "Chuyển trụ sở",
    }
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.address == "Số 9 đường Mới"
    assert unit.opening_hours == "Thứ Hai – Thứ Sáu\nSáng thứ Bảy"
    newest, older = history_queryset(ReceivingUnit, unit.pk)[:2]
    latest = build_entries([newest], previous=older)[0]
    assert [c.label for c in latest.changes] == ["Địa chỉ"]
