"""The forms library in the browser (issue 13 part 2): the secretary uploads a PDF form from
the form row's chooser, attaches it, submits; the deputy reviews and the head approves from
their dashboards; then anyone downloads the form from the public page."""

import re
import urllib.request

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.documents import pdf_fixtures
from tests.e2e.conftest import login

PROCEDURE = (
    "Quy trình đo lường sự hài lòng của người dân"  # QT-07, a draft in the demo data
)
PUBLIC = "/ubnd-tinh-hung-yen/ubnd-phuong-pho-hien/tai-lieu-iso/qt-07/"
FORM_CODE, FORM_NAME = "BM-07-01", "Phiếu khảo sát sự hài lòng"


def _choose_a_distribution(page: Page) -> None:
    """Give the draft a distribution (its readers) whatever widget the field uses."""
    field = page.locator("[name=distribution_units]")
    if field.first.evaluate("node => node.tagName") == "SELECT":
        field.first.select_option(index=0)
    else:
        field.first.check()


def _attach_a_new_pdf_form(page: Page, tmp_path, shot) -> None:
    upload = tmp_path / "phieu-khao-sat.pdf"
    upload.write_bytes(pdf_fixtures.clean_pdf())
    page.get_by_role("button", name="Thêm Biểu mẫu").click()
    row = page.locator("[id^='inline_child_form_attachments-']").last
    row.get_by_label("Mã biểu mẫu").fill(FORM_CODE)
    row.get_by_label("Tên biểu mẫu").fill(FORM_NAME)
    row.get_by_role("button", name="Chọn tệp biểu mẫu").click()
    modal = page.locator(".modal")
    expect(modal.get_by_role("tab", name="Tải lên")).to_be_visible()
    shot(page, "forms-chooser-opened")
    modal.get_by_role("tab", name="Tải lên").click()
    modal.locator("input[name='document-chooser-upload-title']").fill(FORM_NAME)
    modal.locator("input[type=file]").set_input_files(str(upload))
    shot(page, "forms-chooser-upload-tab")
    modal.get_by_role("button", name="Tải lên").last.click()
    expect(modal).to_be_hidden()
    expect(row.get_by_text(FORM_NAME).last).to_be_visible()
    shot(page, "forms-chosen-in-editor")


def _sign(page: Page, shot) -> None:
    # The dashboard's approval panel row (the editor's action menu is not the signing path).
    # Only the row that carries the signing action: the procedure may be on other panels.
    action = re.compile("^Ký duyệt với vai trò")
    row = (
        page.locator("tr", has=page.get_by_text(action))
        .filter(has_text=PROCEDURE)
        .first
    )
    row.get_by_role("button").last.click()
    row.get_by_text(action).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Mật khẩu của bạn").fill("Demo@2026")
    button = dialog.get_by_role("button", name=re.compile("Ký duyệt với vai trò"))
    expect(button).to_be_enabled()
    button.click()
    # Signing redirects to the page's editor (through the signed-action view). On two busy
    # cores the head's final approval (stamp, notify, index) once outlasted 30 s in CI;
    # if it never arrives, say where the browser is and what the screen says.
    try:
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=90_000)
    except PlaywrightTimeout:
        shot(page, "forms-signing-stuck")
        said = page.locator(
            ".messages, [role=dialog], .error-message"
        ).all_inner_texts()
        raise AssertionError(
            f"signing did not reach the editor: {page.url} {said}"
        ) from None
    expect(dialog).to_be_hidden()


def test_secretary_uploads_a_form_and_the_public_downloads_it_after_approval(
    page: Page, demo_server, shot, tmp_path
):
    login(page, demo_server, "thuky")
    page.goto(demo_server + "/admin/pages/search/?q=" + "đo lường sự hài lòng")
    page.get_by_role("link", name=PROCEDURE).first.click()
    expect(page.locator("#page-edit-form")).to_be_visible()
    _attach_a_new_pdf_form(page, tmp_path, shot)
    _choose_a_distribution(page)
    footer = page.locator("footer")
    footer.locator("[data-w-dropdown-target='toggle']").first.click()
    footer.get_by_role("button", name=re.compile("Gửi duyệt")).click()
    expect(page.locator(".messages")).to_contain_text(PROCEDURE)
    shot(page, "forms-submitted")

    for signer in ("phochutich", "lanhdao"):
        page.context.clear_cookies()
        login(page, demo_server, signer)
        _sign(page, shot)
    shot(page, "forms-approved")

    page.context.clear_cookies()
    page.goto(demo_server + PUBLIC)
    expect(page.get_by_role("heading", level=1)).to_have_text(PROCEDURE)
    forms = page.locator("ul.forms")
    expect(forms).to_contain_text(FORM_CODE)
    shot(page, "forms-public-page")
    href = forms.get_by_role("link", name="Tải về (PDF)").get_attribute("href")
    with urllib.request.urlopen(demo_server + href, timeout=10) as response:  # noqa: S310 - loopback
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"].startswith(
            f'attachment; filename="{FORM_CODE}-'
        )
        assert response.read() == pdf_fixtures.clean_pdf()


def test_the_demo_procedure_in_force_offers_its_pdf_and_docx_forms(
    page: Page, demo_server, shot
):
    page.goto(
        demo_server + "/ubnd-tinh-hung-yen/ubnd-phuong-pho-hien/tai-lieu-iso/qt-ht-02/"
    )
    forms = page.locator("ul.forms")
    expect(forms.get_by_role("link", name="Tải về (PDF)")).to_have_count(1)
    expect(forms.get_by_role("link", name="Tải về (DOCX)")).to_have_count(1)
    shot(page, "forms-demo-public")
    href = forms.get_by_role("link", name="Tải về (DOCX)").get_attribute("href")
    with urllib.request.urlopen(demo_server + href, timeout=10) as response:  # noqa: S310 - loopback
        assert response.headers["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert '.docx"' in response.headers["Content-Disposition"]
        assert response.read(4) == b"PK\x03\x04"
