"""The citizen's portal is accessible and fits a phone (issue 14 part 5).

axe-core (bundled with axe-playwright-python, no CDN) checks the seven public page types
against WCAG 2.1 A and AA with no serious or critical violation; at 390 px nothing is wider
than the screen. Screenshots at 390 px and 1280 px go to artifacts/e2e/.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Page, expect

AGENCY = "/ubnd-tinh-hung-yen/ubnd-phuong-pho-hien/"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def _public_urls(page: Page, base: str) -> dict[str, str]:
    """Find each page type as a citizen would: by following the portal's own links."""
    page.goto(base + AGENCY)
    agency = page.url
    page.get_by_role(
        "link", name="Trung tâm Phục vụ hành chính công phường Phố Hiến"
    ).first.click()
    unit = page.url
    complaint = page.get_by_role("link", name="Gửi phản ánh, kiến nghị").get_attribute(
        "href"
    )
    page.goto(agency)
    page.locator("table.register a").first.click()
    procedure = page.url
    verify = page.get_by_role("link", name=re.compile("Kiểm tra")).first.get_attribute(
        "href"
    )
    return {
        "home": base + "/",
        "agency": agency,
        "unit": unit,
        "procedure": procedure,
        "search": base + "/search/?q=dang+ky+khai+sinh",
        "verify": base + str(verify) if str(verify).startswith("/") else str(verify),
        "complaint": base + str(complaint),
    }


@pytest.fixture(scope="module")
def public_urls(browser, demo_server) -> dict[str, str]:
    context = browser.new_context()
    page = context.new_page()
    try:
        return _public_urls(page, demo_server)
    finally:
        context.close()


@pytest.mark.parametrize("size", list(WIDTHS))
@pytest.mark.parametrize(
    "kind", ["home", "agency", "unit", "procedure", "search", "verify", "complaint"]
)
def test_public_pages_pass_axe_and_fit_the_screen(
    page: Page, public_urls, shot, kind, size
):
    width, height = WIDTHS[size]
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(public_urls[kind])
    assert response is not None and response.status == 200, public_urls[kind]
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, f"a11y-{kind}-{width}")

    results = Axe().run(page, options=WCAG_AA)
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{kind} is {overflow}px wider than a {width}px screen"
    if size != "phone":
        return  # on a desktop an empty cell is an empty table cell, with no label
    # A phone card names only what it has: no label over an empty cell (e.g. a step with
    # no form would print "Biểu mẫu / kết quả:" and nothing).
    labels_over_nothing = page.evaluate(
        """() => [...document.querySelectorAll('table.stack td[data-label]')]
            .filter(td => td.offsetParent !== null && td.textContent.trim() === '')
            .map(td => td.dataset.label)"""
    )
    assert labels_over_nothing == [], (
        f"{kind}: empty labelled cells {labels_over_nothing}"
    )
