"""First browser test: the portal in Vietnamese, and a quality officer in the Vietnamese admin."""

import re

from playwright.sync_api import Page, expect


def test_portal_home_renders_in_vietnamese(page: Page, demo_server, shot):
    page.goto(demo_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cổng thông tin ISO Một cửa tỉnh Hưng Yên"
    )
    expect(
        page.get_by_role("heading", name="Cơ quan và bộ phận một cửa")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="UBND phường Phố Hiến", exact=True).first
    ).to_be_visible()
    shot(page, "portal-home-vi")

    # A citizen opens a one-stop unit from the portal with the keyboard-reachable link.
    page.get_by_role(
        "link", name="Trung tâm Phục vụ hành chính công phường Phố Hiến"
    ).click()
    expect(page.get_by_text("Giờ làm việc")).to_be_visible()
    shot(page, "portal-unit-vi")

    # The English switch (a link: the page carries no CSRF cookie) keeps the reader on
    # the same page, and the way back too.
    unit_url = page.url
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Opening hours")).to_be_visible()
    assert page.url == unit_url
    shot(page, "portal-unit-en")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_quality_officer_logs_in_and_sees_a_vietnamese_admin(
    page: Page, demo_server, shot
):
    page.goto(demo_server + "/admin/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    shot(page, "admin-login-vi")
    page.get_by_label("Tên đăng nhập").fill("thuky")
    page.get_by_label("Mật khẩu").fill("Demo@2026")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    sidebar = page.locator("#wagtail-sidebar")
    for label in ("Trang", "Tổ chức", "Báo cáo"):
        expect(sidebar.get_by_role("button", name=label, exact=True)).to_be_visible()
    # Wagtail's English help menu gives way to the project's guide (issue 13 part 3).
    expect(sidebar.get_by_role("link", name="Hướng dẫn sử dụng")).to_be_visible()
    for english in ("Pages", "Reports", "Help", "Search"):
        expect(sidebar.get_by_text(english, exact=True)).to_have_count(0)
    expect(page.get_by_text("Nguyễn Thị Thu Hà").first).to_be_visible()
    shot(page, "admin-dashboard-vi")

    # The organisation menu shows only the officer's own agency's staff.
    sidebar.get_by_role("button", name="Tổ chức").click()
    sidebar.get_by_role("link", name="Công chức", exact=True).click()
    expect(page.get_by_role("link", name="Lê Quang Huy")).to_be_visible()
    expect(page.get_by_text("Đỗ Thị Hồng Nhung")).to_have_count(0)
    shot(page, "admin-staff-list-vi")
