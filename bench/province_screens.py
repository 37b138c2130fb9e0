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


MEASUREMENTS: list[Callable[[Context], None]] = [
    matrix_service_ward,
    matrix_agency_page,
    matrix_province_summary,
    dashboard_supervisor,
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
