"""As the head, Wagtail's own Publish and Unpublish cannot change a controlled document (issue 9)."""

import re
import urllib.request

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login as _login

TITLE = "Quy trình kiểm soát hồ sơ"  # QT-02 of Phố Hiến, in force in the demo data
PUBLIC = "/ubnd-tinh-hung-yen/ubnd-phuong-pho-hien/tai-lieu-iso/qt-02/"


def _public_status(base: str) -> int:
    with urllib.request.urlopen(base + PUBLIC, timeout=10) as response:  # noqa: S310 - loopback
        return response.status


def test_head_finds_no_publish_door_in_the_editor(page: Page, demo_server, shot):
    _login(page, demo_server, "lanhdao")
    page.goto(demo_server + "/admin/pages/search/?q=" + TITLE)
    page.get_by_role("link", name=TITLE).first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    found = re.search(r"/admin/pages/(\d+)/edit/", page.url)
    assert found, page.url
    page_id = found.group(1)

    # The footer offers saving and submitting for review, never Publish or Unpublish.
    footer = page.locator("footer")
    footer.locator("[data-w-dropdown-target='toggle']").first.click()
    expect(footer.get_by_role("button", name="Xuất bản", exact=True)).to_have_count(0)
    expect(footer.get_by_text("Ngừng xuất bản")).to_have_count(0)
    expect(footer.get_by_role("button", name=re.compile("Gửi duyệt"))).to_be_visible()
    shot(page, "head-editor-without-publish")

    # Typing the unpublish address and confirming leads to the withdrawal form instead.
    page.goto(f"{demo_server}/admin/pages/{page_id}/unpublish/")
    page.get_by_role(
        "button", name=re.compile("Có, hủy xuất bản|Yes, unpublish")
    ).click()
    expect(page).to_have_url(re.compile(rf"/admin/documents/{page_id}/withdraw/"))
    expect(page.get_by_text("chỉ hết hiệu lực khi được thu hồi")).to_be_visible()
    shot(page, "head-unpublish-becomes-withdrawal")
    assert _public_status(demo_server) == 200
