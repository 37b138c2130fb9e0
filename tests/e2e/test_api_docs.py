"""The API's documentation pages in a real browser (issue 17 "done when"): Swagger UI and
ReDoc render the schema from this site alone, with no request to any other host."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect


@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        ("/api/v1/docs/", ".swagger-ui .opblock-summary-path"),
        ("/api/v1/redoc/", "[data-section-id^='tag/']"),
    ],
)
def test_api_docs_render_with_no_external_request(
    page: Page, demo_server, shot, path, rendered
):
    hosts: set[str] = set()

    def seen(request: Request) -> None:
        # Every network request (data: and blob: URLs are the page's own, not requests).
        if request.url.startswith(("http:", "https:", "ws")):
            hosts.add(urlsplit(request.url).netloc)

    page.on("request", seen)
    page.goto(demo_server + path)
    expect(page.locator(rendered).first).to_be_visible()
    shot(page, "api-docs-" + path.strip("/").split("/")[-1])
    if "docs" in path:
        expect(
            page.locator(".opblock-summary-path", has_text="/api/v1/statistics/")
        ).to_have_count(1)
    assert hosts == {urlsplit(demo_server).netloc}, hosts
