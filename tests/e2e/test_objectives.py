"""Quality objectives end to end (issue 15 part 1): thuky enters a measurement, sees the chart.

Done when: Phố Hiến's objectives show their measurements and a chart against the target.
"""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

OBJECTIVE = "Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt ít nhất 60 %."


def test_thuky_enters_a_measurement_and_sees_it_in_the_table_and_chart(
    page: Page, demo_server, shot
):
    """GIVEN Phố Hiến's approved 2026 objectives, ten months measured from the statistics
    WHEN thuky opens the online-share objective and enters November's value
    THEN the table shows it as on track and the chart, with its text equivalent, has it."""
    login(page, demo_server, "thuky")
    page.get_by_role("link", name="Mục tiêu chất lượng").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mục tiêu chất lượng")
    row = page.get_by_role("row").filter(has_text=OBJECTIVE)
    # October's online share, measured from the imported sample statistics, is under 60 %.
    expect(row).to_contain_text("Không đạt")
    shot(page, "objectives-01-list")
    row.get_by_role("link", name=re.compile("Tỷ lệ hồ sơ tiếp nhận")).click()
    expect(page.locator("figure svg[role=img]")).to_be_visible()
    page.locator("#id_period").select_option(label="T11/2026")
    page.locator("#id_value").fill("65,2")
    page.locator("#id_note").fill("Số liệu tháng 11 từ phần mềm một cửa")
    page.get_by_role("button", name="Ghi nhận số liệu").click()
    expect(page.get_by_text("Đã ghi nhận số liệu.")).to_be_visible()
    november = page.get_by_role("row").filter(has_text="T11/2026").first
    expect(november).to_contain_text("65,2 %")
    expect(november).to_contain_text("Đạt")
    page.get_by_text("Số liệu của biểu đồ dạng bảng").click()
    expect(page.locator("details table")).to_contain_text("65,2")
    expect(page.locator("figcaption")).to_contain_text("đã đo 11 trên 12 kỳ")
    shot(page, "objectives-02-measured")
