"""Production: every secret comes from the environment and the app refuses to start without it."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str


def _require(name: str, value: object) -> None:
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production")


_require("QMS_SECRET_KEY", SECRET_KEY)  # noqa: F405
_require("QMS_DATABASE_URL", env_str("QMS_DATABASE_URL"))
_require("QMS_ALLOWED_HOSTS", env_str("QMS_ALLOWED_HOSTS"))
# Two gunicorn workers must share one cache (login lockout, complaint rate limit) and the
# background jobs must survive a restart: both need Redis, never the in-process fallbacks.
_require("QMS_REDIS_URL", REDIS_URL)  # noqa: F405

# QR codes and the verify URL printed on every controlled copy, and the links in e-mails, are
# built from the public address: a copy printed with a loopback address can never be checked.
_require("QMS_BASE_URL", env_str("QMS_BASE_URL"))
_base_url = env_str("QMS_BASE_URL").rstrip("/")
_base = urlsplit(_base_url)
if (
    _base.scheme not in {"http", "https"}
    or not _base.hostname
    or _base.hostname in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104
    or _base.path not in {"", "/"}
):
    raise ImproperlyConfigured(
        "QMS_BASE_URL must be the public address of the site, e.g. "
        "https://iso.hungyen.gov.vn (scheme and host, no loopback, no path)"
    )
WAGTAILADMIN_BASE_URL = _base_url
if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("QMS_SECRET_KEY must be at least 50 characters long")

DEBUG = False
# Django's deployment checklist (reliability test DP-01): HTTPS only, secure cookies, HSTS.
SECURE_SSL_REDIRECT = env_bool("QMS_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("QMS_SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
}

# Demo accounts have a published password: never seed them here.
QMS_DEMO_DATA_ALLOWED = False
