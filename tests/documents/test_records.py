"""Records list, retention and disposal with the head's signature (issue 13 part 5, M40)."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from documents.models import DisposalMinute, RecordBatch, RecordSeries
from documents.records_mywork import batches_due, minutes_to_sign
from documents.services import records
from qms.roles import Role
from tests.factories import PASSWORD, staff_user

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def people(users, other_agency):
    return {
        "officer": users[Role.QUALITY_OFFICER],
        "head": users[Role.HEAD],
        "staff": users[Role.STAFF],
        "supervisor": users[Role.SUPERVISOR],
        "other_head": staff_user(Role.HEAD, other_agency, username="lanhdao-khac"),
        "other_officer": staff_user(
            Role.QUALITY_OFFICER, other_agency, username="thuky-khac"
        ),
    }


def _series(agency, officer, code="HS-01", years=10, **extra):
    return records.record_series_save(
        series=RecordSeries(
            agency=agency,
            code=code,
            name=extra.pop("name", f"Sổ theo dõi hồ sơ TTHC {code}"),
            location="Tủ hồ sơ Bộ phận Một cửa",
            responsible_unit="Bộ phận Một cửa",
            retention_years=years,
            permanent=years is None,
            **extra,
        ),
        user=officer,
        reason="Lập danh mục",
    )


def _batch(series, officer, year):
    return records.record_batch_save(
        batch=RecordBatch(
            series=series, year=year, end_date=dt.date(year, 12, 31), quantity="2 hộp"
        ),
        user=officer,
        reason="Ghi nhận lô",
    )


def _minute(agency, officer, batches, number="01/BB-HHS"):
    return records.disposal_minute_save(
        minute=DisposalMinute(
            agency=agency,
            number=number,
            meeting_date=TODAY,
            council="Trần Văn Minh, Chủ tịch\nNguyễn Thị Thu Hà, Thư ký ISO",
            method="Nghiền bằng máy hủy tài liệu",
        ),
        batches=batches,
        user=officer,
        reason="Hủy hồ sơ hết hạn",
        today=TODAY,
    )


@pytest.fixture
def drafted(own_agency, people):
    """A due batch (2014 + 10 years → from 2025) in a minute waiting for the head."""
    series = _series(own_agency, people["officer"])
    batch = _batch(series, people["officer"], 2014)
    minute = _minute(own_agency, people["officer"], [batch])
    return {"series": series, "batch": batch, "minute": minute}


# --- the list -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_records_list_shows_retention_periods(client, own_agency, people):
    _series(own_agency, people["officer"], "HS-01", 10, name="Sổ theo dõi hồ sơ TTHC")
    _series(own_agency, people["officer"], "HS-03", None, name="Sổ đăng ký khai sinh")
    client.force_login(people["staff"])
    html = client.get(reverse("recordseries:index")).content.decode()
    assert "Sổ theo dõi hồ sơ TTHC" in html
    assert "10 năm" in html
    assert "Vĩnh viễn" in html
    export = client.get(reverse("recordseries:index") + "?export=csv")
    text = (
        b"".join(export.streaming_content).decode("utf-8-sig")
        if export.streaming
        else export.content.decode("utf-8-sig")
    )
    assert "Thời gian lưu" in text and "10 năm" in text and "Vĩnh viễn" in text


@pytest.mark.django_db
def test_another_agency_does_not_see_the_list(client, own_agency, people):
    series = _series(own_agency, people["officer"], name="Sổ bí mật của Sở")
    client.force_login(people["other_head"])
    html = client.get(reverse("recordseries:index")).content.decode()
    assert "Sổ bí mật của Sở" not in html
    assert (
        client.get(reverse("recordseries:inspect", args=[series.pk])).status_code == 404
    )
    client.force_login(people["other_officer"])
    response = client.get(reverse("recordseries:edit", args=[series.pk]))
    assert response.status_code == 404
    # The supervisor reads every agency's list.
    client.force_login(people["supervisor"])
    assert (
        "Sổ bí mật của Sở" in client.get(reverse("recordseries:index")).content.decode()
    )


@pytest.mark.django_db
def test_only_the_quality_officer_maintains_the_list(own_agency, people):
    for who in ("staff", "head", "other_officer"):
        with pytest.raises(PermissionDenied):
            _series(own_agency, people[who], code=f"HS-{who}")
    assert not RecordSeries.objects.exists()


@pytest.mark.django_db
def test_retention_is_years_or_permanent(own_agency, people):
    with pytest.raises(ValidationError):
        _series(own_agency, people["officer"], years=71)
    with pytest.raises(ValidationError):
        records.record_series_save(
            series=RecordSeries(
                agency=own_agency,
                code="HS-09",
                name="Hồ sơ",
                location="Kho",
                responsible_unit="Văn phòng",
                retention_years=None,
                permanent=False,
            ),
            user=people["officer"],
        )


@pytest.mark.django_db
def test_listing_query_count_is_constant(client, own_agency, people):
    client.force_login(people["officer"])
    url = reverse("recordseries:index")
    batch_url = reverse("recordbatch:index")
    _batch(_series(own_agency, people["officer"], "HS-00"), people["officer"], 2020)

    def count(target):
        client.get(target)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    one, one_batch = count(url), count(batch_url)
    for number in range(1, 8):
        series = _series(own_agency, people["officer"], f"HS-{number:02d}")
        _batch(series, people["officer"], 2020)
    assert count(url) == one
    assert count(batch_url) == one_batch


@pytest.mark.django_db
def test_history_rows_carry_user_and_reason(drafted, people):
    row = drafted["series"].history.latest()
    assert row.history_user == people["officer"]
    assert row.history_change_reason == "Lập danh mục"
    assert drafted["minute"].history.latest().history_user == people["officer"]


# --- disposal -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_permanent_and_not_due_batches_are_refused(own_agency, people):
    permanent = _batch(
        _series(own_agency, people["officer"], "HS-03", None), people["officer"], 2000
    )
    recent = _batch(
        _series(own_agency, people["officer"], "HS-04", 5), people["officer"], 2022
    )
    with pytest.raises(ValidationError, match="vĩnh viễn"):
        _minute(own_agency, people["officer"], [permanent])
    with pytest.raises(ValidationError, match="chưa đến hạn"):
        _minute(own_agency, people["officer"], [recent])
    assert not DisposalMinute.objects.exists()


@pytest.mark.django_db
def test_a_wrong_password_disposes_of_nothing(drafted, people):
    with pytest.raises(PermissionDenied, match="Mật khẩu"):
        records.disposal_minute_sign(
            minute=drafted["minute"], user=people["head"], password="sai", today=TODAY
        )
    drafted["minute"].refresh_from_db()
    drafted["batch"].refresh_from_db()
    assert drafted["minute"].status == DisposalMinute.Status.DRAFT
    assert not drafted["minute"].pdf_sha256
    assert drafted["batch"].disposed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "other_head", "staff"])
def test_only_the_agencys_head_signs(drafted, people, who):
    with pytest.raises(PermissionDenied):
        records.disposal_minute_sign(
            minute=drafted["minute"], user=people[who], password=PASSWORD, today=TODAY
        )
    drafted["batch"].refresh_from_db()
    assert drafted["batch"].disposed_at is None


@pytest.mark.django_db
def test_the_heads_signature_disposes_and_stores_the_pdf(drafted, people):
    minute = records.disposal_minute_sign(
        minute=drafted["minute"], user=people["head"], password=PASSWORD, today=TODAY
    )
    drafted["batch"].refresh_from_db()
    assert minute.status == DisposalMinute.Status.SIGNED
    assert drafted["batch"].disposed_at is not None
    assert "01/BB-HHS" in drafted["batch"].history.latest().history_change_reason
    content = minute.pdf.read()
    assert hashlib.sha256(content).hexdigest() == minute.pdf_sha256
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "BIÊN BẢN HỦY HỒ SƠ HẾT GIÁ TRỊ" in text
    assert "HS-01" in text and "2014" in text
    assert "Nghiền bằng máy hủy tài liệu" in text
    # A signed minute is never changed again, nor signed twice.
    with pytest.raises(ValidationError):
        _minute(minute.agency, people["officer"], [drafted["batch"]], number="02")
    with pytest.raises(ValidationError):
        records.disposal_minute_save(
            minute=minute, batches=[], user=people["officer"], today=TODAY
        )


@pytest.mark.django_db
def test_sign_view_asks_the_password(client, drafted, people):
    client.force_login(people["head"])
    url = reverse("documents_minute_sign", args=[drafted["minute"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"password": "sai"})
    assert "Mật khẩu" in response.content.decode()
    drafted["minute"].refresh_from_db()
    assert not drafted["minute"].is_signed
    # Out of scope: the other agency's head gets a 404, not the form.
    client.force_login(people["other_head"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_minute_cannot_be_deleted(client, drafted, people, admin_user):
    minute = drafted["minute"]
    for user in (people["officer"], admin_user):
        client.force_login(user)
        url = reverse("disposalminute:delete", args=[minute.pk])
        assert client.post(url).status_code == 403
    assert DisposalMinute.objects.filter(pk=minute.pk).exists()


# --- My work --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_work_lists_minutes_to_sign_for_the_head(drafted, people):
    [group] = minutes_to_sign(people["head"])
    assert group["count"] == 1
    assert "01/BB-HHS" in group["items"][0]["title"]
    assert minutes_to_sign(people["officer"]) == []
    assert minutes_to_sign(people["other_head"]) == []


@pytest.mark.django_db
def test_my_work_lists_due_batches_for_the_officer(
    own_agency, people, django_assert_max_num_queries
):
    series = _series(own_agency, people["officer"])
    for year in (2010, 2011, 2012, 2013, 2014, 2015, 2020):
        _batch(series, people["officer"], year)
    officer = people["officer"]
    with django_assert_max_num_queries(3):
        [group] = batches_due(officer, today=TODAY)
    assert group["count"] == 6  # 2015 + 10 → from 2026; 2020 is not due
    assert len(group["items"]) == 5
    assert batches_due(people["other_officer"], today=TODAY) == []


# --- the admin screens ----------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_drafts_a_minute_in_the_admin(client, own_agency, people):
    series = _series(own_agency, people["officer"])
    due = _batch(series, people["officer"], 2010)
    recent = _batch(series, people["officer"], 2024)
    client.force_login(people["officer"])
    html = client.get(reverse("recordsdue:index")).content.decode()
    assert "(2010)" in html and "(2024)" not in html
    data = {
        "agency": own_agency.pk,
        "number": "05/BB-HHS",
        "meeting_date": "2026-01-15",
        "council": "Trần Văn Minh, Chủ tịch",
        "method": "Nghiền bằng máy hủy tài liệu",
        "batches": [recent.pk],
        "change_reason": "Hủy hồ sơ",
    }
    response = client.post(reverse("disposalminute:add"), data)
    assert "chưa đến hạn hủy" in response.content.decode()
    assert not DisposalMinute.objects.exists()
    response = client.post(reverse("disposalminute:add"), {**data, "batches": [due.pk]})
    assert response.status_code == 302
    minute = DisposalMinute.objects.get()
    assert list(minute.batches.all()) == [due]
    assert minute.drafted_by == people["officer"]
    for name in ("recordseries", "recordbatch", "recordsdue", "disposalminute"):
        assert client.get(reverse(f"{name}:index")).status_code == 200
    assert (
        client.get(reverse("disposalminute:inspect", args=[minute.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("disposalminute:index") + "?export=xlsx").status_code == 200
    )


@pytest.mark.django_db
def test_the_demo_has_a_records_list_a_due_batch_and_a_signed_minute(seeded):
    series = RecordSeries.objects.filter(agency__name="UBND phường Phố Hiến")
    assert series.count() >= 8
    assert series.filter(permanent=True).exists()
    minute = DisposalMinute.objects.get(number="01/BB-HHS")
    assert minute.is_signed and len(minute.pdf_sha256) == 64
    assert minute.batches.filter(disposed_at__isnull=False).count() == 2
    due = records.due_batches(RecordBatch.objects.all(), dt.date(2026, 6, 1))
    assert due.filter(series__code="HS-01", year=2015).exists()
