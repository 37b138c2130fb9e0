"""Browser test: the bell shows a one-stop officer's unread reminders; one opens its target."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

OVERDUE = "Hành động khắc phục quá hạn"


def _unread(page: Page) -> int:
    bell = page.locator("#wagtail-sidebar").get_by_role("link", name="Thông báo")
    expect(bell).to_be_visible()
    return int(bell.get_attribute("data-qms-unread") or 0)


def test_staff_opens_a_reminder_from_the_bell(page: Page, demo_server, shot):
    login(page, demo_server, "congchuc")
    before = _unread(page)
    assert before >= 2, "the demo leaves congchuc unread reminders"
    shot(page, "notifications-bell")

    page.locator("#wagtail-sidebar").get_by_role("link", name="Thông báo").click()
    expect(page.get_by_role("heading", level=1, name="Thông báo")).to_be_visible()
    unread = page.locator("tr.qms-notification--unread")
    expect(unread.first).to_be_visible()
    expect(unread.filter(has_text="Đề nghị đọc trước ngày")).to_have_count(1)
    reminder = unread.filter(has_text=OVERDUE)
    expect(reminder).to_have_count(1)
    expect(reminder).to_contain_text("Chưa đọc")
    expect(reminder).to_contain_text("Nhắc việc")
    shot(page, "notifications-list")

    reminder.get_by_role("link", name=re.compile(OVERDUE)).click()
    expect(page).to_have_url(re.compile(r"/admin/skph/\d+/$"))
    expect(page.get_by_text("thiếu sổ theo dõi hồ sơ").first).to_be_visible()
    shot(page, "notifications-target")
    assert _unread(page) == before - 1

    page.goto(demo_server + "/admin/notifications/?kind=reminder")
    expect(
        page.locator("tr.qms-notification--unread").filter(has_text=OVERDUE)
    ).to_have_count(0)
    expect(
        page.locator("tr.qms-notification--read").filter(has_text=OVERDUE)
    ).to_have_count(1)
