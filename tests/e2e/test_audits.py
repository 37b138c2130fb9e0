"""Browser tests of issue 5: an audit finding becomes a verified, closed SKPH; citizen feedback.

Mirrors tests/audits/test_demo.py through the screens: `danhgia` records a minor nonconformity
in the in-progress demo audit DG-2026-02 and raises an SKPH naming `congchuc`; `congchuc`
analyses, plans and implements it; the independent auditor `danhgia2` verifies and closes it;
the audit is finished and signed, and its stored report PDF lists the SKPH.
"""

import datetime as dt
import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

PASSWORD = "Demo@2026"
EVIDENCE = "Chưa phân tích xu hướng số liệu hài lòng quý III"


def _login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _logout(page: Page) -> None:
    """Log out through the account menu at the foot of the Wagtail sidebar."""
    page.locator(".sidebar-footer__account").click()
    page.get_by_role("button", name="Đăng xuất").or_(
        page.get_by_role("link", name="Đăng xuất")
    ).or_(page.get_by_role("menuitem", name="Đăng xuất")).first.click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


def _status(page: Page):
    """The <dd> after "Trạng thái" on the workspace / SKPH screens."""
    return page.locator("dt", has_text=re.compile("^Trạng thái$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def _message(page: Page, text: str) -> None:
    expect(page.locator(".messages").get_by_text(text)).to_be_visible()


def test_audit_finding_becomes_a_verified_and_closed_skph(
    page: Page, demo_server, shot
):
    # --- danhgia runs the in-progress audit and raises an SKPH in one step ---------------
    _login(page, demo_server, "danhgia")
    page.goto(demo_server + "/admin/audit/")
    page.get_by_role("link", name="DG-2026-02").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("DG-2026-02")
    expect(_status(page)).to_contain_text("Đang đánh giá (3/10)")
    workspace_url = page.url
    items = page.locator(".qms-item")
    # The demo recorded the first three questions as conforming; take the fourth.
    item = items.nth(3)
    item_id = item.get_attribute("id")
    item = page.locator(f"#{item_id}")
    expect(item.get_by_role("button", name="Tạo phiếu SKPH")).to_have_count(0)
    shot(page, "audits-01-workspace")

    item.get_by_label("Không phù hợp nhẹ").check()
    item.get_by_label("Bằng chứng đánh giá").fill(EVIDENCE)
    item.get_by_role("button", name="Lưu").click()
    _message(page, "Đã lưu kết quả.")
    item = page.locator(f"#{item_id}")
    expect(item.get_by_label("Không phù hợp nhẹ")).to_be_checked()
    expect(item.get_by_label("Bằng chứng đánh giá")).to_have_value(EVIDENCE)
    responsible = item.get_by_label("Người chịu trách nhiệm")
    expect(responsible).to_be_visible()
    responsible.select_option(label="Lê Quang Huy")
    shot(page, "audits-02-item-minor-nc")
    item.get_by_role("button", name="Tạo phiếu SKPH").click()

    expect(page.locator(".messages")).to_contain_text(
        re.compile(r"Đã tạo phiếu SKPH SKPH-2026-\d{4}\.")
    )
    code = page.get_by_role("heading", level=1).inner_text().strip().split()[0]
    assert re.fullmatch(r"SKPH-2026-\d{4}", code), code
    skph_url = page.url
    expect(_status(page)).to_have_text("Mới")
    # The auditor's finding statement (pre-filled from the evidence) titles the SKPH.
    expect(page.locator("#header-title")).to_contain_text(EVIDENCE)
    expect(page.get_by_role("link", name="DG-2026-02")).to_be_visible()
    expect(
        page.locator("dt", has_text="Người chịu trách nhiệm").locator(
            "xpath=following-sibling::dd[1]"
        )
    ).to_have_text("Lê Quang Huy")
    # Only the owner (or the agency's managers) analyses: the auditor sees no form.
    expect(page.get_by_role("button", name="Ghi nhận phân tích")).to_have_count(0)
    shot(page, "audits-03-skph-raised")
    _logout(page)

    # --- congchuc analyses, plans and implements -----------------------------------------
    _login(page, demo_server, "congchuc")
    page.goto(skph_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    page.get_by_label("Khắc phục tức thời").fill(
        "Đã tổng hợp ngay số liệu quý III và báo cáo lãnh đạo"
    )
    page.get_by_label("Tại sao? (1)").fill("Chưa có báo cáo xu hướng hài lòng")
    page.get_by_label("Tại sao? (2)").fill("Không ai được giao tổng hợp số liệu")
    page.get_by_label("Nguyên nhân gốc rễ").fill(
        "Quy chế chưa giao người tổng hợp số liệu hài lòng"
    )
    shot(page, "audits-04-analyse-form")
    page.get_by_role("button", name="Ghi nhận phân tích").click()
    _message(page, "Đã ghi nhận phân tích nguyên nhân.")
    expect(_status(page)).to_have_text("Đã phân tích")
    expect(page.get_by_text("Không ai được giao tổng hợp số liệu")).to_be_visible()
    expect(
        page.get_by_text("Quy chế chưa giao người tổng hợp số liệu hài lòng")
    ).to_be_visible()

    first = page.locator("fieldset").first
    first.get_by_label("Hành động khắc phục").fill(
        "Giao công chức tổng hợp số liệu hài lòng hằng quý"
    )
    first.get_by_label("Người chịu trách nhiệm").select_option(
        label="Lê Quang Huy – UBND phường Phố Hiến"
    )
    due = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    first.get_by_label("Thời hạn").fill(due)
    first.get_by_label("Thời hạn").press("Escape")  # close the date picker
    shot(page, "audits-05-plan-form")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    _message(page, "Đã lập kế hoạch hành động khắc phục.")
    expect(_status(page)).to_have_text("Có kế hoạch")
    row = page.get_by_role("row").filter(
        has_text="Giao công chức tổng hợp số liệu hài lòng hằng quý"
    )
    expect(row).to_contain_text("Lê Quang Huy")
    expect(row).to_contain_text(due)

    row.get_by_label("Bằng chứng thực hiện").fill(
        "Quyết định giao nhiệm vụ số 12/QĐ-UBND và báo cáo quý III"
    )
    row.get_by_role("button", name="Xác nhận hoàn thành").click()
    _message(page, "Đã ghi nhận hành động hoàn thành.")
    expect(_status(page)).to_have_text("Đã thực hiện")
    expect(
        page.get_by_role("row").filter(has_text="Quyết định giao nhiệm vụ số 12")
    ).to_be_visible()
    # The owner of the action cannot verify their own work.
    expect(page.get_by_role("button", name="Ghi nhận xác minh")).to_have_count(0)
    shot(page, "audits-06-implemented")
    _logout(page)

    # --- danhgia2, an auditor owning none of the actions, verifies and closes --------------
    _login(page, demo_server, "danhgia2")
    page.goto(skph_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    page.get_by_label("Có hiệu lực", exact=True).check()
    page.get_by_label("Nội dung đã kiểm tra").fill(
        "Đã xem báo cáo xu hướng quý III và quyết định giao nhiệm vụ"
    )
    shot(page, "audits-07-verify-form")
    page.get_by_role("button", name="Ghi nhận xác minh").click()
    _message(page, "Đã ghi nhận kết quả xác minh.")
    expect(_status(page)).to_have_text("Đã xác minh")
    expect(
        page.get_by_text(re.compile("Đã xem báo cáo xu hướng quý III.*Vũ Đức Kiên"))
    ).to_be_visible()
    page.get_by_role("button", name="Đóng phiếu SKPH").click()
    _message(page, "Đã đóng phiếu SKPH.")
    expect(_status(page)).to_have_text("Đóng")
    expect(page.get_by_role("button", name="Đóng phiếu SKPH")).to_have_count(0)
    shot(page, "audits-08-closed")
    _logout(page)

    # --- danhgia finishes the audit; both sign; the stored report PDF lists the SKPH --------
    _login(page, demo_server, "danhgia")
    page.goto(workspace_url)
    expect(page.get_by_role("link", name=code)).to_be_visible()
    expect(page.get_by_text(f"{code} (Đóng)")).to_be_visible()
    items = page.locator(".qms-item")
    for n in range(items.count()):
        item = items.nth(n)
        if item.locator("input[type=radio]:checked").count():
            continue
        item.get_by_label("Phù hợp", exact=True).check()
        item.get_by_role("button", name="Lưu").click()
        _message(page, "Đã lưu kết quả.")
    expect(_status(page)).to_contain_text("(10/10)")
    page.get_by_role("textbox", name="Kết luận đánh giá").fill(
        f"Hệ thống được duy trì; 01 điểm không phù hợp nhẹ ({code}) đã khắc phục."
    )
    page.get_by_role("button", name="Kết thúc đánh giá hiện trường").click()
    _message(page, "Đã kết thúc đánh giá tại hiện trường; có thể ký báo cáo.")

    def sign(meaning: str) -> None:
        page.get_by_role("combobox", name="Ký với tư cách").select_option(label=meaning)
        page.get_by_label("Mật khẩu của bạn").fill(PASSWORD)
        page.get_by_role("button", name="Ký báo cáo").click()
        _message(page, "Đã ký báo cáo.")
        expect(page.get_by_role("listitem").filter(has_text=meaning)).to_be_visible()

    sign("Trưởng đoàn đánh giá")
    _logout(page)
    _login(page, demo_server, "lanhdao")
    page.goto(workspace_url)
    sign("Thủ trưởng đơn vị được đánh giá")
    _logout(page)
    _login(page, demo_server, "danhgia")
    page.goto(workspace_url)
    page.get_by_role("button", name="Kết thúc đánh giá và lưu báo cáo").click()
    _message(page, "Cuộc đánh giá đã kết thúc và báo cáo đã được lưu.")
    report = page.get_by_role("link", name="Báo cáo đánh giá (PDF)")
    expect(report).to_be_visible()
    shot(page, "audits-09-audit-closed")
    response = page.request.get(demo_server + report.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages
    )
    assert code in text


def test_an_auditor_cannot_be_assigned_to_audit_their_own_agency(
    page: Page, demo_server, shot
):
    """Independence (ISO 9001 9.2.2 c): the plan form refuses it with a Vietnamese message."""
    _login(page, demo_server, "admin")
    page.goto(demo_server + "/admin/audit/")
    page.get_by_role("link", name="DG-2026-03").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("DG-2026-03")
    found = re.search(r"/audits/(\d+)/workspace/", page.url)
    assert found, page.url
    pk = found.group(1)
    page.goto(f"{demo_server}/admin/audit/edit/{pk}/")
    # Re-plan DG-2026-03 for Sở Tư pháp, led by Vũ Đức Kiên, who works there.
    page.get_by_role("combobox", name="Đơn vị được đánh giá").select_option(
        label="Sở Tư pháp tỉnh Hưng Yên"
    )
    page.get_by_role("combobox", name="Bộ phận một cửa").select_option(index=0)
    page.get_by_role("combobox", name="Trưởng đoàn đánh giá").select_option(
        label="Vũ Đức Kiên – Sở Tư pháp tỉnh Hưng Yên"
    )
    page.get_by_role("textbox", name="Lý do thay đổi").fill("Thử phân công trưởng đoàn")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(
        page.get_by_text(
            "Vũ Đức Kiên công tác tại Sở Tư pháp tỉnh Hưng Yên nên không được đánh giá "
            "chính cơ quan mình"
        ).first
    ).to_be_visible()
    shot(page, "audits-10-independence-refused")
    # Nothing was saved: the audit is still Sơn Nam's, led by Phạm Thị Lan.
    page.goto(f"{demo_server}/admin/audits/{pk}/workspace/")
    expect(page.locator("header")).to_contain_text("Sơn Nam")
    expect(page.get_by_text("Phạm Thị Lan (Trưởng đoàn đánh giá)")).to_be_visible()
