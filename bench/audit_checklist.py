"""Benchmark the audit workspace (the checklist screen) with 100 items.

Prints `METRIC <name> <value> <unit>` lines; in-process through Django's test client.
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="qms-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.dev"
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


def main() -> None:
    setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from audits.models import Audit, AuditItem, Clause

    audit = Audit.objects.filter(status=Audit.Status.IN_PROGRESS).first()
    assert audit is not None, "the demo data has an audit in progress"
    audit.items.all().delete()
    clauses = list(Clause.objects.all())
    AuditItem.objects.bulk_create(
        AuditItem(
            audit=audit,
            sort_order=i,
            question=f"Câu hỏi số {i}: hồ sơ có đúng quy trình không?",
            clause=clauses[i % len(clauses)],
            result="conforming" if i % 4 else "",
            evidence="Đã xem 3 hồ sơ",
        )
        for i in range(100)
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(audit.lead_auditor)
    url = reverse("audits_workspace", args=[audit.pk])
    median = median_ms(lambda: client.get(url).status_code)
    # DEBUG keeps at most 9000 queries; a full log would make the capture count 0.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"METRIC audit_checklist_100_ms {median:.1f} ms")
    print(f"METRIC audit_checklist_100_queries {len(queries)} queries")


if __name__ == "__main__":
    main()
