"""The training matrix of 500 staff × 200 documents on PostgreSQL.

Prints `METRIC training_matrix_500x200_s` (median of several ``training_matrix`` calls over
one agency's staff, target ≤ 1 s) and `METRIC training_matrix_queries`.

Needs PostgreSQL: run it as ``scripts/with-services.sh .venv/bin/python bench/training_matrix.py``.

Data: one agency and unit (built as in bench/ack_fanout.py), 500 staff, 200 procedures
distributed to the unit and published through Wagtail (one current release each), fanned
out by ``release_assign`` (100,000 acknowledgments), then put in mixed states with
set-based SQL: a third signed, a third overdue, the rest pending. The staff's position
requires three courses; most staff attended a session of each, some sessions expired.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The script's own directory is on sys.path, as for any script run by path.
from ack_fanout import (  # noqa: E402 - after the sys.path line above
    analyze,
    build_agency,
    bulk_staff,
    distributed_page,
    log,
    publish_release,
    setup_django,
)

STAFF_COUNT = 500
DOCUMENT_COUNT = 200
TIMED_RUNS = 7
# The signed share is set directly in SQL: the rows go from pending to acknowledged once, as
# the signing service does; the immutability trigger only guards rows already signed.
MIXED_STATES = """
UPDATE training_acknowledgment
   SET status = 'acknowledged', signed_at = assigned_at + interval '2 days',
       closed_at = assigned_at + interval '2 days', signed_hash = content_hash,
       printed_name = 'bench'
 WHERE id % 3 = 0;
UPDATE training_acknowledgment SET due_date = current_date - 7 WHERE id % 3 = 1;
"""


def publish_documents(org: dict[str, Any]) -> list[int]:
    """200 procedures distributed to the unit, each with its release fanned out."""
    from training.services.assignments import release_assign

    release_ids = []
    for number in range(1, DOCUMENT_COUNT + 1):
        page = distributed_page(
            org, f"QT-{number:03d}", f"Quy trình thủ tục hành chính số {number}"
        )
        release = publish_release(page, org["officer"])
        release_assign(release_id=release.pk)
        release_ids.append(release.pk)
        if number % 50 == 0:
            log(f"{number} documents published and assigned")
    return release_ids


def required_courses(org: dict[str, Any], staff_ids: list[int]) -> None:
    """Three courses the position requires; attendance for most staff, some of it expired."""
    from training.models import (
        Attendance,
        CompetenceRequirement,
        TrainingCourse,
        TrainingSession,
    )

    requirement = CompetenceRequirement.objects.create(
        position=org["position"], min_service_years=3
    )
    titles = [
        ("Nhận thức ISO 9001:2015", TrainingCourse.Topic.ISO_AWARENESS, 24),
        ("Giao tiếp, ứng xử với người dân", TrainingCourse.Topic.CITIZEN_CONDUCT, 12),
        ("Phần mềm một cửa điện tử", TrainingCourse.Topic.IT_SYSTEMS, None),
    ]
    for index, (title, topic, months) in enumerate(titles):
        course = TrainingCourse.objects.create(
            title=title, topic=topic, hours=Decimal(8), validity_months=months
        )
        requirement.courses.add(course)
        sessions = [
            TrainingSession.objects.create(
                course=course,
                agency=org["agency"],
                starts_on=day,
                ends_on=day,
                place="Hội trường UBND phường",
                trainer="Trung tâm Chứng nhận Phù hợp",
            )
            for day in (dt.date(2024, 3, 5), dt.date(2026, 3, 5))
        ]
        # Every seventh person misses the course; the rest attend an old or a recent session.
        Attendance.objects.bulk_create(
            Attendance(
                session=sessions[(n + index) % 2],
                staff_id=staff_id,
                agency=org["agency"],
            )
            for n, staff_id in enumerate(staff_ids)
            if (n + index) % 7
        )


def mixed_states() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(MIXED_STATES)


def time_matrix(agency: Any) -> tuple[list[float], int, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qms.models import StaffProfile
    from training.services.matrix import training_matrix

    staff = StaffProfile.objects.filter(agency=agency)
    with CaptureQueriesContext(connection) as captured:
        matrix = training_matrix(staff)  # also the warm-up run
    timings = []
    for _ in range(TIMED_RUNS):
        start = time.perf_counter()
        matrix = training_matrix(staff)
        timings.append(time.perf_counter() - start)
    return timings, len(captured), matrix


def profile_matrix(agency: Any) -> None:
    """Log where the time of one matrix goes (Python functions, then SQL)."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qms.models import StaffProfile
    from training.services.matrix import training_matrix

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        profiler.enable()
        training_matrix(StaffProfile.objects.filter(agency=agency))
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    print(out.getvalue(), file=sys.stderr)
    for query in captured.captured_queries:
        log(f"  {float(query['time']) * 1000:8.1f} ms  {query['sql'][:100]}")


def main() -> None:
    import os

    setup_django()
    org = build_agency()
    staff_ids = bulk_staff(org, STAFF_COUNT)
    log(f"{STAFF_COUNT} staff inserted")
    publish_documents(org)
    mixed_states()
    required_courses(org, staff_ids)
    analyze()

    from training.models import Acknowledgment

    acks = Acknowledgment.objects.filter(agency=org["agency"]).count()
    if acks != STAFF_COUNT * DOCUMENT_COUNT:
        sys.exit(f"expected {STAFF_COUNT * DOCUMENT_COUNT} acknowledgments, got {acks}")
    timings, queries, matrix = time_matrix(org["agency"])
    shape = (len(matrix.rows), len(matrix.columns))
    if shape != (STAFF_COUNT, DOCUMENT_COUNT + 3):
        sys.exit(f"unexpected matrix shape {shape}")
    log(
        f"matrix {shape[0]}×{shape[1]}: runs {', '.join(f'{t:.3f}' for t in timings)} s"
    )
    if os.environ.get("BENCH_PROFILE"):
        profile_matrix(org["agency"])
    print(f"METRIC training_matrix_500x200_s {statistics.median(timings):.3f} s")
    print(f"METRIC training_matrix_queries {queries} count")


if __name__ == "__main__":
    main()
