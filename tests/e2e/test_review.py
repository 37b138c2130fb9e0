"""Management review end to end (issue 15 part 4).

Done when: as lanhdao, open the 2026 management review, generate the input pack PDF (every
9.3.2 section with data and charts), record outputs as actions, sign the minutes.
"""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login


def test_the_head_prepares_holds_and_signs_the_2026_review(
    page: Page, demo_server, shot
):
    """GIVEN Phố Hiến's 2026 review, planned with its pack, and the 2025 one closed
    WHEN lanhdao generates the pack again, records the meeting and an output, and signs
    THEN the minutes are kept and the review is closed; the supervisor only reads it."""
    login(page, demo_server, "lanhdao")
    shot(page, "review-00-dashboard")
    expect(page.get_by_text("Chưa họp xem xét của lãnh đạo năm 2026")).to_be_visible()
    page.get_by_role("link", name="Xem xét của lãnh đạo").first.click()
    row = page.get_by_role("row").filter(has_text="Đã lập kế hoạch")
    row.get_by_role("link", name="Xem xét của lãnh đạo năm 2026").click()
    expect(
        page.get_by_role("heading", name=re.compile("Xem xét của lãnh đạo năm 2026"))
    ).to_be_visible()
    review_url = page.url
    page.get_by_role("button", name="Tạo lại hồ sơ đầu vào").click()
    expect(page.get_by_text("Hồ sơ đầu vào đang được tạo.")).to_be_visible()
    page.reload()
    for heading in (
        "Tình trạng của các hành động từ các cuộc xem xét trước",
        "Sự không phù hợp và hành động khắc phục",
        "Sự thỏa đáng của nguồn lực",
        "Cơ hội cải tiến",
    ):
        expect(page.get_by_role("heading", name=re.compile(heading))).to_be_visible()
    expect(page.locator("figure svg[role=img]").first).to_be_visible()
    shot(page, "review-01-pack")
    href = page.get_by_role("link", name="Tải hồ sơ đầu vào (PDF)").get_attribute(
        "href"
    )
    pdf = page.request.get(demo_server + href)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="Ghi nhận cuộc họp").click()
    shot(page, "review-02-meeting-form")
    page.get_by_label("Sự thỏa đáng của nguồn lực (9.3.2 d)").fill(
        "Cần thêm một công chức tiếp nhận buổi sáng."
    )
    page.get_by_label("Kết luận").fill("Bổ sung nhân sự cho Bộ phận Một cửa.")
    shot(page, "review-02-meeting")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận cuộc họp.")).to_be_visible()

    page.get_by_role("link", name="Ghi nhận đầu ra").click()
    page.get_by_label("Đầu ra").select_option(label="Nhu cầu nguồn lực")
    page.get_by_label("Hành động").fill("Điều động thêm một công chức tiếp nhận.")
    page.get_by_label("Người chịu trách nhiệm").select_option(index=1)
    page.get_by_label("Hạn hoàn thành").fill("31/03/2027")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận đầu ra thành hành động.")).to_be_visible()

    page.get_by_role("link", name="Ký biên bản").click()
    page.get_by_label("Mật khẩu của bạn").fill("sai-mat-khau")
    page.get_by_role("button", name="Ký").click()
    expect(
        page.get_by_text("Mật khẩu không đúng nên chưa có chữ ký nào được ghi nhận.")
    ).to_be_visible()
    page.get_by_label("Mật khẩu của bạn").fill("Demo@2026")
    page.get_by_role("button", name="Ký").click()
    expect(
        page.get_by_text("Biên bản đã được ký và lưu; cuộc xem xét đã kết thúc.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Tải biên bản (PDF)")).to_be_visible()
    shot(page, "review-03-signed")

    # The supervisor reads the closed review and its minutes, with no button to act.
    page.context.clear_cookies()
    login(page, demo_server, "giamsat")
    page.goto(review_url)
    expect(page.get_by_role("link", name="Tải biên bản (PDF)")).to_be_visible()
    expect(page.get_by_role("link", name="Ghi nhận đầu ra")).to_have_count(0)
    expect(page.get_by_role("button", name="Tạo lại hồ sơ đầu vào")).to_have_count(0)
