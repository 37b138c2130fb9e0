"""Whole-page cache of the anonymous portal (issue 14, part 6).

Every citizen sees a portal page alike, so a page built once can be served to the next
thousand visitors from the application's cache (Redis in production, shared by the gunicorn
workers). What is cached, and why it is safe:

- only Wagtail page views (``wagtail_serve``) and views that declare the query parameters
  they may be cached with (``portal_cache_params``, the public API of issue 17), only GET,
  only for a request that carries no session cookie (nobody logged in, no preview: previews
  are admin views) and no query parameter other than the list's page number or the
  declared ones — anything else would let a visitor fill the cache with variants;
- only a 200 response that sets no cookie, asks for no CSRF cookie, read no session and is
  not marked private: a page that depends on who asks is never stored;
- the key holds the host, path, page number, language (chosen by cookie only, see
  ``qms.middleware.VietnameseFirstLocaleMiddleware``) and today's date (pages say what is in
  force today), and a portal *version*: any change that can show on the portal (a page
  published, unpublished, moved or deleted, a release made, superseded or withdrawn, an agency
  or unit edited) calls :func:`portal_changed`, which starts a new version, so no visitor sees
  a page older than the change. Entries also expire after ``QMS_PORTAL_CACHE_SECONDS``.

Responses also tell a shared cache in front (nginx, see the README) that it may keep them for
the same time (``s-maxage``), while browsers revalidate (``max-age=0``).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control

VERSION_KEY = "qms:portal:version"
# The only query parameter a cached page may carry: the page number of a portal list.
ALLOWED_PARAMS = frozenset({"trang"})
# Headers a stored page keeps; the outer middlewares add the security headers again.
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag")
SERVE_VIEW = "wagtail_serve"
STATUS_HEADER = "X-Portal-Cache"


def timeout() -> int:
    return int(getattr(settings, "QMS_PORTAL_CACHE_SECONDS", 0))


def portal_changed(**_kwargs: Any) -> None:
    """Start a new portal version: every page cached so far is no longer served.

    Connected to the signals of every change that can show on the portal; signature-free
    so it can be a signal receiver as it is.
    """
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def portal_changed_on_commit(instance: Any = None, **_kwargs: Any) -> None:
    """Start a new version once the change is committed (a receiver for model signals).

    A request reads the version before it reads the database: one that began before the
    change stores its page under the old version, where nobody looks any more. A proxy in
    front (``WAGTAILFRONTENDCACHE``) is asked to drop the changed page and every page above
    it, whose lists show it.
    """
    transaction.on_commit(portal_changed)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None) and instance is not None:
        pages = _pages_shown(instance)
        if pages:
            transaction.on_commit(lambda: _purge_proxy(pages))


def _pages_shown(instance: Any) -> list[Any]:
    """The public page a changed row shows on (itself, a release's or an agency's page)."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        return [instance]
    try:
        page = getattr(instance, "page", None)
    except ObjectDoesNotExist:  # an agency or unit with no page yet
        return []
    return [page] if isinstance(page, Page) else []


def _purge_proxy(pages: list[Any]) -> None:
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    for page in pages:
        batch.add_pages([page, *page.get_ancestors().filter(depth__gt=1)])
    batch.purge()


def invalidate_on_change(*models: type[Model]) -> None:
    """Start a new portal version whenever a row of ``models`` is saved or deleted."""
    for model in models:
        uid = f"qms_portal_{model._meta.label_lower}"
        post_save.connect(portal_changed_on_commit, sender=model, dispatch_uid=uid)
        post_delete.connect(portal_changed_on_commit, sender=model, dispatch_uid=uid)


def current_version() -> str:
    """The portal version now: part of any fragment key that shows data a change may touch."""
    return str(cache.get(VERSION_KEY) or _new_version())


def _new_version() -> str:
    version = uuid.uuid4().hex
    # Another worker may have set it meanwhile: keep theirs.
    if not cache.add(VERSION_KEY, version, None):
        version = cache.get(VERSION_KEY) or version
    return str(version)


def _page_key(request: HttpRequest, allowed: frozenset[str]) -> str | None:
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    if not set(request.GET) <= allowed:
        return None
    params = "&".join(f"{k}={request.GET[k]}" for k in sorted(request.GET))
    raw = "|".join(
        [
            request.get_host(),
            request.path,
            params,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
        ]
    )
    return "qms:portal:page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.accessed)
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "Cookie" not in response.get("Vary", "")
    )


def _shared_cache_headers(response: HttpResponseBase, seconds: int) -> None:
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)


class PortalCacheMiddleware:
    """Serve and store anonymous Wagtail pages (placed last: runs closest to the view).

    A stored page carries the version it was built under; the version and the page are read
    in one round trip, and a page of an older version is built again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key = getattr(request, "_portal_cache_key", None)
        if key is None:
            return response
        if not _storable(request, response):
            response[STATUS_HEADER] = "skip"
            return response
        seconds = timeout()
        stored = {
            "version": request._portal_cache_version,  # type: ignore[attr-defined]
            "content": response.content,  # type: ignore[attr-defined]
            "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
        }
        cache.set(key, stored, seconds)
        _shared_cache_headers(response, seconds)
        response[STATUS_HEADER] = "miss"
        return response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        allowed = _allowed_params(request, view)
        if timeout() <= 0 or allowed is None:
            return None
        key = _page_key(request, allowed)
        if key is None:
            return None
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or _new_version()
        stored = found.get(key)
        if stored is None or stored.get("version") != version:
            request._portal_cache_key = key  # type: ignore[attr-defined]
            request._portal_cache_version = version  # type: ignore[attr-defined]
            return None
        response = HttpResponse(stored["content"])
        for header, value in stored["headers"].items():
            response[header] = value
        _shared_cache_headers(response, timeout())
        response[STATUS_HEADER] = "hit"
        etag = stored["headers"].get("ETag")
        if etag:  # a client holding this version gets 304, as from the view itself
            return get_conditional_response(request, etag=etag, response=response)
        return response


def _allowed_params(request: HttpRequest, view: Any) -> frozenset[str] | None:
    """The query parameters a cacheable view may carry; None if the view is never cached."""
    match = request.resolver_match
    if match is not None and match.url_name == SERVE_VIEW:
        return ALLOWED_PARAMS
    declared = getattr(getattr(view, "cls", None), "portal_cache_params", None)
    return frozenset(declared) if declared is not None else None
