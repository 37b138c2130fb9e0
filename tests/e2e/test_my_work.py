"""Browser test of issue 13 part 1: "Việc của tôi" from the sidebar for two roles.

The demo server is shared by the session, so an earlier test may have closed DG-2026-02
(tests/e2e/test_audits.py): the assertions name the groups and what outlives that test.
"""

import re

from playwright.sync_api import Page, expect

PASSWORD = "Demo@2026"


def _login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _open_my_work(page: Page) -> None:
    page.locator("#wagtail-sidebar").get_by_role("link", name="Việc của tôi").click()
    expect(page.get_by_role("heading", level=1, name="Việc của tôi")).to_be_visible()


def test_auditor_finds_his_audits_in_my_work(page: Page, demo_server, shot):
    _login(page, demo_server, "danhgia")
    # The dashboard is no longer empty: My work is its first panel.
    panel = page.locator("[data-my-work-group='audits.audits']")
    expect(panel).to_contain_text("Cuộc đánh giá bạn chủ trì hoặc tham gia")
    _open_my_work(page)
    audits = page.locator("section[data-my-work-group='audits.audits']")
    expect(audits).to_contain_text(re.compile("DG-2026-0[23]"))
    expect(page.get_by_text("True", exact=True)).to_have_count(0)
    shot(page, "my-work-danhgia")
    audits.get_by_role("link", name=re.compile("Xem tất cả")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cuộc đánh giá")
    expect(page.get_by_role("table")).to_contain_text(re.compile("DG-2026-0[23]"))


def test_staff_finds_the_actions_he_owns_and_no_review_panel(
    page: Page, demo_server, shot
):
    _login(page, demo_server, "congchuc")
    expect(page.get_by_text("Tài liệu đến hạn xem xét")).to_have_count(0)
    expect(page.get_by_text("Chờ bạn soát xét")).to_have_count(0)
    _open_my_work(page)
    actions = page.locator("section[data-my-work-group='audits.actions']")
    expect(actions).to_contain_text("Hành động khắc phục bạn phụ trách")
    expect(actions).to_contain_text("SKPH-2026-")
    expect(actions).to_contain_text("quá hạn")
    expect(
        page.locator("section[data-my-work-group='training.reading']")
    ).to_be_visible()
    shot(page, "my-work-congchuc")
