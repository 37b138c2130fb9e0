"""The Content-Security-Policy breaks neither the portal nor Wagtail's admin."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login

ADMIN_SCREENS = [
    "/admin/",
    "/admin/pages/",
    # A form with Wagtail's date widget, which starts itself with an inline script.
    "/admin/staffprofile/new/",
    "/admin/reports/site-history/",
]


def test_the_portal_home_keeps_its_strict_policy(
    page: Page, demo_server, no_csp_violations
):
    response = page.goto(demo_server + "/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy + ";"
    expect(page.locator("body")).to_be_visible()
    assert no_csp_violations == []


@pytest.mark.parametrize("path", ADMIN_SCREENS)
def test_admin_screens_run_under_the_policy(
    page: Page, demo_server, no_csp_violations, path
):
    login(page, demo_server, "admin")
    response = page.goto(demo_server + path)
    assert response is not None
    assert response.status == 200
    assert "content-security-policy" in response.headers
    page.wait_for_load_state("networkidle")
    assert no_csp_violations == []
