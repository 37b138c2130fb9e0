"""URLs of pages known only by their ``url_path``, for the portal's long lists (issue 14).

``{% pageurl %}`` needs a Page instance per link; building a hundred of them (twenty-odd
fields each) cost a portal list more than the rest of the page. The lists read the
``url_path`` column instead and turn it into the URL Wagtail would give, relative to the site
that serves the request.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from wagtail.models import Page, Site


class PageUrls:
    """Turn ``url_path`` values into URLs for one request (the site root is read once)."""

    def __init__(self, request: Any) -> None:
        self.request = request
        # Wagtail's own list of (site, root path, root URL), cached on the request.
        self.roots = Page()._get_site_root_paths(request)
        site = Site.find_for_request(request) if request is not None else None
        self.site_id = site.pk if site is not None else None
        self.prefix = reverse("wagtail_serve", args=("",))

    def __call__(self, url_path: str | None) -> str:
        """As ``Page.get_url(request)``: relative on the request's site, else absolute."""
        if not url_path:
            return ""
        # Most specific root first (Site.get_site_root_paths): the page's own site.
        for root in self.roots:
            if url_path.startswith(root.root_path):
                relative = self.prefix + url_path[len(root.root_path) :]
                if self.site_id is None or root.site_id == self.site_id:
                    return relative
                return str(root.root_url) + relative
        return ""
