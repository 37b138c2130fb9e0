"""What every PostgreSQL benchmark does first: log with elapsed time, set Django up, ANALYZE.

Run the scripts under ``scripts/with-services.sh`` (a throwaway PostgreSQL and Redis).
"""

from __future__ import annotations

import os
import sys
import time


def log(message: str, _start: float = time.perf_counter()) -> None:
    print(
        f"[{time.perf_counter() - _start:7.1f}s] {message}", file=sys.stderr, flush=True
    )


def setup_django() -> None:
    """Configure Django on the project's settings; exit 2 unless the database is PostgreSQL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            f"{sys.argv[0]} needs PostgreSQL (got {connection.vendor}); run it under "
            "scripts/with-services.sh",
            file=sys.stderr,
        )
        sys.exit(2)
    # DEBUG keeps every query in memory; production runs without it.
    settings.DEBUG = False
    # The seed and the services send mail: keep it in memory, not on the console.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def analyze() -> None:
    """Vacuum and refresh the planner's statistics after a bulk load, as autovacuum would
    later: the visibility map lets index-only scans skip the table, and autovacuum does not
    start on the fresh rows in the middle of a measurement."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
