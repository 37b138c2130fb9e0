"""RL-07 in the browser, autosave on: two people edit one procedure, pausing past the autosave
interval between steps. No false conflict for the first; no silent overwrite by the second."""

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import login

PROCEDURE = (
    "Quy trình đo lường sự hài lòng của người dân"  # QT-07, a draft in the demo data
)
OFFICER, OFFICER_NAME = "thuky", "Nguyễn Thị Thu Hà"
HEAD = "lanhdao"
PAUSE_MS = 3000  # longer than the autosave interval (500 ms) and its round trip
CONFLICT = "đã thay đổi tài liệu này lúc"


def _login(page: Page, base: str, username: str) -> None:
    login(page, base, username)


def _edit_url(page: Page, base: str) -> str:
    page.goto(base + "/admin/pages/search/?q=" + "đo lường sự hài lòng")
    page.get_by_role("link", name=PROCEDURE).first.click()
    expect(page.locator("#page-edit-form")).to_be_visible()
    return page.url


def _save_draft(page: Page) -> None:
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_load_state("load")


def _summary(page: Page):
    return page.locator("#id_amendment_summary")


def _new_session(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(locale="vi-VN").new_page()
    _login(page, base, username)
    return page


def test_two_editors_with_autosave_lose_no_edit(browser: Browser, demo_server, shot):
    a = _new_session(browser, demo_server, OFFICER)
    b = _new_session(browser, demo_server, HEAD)
    url = _edit_url(a, demo_server)
    b.goto(url)  # B's editor is loaded before A saves
    expect(b.locator("#page-edit-form")).to_be_visible()

    # A reads, types, pauses past the autosave interval (her editor autosaves), then saves: her
    # own autosave is no conflict. (The editor starts watching for changes shortly after load.)
    a.wait_for_timeout(PAUSE_MS)
    _summary(a).fill("Bản sửa của A: bổ sung khảo sát trực tuyến.")
    a.wait_for_timeout(PAUSE_MS)
    expect(a.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )  # her editor did autosave: the case that used to be a false conflict
    _save_draft(a)
    expect(a.locator(".messages")).to_contain_text("Đã cập nhật trang")
    expect(a.get_by_text(CONFLICT)).to_have_count(0)
    shot(a, "concurrent-edit-1-a-saves-after-autosave")

    # B, still on the version loaded before A's save, types and pauses: B's autosave is refused
    # and names A (the revision check autosave obeys).
    _summary(b).fill("Bản sửa của B: rút ngắn thời gian tổng hợp.")
    b.wait_for_timeout(PAUSE_MS)
    expect(b.locator(".footer__save-warning")).to_contain_text(OFFICER_NAME)
    shot(b, "concurrent-edit-2-b-autosave-refused")
    # B saves: Wagtail's concurrent-editing notice warns first; going on, the server refuses
    # with the RL-07 conflict naming A and when, and B's input is kept.
    b.get_by_role("button", name="Lưu dự thảo").click()
    notice = b.locator("#w-save-confirmation-dialog")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(OFFICER_NAME)
    shot(b, "concurrent-edit-3-b-concurrent-editing-notice")
    notice.get_by_role("button", name="Lưu dự thảo").click()
    b.wait_for_load_state("load")
    expect(b.get_by_text(CONFLICT).first).to_be_visible()
    expect(b.get_by_text(OFFICER_NAME).first).to_be_visible()
    expect(_summary(b)).to_have_value("Bản sửa của B: rút ngắn thời gian tổng hợp.")
    diff_link = b.get_by_role("link", name=f"Xem những gì {OFFICER_NAME} đã thay đổi")
    diff_link.scroll_into_view_if_needed()
    shot(b, "concurrent-edit-4-b-conflict")
    diff = b.context.new_page()
    diff.goto(demo_server + diff_link.get_attribute("href"))
    expect(diff.locator("main")).to_contain_text(
        "Bản sửa của A"
    )  # the diff of A's change
    shot(diff, "concurrent-edit-4b-diff-of-a")
    diff.close()

    # Past the autosave interval again: B's re-rendered editor must not write over A's save.
    b.wait_for_timeout(PAUSE_MS)
    expect(b.locator(".footer__save-warning")).to_contain_text(
        "Tự động lưu đã tạm dừng"
    )
    shot(b, "concurrent-edit-5-b-after-autosave-interval")
    a.goto(url)
    expect(_summary(a)).to_have_value("Bản sửa của A: bổ sung khảo sát trực tuyến.")

    # B deliberately saves again, having seen the conflict: a new revision on top of A's.
    _save_draft(b)
    expect(b.locator(".messages")).to_contain_text("Đã cập nhật trang")
    a.goto(url)
    expect(_summary(a)).to_have_value("Bản sửa của B: rút ngắn thời gian tổng hợp.")
    a.goto(url.replace("/edit/", "/history/"))
    saves = a.locator("tr", has_text="Đã lưu dự thảo")
    expect(saves.filter(has_text=OFFICER_NAME).first).to_be_visible()
    expect(saves.filter(has_text="Trần Văn Minh").first).to_be_visible()
    shot(a, "concurrent-edit-6-history-has-both")
