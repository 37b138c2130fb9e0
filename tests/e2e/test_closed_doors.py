"""Issue 10 in a real browser: the unscoped reports are closed, a password-guessing account is
locked with a Vietnamese message, and a deactivated person's open session ends at once."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import login

# The demo server believes X-Forwarded-For from loopback (QMS_TRUSTED_PROXIES): the guessing
# "client" gets its own address, so locking it does not lock the other tests out.
ATTACKER = {"X-Forwarded-For": "203.0.113.77"}


def test_officer_finds_no_site_wide_history(page: Page, demo_server, shot):
    login(page, demo_server, "thuky")
    response = page.goto(demo_server + "/admin/reports/site-history/")
    assert response is not None and response.status == 404
    shot(page, "closed-doors-site-history-thuky")
    page.goto(demo_server + "/admin/")
    expect(page.locator("a[href='/admin/reports/site-history/']")).to_have_count(0)


def test_ten_wrong_passwords_lock_the_account_in_vietnamese(
    browser: Browser, demo_server, shot
):
    context = browser.new_context(extra_http_headers=ATTACKER)
    page = context.new_page()
    for _attempt in range(10):
        page.goto(demo_server + "/admin/login/")
        page.get_by_label("Tên đăng nhập").fill("cc041")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    # The right password now: still refused, with the reason in Vietnamese.
    page.goto(demo_server + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill("cc041")
    page.get_by_label("Mật khẩu").fill("Demo@2026")
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_text(re.compile("đã bị tạm khóa 15 phút"))).to_be_visible()
    assert "/admin/login/" in page.url
    shot(page, "closed-doors-lockout")
    context.close()


def test_deactivated_staff_session_ends_at_the_next_request(
    browser: Browser, demo_server, shot
):
    staff = browser.new_context()
    staff_page = staff.new_page()
    login(staff_page, demo_server, "cc021")
    admin = browser.new_context()
    admin_page = admin.new_page()
    login(admin_page, demo_server, "thuky")
    admin_page.goto(demo_server + "/admin/staffprofile/?q=cc021")
    admin_page.locator(
        "table.listing a[href*='/admin/staffprofile/edit/']"
    ).first.click()
    admin_page.get_by_role("checkbox", name="Đang công tác").uncheck()
    admin_page.get_by_role("textbox", name="Lý do thay đổi").fill(
        "Chuyển công tác sang đơn vị khác."
    )
    admin_page.get_by_role("button", name=re.compile("Lưu")).first.click()
    expect(admin_page.locator(".messages")).to_contain_text(re.compile("."))
    shot(admin_page, "closed-doors-deactivate")
    staff_page.goto(demo_server + "/admin/")
    expect(staff_page).to_have_url(re.compile("/admin/login/"))
    shot(staff_page, "closed-doors-deactivated-session")
    staff.close()
    admin.close()


def test_history_shows_what_changed_and_why(page: Page, demo_server, shot):
    """ISO 9001 7.5.3 / issue 10 part 6: old → new under the field's label, with the reason."""
    login(page, demo_server, "thuky")
    page.goto(demo_server + "/admin/receivingunit/")
    page.locator("table.listing a[href*='/admin/receivingunit/edit/']").first.click()
    history_url = page.url.replace("/edit/", "/history/")
    address = page.get_by_role("textbox", name=re.compile("^Địa chỉ", re.IGNORECASE))
    old = address.input_value()
    new = "Số 2 đường Nguyễn Văn Linh, phường Phố Hiến"
    address.fill(new)
    reason = "Trụ sở chuyển sang địa điểm mới theo Quyết định số 12/QĐ-UBND."
    page.get_by_role("textbox", name="Lý do thay đổi").fill(reason)
    page.get_by_role("button", name=re.compile("Lưu")).first.click()
    expect(page.locator(".messages")).to_contain_text(re.compile("."))
    page.goto(history_url)
    change = page.locator(".qms-history-changes li").filter(has_text=new).first
    expect(change).to_contain_text(re.compile("địa chỉ", re.IGNORECASE))
    expect(change.locator("del")).to_have_text(old)
    expect(change.locator("ins")).to_have_text(new)
    expect(page.get_by_text(reason)).to_be_visible()
    expect(page.get_by_text("Nguyễn Thị Thu Hà").first).to_be_visible()
    shot(page, "closed-doors-history")
