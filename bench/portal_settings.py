"""Settings of the gunicorn server that bench/portal_load.py measures.

The development settings (the province database and Redis come from the environment that
scripts/with-services.sh sets), without DEBUG (which keeps every query in memory) and with a
URL configuration that adds the "hello" view: a constant answer through the same middleware,
the physical limit a cached page is compared with.
"""

from qms.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.portal_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# A server log line per request would be measured too.
LOGGING = {"version": 1, "disable_existing_loggers": False}
