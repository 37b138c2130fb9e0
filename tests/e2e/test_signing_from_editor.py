"""Signing from the page editor, autosave on (issue 13): the reviewed revision is released.

The secretary sends QT-05 for review; the deputy, then the head, find it in My work, open it
in the editor, let the autosave interval pass and sign from the editor's Actions menu. The
release freezes the revision that was submitted and reviewed; signing saves no revision.
"""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

DOC = "Quy trình xem xét của lãnh đạo"  # QT-05 of Phố Hiến, in force in the demo data
SUMMARY = "Bổ sung đầu vào về rủi ro và cơ hội vào xem xét của lãnh đạo."
PASSWORD = "Demo@2026"
PAUSE_MS = 3000  # longer than the autosave interval (500 ms) and its round trip
PUBLIC = "/ubnd-tinh-hung-yen/ubnd-phuong-pho-hien/tai-lieu-iso/qt-05/"


def _actions(page: Page):
    page.locator("footer .w-dropdown__toggle").click()
    return page.locator("footer")


def _submit_for_review(page: Page, base: str) -> int:
    page.goto(base + "/admin/pages/search/?q=xem xét của lãnh đạo")
    page.get_by_role("link", name=DOC).first.click()
    expect(page.locator("#page-edit-form")).to_be_visible()
    opened = re.search(r"/pages/(\d+)/edit/", page.url)
    assert opened is not None, page.url
    page_id = int(opened.group(1))
    page.wait_for_timeout(PAUSE_MS)
    page.locator("#id_amendment_summary").fill(SUMMARY)
    page.wait_for_timeout(PAUSE_MS)  # her editor autosaves the change
    _actions(page).get_by_role("button", name=re.compile("^Gửi duyệt theo")).click()
    expect(page.locator(".messages")).to_contain_text("đã được gửi duyệt")
    return page_id


def _open_from_my_work(page: Page, base: str, step: str) -> None:
    """The dashboard and My work list the step to sign; its link opens the editor."""
    item = f"QT-05 {DOC} — {step}"
    panel = page.locator("[data-my-work-group='documents.signing']")
    expect(panel).to_contain_text("Tài liệu chờ bạn ký")
    page.locator("#wagtail-sidebar").get_by_role("link", name="Việc của tôi").click()
    group = page.locator("section[data-my-work-group='documents.signing']")
    expect(group.locator("h2 .w-status")).to_have_text(re.compile(r"^\d+$"))  # a count
    group.get_by_role("link", name=item).click()
    expect(page.locator("#page-edit-form")).to_be_visible()


def _sign_in_editor(page: Page, role: str) -> None:
    page.wait_for_timeout(PAUSE_MS)  # an open editor with autosave on
    label = re.compile(f"^Ký duyệt với vai trò {role}: QT-05")
    _actions(page).get_by_role("button", name=label).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_contain_text(f"{role}: QT-05 {DOC}")
    dialog.get_by_label("Mật khẩu của bạn").fill(PASSWORD)
    # The confirmation screen goes on to the editor; an approval publishes first (slower).
    edit = re.compile(r"/admin/pages/\d+/edit/$")
    with page.expect_navigation(url=edit, timeout=20000):
        dialog.get_by_role("button", name=label).click()
    expect(page.locator(".messages")).to_contain_text(
        f"Đã ký với vai trò {role}: QT-05"
    )


def _revisions(demo_db, page_id: int) -> list[int]:
    return [
        row[0]
        for row in demo_db(
            "SELECT r.id FROM wagtailcore_revision r JOIN django_content_type ct"
            " ON r.base_content_type_id = ct.id WHERE ct.app_label = 'wagtailcore'"
            " AND ct.model = 'page' AND r.object_id = ? ORDER BY r.id",
            str(page_id),
        )
    ]


def _in_review(demo_db, page_id: int) -> int:
    rows = demo_db(
        "SELECT ts.revision_id FROM wagtailcore_taskstate ts JOIN wagtailcore_workflowstate"
        " ws ON ts.workflow_state_id = ws.id WHERE ws.object_id = ?"
        " AND ts.status = 'in_progress'",
        str(page_id),
    )
    assert len(rows) == 1, rows
    return rows[0][0]


def test_review_and_approval_signed_in_the_editor_release_the_reviewed_revision(
    page: Page, demo_server, demo_db, shot
):
    login(page, demo_server, "thuky")
    page_id = _submit_for_review(page, demo_server)
    reviewed = _in_review(demo_db, page_id)
    revisions = _revisions(demo_db, page_id)
    assert revisions[-1] == reviewed

    page.context.clear_cookies()
    login(page, demo_server, "phochutich")
    _open_from_my_work(page, demo_server, "Soát xét")
    _sign_in_editor(page, "Soát xét")
    shot(page, "sign-in-editor-1-review")
    assert _revisions(demo_db, page_id) == revisions  # signing saved nothing
    assert _in_review(demo_db, page_id) == reviewed  # the approval is on the same one
    page.goto(demo_server + "/admin/viec-cua-toi/")
    # Nothing left for him to sign on QT-05 (he may still have it to read: the leadership
    # is on its distribution).
    signing = page.locator('[data-my-work-group="documents.signing"]')
    expect(signing.get_by_role("link", name=re.compile(f"QT-05 {DOC}"))).to_have_count(
        0
    )

    page.context.clear_cookies()
    login(page, demo_server, "lanhdao")
    _open_from_my_work(page, demo_server, "Phê duyệt")  # approvals waiting (Done when)
    _sign_in_editor(page, "Phê duyệt")
    shot(page, "sign-in-editor-2-approval")
    assert _revisions(demo_db, page_id) == revisions
    release = demo_db(
        "SELECT revision_id, number FROM documents_documentrelease WHERE page_id = ?"
        " ORDER BY number DESC LIMIT 1",
        page_id,
    )
    assert release == [(reviewed, 2)]
    signatures = demo_db(
        "SELECT meaning, revision_id FROM documents_electronicsignature"
        " WHERE page_id = ? AND revision_id = ? ORDER BY meaning",
        page_id,
        reviewed,
    )
    assert signatures == [("approval", reviewed), ("review", reviewed)]

    page.context.clear_cookies()
    page.goto(demo_server + PUBLIC)
    expect(page.locator(".amendments")).to_contain_text(SUMMARY)
    shot(page, "sign-in-editor-3-public")
