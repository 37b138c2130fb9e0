"""The "Tài liệu" listing and the admin search, as the ISO secretary and the supervisor see them."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login


def _row(page: Page, code: str):
    return page.locator("table.listing tbody tr").filter(
        has=page.get_by_role("cell", name=code, exact=True)
    )


def _qt06_in_review(demo_db) -> bool:
    """QT-06 is left in review by the demo; an earlier browser test may have signed it."""
    return bool(
        demo_db(
            "SELECT 1 FROM documents_procedurepage p"
            " JOIN wagtailcore_workflowstate ws ON ws.object_id = CAST(p.page_ptr_id AS TEXT)"
            " WHERE p.code = 'QT-06' AND ws.status = 'in_progress'"
        )
    )


def test_the_secretary_sees_each_document_in_its_own_words(
    page: Page, demo_server, demo_db, shot
):
    login(page, demo_server, "thuky")
    page.locator("#wagtail-sidebar").get_by_role(
        "link", name="Tài liệu", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài liệu")
    expect(_row(page, "QT-HT-03")).to_contain_text("Đã thu hồi")
    expect(_row(page, "QT-HT-04")).to_contain_text("Chờ hiệu lực")
    # The listing says what the workflow says, whichever test ran before.
    expect(_row(page, "QT-06")).to_contain_text(
        "Chờ soát xét" if _qt06_in_review(demo_db) else "Đang hiệu lực"
    )
    expect(_row(page, "QT-07")).to_contain_text("Dự thảo")
    expect(_row(page, "QT-02")).to_contain_text("Đang hiệu lực")
    # The change-request demo started a draft of QT-03: both facts show.
    expect(_row(page, "QT-03")).to_contain_text("Có dự thảo sửa đổi")
    for english in ("True", "False", "None", "Owner unit", "State"):
        expect(page.locator("table.listing")).not_to_contain_text(english)
    shot(page, "document-listing-thuky")

    # Search by code without the hyphen, then filter by state.
    page.goto(demo_server + "/admin/tai-lieu/?q=qt+ht+04")
    expect(page.locator("table.listing tbody tr")).to_have_count(1)
    expect(_row(page, "QT-HT-04")).to_be_visible()
    page.goto(demo_server + "/admin/tai-lieu/?state=withdrawn")
    expect(page.locator("table.listing tbody tr")).to_have_count(1)
    shot(page, "document-listing-withdrawn")


def test_the_admin_search_finds_a_document_by_code_and_without_diacritics(
    page: Page, demo_server, shot
):
    login(page, demo_server, "thuky")
    page.goto(demo_server + "/admin/pages/search/?q=QT-02")
    expect(page.get_by_role("link", name="Quy trình kiểm soát hồ sơ")).to_be_visible()
    shot(page, "admin-search-qt-02")
    page.goto(demo_server + "/admin/pages/search/?q=quy+trinh+dang+ky+khai+tu")
    expect(
        page.get_by_role("link", name="Quy trình giải quyết TTHC: Đăng ký khai tử")
    ).to_be_visible()
    shot(page, "admin-search-without-diacritics")


def test_the_supervisor_sees_every_agency(page: Page, demo_server, shot):
    login(page, demo_server, "giamsat")
    page.goto(demo_server + "/admin/tai-lieu/")
    expect(page.get_by_role("columnheader", name="Cơ quan")).to_be_visible()
    expect(page.locator("table.listing")).to_contain_text("Sở Tư pháp tỉnh Hưng Yên")
    expect(page.locator("table.listing")).to_contain_text("UBND phường Phố Hiến")
    # Never another agency's drafts.
    expect(_row(page, "QT-07")).to_have_count(0)
    shot(page, "document-listing-giamsat")
