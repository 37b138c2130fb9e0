"""Benchmark the supervisor's overview of quality objectives across 500 agencies.

500 agencies × 5 approved objectives × 10 monthly measurements (2 500 objectives, 25 000
measurements). Prints `METRIC <name> <value> <unit>` lines: the median time of the overview
page (target ≤ 500 ms) and its query count, which must not grow with the agencies (the same
count is measured at 50 agencies first). SQLite by default; under scripts/with-services.sh
(QMS_DATABASE_URL set to PostgreSQL) it runs there. In-process through Django's test client.
"""

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
AGENCIES = 500
OBJECTIVES = 5
MONTHS = 10
YEAR = 2026


def setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.dev"
    if not os.environ.get("QMS_DATABASE_URL", "").startswith("postgres"):
        workdir = Path(tempfile.mkdtemp(prefix="qms-bench-"))
        os.environ["QMS_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.pop("QMS_REDIS_URL", None)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)


def median_ms(get: Callable[[], int], runs: int = 20) -> float:
    get()  # warm caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        status = get()
        timings.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    return statistics.median(timings)


def add_agencies(count: int) -> None:
    """``count`` bench agencies with their objectives and measurements, set-based."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from performance.models import Indicator, Measurement, QualityObjective
    from performance.services import period_bounds
    from qms.models import Agency

    parent = Agency.objects.filter(parent__isnull=True).first()
    start = Agency.objects.filter(name__startswith="Bench ").count()
    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"Bench {i:04d}",
            kind="ubnd_xa",
            parent=parent,
            valid_from=dt.date(2025, 7, 1),
        )
        for i in range(start, start + count)
    )
    head = get_user_model().objects.get(username="admin")
    indicators = list(Indicator.objects.order_by("pk")[:OBJECTIVES])
    objectives = QualityObjective.objects.bulk_create(
        QualityObjective(
            agency=agency,
            year=YEAR,
            text=f"Mục tiêu {n} của {agency.name}",
            indicator=indicator,
            target=Decimal("95"),
            plan_what="Theo dõi hằng tháng.",
            status=QualityObjective.Status.APPROVED,
            approved_by=head,
            approved_at=timezone.now(),
        )
        for agency in agencies
        for n, indicator in enumerate(indicators)
    )
    Measurement.objects.bulk_create(
        Measurement(
            objective=objective,
            period_start=period_bounds("month", YEAR, month)[0],
            period_end=period_bounds("month", YEAR, month)[1],
            value=Decimal(90 + (objective.pk + month) % 10),
            source=Measurement.Source.IMPORTED,
        )
        for objective in objectives
        for month in range(1, MONTHS + 1)
    )


def main() -> None:
    setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="giamsat"))
    url = reverse("performance_province") + f"?year={YEAR}"

    def queries() -> int:
        client.get(url)  # warm the session and Wagtail's caches
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(captured)

    add_agencies(50)
    at_50 = queries()
    add_agencies(AGENCIES - 50)
    at_500 = queries()
    assert at_500 == at_50, f"queries grow with agencies: {at_50} → {at_500}"
    page = median_ms(lambda: client.get(url).status_code)
    print(f"METRIC objectives_overview_500_agencies_ms {page:.1f} ms")
    print(f"METRIC objectives_overview_500_agencies_queries {at_500} queries")


if __name__ == "__main__":
    main()
