"""The editor as the ISO secretary sees it (issue 13 part 3): a procedure's URL from its code,
no Promote tab, no Wagtail branding, the help menu opens the user guide, checkboxes of her
agency only, and no review without a distribution."""

import re
import sqlite3

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

TITLE = "Quy trình giải quyết TTHC: Đăng ký tạm trú"
MISSING = "Chọn ít nhất một bộ phận hoặc chức danh nhận tài liệu trước khi gửi soát xét"


def _slug_of(tmp_path_factory, code: str) -> str:
    # The demo server's own database (tests/e2e/conftest.py): what the URL is made of.
    database = next(tmp_path_factory.getbasetemp().glob("demo*/demo.sqlite3"))
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT p.slug FROM wagtailcore_page p JOIN documents_procedurepage d "
            "ON d.page_ptr_id = p.id WHERE d.code = ?",
            (code,),
        ).fetchone()
    return row[0]


def _submit(page: Page) -> None:
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name=re.compile("Gửi duyệt")).click()
    page.wait_for_load_state("networkidle")


def _fill_procedure(page: Page) -> None:
    page.locator("#id_title").fill(TITLE)
    page.get_by_label("Mã hiệu").fill("QT-HT-09")
    editors = page.locator(".Draftail-Editor [contenteditable=true]")
    editors.nth(0).click()
    page.keyboard.type("Quy định trình tự đăng ký tạm trú.")
    editors.nth(1).click()
    page.keyboard.type("Công chức Trung tâm Phục vụ hành chính công phường.")
    body = page.locator("#panel-child-noi_dung-body-section")
    body.locator("button[title='Insert a block']").click()
    page.get_by_role("option", name="Văn bản").click()
    body.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type("Tiếp nhận và kiểm tra hồ sơ đăng ký tạm trú.")


def test_the_secretary_drafts_and_submits_in_her_own_editor(
    page: Page, demo_server, shot, tmp_path_factory
):
    login(page, demo_server, "thuky")
    # The product's own face: no Wagtail logo, and the help menu is the Vietnamese guide.
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_text("Một Cửa QMS")).to_be_visible()
    expect(page.locator("svg.icon-wagtail, [aria-label='Wagtail']")).to_have_count(0)
    expect(sidebar.get_by_text("Trợ giúp", exact=True)).to_have_count(0)
    expect(page).to_have_title(re.compile("Một Cửa QMS$"))
    shot(page, "editor-agency-01-dashboard")
    sidebar.get_by_role("link", name="Hướng dẫn sử dụng").click()
    expect(page.get_by_role("heading", name="Hướng dẫn sử dụng")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Soạn thảo tài liệu và gửi soát xét")
    ).to_be_visible()
    shot(page, "editor-agency-02-guide")

    # The explorer of her documents: no "1-10 trên 12 trang" counters.
    page.goto(demo_server + "/admin/pages/")
    page.get_by_role("link", name="Hệ thống tài liệu ISO").first.click()
    expect(page.get_by_text(re.compile(r"\d+-\d+ trên \d+"))).to_have_count(0)
    shot(page, "editor-agency-03-explorer")
    page.locator("a[href$='/add_subpage/']").first.click()
    page.get_by_role("link", name=re.compile("^Quy trình")).first.click()

    # A new procedure: no Promote tab; checkboxes list Phố Hiến's units only.
    expect(page.get_by_role("tab", name="Quảng bá")).to_have_count(0)
    units = page.locator("input[name=distribution_units]")
    expect(units).to_have_count(1)
    labels = page.locator("label:has(input[name=distribution_units])")
    expect(labels).to_have_text(["Trung tâm Phục vụ hành chính công phường Phố Hiến"])
    expect(page.get_by_text("phường Thái Bình")).to_have_count(0)
    _fill_procedure(page)

    # Submitted with nobody to read it: refused, with what to do; nothing is created.
    _submit(page)
    expect(page.locator(".messages")).to_contain_text(MISSING)
    assert "/add/" in page.url
    shot(page, "editor-agency-04-refused")

    units.first.check()
    _submit(page)
    expect(page.locator(".messages")).to_contain_text("gửi duyệt")
    shot(page, "editor-agency-05-submitted")
    assert _slug_of(tmp_path_factory, "QT-HT-09") == "qt-ht-09"
