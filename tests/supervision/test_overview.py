"""The province overview "Tổng quan toàn tỉnh" (issue 16 part 6, M28).

Directive 09/CT-UBND item 7: Sở Nội vụ watches and compares the agencies' one-stop units.
The overview lists every active agency with one figure per registered column, each figure
opening its register filtered for that agency; flagged figures are highlighted.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time
from openpyxl import load_workbook  # type: ignore[import-untyped]

from audits.models import Audit, CorrectiveAction, Nonconformity
from performance.models import Indicator, Measurement, QualityObjective
from qms.lib.province_overview import Cell, Column
from qms.models import Agency
from qms.roles import Role
from supervision.overview import build_overview
from tests.factories import AgencyFactory, staff_user

URL = reverse("supervision_overview")
MY_KEYS = [
    "documents_in_force",
    "reviews_overdue",
    "reading_completion",
    "competence_gaps",
    "internal_audit",
    "nonconformities_open",
    "nonconformities_overdue",
    "objectives_on_track",
    "management_review",
]


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def _active_demo_agencies():
    today = timezone.localdate()
    return [a for a in Agency.objects.all() if a.is_active_on(today)]


@pytest.mark.django_db
def test_giamsat_sees_every_active_demo_agency_with_the_columns_and_links(
    client, seeded
):
    _login(client, "giamsat")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    agencies = _active_demo_agencies()
    assert len(response.context["overview"].rows) == len(agencies)
    for agency in agencies:
        assert f'data-agency="{agency.pk}"' in html
    for key in MY_KEYS:
        assert f'data-sort="{key}"' in html
    # Vietnamese headings: the glossary's terms.
    assert "Tổng quan toàn tỉnh" in html
    assert "Sự không phù hợp" in html or "SKPH" in html
    # Each figure opens its register filtered for the agency, and the list opens for giamsat.
    pho_hien = Agency.objects.get(name="UBND phường Phố Hiến")
    row = next(
        r for r in response.context["overview"].rows if r.agency_id == pho_hien.pk
    )
    for key in MY_KEYS:
        cell = row.cells[key]
        assert f"agency={pho_hien.pk}" in cell.url
        assert cell.url.replace("&", "&amp;") in html
        assert client.get(cell.url).status_code == 200, key


@pytest.mark.django_db
def test_the_figures_open_lists_filtered_to_the_rows_they_counted(client, seeded):
    """The open and overdue counts are the rows the nonconformity register then shows."""
    _login(client, "giamsat")
    rows = client.get(URL).context["overview"].rows
    checked = 0
    for row in rows:
        for key in (
            "nonconformities_open",
            "nonconformities_overdue",
            "documents_in_force",
            "reviews_overdue",
        ):
            cell = row.cells[key]
            if not cell.value:
                continue
            listing = client.get(cell.url)
            assert listing.context["page_obj"].paginator.count == cell.value, key
            checked += 1
    assert checked >= 3, "the demo has open nonconformities and documents in force"


@pytest.mark.django_db
def test_the_audit_and_review_links_list_that_agency_only(client, seeded):
    """The audits and management reviews lists gained an agency filter for these links."""
    from review.models import ManagementReview

    _login(client, "giamsat")
    rows = client.get(URL).context["overview"].rows
    year = timezone.localdate().year
    for row in rows:
        audits = client.get(row.cells["internal_audit"].url).context["page_obj"]
        assert (
            audits.paginator.count == Audit.objects.filter(agency=row.agency_id).count()
        )
        reviews = client.get(row.cells["management_review"].url).context["page_obj"]
        expected = ManagementReview.objects.filter(agency=row.agency_id, year=year)
        assert reviews.paginator.count == expected.count()
    assert Audit.objects.exists()


@pytest.mark.django_db
def test_an_obliged_agency_in_no_audit_programme_is_flagged(client, seeded):
    _login(client, "giamsat")
    lonely = AgencyFactory(name="UBND xã Không Chương Trình", kind="ubnd_xa")
    centre = AgencyFactory(name="Trung tâm Không Bắt Buộc", kind="trung_tam")
    response = client.get(URL)
    rows = {r.agency_id: r for r in response.context["overview"].rows}
    assert rows[lonely.pk].cells["internal_audit"].flag
    assert rows[lonely.pk].cells["internal_audit"].text == "Chưa"
    assert not rows[centre.pk].cells["internal_audit"].flag
    html = response.content.decode()
    start = html.index(f'data-agency="{lonely.pk}"')
    assert 'class="qms-flag"' in html[start : html.index("</tr>", start)]


@pytest.mark.django_db
def test_an_audit_closed_this_year_shows_its_date_and_clears_the_flag(client, seeded):
    _login(client, "giamsat")
    audit = Audit.objects.select_related("agency").first()
    Audit.objects.filter(pk=audit.pk).update(
        status=Audit.Status.CLOSED, closed_at=timezone.now()
    )
    rows = {r.agency_id: r for r in client.get(URL).context["overview"].rows}
    cell = rows[audit.agency_id].cells["internal_audit"]
    assert cell.value == timezone.localdate()
    assert cell.text.startswith("Có (") and not cell.flag


@pytest.mark.django_db
def test_it_sorts_by_any_column_both_ways(client, seeded):
    _login(client, "giamsat")
    for key in ("nonconformities_open", "name"):
        up = client.get(URL, {"sort": key}).context["overview"]
        down = client.get(URL, {"sort": f"-{key}"}).context["overview"]
        assert up.sort == key and down.sort == f"-{key}"
        if key == "name":
            names = [r.name.casefold() for r in up.rows]
            assert names == sorted(names)
            continue
        values = [r.cells[key].value for r in up.rows]
        assert values == sorted(values)
        assert [r.cells[key].value for r in down.rows] == sorted(values, reverse=True)
    # An unknown key falls back to the name.
    assert client.get(URL, {"sort": "password"}).context["overview"].sort == "name"


@pytest.mark.django_db
def test_agencies_without_a_figure_sort_last_either_way(client, seeded):
    _login(client, "giamsat")
    for sort in ("reading_completion", "-reading_completion"):
        rows = client.get(URL, {"sort": sort}).context["overview"].rows
        values = [r.cells["reading_completion"].value for r in rows]
        known = [v for v in values if v is not None]
        assert values[: len(known)] == known
        assert all(v is None for v in values[len(known) :])


@pytest.mark.django_db
def test_it_filters_by_agency_type_and_by_area(client, seeded):
    _login(client, "giamsat")
    departments = client.get(URL, {"kind": "so"}).context["overview"].rows
    assert departments and {r.kind for r in departments} == {"so"}
    province = Agency.objects.get(name="UBND tỉnh Hưng Yên")
    ward = AgencyFactory(name="UBND phường Mới", kind="ubnd_phuong", parent=province)
    village = AgencyFactory(
        name="Trung tâm của phường Mới", kind="trung_tam", parent=ward
    )
    overview = client.get(URL, {"area": ward.pk}).context["overview"]
    assert {r.agency_id for r in overview.rows} == {ward.pk, village.pk}
    assert (ward.pk, ward.name) in overview.areas
    everything = client.get(URL, {"area": province.pk}).context["overview"].rows
    assert len(everything) == len(_active_demo_agencies())


@pytest.mark.django_db
def test_the_xlsx_export_has_a_row_per_agency(client, seeded):
    _login(client, "giamsat")
    response = client.get(URL, {"export": "xlsx", "kind": "so"})
    assert response.status_code == 200
    assert "tong-quan-toan-tinh" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Cơ quan", "Loại cơ quan", "Khu vực")
    assert "Tài liệu đang hiệu lực" in rows[0]
    departments = Agency.objects.filter(kind="so", valid_to__isnull=True)
    assert sorted(r[0] for r in rows[1:]) == sorted(a.name for a in departments)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["thuky", "lanhdao", "congchuc", "danhgia"])
def test_agency_users_are_refused_and_not_offered_the_menu(client, seeded, username):
    """Agency people compare nothing across the province: the screen is for supervisors."""
    _login(client, username)
    home_url = reverse("wagtailadmin_home")
    for params in ({}, {"export": "xlsx"}):
        response = client.get(
            URL, params
        )  # Wagtail answers a refusal with the dashboard
        assert response.status_code == 302 and response["Location"] == home_url
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert URL not in home  # the sidebar's menu (JSON) has no entry for it


@pytest.mark.django_db
def test_the_supervisor_and_the_superuser_have_it_under_reports(client, rf, seeded):
    from wagtail import hooks

    from supervision.wagtail_hooks import register_overview_menu_item

    item = register_overview_menu_item()
    with translation.override("vi"):
        assert str(item.label) == "Tổng quan toàn tỉnh"
    assert register_overview_menu_item in hooks.get_hooks("register_reports_menu_item")
    for username, shown in (("giamsat", True), ("admin", True), ("thuky", False)):
        request = rf.get("/admin/")
        request.user = get_user_model().objects.get(username=username)
        assert item.is_shown(request) is shown, username
    for username in ("giamsat", "admin"):
        _login(client, username)
        home = client.get(reverse("wagtailadmin_home")).content.decode()
        assert URL in home
        assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_the_charts_have_their_text_equivalents(client, seeded):
    _login(client, "giamsat")
    response = client.get(URL)
    charts = response.context["charts"]
    titles = [c.title for c in charts]
    assert any("đọc và xác nhận" in t for t in titles)
    assert any("Mục tiêu" in t for t in titles)
    assert len(charts) == 4
    html = response.content.decode()
    assert html.count('<svg role="img"') == 4
    trend = charts[2]
    assert len(trend.points) == 12
    for chart in charts:
        assert chart.description in html


@pytest.mark.django_db
def test_it_shows_whatever_columns_are_registered(client, seeded):
    """Columns of apps this one does not know (announcement, annual report) just appear."""
    from wagtail import hooks

    def extra() -> list[Column]:
        return [
            Column(
                "annual_report",
                "Báo cáo năm",
                100,
                lambda ids, year, today: {i: Cell(True, "Đã nộp", "/x/") for i in ids},
            )
        ]

    with hooks.register_temporarily("qms_province_overview_columns", extra):
        _login(client, "giamsat")
        html = client.get(URL, {"sort": "-annual_report"}).content.decode()
    assert 'data-sort="annual_report"' in html and "Đã nộp" in html


# Figures of the columns, on a small province of factories.


@pytest.fixture
def world(db):
    province = AgencyFactory(name="UBND tỉnh Thử", kind="ubnd_tinh")
    ward = AgencyFactory(name="UBND phường Thử", kind="ubnd_phuong", parent=province)
    officer = staff_user(Role.QUALITY_OFFICER, ward, username="officer-w")
    return province, ward, officer


def _nonconformity(agency, user, n, *, status="planned", overdue=False):
    nc = Nonconformity.objects.create(
        code=f"SKPH-{agency.pk}-{n}",
        year=2026,
        sequence=n,
        source=Nonconformity.Source.SELF_DETECTED,
        severity=Nonconformity.Severity.MINOR,
        status=status,
        agency=agency,
        title=f"SKPH {n}",
        description="Mô tả",
        detected_on=dt.date(2026, 2, 1),
    )
    if overdue:
        CorrectiveAction.objects.create(
            nonconformity=nc,
            description="Khắc phục",
            owner=user,
            due_date=dt.date(2026, 3, 1),
        )
    return nc


@pytest.mark.django_db
@freeze_time("2026-06-15 09:00")
def test_the_nonconformity_figures_count_open_and_overdue(world):
    province, ward, officer = world
    _nonconformity(ward, officer, 1)
    _nonconformity(ward, officer, 2, overdue=True)
    _nonconformity(ward, officer, 3, status="closed")
    rows = {
        r.agency_id: r
        for r in build_overview(year=2026, today=dt.date(2026, 6, 15)).rows
    }
    assert rows[ward.pk].cells["nonconformities_open"].value == 2
    overdue = rows[ward.pk].cells["nonconformities_overdue"]
    assert overdue.value == 1 and overdue.flag
    assert rows[province.pk].cells["nonconformities_open"].value == 0
    assert not rows[province.pk].cells["nonconformities_overdue"].flag


@pytest.mark.django_db
@freeze_time("2026-06-15 09:00")
def test_objectives_on_track_is_the_share_of_measured_objectives(world):
    province, ward, officer = world
    indicators = list(Indicator.objects.order_by("pk")[:2])
    for n, (indicator, value) in enumerate(zip(indicators, ["100", "0"], strict=True)):
        objective = QualityObjective.objects.create(
            agency=ward,
            year=2026,
            text=f"Mục tiêu {n}",
            indicator=indicator,
            target=Decimal("95") if indicator.direction == "higher" else Decimal("5"),
            plan_what="Theo dõi",
            status=QualityObjective.Status.APPROVED,
            approved_by=officer,
            approved_at=timezone.now(),
        )
        Measurement.objects.create(
            objective=objective,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 1, 31),
            value=Decimal(value) if indicator.direction == "higher" else Decimal("50"),
            source=Measurement.Source.IMPORTED,
        )
    rows = {
        r.agency_id: r
        for r in build_overview(year=2026, today=dt.date(2026, 6, 15)).rows
    }
    cell = rows[ward.pk].cells["objectives_on_track"]
    assert cell.value == 50.0 and cell.text == "50 %"
    assert rows[province.pk].cells["objectives_on_track"].value is None


@pytest.mark.django_db
@freeze_time("2026-06-15 09:00")
def test_staff_with_a_competence_gap_are_counted(world):
    """NĐ 61/2018 Art. 10: one-stop staff need three years of service; a newcomer has a gap."""
    from qms.models import Position, StaffProfile
    from training.models import CompetenceRequirement

    _province, ward, officer = world
    position = Position.objects.create(name="Công chức một cửa thử", code="mc-thu")
    CompetenceRequirement.objects.create(position=position, min_service_years=3)
    StaffProfile.objects.filter(user=officer).update(
        position=position, service_start=dt.date(2025, 1, 1)
    )
    senior = staff_user(Role.STAFF, ward, username="senior-w")
    StaffProfile.objects.filter(user=senior).update(
        position=position, service_start=dt.date(2010, 1, 1)
    )
    rows = {
        r.agency_id: r
        for r in build_overview(year=2026, today=dt.date(2026, 6, 15)).rows
    }
    cell = rows[ward.pk].cells["competence_gaps"]
    assert cell.value == 1 and cell.flag


@pytest.mark.django_db
def test_dissolved_agencies_have_no_row_this_year_but_do_in_theirs(world):
    gone = AgencyFactory(
        name="UBND huyện Cũ",
        kind="ubnd_huyen",
        valid_from=dt.date(1997, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    today = dt.date(2026, 6, 15)
    assert gone.pk not in {
        r.agency_id for r in build_overview(year=2026, today=today).rows
    }
    assert gone.pk not in {
        r.agency_id for r in build_overview(year=2025, today=today).rows
    }
    assert gone.pk in {r.agency_id for r in build_overview(year=2024, today=today).rows}


def _grow(province, user, count, start):
    for n in range(start, start + count):
        agency = AgencyFactory(name=f"UBND xã {n:03d}", kind="ubnd_xa", parent=province)
        staff_user(Role.STAFF, agency, username=f"staff-{n}")
        _nonconformity(agency, user, n, overdue=n % 2 == 0)


@pytest.mark.django_db
def test_the_overview_costs_the_same_queries_at_any_number_of_agencies(
    client, world, django_assert_num_queries
):
    province, _ward, officer = world
    admin = get_user_model().objects.create_superuser("root-o", "r@example.vn", "x")
    client.force_login(admin)
    _grow(province, officer, 3, 0)
    client.get(URL)  # warm the session and Wagtail's caches
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL)
    assert len(response.context["overview"].rows) == 5
    with CaptureQueriesContext(connection) as small_export:
        client.get(URL, {"export": "xlsx"})
    _grow(province, officer, 12, 3)
    with django_assert_num_queries(len(small)):
        response = client.get(URL)
    assert len(response.context["overview"].rows) == 17
    with django_assert_num_queries(len(small_export)):
        response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_province_sized_export_is_prepared_in_the_background(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.QMS_EXPORT_INLINE_MAX_ROWS = 1
    client.force_login(
        get_user_model().objects.create_superuser("root-x", "x@e.vn", "x")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(URL, {"export": "xlsx", "year": "2026"})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == URL and "export" not in parse_qs(target.query)
    from qms.models import ExportJob

    job = ExportJob.objects.get()
    assert job.rows == 2 and job.status == ExportJob.Status.DONE
