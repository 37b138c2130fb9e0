"""Issue 16 in the browser, as each role: the agency's public ISO status, the head's annual
report to the Sở KH&CN (generate, DOCX, sign and submit) and its receipt and the province
summary by the Sở KH&CN account."""

import io
import re

import openpyxl  # type: ignore[import-untyped]
from docx import Document
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

AGENCY = "UBND phường Phố Hiến"
SECTIONS = (
    "Phạm vi áp dụng",
    "Tài liệu ban hành, sửa đổi",
    "Đào tạo, phổ biến",
    "Đánh giá nội bộ",
    "Sự không phù hợp và hành động khắc phục",
    "Xem xét của lãnh đạo",
    "Mục tiêu chất lượng",
    "Phản ánh, kiến nghị của người dân",
)


def test_the_agency_page_shows_its_current_iso_announcement(
    page: Page, demo_server, shot
):
    page.goto(demo_server + "/ubnd-tinh-hung-yen/ubnd-phuong-pho-hien/")
    status = page.get_by_text(re.compile("công bố HTQLCL phù hợp TCVN ISO 9001:2015"))
    expect(status.first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Quyết định số")
    shot(page, "supervision-public-announcement")


def _download(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    return info.value.path().read_bytes()


def test_the_head_submits_the_annual_report_and_the_department_receives_it(
    page: Page, demo_server, shot
):
    login(page, demo_server, "lanhdao")
    page.goto(demo_server + "/admin/")
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    expect(menu.get_by_text("Báo cáo năm về ISO").first).to_be_visible()
    page.goto(demo_server + "/admin/annual-reports/")
    form = page.locator("form.reporting-generate")
    form.locator("select[name=agency]").select_option(label=AGENCY)
    form.locator("select[name=year]").select_option("2026")
    form.get_by_role("button", name="Lập từ dữ liệu hiện có").click()
    expect(page.locator(".messages")).to_contain_text("dữ liệu hiện có")
    report_url = page.url
    shot(page, "supervision-report-generated")

    docx = Document(io.BytesIO(_download(page, "Tải về (DOCX)")))
    text = "\n".join(p.text for p in docx.paragraphs)
    tables = " ".join(c.text for t in docx.tables for r in t.rows for c in r.cells)
    for heading in SECTIONS:
        assert heading in text, heading
    assert "Kính gửi" in text and "2026" in text
    assert "UBND phường Phố Hiến" in text + tables

    page.get_by_role("link", name="Ký và gửi").click()
    page.get_by_label("Mật khẩu của bạn").fill("Demo@2026")
    page.get_by_role("button", name="Ký và gửi").click()
    expect(page.locator(".messages")).to_contain_text("Báo cáo đã được ký và gửi.")
    shot(page, "supervision-report-submitted")

    page.context.clear_cookies()
    login(page, demo_server, "sokhcn")
    page.goto(report_url)
    page.get_by_role("link", name="Xác nhận đã nhận").click()
    page.get_by_label("Đã nhận được báo cáo").check()
    page.get_by_role("button", name="Xác nhận đã nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác nhận nhận báo cáo.")
    shot(page, "supervision-report-received")

    page.goto(demo_server + "/admin/annual-reports/summary/?year=2026")
    expect(page.locator("main")).to_contain_text(AGENCY)
    shot(page, "supervision-province-summary")
    book = openpyxl.load_workbook(io.BytesIO(_download(page, "Tải về (XLSX)")))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row]
    assert AGENCY in cells


def test_a_finding_becomes_a_nonconformity_and_an_expired_certificate_blocks(
    page: Page, demo_server, demo_db, shot
):
    (pk,) = demo_db(
        "SELECT id FROM inspections_inspection WHERE decision_number LIKE '215/%'"
    )[0]
    login(page, demo_server, "thuky")
    page.goto(f"{demo_server}/admin/kiem-tra/{pk}/")
    raise_button = page.get_by_role("button", name="Tạo điểm không phù hợp")
    expect(raise_button).to_have_count(1)  # one finding raised by the demo, one left
    raise_button.click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo phiếu SKPH")
    expect(raise_button).to_have_count(0)  # in one step, never twice
    shot(page, "supervision-finding-raised")

    page.context.clear_cookies()
    login(page, demo_server, "admin")
    page.goto(demo_server + "/admin/audit/")
    page.get_by_role("link", name="DG-2026-03").click()
    found = re.search(r"/audits/(\d+)/workspace/", page.url)
    assert found, page.url
    page.goto(f"{demo_server}/admin/audit/edit/{found.group(1)}/")
    page.get_by_role("combobox", name="Trưởng đoàn đánh giá").select_option(
        label="Đỗ Thị Hạnh – Sở Tư pháp tỉnh Hưng Yên"
    )
    page.get_by_role("textbox", name="Lý do thay đổi").fill("Thay trưởng đoàn")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(
        page.get_by_text(
            "Đỗ Thị Hạnh không có chứng chỉ đánh giá viên nội bộ còn hiệu lực"
        ).first
    ).to_be_visible()
    shot(page, "supervision-expired-certificate-refused")


def test_the_supervisor_compares_every_agency_in_the_province_overview(
    page: Page, demo_server, demo_db, shot
):
    today = demo_db("SELECT date('now')")[0][0]
    active = {
        name
        for (name,) in demo_db(
            "SELECT name FROM qms_agency WHERE valid_from <= ? "
            "AND (valid_to IS NULL OR valid_to >= ?)",
            today,
            today,
        )
    }
    # An obliged agency named in no audit programme (the case the old panel missed).
    unplanned = demo_db(
        "SELECT name FROM qms_agency WHERE kind = 'so' AND valid_to IS NULL AND id NOT IN "
        "(SELECT agency_id FROM audits_audit) ORDER BY name LIMIT 1"
    )[0][0]
    login(page, demo_server, "giamsat")
    page.goto(demo_server + "/admin/")
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    menu.get_by_role("button", name="Báo cáo", exact=True).click()
    menu.get_by_role("link", name="Tổng quan toàn tỉnh").click()
    rows = page.locator("tr[data-agency]")
    expect(rows.first).to_be_visible()
    shot(page, "supervision-province-overview")
    names = set(rows.locator("th").all_inner_texts())
    assert names == active, active ^ names
    column = page.locator("thead th").evaluate_all(
        "ths => ths.findIndex(th => th.querySelector('[data-sort=internal_audit]'))"
    )
    cell = rows.filter(has_text=unplanned).locator("th, td").nth(column)
    expect(cell).to_have_class("qms-flag")
    # A figure opens its register filtered for that agency.
    documents = page.locator("thead th").evaluate_all(
        "ths => ths.findIndex(th => th.querySelector('[data-sort=documents_in_force]'))"
    )
    row = rows.filter(has_text=AGENCY)
    link = row.locator("th, td").nth(documents).get_by_role("link")
    count = link.inner_text()
    link.click()
    expect(page.locator("main")).to_contain_text(count)
    shot(page, "supervision-overview-link")
