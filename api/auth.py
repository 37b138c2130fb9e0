"""Authentication, scopes and rate of system keys (issue 17 parts 3 and 4)."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_api_key.permissions import KeyParser

from api.models import SystemKey

logger = logging.getLogger("qms.api")


class SystemKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``: the caller is the key; every call is logged."""

    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[None, SystemKey] | None:
        raw = KeyParser().get(request)
        if not raw:
            return None
        try:
            key: SystemKey | None = SystemKey.objects.get_from_key(raw)  # type: ignore[assignment]
        except SystemKey.DoesNotExist:
            key = None
        if key is None or key.has_expired:
            logger.warning("API call with an unknown or revoked key: %s", request.path)
            raise exceptions.AuthenticationFailed(_("The key is unknown or revoked."))
        logger.info(
            "API %s %s by key %r (%s)",
            request.method,
            request.path,
            key.name,
            key.prefix,
        )
        return None, key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


def scoped(scope: str) -> type[BasePermission]:
    """A permission class: the request carries a valid key with ``scope``."""

    class HasScope(BasePermission):
        message = _("This key may not do this.")

        def has_permission(self, request: Request, view: Any) -> bool:
            key = request.auth
            return isinstance(key, SystemKey) and key.allows(scope)

    HasScope.__name__ = f"HasScope_{scope}"
    return HasScope


class KeyRateThrottle(SimpleRateThrottle):
    """A rate per key (QMS_API_KEY_RATE), besides the one per client address."""

    scope = "key"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        key = request.auth
        if not isinstance(key, SystemKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.prefix}
