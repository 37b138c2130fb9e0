"""Benchmark the portal home on the demo province: median latency and query count.

Prints `METRIC <name> <value> <unit>` lines. Runs on a throwaway SQLite database seeded with
the demo data, in-process through Django's test client (no network).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="qms-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.dev"
    os.environ["QMS_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.pop("QMS_REDIS_URL", None)
    # The cost of building the page: the page cache would answer every request but one.
    os.environ["QMS_PORTAL_CACHE_SECONDS"] = "0"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/")  # warm caches
    timings = []
    for _ in range(50):
        start = time.perf_counter()
        response = client.get("/")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    print(f"METRIC portal_home_median_ms {statistics.median(timings):.1f} ms")
    print(f"METRIC portal_home_queries {len(queries)} queries")


if __name__ == "__main__":
    main()
