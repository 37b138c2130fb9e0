"""Account security: login lockout (django-axes) and the messages it shows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext


def lockout_minutes() -> int:
    return round(float(settings.AXES_COOLOFF_TIME) * 60)


def lockout_message() -> str:
    """Return the Vietnamese-first message shown on the login page of a locked account."""
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed sign-in attempts: this account is locked for %(minutes)d minute. "
        "Try again later, or reset your password by e-mail.",
        "Too many failed sign-in attempts: this account is locked for %(minutes)d minutes. "
        "Try again later, or reset your password by e-mail.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Keep the login page (its form carries the lockout message) but answer 429."""
    if isinstance(original_response, HttpResponse):
        original_response.status_code = 429
        return original_response
    return HttpResponse(lockout_message(), status=429)
