"""The report's screens and files: scoping, signing, receipt, DOCX, PDF, province summary."""

import io

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pypdf import PdfReader

from qms.demo_data import DEMO_PASSWORD
from reporting.models import AnnualReport
from reporting.services import report_generate

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Tài liệu ban hành, sửa đổi",
    "Đào tạo, phổ biến",
    "Đánh giá nội bộ",
    "Sự không phù hợp và hành động khắc phục",
    "Xem xét của lãnh đạo",
    "Mục tiêu chất lượng",
    "Phản ánh, kiến nghị của người dân",
    "Khó khăn, vướng mắc",
    "Kiến nghị, đề xuất",
]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(demo):
    year = timezone.localdate().year
    return report_generate(agency=demo["pho_hien"], year=year, user=demo["thuky"])


def _refused(response):
    """Wagtail answers a PermissionDenied with a redirect home and a message."""
    return response.status_code == 403 or (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
    )


def _report_2025(name):
    return AnnualReport.objects.get(year=2025, agency__name=name)


def test_another_agencys_report_is_unreachable(demo):
    other = _report_2025("Sở Tư pháp tỉnh Hưng Yên")
    client = _client(demo["thuky"])
    for name in (
        "reporting_report",
        "reporting_docx",
        "reporting_pdf",
        "reporting_edit",
    ):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    listing = client.get(reverse("reporting_index")).content.decode()
    assert "Sở Tư pháp" not in listing and "Phố Hiến" in listing
    assert _refused(client.get(reverse("reporting_summary")))
    # Supervisors read every agency's report, and act on none.
    supervisor = _client(demo["giamsat"])
    assert (
        supervisor.get(reverse("reporting_report", args=[other.pk])).status_code == 200
    )
    assert _refused(supervisor.get(reverse("reporting_edit", args=[other.pk])))
    assert _refused(supervisor.get(reverse("reporting_receive", args=[other.pk])))


def test_the_docx_opens_and_has_every_section_heading(demo, draft):
    response = _client(demo["lanhdao"]).get(reverse("reporting_docx", args=[draft.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    for heading in HEADINGS:
        assert any(heading in text for text in headings), heading
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kính gửi: Sở Khoa học và Công nghệ tỉnh Hưng Yên" in text
    assert f"HTQLCL theo TCVN ISO 9001:2015 năm {draft.year}" in text
    assert "Thông tư 26/2014/TT-BKHCN" in text  # the footnote on the form's layout
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("Độc lập - Tự do - Hạnh phúc" in c for c in cells)
    assert any(c.startswith("Số:") for c in cells)
    assert len(document.tables) > 5  # the sections' tables


def test_the_pdf_has_every_section(demo, draft):
    response = _client(demo["thuky"]).get(reverse("reporting_pdf", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for heading in [*HEADINGS, "Kính gửi", "BÁO CÁO", "DỰ THẢO"]:
        assert heading in text, heading


def test_the_head_signs_on_the_screen_and_a_wrong_password_changes_nothing(demo, draft):
    url = reverse("reporting_submit", args=[draft.pk])
    assert _refused(_client(demo["thuky"]).get(url))
    head = _client(demo["lanhdao"])
    response = head.post(url, {"password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu" in response.content.decode().lower()
    assert AnnualReport.objects.get(pk=draft.pk).status == "draft"
    response = head.post(url, {"password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert AnnualReport.objects.get(pk=draft.pk).status == "submitted"


def test_the_department_of_science_receives_on_the_screen(demo):
    late = _report_2025("UBND phường Thái Bình")
    url = reverse("reporting_receive", args=[late.pk])
    assert _refused(_client(demo["giamsat"]).post(url, {"confirm": "on"}))
    response = _client(demo["sokhcn"]).post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert AnnualReport.objects.get(pk=late.pk).status == "received"


def test_generating_from_the_register(demo):
    year = timezone.localdate().year
    client = _client(demo["lanhdao"])
    response = client.post(
        reverse("reporting_generate"), {"agency": demo["pho_hien"].pk, "year": year}
    )
    report = AnnualReport.objects.get(agency=demo["pho_hien"], year=year)
    assert response["Location"] == reverse("reporting_report", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Ký và gửi" in page
    assert "Lập báo cáo năm" in page  # the history row and its reason


def _summary_rows(workbook_bytes):
    sheet = load_workbook(io.BytesIO(workbook_bytes)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], {row[0]: row for row in rows[1:]}


def test_province_summary_xlsx_and_docx(demo):
    client = _client(demo["sokhcn"])
    page = client.get(reverse("reporting_summary"), {"year": 2025})
    assert page.status_code == 200
    response = client.get(reverse("reporting_summary_xlsx"), {"year": 2025})
    head, rows = _summary_rows(response.content)
    assert head[:4] == ("Cơ quan", "Trạng thái", "Ngày gửi", "Quá hạn")
    assert "Tài liệu ban hành mới" in head
    assert rows["UBND phường Phố Hiến"][1] == "Sở KH&CN đã nhận"
    assert rows["UBND phường Phố Hiến"][3] == "Không"
    assert rows["UBND phường Thái Bình"][1] == "Đã gửi"
    assert rows["UBND phường Thái Bình"][3] == "Có"
    assert rows["UBND xã Tân Hưng"][1] == "Chưa gửi"
    issued = head.index("Tài liệu ban hành mới")
    assert isinstance(rows["UBND phường Phố Hiến"][issued], int)
    response = client.get(reverse("reporting_summary_docx"), {"year": 2025})
    document = docx.Document(io.BytesIO(response.content))
    table = document.tables[0]
    assert len(table.rows) == len(rows) + 1
    assert "Tổng hợp báo cáo ISO năm 2025" in document.paragraphs[0].text


def test_the_summary_costs_the_same_queries_whatever_the_reports(
    demo, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.summary import province_summary

    province_summary(2024)  # settings are cached after their first load
    with CaptureQueriesContext(connection) as empty:
        assert not any(r.report_id for r in province_summary(2024).rows)
    with django_assert_num_queries(len(empty)):
        summary = province_summary(2025)
    assert sum(1 for r in summary.rows if r.report_id) == 4
