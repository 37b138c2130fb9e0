"""Dossier statistics end to end (issue 15 part 2, M34).

Done when: as thuky, the sample file imports, re-importing changes nothing, and a bad file
gets row and column errors and stores nothing; the supervisor reads, never imports.
"""

import re

from playwright.sync_api import Page, expect

from dossiers.sample_file import SAMPLE_CSV, csv_bytes, sample_rows
from tests.e2e.conftest import login


def test_thuky_reimports_the_sample_and_a_bad_file_is_refused(
    page: Page, demo_server, shot, tmp_path
):
    """GIVEN the demo, which imported the Phố Hiến sample (XLSX)
    WHEN thuky imports its CSV twin, then a file with a negative number
    THEN the re-import changes nothing, the bad file shows "Dòng…, cột «…»" and no
    confirm button; the statistics list shows the months."""
    login(page, demo_server, "thuky")
    page.get_by_role("button", name="Thống kê hồ sơ").click()
    page.get_by_role("link", name="Các lần nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập thống kê hồ sơ")
    page.get_by_label("Tệp thống kê (XLSX hoặc CSV)").set_input_files(str(SAMPLE_CSV))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_text("Các dòng đầu của tệp")).to_be_visible()
    shot(page, "dossiers-01-preview")
    page.get_by_role("button", name="Xác nhận nhập số liệu").click()
    expect(
        page.get_by_role("status").filter(has_text="Đã nhập 50 dòng")
    ).to_contain_text(
        "Đã nhập 50 dòng: thêm mới 0, thay đổi 0, xóa 0; phát sinh 0 điểm không phù hợp"
    )
    shot(page, "dossiers-02-done")

    rows = sample_rows()
    rows[13][7] = -1  # "Quá hạn" of the file's 15th line
    bad = tmp_path / "sai.csv"
    bad.write_bytes(csv_bytes(rows))
    page.get_by_role("link", name="Quay lại danh sách các lần nhập").click()
    page.get_by_label("Tệp thống kê (XLSX hoặc CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Dòng 15, cột «Quá hạn»: phải là số nguyên không âm"
    )
    expect(page.get_by_role("button", name="Xác nhận nhập số liệu")).to_have_count(0)
    shot(page, "dossiers-03-errors")

    page.goto(demo_server + "/admin/dossiers/statistics/?month=7&year=2026")
    expect(page.get_by_role("row").filter(has_text="2.000815")).to_contain_text(
        "Chứng thực"
    )
    shot(page, "dossiers-04-list")


def test_the_supervisor_reads_the_statistics_but_cannot_import(
    page: Page, demo_server, shot
):
    login(page, demo_server, "giamsat")
    page.goto(demo_server + "/admin/dossiers/imports/")
    expect(
        page.get_by_role("link", name=re.compile("thong-ke-ho-so-pho-hien"))
    ).not_to_have_count(0)
    expect(page.get_by_label("Tệp thống kê (XLSX hoặc CSV)")).to_have_count(0)
    page.goto(demo_server + "/admin/dossiers/statistics/")
    expect(page.get_by_role("row").filter(has_text="1.001193").first).to_be_visible()
    shot(page, "dossiers-05-supervisor")
