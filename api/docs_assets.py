"""ReDoc's bundle, served from this site with its one outside address removed.

drf-spectacular-sidecar ships ReDoc locally, but the bundle draws a logo from
cdn.redoc.ly in its sidebar, unconditionally (no option turns it off). Issue 17 asks that
the documentation make no request outside the site, so the bundle is served through this
view with that address replaced by an empty inline image; the rest is the sidecar's file
byte for byte. tests/e2e/test_api_docs.py fails if a new version adds another address.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
OUTSIDE_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
EMPTY_IMAGE = b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


@lru_cache(maxsize=1)
def _bundle() -> bytes:
    path = finders.find(BUNDLE)
    if not path:
        raise FileNotFoundError(BUNDLE)
    return Path(path).read_bytes().replace(OUTSIDE_LOGO, EMPTY_IMAGE)


@require_GET
@cache_control(public=True, max_age=86400)
def redoc_bundle(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_bundle(), content_type="text/javascript; charset=utf-8")
