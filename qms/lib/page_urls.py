"""URLs of pages known only by their ``url_path``, for the portal's long lists (issue 14).

``{% pageurl %}`` needs a Page instance per link; building a hundred of them (twenty-odd
fields each) cost a portal list more than the rest of the page. The lists read the
``url_path`` column instead and turn it into the URL Wagtail would give, relative to the site
that serves the request.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from wagtail.models import Site


class PageUrls:
    """Turn ``url_path`` values into URLs for one request (the site root is read once).

    ``PageUrls.of(request)`` shares one instance between the lists of a page.
    """

    def __init__(self, request: Any) -> None:
        self.request = request
        site = Site.find_for_request(request) if request is not None else None
        self.site_id = site.pk if site is not None else None
        # Wagtail's site query joins the root page: its url_path is known without a query.
        self.site_root = site.root_page.url_path if site is not None else None
        self.prefix = reverse("wagtail_serve", args=("",))
        self._roots: list[Any] | None = None

    @property
    def roots(self) -> list[Any]:
        """Every site's (site, root path, root URL), most specific first, read on first use.

        Wagtail keeps them in the shared cache (Redis in production): one round trip a
        request, which the portal's lists skip when every page is on the request's site.
        """
        if self._roots is None:
            roots = getattr(self.request, "_wagtail_cached_site_root_paths", None)
            if roots is None:
                roots = Site.get_site_root_paths()
                if self.request is not None:
                    self.request._wagtail_cached_site_root_paths = roots
            self._roots = list(roots)
        return self._roots

    @classmethod
    def of(cls, request: Any) -> PageUrls:
        """The request's instance, made on first use."""
        urls: PageUrls | None = getattr(request, "_qms_page_urls", None)
        if urls is None:
            urls = cls(request)
            if request is not None:
                request._qms_page_urls = urls
        return urls

    def __call__(self, url_path: str | None) -> str:
        """As ``Page.get_url(request)``: relative on the request's site, else absolute."""
        if not url_path:
            return ""
        # A page under the request's site root gets a URL relative to it, as Wagtail gives
        # it (Page.get_url_parts prefers the request's site among those the page is under).
        if self.site_root is not None and url_path.startswith(self.site_root):
            return self.prefix + url_path[len(self.site_root) :]
        # Most specific root first (Site.get_site_root_paths): the page's own site.
        for root in self.roots:
            if url_path.startswith(root.root_path):
                relative = self.prefix + url_path[len(root.root_path) :]
                if self.site_id is None or root.site_id == self.site_id:
                    return relative
                return str(root.root_url) + relative
        return ""
