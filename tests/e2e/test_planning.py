"""Risks and opportunities end to end (issue 15 part 3).

Done when: the register shows a heat map; an overdue treatment action reaches its owner,
who records it done; the head and the supervisor read the register without changing it.
"""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

MENU = "Rủi ro và cơ hội"
OVERDUE = "Cấp tài khoản riêng cho từng công chức trên phần mềm một cửa."


def test_secretary_reads_the_register_and_its_heat_map(page: Page, demo_server, shot):
    login(page, demo_server, "thuky")
    page.get_by_role("button", name=MENU).click()
    page.get_by_role("link", name="Sổ theo dõi rủi ro và cơ hội").click()
    expect(
        page.get_by_role("row").filter(has_text="Trả kết quả đăng ký khai sinh trễ hẹn")
    ).to_have_count(1)
    shot(page, "planning-01-register")
    page.get_by_role("link", name="Bản đồ nhiệt").first.click()
    table = page.locator("table.heat-map")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_contain_text("rủi ro, cơ hội")
    shot(page, "planning-02-heat-map")
    # The 4 × 4 cell holds the late birth registration risk: its link filters the register.
    row = table.get_by_role("row").filter(has_text=re.compile(r"^\s*4\."))
    row.get_by_role("cell").nth(3).get_by_role("link").click()
    expect(
        page.get_by_role("row").filter(has_text="Trả kết quả đăng ký khai sinh trễ hẹn")
    ).to_have_count(1)
    page.get_by_role("link", name="Trả kết quả đăng ký khai sinh trễ hẹn").click()
    expect(page.get_by_text("Lập sổ giao nhận hồ sơ")).to_be_visible()
    shot(page, "planning-03-risk")
    page.get_by_role("link", name="Lập biện pháp xử lý").click()
    expect(page.get_by_label("Biện pháp", exact=False).first).to_be_visible()
    shot(page, "planning-04-plan-action")
    page.goto(demo_server + "/admin/planning/heat-map/?residual=1")
    expect(page.locator("table.heat-map caption")).to_contain_text("còn lại")
    shot(page, "planning-05-residual")


def test_the_owner_sees_the_overdue_action_and_records_it_done(
    page: Page, demo_server, shot
):
    login(page, demo_server, "congchuc")
    page.goto(demo_server + "/admin/")
    expect(page.get_by_text("Biện pháp xử lý rủi ro và cơ hội").first).to_be_visible()
    shot(page, "planning-06-owner-dashboard")
    page.goto(demo_server + "/admin/planning/actions/?mine=true")
    page.get_by_role("link", name=OVERDUE).click()
    page.get_by_role("link", name="Ghi nhận đã hoàn thành").click()
    page.get_by_label("Bằng chứng").fill(
        "Mỗi công chức đã có tài khoản riêng từ 01/12."
    )
    shot(page, "planning-07-record-done")
    page.get_by_role("button", name="Ghi nhận đã hoàn thành").click()
    expect(page.get_by_text("Đã ghi nhận biện pháp hoàn thành.")).to_be_visible()
    shot(page, "planning-08-done")


def test_head_and_supervisor_read_without_changing(page: Page, demo_server, shot):
    login(page, demo_server, "lanhdao")
    page.goto(demo_server + "/admin/planning/risks/")
    expect(
        page.get_by_role("row").filter(has_text="Lộ thông tin cá nhân")
    ).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile("^Thêm"))).to_have_count(0)
    shot(page, "planning-09-head-register")
    page.context.clear_cookies()
    login(page, demo_server, "giamsat")
    page.goto(demo_server + "/admin/planning/heat-map/")
    expect(page.get_by_label("Cơ quan")).to_be_visible()
    shot(page, "planning-10-supervisor-heat-map")
