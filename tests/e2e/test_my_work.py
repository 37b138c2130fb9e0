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


# --- Every other demo role (issue 13 part 8): the groups it must see, and no one else's. ---
GROUP_LABELS = {
    "documents.signing": "Tài liệu chờ bạn ký",
    "documents.review_due": "Tài liệu đến hạn xem xét",
    "documents.change_requests.triage": "Phiếu đề nghị cần xử lý",
    "training.reading": "Tài liệu cần đọc và xác nhận",
    "audits.audits": "Cuộc đánh giá bạn chủ trì hoặc tham gia",
}


def _group(page: Page, key: str):
    """A group of My work with its label and a count that its full list repeats."""
    section = page.locator(f"section[data-my-work-group='{key}']")
    expect(section.locator("h2")).to_contain_text(GROUP_LABELS[key])
    count = section.locator("h2 .w-status").inner_text()
    assert int(count) > 0
    expect(section.get_by_role("link", name=f"Xem tất cả ({count})")).to_be_visible()
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(min(int(count), 5))
    return section


def _absent(page: Page, *keys: str) -> None:
    for key in keys:
        expect(page.locator(f"[data-my-work-group='{key}']")).to_have_count(0)


def test_secretary_triages_change_requests_and_reviews_due(
    page: Page, demo_server, shot
):
    _login(page, demo_server, "thuky")
    panel = page.locator("[data-my-work-group='documents.change_requests.triage']")
    expect(panel).to_contain_text("Phiếu đề nghị cần xử lý")
    # She signs nothing: no review panel of Wagtail's, no signing group.
    expect(page.get_by_text("Chờ bạn soát xét")).to_have_count(0)
    _open_my_work(page)
    _group(page, "documents.review_due")
    _group(page, "training.reading")
    requests = _group(page, "documents.change_requests.triage")
    _absent(page, "documents.signing", "audits.audits")
    shot(page, "my-work-thuky")
    requests.get_by_role("link", name=re.compile("Thời hạn lập kế hoạch")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PĐN-")
    expect(page.locator("main")).to_contain_text("Quy trình kiểm soát sự không phù hợp")


def test_head_and_deputy_see_their_own_work_only(page: Page, demo_server, shot):
    """Heads read and sign; the officer's registers (reviews due, requests) are not theirs.
    Their signing group is walked in tests/e2e/test_signing_from_editor.py."""
    for username in ("lanhdao", "phochutich"):
        page.context.clear_cookies()
        _login(page, demo_server, username)
        expect(page.get_by_text("Tài liệu đến hạn xem xét")).to_have_count(0)
        _open_my_work(page)
        reading = _group(page, "training.reading")
        _absent(
            page,
            "documents.review_due",
            "documents.change_requests.triage",
            "audits.audits",
        )
        shot(page, f"my-work-{username}")
    reading.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Xác nhận")


def test_second_auditor_finds_the_audits_he_is_on(page: Page, demo_server, shot):
    _login(page, demo_server, "danhgia2")
    _open_my_work(page)
    audits = _group(page, "audits.audits")
    expect(audits).to_contain_text(re.compile("DG-2026-0[23]"))
    _absent(
        page,
        "documents.signing",
        "documents.review_due",
        "documents.change_requests.triage",
    )
    shot(page, "my-work-danhgia2")
    audits.get_by_role("link", name=re.compile("DG-2026-0[23]")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("DG-2026-0")


def test_supervisor_has_nothing_to_do_but_oversees_reviews_due(
    page: Page, demo_server, shot
):
    """The province supervisor acts on no record: My work is empty; the dashboard keeps the
    agency-wide overview panels, and no review panel of Wagtail's."""
    _login(page, demo_server, "giamsat")
    expect(page.get_by_text("Chờ bạn soát xét")).to_have_count(0)
    review_due = page.locator(
        "section", has=page.get_by_role("heading", name="Tài liệu đến hạn xem xét")
    )
    expect(review_due.first).to_contain_text("UBND phường Phố Hiến")
    shot(page, "dashboard-giamsat")
    _open_my_work(page)
    expect(page.locator("[data-my-work-group]")).to_have_count(0)
    expect(page.get_by_text("Hiện không có việc nào chờ bạn")).to_be_visible()
    shot(page, "my-work-giamsat")


def test_administrator_oversees_reviews_due_and_reads_nothing(
    page: Page, demo_server, shot
):
    """The system administrator has no staff profile: nothing to read or audit. His dashboard
    keeps the province-wide review panel, whose links open the documents."""
    _login(page, demo_server, "admin")
    review_due = page.locator("section[aria-labelledby='review-due-heading']")
    expect(review_due).to_contain_text("UBND phường Phố Hiến")
    shot(page, "dashboard-admin")
    _open_my_work(page)
    _absent(page, "training.reading", "audits.audits", "audits.actions")
    shot(page, "my-work-admin")
    page.goto(demo_server + "/admin/")
    review_due.get_by_role("link").first.click()
    expect(page.locator("#page-edit-form")).to_be_visible()
