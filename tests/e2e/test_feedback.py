"""Citizens' feedback end to end (issue 14 part 4).

Done when: a complaint answered by the unit shows the answer on the tracking page.
"""

import datetime as dt
import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

UNIT = "Trung tâm Phục vụ hành chính công phường Phố Hiến"
DESCRIPTION = (
    "Phiếu hẹn trả kết quả không ghi rõ giờ, tôi phải đến hai lần mới nhận được"
)
CONTACT = "0987 654 321"
ANSWER = "Từ ngày mai phiếu hẹn ghi rõ giờ trả kết quả. Xin lỗi ông/bà vì sự bất tiện."


def _submit_at_the_unit_page(page: Page, base: str, shot) -> tuple[str, str]:
    page.goto(base + "/ubnd-tinh-hung-yen/ubnd-phuong-pho-hien/")
    page.get_by_role("link", name=UNIT).first.click()
    page.locator("section.complaint").get_by_role(
        "link", name="Gửi phản ánh, kiến nghị"
    ).click()
    form = page.locator("section.complaint")
    procedure = form.get_by_label("Thủ tục liên quan (không bắt buộc)")
    procedure.select_option(index=1)
    chosen = procedure.locator("option:checked").inner_text()
    form.get_by_label("Nội dung phản ánh, kiến nghị").fill(DESCRIPTION)
    form.get_by_label(re.compile("^Số điện thoại hoặc thư điện tử")).fill(CONTACT)
    shot(page, "feedback-01-form")
    form.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    notice = page.get_by_text("Cảm ơn bạn. Hãy giữ mã tra cứu để theo dõi kết quả:")
    expect(notice).to_be_visible()
    return notice.inner_text().rsplit(":", 1)[1].strip(), chosen


def _open_in_register(page: Page, base: str, code: str) -> None:
    page.goto(base + "/admin/feedback/")
    page.get_by_role("textbox", name="Từ khóa tìm kiếm").fill(code)
    page.get_by_role("textbox", name="Từ khóa tìm kiếm").press("Enter")
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(UNIT)
    expect(row).to_contain_text("Mới tiếp nhận")
    row.get_by_role("link", name=code).click()


def test_a_complaint_answered_by_the_unit_shows_the_answer_on_the_tracking_page(
    page: Page, demo_server, shot
):
    """GIVEN a citizen's feedback sent from the Phố Hiến unit page, naming a procedure
    WHEN thuky answers it directly in the admin
    THEN the citizen's tracking page shows the answer and its date, never the text sent
    or the contact; the supervisor reads it but cannot act on it."""
    code, procedure = _submit_at_the_unit_page(page, demo_server, shot)
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Mới tiếp nhận")
    expect(page.locator("body")).not_to_contain_text(DESCRIPTION)
    shot(page, "feedback-02-tracking-received")

    login(page, demo_server, "thuky")
    page.goto(demo_server + "/admin/")
    shot(page, "feedback-03-dashboard-my-work")
    _open_in_register(page, demo_server, code)
    expect(page.get_by_text(DESCRIPTION)).to_be_visible()
    expect(page.get_by_text(CONTACT)).to_be_visible()
    expect(page.get_by_text(procedure.split(" – ")[0]).first).to_be_visible()
    shot(page, "feedback-04-inspect")
    page.get_by_role("link", name="Trả lời trực tiếp").click()
    page.get_by_label(re.compile("Nội dung trả lời người dân")).fill(ANSWER)
    shot(page, "feedback-05-answer-form")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    expect(page.get_by_text(f"Đã trả lời phản ánh {code}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Đã trả lời")
    shot(page, "feedback-06-answered")

    page.context.clear_cookies()
    page.goto(f"{demo_server}/tra-cuu-phan-anh/?ma={code}")
    answer = page.locator("section.answer")
    expect(answer).to_contain_text("Trả lời của đơn vị")
    expect(answer).to_contain_text(ANSWER)
    expect(page.locator("dl.facts")).to_contain_text("Đã trả lời")
    expect(page.locator("dl.facts")).to_contain_text(
        dt.date.today().strftime("%d/%m/%Y")
    )
    expect(page.locator("body")).not_to_contain_text(DESCRIPTION)
    expect(page.locator("body")).not_to_contain_text(CONTACT)
    shot(page, "feedback-07-tracking-answered")

    login(page, demo_server, "giamsat")
    page.goto(demo_server + "/admin/feedback/")
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("Đã trả lời")
    expect(row).to_contain_text("Có")
    shot(page, "feedback-08-supervisor-register")
    row.get_by_role("link", name=code).click()
    expect(page.get_by_role("link", name="Mở lại")).to_have_count(0)


def test_feedback_that_reveals_a_nonconformity_raises_one_linked_back(
    page: Page, demo_server, shot
):
    """The overdue demo feedback: thuky raises an SKPH from it; the SKPH links back."""
    login(page, demo_server, "thuky")
    page.goto(demo_server + "/admin/feedback/?overdue=true")
    row = page.get_by_role("row").filter(has_text="Mới tiếp nhận").first
    code = row.get_by_role("link", name=re.compile(r"^PA-")).inner_text()
    shot(page, "feedback-09-overdue-filter")
    row.get_by_role("link", name=code).click()
    page.get_by_role("link", name="Tạo điểm không phù hợp").click()
    page.get_by_role("button", name="Tạo điểm không phù hợp").click()
    expect(
        page.get_by_text(f"Đã tạo điểm không phù hợp từ phản ánh {code}")
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("Đang xử lý")
    page.get_by_role("link", name=re.compile(r"^SKPH-\d{4}-\d{4}$")).click()
    expect(page.get_by_role("link", name=code)).to_be_visible()
    shot(page, "feedback-10-skph-links-back")
