"""The editor as the ISO secretary sees it (issue 13 part 3): a procedure's URL from its code,
no Promote tab, no Wagtail branding, the help menu opens the user guide, checkboxes of her
agency only, and no review without a distribution."""

import re
import sqlite3

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from qms.lib.slugs import ascii_slug
from tests.e2e.conftest import login

TITLE = "Quy trình giải quyết TTHC: Đăng ký tạm trú"
MISSING = "Chọn ít nhất một bộ phận hoặc chức danh nhận tài liệu trước khi gửi soát xét"


def _row(tmp_path_factory, code: str) -> tuple[str, int]:
    """The document's slug and its workflow states, read from the demo server's database."""
    database = next(tmp_path_factory.getbasetemp().glob("demo*/demo.sqlite3"))
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT p.slug, (SELECT COUNT(*) FROM wagtailcore_workflowstate w "
            "WHERE w.object_id = CAST(p.id AS TEXT)) FROM wagtailcore_page p "
            "JOIN documents_procedurepage d ON d.page_ptr_id = p.id WHERE d.code = ?",
            (code,),
        ).fetchone()


def _submit(page: Page, *, over_autosave: bool = False) -> None:
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name=re.compile("Gửi duyệt")).first.click()
    if over_autosave:
        # After a refused submission the editor may have autosaved meanwhile; Wagtail then
        # asks whether to go on from this window (the same person's newer version).
        dialog = page.get_by_role("dialog").filter(has_text="phiên bản mới")
        try:
            dialog.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeoutError:
            return
        dialog.get_by_role("button", name=re.compile("Gửi duyệt")).click()
    page.wait_for_load_state("networkidle")


def _type_rich_text(page: Page, editor, text: str) -> None:
    editor.click()
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)
    # The rich text reaches its hidden input when the editor loses focus (and after a
    # short delay); a form posted sooner would carry it empty.
    page.locator("#id_title").click()
    page.wait_for_timeout(1000)


def _fill_procedure(page: Page) -> None:
    page.locator("#id_title").fill(TITLE)
    page.get_by_label("Mã hiệu").fill("QT-HT-09")
    # Saved as a draft at once (the rest may wait): the editor of a stored page takes the
    # content below without autosave creating the page halfway through it.
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    editors = page.locator(".Draftail-Editor [contenteditable=true]")
    _type_rich_text(page, editors.nth(0), "Quy định trình tự đăng ký tạm trú.")
    _type_rich_text(
        page, editors.nth(1), "Công chức Trung tâm Phục vụ hành chính công."
    )
    body = page.locator("#panel-child-noi_dung-body-section")
    # Wagtail's "+" between blocks, titled in the admin's language ("Chèn khối").
    body.locator(
        "button[title='Chèn khối'], button[title='Insert a block']"
    ).first.click()
    page.get_by_role("option", name="Văn bản").click()
    _type_rich_text(
        page,
        body.locator(".Draftail-Editor [contenteditable=true]").first,
        "Tiếp nhận và kiểm tra hồ sơ đăng ký tạm trú.",
    )


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

    # Another page's slug, typed in the browser, is what the server makes of the title.
    page.goto(demo_server + "/admin/pages/")
    page.locator("a[href$='/add_subpage/']").first.click()
    page.get_by_role("link", name="Danh mục tài liệu").first.click()
    page.locator("#id_title").press_sequentially("Đăng ký hộ tịch Ưu tiên")
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value(
        ascii_slug("Đăng ký hộ tịch Ưu tiên")
    )
    assert ascii_slug("Đăng ký hộ tịch Ưu tiên") == "dang-ky-ho-tich-uu-tien"

    # The explorer of her documents: no "1-10 trên 12 trang" counters.
    page.goto(demo_server + "/admin/pages/")
    page.get_by_role("link", name="Hệ thống tài liệu ISO").first.click()
    found = re.search(r"/admin/pages/(\d+)/edit/", page.url)
    assert found is not None, page.url
    index_id = found.group(1)
    page.goto(f"{demo_server}/admin/pages/{index_id}/")
    expect(
        page.get_by_role("link", name=re.compile("QT-HT-01|Đăng ký khai sinh")).first
    ).to_be_visible()
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

    # Submitted with nobody to read it: refused, with what to do; the draft (autosaved
    # while she typed) is kept and nothing is submitted.
    _submit(page)
    expect(page.locator(".messages")).to_contain_text(MISSING)
    shot(page, "editor-agency-04-refused")
    expect(page.locator("#panel-child-noi_dung-body-section")).to_contain_text(
        "Tiếp nhận và kiểm tra hồ sơ"
    )
    assert _row(tmp_path_factory, "QT-HT-09") == ("qt-ht-09", 0)

    page.locator("input[name=distribution_units]").first.check()
    _submit(page, over_autosave=True)
    expect(page.locator(".messages")).to_contain_text("gửi duyệt")
    shot(page, "editor-agency-05-submitted")
    assert _row(tmp_path_factory, "QT-HT-09") == ("qt-ht-09", 1)
