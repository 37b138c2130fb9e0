"""The deputy reviews and the head approves with their passwords; citizens see release 01."""

import re
import urllib.request

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

PROCEDURE = (
    "Quy trình xác định rủi ro và cơ hội"  # QT-06, left "in review" by the demo data
)


def _login(page: Page, base: str, username: str) -> None:
    login(page, base, username)


def _sign(page: Page, password: str) -> None:
    row = page.locator("tr", has_text=PROCEDURE)
    row.get_by_role("button").last.click()
    # The action names what is signed, in which role (issue 13).
    row.get_by_text(re.compile("^Ký duyệt với vai trò")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Mật khẩu của bạn").fill(password)
    dialog.get_by_role("button", name=re.compile("Ký duyệt với vai trò")).click()


def test_head_signs_review_and_approval_then_the_public_sees_release_01(
    page: Page, demo_server, shot
):
    """ES-01 in the browser: a wrong password signs nothing; the right one signs and publishes.

    The deputy reviews and the head approves: one person never signs both steps (issue 9).
    """
    _login(page, demo_server, "phochutich")
    expect(page.get_by_text("Chờ bạn soát xét")).to_be_visible()
    _sign(page, "mat-khau-sai")
    dialog = page.get_by_role("dialog")
    expect(
        dialog.get_by_text("Mật khẩu không đúng nên chưa có chữ ký nào được ghi nhận")
    ).to_be_visible()
    shot(page, "sign-wrong-password")
    dialog.get_by_label("Mật khẩu của bạn").fill("Demo@2026")
    dialog.get_by_role("button", name=re.compile("Ký duyệt với vai trò")).click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".messages")).to_contain_text("Đã ký với vai trò Soát xét")
    shot(page, "sign-confirmed")
    page.goto(demo_server + "/admin/")
    # The reviewer is not offered the approval of what they reviewed.
    expect(page.locator("tr", has_text=PROCEDURE)).to_have_count(0)
    page.context.clear_cookies()
    _login(page, demo_server, "lanhdao")
    _sign(page, "Demo@2026")  # the approval step
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.goto(demo_server + "/admin/")
    expect(page.locator("tr", has_text=PROCEDURE)).to_have_count(0)

    # A citizen opens the released procedure: release 01, signatures, a controlled PDF.
    page.context.clear_cookies()
    page.goto(
        demo_server + "/ubnd-tinh-hung-yen/ubnd-phuong-pho-hien/tai-lieu-iso/qt-06/"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(PROCEDURE)
    expect(page.locator(".control-block")).to_contain_text("QT-06")
    expect(page.locator(".approvals")).to_contain_text("Trần Văn Minh")
    shot(page, "public-procedure-release-01")
    pdf_link = page.get_by_role("link", name="Tải bản PDF kiểm soát")
    href = pdf_link.get_attribute("href")
    with urllib.request.urlopen(demo_server + href, timeout=10) as response:  # noqa: S310 - loopback
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"


def test_verify_page_of_a_superseded_release(page: Page, demo_server, shot):
    """The QR of release 01 of QT-HT-01 says it was superseded by release 02."""
    page.goto(demo_server + "/search/?q=dang+ky+khai+sinh")
    expect(page.get_by_role("link", name=re.compile("QT-HT-01"))).to_have_count(
        2
    )  # Phố Hiến and Tân Hưng
    shot(page, "search-without-diacritics")
    page.get_by_role("link", name=re.compile("QT-HT-01")).first.click()
    expect(page.locator(".amendments")).to_contain_text("02")
