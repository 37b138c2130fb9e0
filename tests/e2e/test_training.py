"""Browser test: a one-stop officer reads a release and confirms it with the password."""

import re

from playwright.sync_api import Page, expect


def _login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("Demo@2026")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_staff_confirms_reading_with_the_password(page: Page, demo_server, shot):
    _login(page, demo_server, "congchuc")
    expect(page.get_by_text("tài liệu cần đọc và xác nhận")).to_be_visible()
    page.locator("#wagtail-sidebar").get_by_role("link", name="Việc của tôi").click()
    # My work lists the reading among the person's groups; its full list is the reading list.
    reading = page.locator("[data-my-work-group='training.reading']")
    expect(reading).to_contain_text("QT-HT-01")
    reading.get_by_role("link", name=re.compile("Xem tất cả")).click()
    expect(
        page.get_by_role("heading", name="Tài liệu cần đọc và xác nhận")
    ).to_be_visible()
    pending = page.get_by_role(
        "table"
    ).first  # the second table lists confirmed readings
    row = pending.get_by_role("row").filter(has_text="QT-HT-01")
    expect(row).to_contain_text("02")
    shot(page, "training-my-tasks")
    row.get_by_role("link", name="Đọc và xác nhận").click()
    expect(page.get_by_text("Nội dung sửa đổi")).to_be_visible()

    page.get_by_label("Mật khẩu của bạn").fill("sai-mat-khau")
    page.get_by_role("button", name="Tôi đã đọc và hiểu").click()
    expect(page.get_by_text("Mật khẩu không đúng")).to_be_visible()
    shot(page, "training-confirm-wrong-password")

    page.get_by_label("Mật khẩu của bạn").fill("Demo@2026")
    page.get_by_role("button", name="Tôi đã đọc và hiểu").click()
    expect(page.get_by_text("Đã ghi nhận: bạn đã đọc và hiểu QT-HT-01")).to_be_visible()
    expect(
        page.get_by_role("table").first.get_by_role("row").filter(has_text="QT-HT-01")
    ).to_have_count(0)
    shot(page, "training-confirmed")


def test_head_sees_the_training_matrix(page: Page, demo_server, shot):
    _login(page, demo_server, "lanhdao")
    page.goto(demo_server + "/admin/training/matrix/")
    expect(page.get_by_role("heading", name="Ma trận đào tạo")).to_be_visible()
    expect(page.get_by_role("link", name="Bùi Thu Yến")).to_be_visible()
    expect(page.get_by_text("Chưa đáp ứng").first).to_be_visible()
    shot(page, "training-matrix")
    page.get_by_role("link", name="Lê Quang Huy").click()
    expect(
        page.get_by_role("heading", name="Các khóa đào tạo đã tham gia")
    ).to_be_visible()
    shot(page, "training-record")
