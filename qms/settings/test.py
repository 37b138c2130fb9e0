"""Test settings: fast hashing, local cache, in-memory e-mail, eager tasks unless QMS_REDIS_URL."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = BASE_DIR / "artifacts" / "test-media"  # noqa: F405
# Each pytest-xdist worker (gw0, gw1, ...) writes its files in a folder of its own.
worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if worker:
    MEDIA_ROOT = MEDIA_ROOT / worker
QMS_EXPORT_ROOT = MEDIA_ROOT / "private-exports"
# Beside MEDIA_ROOT, never inside it, as in production.
QMS_PRIVATE_ROOT = BASE_DIR / "artifacts" / "test-private" / (worker or "main")  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "qms.lib.storage.PrivateFileStorage",
        "OPTIONS": {"location": QMS_PRIVATE_ROOT},
    },
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests share one process-wide cache while each rolls its database back: a page cached by one
# test would be served to the next. The page cache's own tests turn it on and clear it.
QMS_PORTAL_CACHE_SECONDS = 0
