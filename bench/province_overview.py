"""Benchmark the supervisors' province overview "Tổng quan toàn tỉnh" (issue 16 part 8).

500 agencies, each with 10 staff (one-stop positions, some too new: a competence gap),
5 readings per person of releases in force, 4 nonconformities (one with an overdue
corrective action, one closed), 5 approved objectives with 6 monthly measurements, a closed
internal audit for half of them and a management review held for a third. Prints
`METRIC <name> <value> <unit>` lines: the median time of the overview page as giamsat opens
it (target ≤ 500 ms) and its query count, which must not grow with the agencies (the same
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
AGENCIES = 500
STAFF = 10
READINGS = 5
OBJECTIVES = 5
MONTHS = 6
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


def median_ms(get: Callable[[], int], runs: int = 15) -> float:
    get()  # warm caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        status = get()
        timings.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    return statistics.median(timings)


def _fixtures() -> dict[str, Any]:
    """What the bench records point at: demo people, a position, releases, an audit."""
    from django.contrib.auth import get_user_model

    from audits.models import Audit
    from documents.models import DocumentRelease
    from performance.models import Indicator
    from qms.models import Agency, Position

    return {
        "parent": Agency.objects.filter(parent__isnull=True).first(),
        "admin": get_user_model().objects.get(username="admin"),
        "position": Position.objects.filter(is_one_stop=True).first()
        or Position.objects.first(),
        "releases": list(
            DocumentRelease.objects.filter(
                superseded_at__isnull=True, withdrawn_at__isnull=True
            )[:READINGS]
        ),
        "indicators": list(Indicator.objects.order_by("pk")[:OBJECTIVES]),
        "audit": Audit.objects.first(),
    }


def _staff(agencies: list[Any], fx: dict[str, Any]) -> list[Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from qms.models import StaffProfile

    unusable = make_password(None)  # bench people never sign in
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-{agency.pk}-{n}", password=unusable)
        for agency in agencies
        for n in range(STAFF)
    )
    staff = StaffProfile.objects.bulk_create(
        StaffProfile(
            user=user,
            agency=agencies[i // STAFF],
            full_name=f"Công chức {i}",
            position=fx["position"],
            # One in five started last year: short of the three years NĐ 61/2018 asks.
            service_start=dt.date(2025 if i % 5 == 0 else 2015, 1, 1),
        )
        for i, user in enumerate(users)
    )
    return staff


def _readings(staff: list[Any], fx: dict[str, Any]) -> None:
    from django.utils import timezone

    from training.models import Acknowledgment

    now = timezone.now()
    Acknowledgment.objects.bulk_create(
        Acknowledgment(
            staff=person,
            release=release,
            page_id=release.page_id,
            agency_id=person.agency_id,
            content_hash=release.content_hash,
            assigned_at=now,
            due_date=dt.date(YEAR, 3, 1) if n % 2 else dt.date(YEAR + 1, 1, 1),
            status="acknowledged" if (person.pk + n) % 3 else "pending",
            signed_at=now if (person.pk + n) % 3 else None,
        )
        for person in staff
        for n, release in enumerate(fx["releases"])
    )


def _nonconformities(agencies: list[Any], fx: dict[str, Any]) -> None:
    from audits.models import CorrectiveAction, Nonconformity

    ncs = Nonconformity.objects.bulk_create(
        Nonconformity(
            code=f"B-{agency.pk}-{n}",
            year=YEAR,
            sequence=100000 + agency.pk * 10 + n,  # unique per year, past the demo's
            source="self_detected",
            severity="minor",
            status="closed" if n == 3 else "planned",
            agency=agency,
            title=f"Sự không phù hợp {n}",
            description="Sinh cho benchmark.",
            detected_on=dt.date(YEAR, n + 1, 10),
        )
        for agency in agencies
        for n in range(4)
    )
    CorrectiveAction.objects.bulk_create(
        CorrectiveAction(
            nonconformity=nc,
            description="Khắc phục",
            owner=fx["admin"],
            due_date=dt.date(YEAR, 4, 1)
            if nc.sequence % 10 == 0
            else dt.date(YEAR + 1, 6, 1),
        )
        for nc in ncs
        if nc.status == "planned"
    )


def _objectives(agencies: list[Any], fx: dict[str, Any]) -> None:
    from django.utils import timezone

    from performance.models import Measurement, QualityObjective
    from performance.services import period_bounds

    objectives = QualityObjective.objects.bulk_create(
        QualityObjective(
            agency=agency,
            year=YEAR,
            text=f"Mục tiêu {n} của {agency.name}",
            indicator=indicator,
            target=Decimal("95"),
            plan_what="Theo dõi hằng tháng.",
            status=QualityObjective.Status.APPROVED,
            approved_by=fx["admin"],
            approved_at=timezone.now(),
        )
        for agency in agencies
        for n, indicator in enumerate(fx["indicators"])
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


def _audits_and_reviews(agencies: list[Any], fx: dict[str, Any]) -> None:
    from django.utils import timezone

    from audits.models import Audit
    from review.models import ManagementReview

    model = fx["audit"]
    Audit.objects.bulk_create(
        Audit(
            programme_id=model.programme_id,
            code=f"B-DG-{agency.pk}",
            agency=agency,
            scope="Toàn bộ hệ thống",
            criteria="TCVN ISO 9001:2015",
            template_id=model.template_id,
            lead_auditor_id=model.lead_auditor_id,
            planned_start=dt.date(YEAR, 5, 1),
            planned_end=dt.date(YEAR, 5, 2),
            status=Audit.Status.CLOSED,
            closed_at=timezone.now(),
        )
        for agency in agencies[::2]
    )
    ManagementReview.objects.bulk_create(
        ManagementReview(
            agency=agency,
            year=YEAR,
            planned_on=dt.date(YEAR, 6, 1),
            held_on=dt.date(YEAR, 6, 1),
            chair=fx["admin"],
            status=ManagementReview.Status.HELD,
        )
        for agency in agencies[::3]
    )


def add_agencies(count: int) -> None:
    """``count`` bench agencies with their records, set-based."""
    from qms.models import Agency

    fx = _fixtures()
    start = Agency.objects.filter(name__startswith="Bench ").count()
    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"Bench {i:04d}",
            kind="ubnd_xa",
            parent=fx["parent"],
            valid_from=dt.date(2025, 7, 1),
        )
        for i in range(start, start + count)
    )
    staff = _staff(agencies, fx)
    _readings(staff, fx)
    _nonconformities(agencies, fx)
    _objectives(agencies, fx)
    _audits_and_reviews(agencies, fx)


def _print_slowest(client: Any, url: str) -> None:
    """With QMS_BENCH_PROFILE set: the slowest queries of one request, to stderr."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    slowest = sorted(captured, key=lambda q: float(q["time"]), reverse=True)[:6]
    for query in slowest:
        print(
            f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}",
            file=sys.stderr,
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
    url = reverse("supervision_overview") + f"?year={YEAR}"

    def queries() -> tuple[int, int]:
        client.get(url)  # warm the session and Wagtail's caches
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(captured), response.content.decode().count("<tr data-agency=")

    add_agencies(50)
    at_50, rows_50 = queries()
    add_agencies(AGENCIES - 50)
    at_500, rows_500 = queries()
    assert rows_500 - rows_50 == AGENCIES - 50, (rows_50, rows_500)
    assert at_500 == at_50, f"queries grow with agencies: {at_50} → {at_500}"
    if os.environ.get("QMS_BENCH_PROFILE"):
        _print_slowest(client, url)
    page = median_ms(lambda: client.get(url).status_code)
    print(f"METRIC province_overview_500_agencies_ms {page:.1f} ms")
    print(f"METRIC province_overview_500_agencies_queries {at_500} queries")


if __name__ == "__main__":
    main()
