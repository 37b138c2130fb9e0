"""Admin screens on the province dataset, measured as a person opens them (issue 12 part 6).

Each measurement is the FULL request through ``django.test.Client`` (middleware, scoping,
template rendering), logged in as the real demo users of ``bench/province.py``, median of
``RUNS`` runs after one warm-up, and prints its query count:

- ``METRIC matrix_agency_page_ms``: thuky (quality officer of UBND phường Phố Hiến, ~47 staff)
  opens "Ma trận đào tạo": her agency's first page (target ≤ 500);
- ``METRIC matrix_province_summary_ms``: giamsat (province supervisor) opens it: the
  per-agency summary (target ≤ 1,000);
- ``METRIC dashboard_supervisor_ms``: giamsat's /admin/ dashboard (target ≤ 300);
- ``METRIC <name>_queries`` for each;
- ``METRIC export_master_list_5000_request_ms``: giamsat exports the province's master list;
  the request queues a background job (target ≤ 300); the job is then built once;
- ``METRIC reminders_first_run_s`` and ``reminders_second_run_queries``: the three daily
  reminder jobs run twice on one day (targets ≤ 60 s and ≤ 10 queries);
- ``METRIC training_matrix_ward_s``: the ``training_matrix`` service alone over the ward's 47
  staff × ~320 releases (it replaces bench/training_matrix.py, whose publishing without
  signatures the signed-release rule now refuses).

Needs PostgreSQL: ``scripts/with-services.sh .venv/bin/python bench/province_screens.py``.

To add a measurement (the export start request, the reminders' first and second run): write
``def name(ctx: Context) -> None`` that calls ``ctx.metric(...)`` (``ctx.get`` times a
request) and append it to ``MEASUREMENTS``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The script's own directory is on sys.path, as for any script run by path.
from province import ensure_province, log  # noqa: E402 - after the sys.path line above

RUNS = 7


@dataclass
class Timed:
    """A request timed ``RUNS`` times: the median, the queries of one run, the response."""

    ms: float
    queries: int
    response: Any
    runs: list[float] = field(default_factory=list)


@dataclass
class Context:
    """What every measurement may use: the dataset's summary and logged-in clients."""

    dataset: dict[str, Any]
    clients: dict[int, Any] = field(default_factory=dict)

    def client(self, user_id: int) -> Any:
        """A client logged in as the user (its session kept across measurements)."""
        if user_id not in self.clients:
            from django.contrib.auth import get_user_model
            from django.test import Client

            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(get_user_model().objects.get(pk=user_id))
            self.clients[user_id] = client
        return self.clients[user_id]

    def get(self, user_id: int, url: str, runs: int = RUNS) -> Timed:
        """GET ``url`` to warm up, once more to count its queries, then ``runs`` timed."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.client(user_id)
        response = client.get(url)  # warm-up: fills the per-process caches
        if response.status_code != 200:
            sys.exit(f"GET {url} as user {user_id}: HTTP {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)  # now: the next request clears the connection's log
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        log(f"GET {url}: {', '.join(f'{t:.0f}' for t in timings)} ms")
        return Timed(statistics.median(timings), queries, response, timings)

    @staticmethod
    def metric(name: str, timed: Timed) -> None:
        print(f"METRIC {name}_ms {timed.ms:.0f} ms")
        print(f"METRIC {name}_queries {timed.queries} count")


def _body(timed: Timed) -> str:
    return timed.response.content.decode()


def matrix_agency_page(ctx: Context) -> None:
    """The quality officer's default matrix page: her agency, first page of staff."""
    from django.urls import reverse

    timed = ctx.get(ctx.dataset["officer_user_id"], reverse("training_matrix"))
    rows = _body(timed).count("/admin/training/staff/")
    if not rows:
        sys.exit("the officer's matrix shows no staff")
    log(f"agency page: {rows} staff rows, {len(timed.response.content)} bytes")
    ctx.metric("matrix_agency_page", timed)


def matrix_province_summary(ctx: Context) -> None:
    """The supervisor's default matrix page: the per-agency summary."""
    from django.urls import reverse

    timed = ctx.get(ctx.dataset["supervisor_user_id"], reverse("training_matrix"))
    body = _body(timed)
    if 'class="listing matrix-summary"' not in body:
        sys.exit("the supervisor did not get the per-agency summary")
    log(f"summary page: {body.count('?agency=')} agencies, {len(body)} characters")
    ctx.metric("matrix_province_summary", timed)


def dashboard_supervisor(ctx: Context) -> None:
    """The supervisor's /admin/ dashboard with every panel."""
    timed = ctx.get(ctx.dataset["supervisor_user_id"], "/admin/")
    log(f"dashboard: {len(timed.response.content)} bytes")
    ctx.metric("dashboard_supervisor", timed)


def matrix_service_ward(ctx: Context) -> None:
    """The matrix service alone over the sample ward: what the page adds is rendering."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qms.models import StaffProfile
    from training.services.matrix import training_matrix

    staff = StaffProfile.objects.filter(
        agency_id=ctx.dataset["sample_agency_id"], is_active=True
    )
    with CaptureQueriesContext(connection) as captured:
        matrix = training_matrix(staff)  # also the warm-up run
    queries = len(captured)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        training_matrix(staff)
        timings.append(time.perf_counter() - start)
    log(f"service {len(matrix.rows)}×{len(matrix.columns)}: {min(timings):.3f} s best")
    print(f"METRIC training_matrix_ward_s {statistics.median(timings):.3f} s")
    print(f"METRIC training_matrix_ward_queries {queries} count")


def export_master_list_start(ctx: Context) -> None:
    """The supervisor exports the province's master list: the request only queues a job.

    Prints ``export_master_list_5000_request_ms`` (the request that starts it, target ≤ 300)
    and its queries, then builds one of the queued files as the worker would
    (``export_master_list_build_s``, for information: it runs in Celery, not in a web worker).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from qms.lib.export_jobs import export_build
    from qms.models import ExportJob

    client = ctx.client(ctx.dataset["supervisor_user_id"])
    url = reverse("documents_master_list") + "?export=xlsx"
    before = ExportJob.objects.count()
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 302:
        sys.exit(
            f"the master-list export answered {response.status_code}, not a redirect"
        )
    queries = len(captured)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    jobs = ExportJob.objects.count() - before
    if jobs != RUNS + 2:
        sys.exit(f"expected {RUNS + 2} queued export jobs, found {jobs}")
    log(f"export request: {', '.join(f'{t:.0f}' for t in timings)} ms")
    print(
        f"METRIC export_master_list_5000_request_ms {statistics.median(timings):.0f} ms"
    )
    print(f"METRIC export_master_list_5000_request_queries {queries} count")
    job = ExportJob.objects.order_by("-pk").first()
    assert job is not None
    start = time.perf_counter()
    status = export_build(job_id=job.pk, final=True)
    build_s = time.perf_counter() - start
    job.refresh_from_db()
    if status != ExportJob.Status.DONE:
        sys.exit(f"the export job ended {status}: {job.error}")
    rows = _xlsx_rows(job.file.path)
    log(f"export built: {rows} rows, {job.file.size} bytes in {build_s:.1f} s")
    if rows < 5000:
        sys.exit(f"the master list exported {rows} rows, expected ≥ 5,000")
    print(f"METRIC export_master_list_build_s {build_s:.1f} s")


def _xlsx_rows(path: str) -> int:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    workbook = load_workbook(path, read_only=True)
    return sum(1 for _ in workbook.active.iter_rows()) - 1  # less the heading row


def reminders(ctx: Context) -> None:
    """The three daily reminder jobs, twice on one day, e-mails captured in memory.

    Prints ``reminders_first_run_s`` (all three jobs, target ≤ 60), the e-mails and queries
    of that run, and ``reminders_second_run_queries`` (the same day again: nothing to send;
    each job is its own daily beat task, so the target, ≤ 10, holds for each: the figure is
    the largest, and each job's count is printed too).
    """
    from django.conf import settings
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audits.services.reminders import action_reminders_send
    from documents.services.reviews import review_reminders_send
    from training.services.reminders import acknowledgment_reminders_send

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    jobs = (acknowledgment_reminders_send, action_reminders_send, review_reminders_send)
    first_s = 0.0
    first_queries = 0
    second: dict[str, int] = {}
    for job in jobs:
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            items = job()
        first_s += time.perf_counter() - start
        first_queries += len(captured)
        log(f"{job.__name__} first run: {items} items, {len(captured)} queries")
    emails = len(mail.outbox)
    for job in jobs:
        with CaptureQueriesContext(connection) as captured:
            items = job()
        second[job.__name__] = len(captured)
        log(f"{job.__name__} second run: {items} items, {len(captured)} queries")
        if items:
            sys.exit(f"the second run of {job.__name__} sent {items} items again")
    if not emails or len(mail.outbox) != emails:
        sys.exit("the first run sent nothing, or the second sent again")
    print(f"METRIC reminders_first_run_s {first_s:.1f} s")
    print(f"METRIC reminders_first_run_queries {first_queries} count")
    print(f"METRIC reminders_first_run_emails {emails} count")
    # Each job is its own beat task and its own run: the target holds for every one of them.
    for name, queries in second.items():
        print(
            f"METRIC reminders_second_run_queries_{name.split('_')[0]} {queries} count"
        )
    print(f"METRIC reminders_second_run_queries {max(second.values())} count")


MEASUREMENTS: list[Callable[[Context], None]] = [
    matrix_service_ward,
    matrix_agency_page,
    matrix_province_summary,
    dashboard_supervisor,
    export_master_list_start,
    reminders,  # last: it marks the dataset's reminders as sent
]


def main() -> None:
    dataset = ensure_province()
    log(
        ", ".join(
            f"{name} {value}"
            for name, value in dataset.items()
            if not name.endswith("_id")
        )
    )
    ctx = Context(dataset)
    for measurement in MEASUREMENTS:
        measurement(ctx)


if __name__ == "__main__":
    main()
