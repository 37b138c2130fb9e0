"""Read-and-understood fan-out of one release to 10,000 staff on PostgreSQL.

Prints `METRIC ack_fanout_10000_s` (``release_assign`` of release 01: 10,000 new
acknowledgments, target ≤ 2 s), `METRIC ack_fanout_queries` (its queries, target ≤ 20) and
`METRIC ack_fanout_supersede_10000_s` (release 02: closes the 10,000 open rows of release 01
and creates 10,000 new ones). Exits 1 unless exactly 10,000 acknowledgments exist per release.

Needs PostgreSQL: run it as ``scripts/with-services.sh .venv/bin/python bench/ack_fanout.py``.

Data: one agency with its AgencyPage and DocumentIndexPage, one one-stop unit, 10,000
active staff with user accounts (bulk inserts; the fan-out reads neither history nor
passwords), and a ProcedurePage distributed to the unit. The releases come from the
project's own path: Wagtail publishes the revision, ``documents.handlers`` calls
``release_publish``. The ``announce_release`` task it enqueues goes to Redis, where no worker
listens: the benchmark calls ``release_assign`` itself, as the announcement would.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The script's own directory is on sys.path, as for any script run by path.
from _postgres import analyze, log, setup_django  # noqa: E402 - after sys.path

STAFF_COUNT = 10_000
BATCH = 2_000
SIGN_PASSWORD = "Bench@2026"  # noqa: S105 - throwaway benchmark database


def build_agency(name: str = "UBND phường Phố Hiến") -> dict[str, Any]:
    """Home page, one agency with its page and document index, its unit and an officer."""
    from wagtail.models import Page, Site

    from documents.models import DocumentIndexPage
    from documents.services.workflow import workflow_assign
    from qms.models import Agency, AgencyPage, HomePage, Position, ReceivingUnit
    from qms.roles import Role
    from qms.services import agency_page_groups_sync

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Cổng thông tin", slug="trang-chu"))
    Site.objects.update(root_page=home)
    agency = Agency.objects.create(
        name=name, kind=Agency.Kind.WARD_COMMITTEE, valid_from=dt.date(2025, 7, 1)
    )
    agency_page = home.add_child(
        instance=AgencyPage(title=name, slug="pho-hien", agency=agency)
    )
    index = agency_page.add_child(
        instance=DocumentIndexPage(title="Hệ thống tài liệu ISO", slug="tai-lieu-iso")
    )
    unit = ReceivingUnit.objects.create(
        agency=agency,
        name="Bộ phận Một cửa",
        address="Đường Chùa Chuông, phường Phố Hiến",
        opening_hours="Thứ Hai – Thứ Sáu: 7h30 – 17h00",
    )
    position, _ = Position.objects.get_or_create(
        code="cong-chuc-mot-cua",
        defaults={"name": "Công chức Bộ phận Một cửa", "is_one_stop": True},
    )
    # A release is published only with the review and approval signatures
    # (documents.publishing): the officer drafts, a deputy reviews, the head approves.
    workflow_assign(page=index)
    people = {
        key: _person(agency, position, username, role, full_name)
        for key, username, role, full_name in (
            ("officer", "thuky-bench", Role.QUALITY_OFFICER, "Nguyễn Thu Hà"),
            ("reviewer", "phochutich-bench", Role.HEAD, "Trần Văn Bình"),
            ("head", "lanhdao-bench", Role.HEAD, "Lê Văn Cường"),
        )
    }
    agency_page_groups_sync(page=agency_page)
    return {
        "agency": agency,
        "index": index,
        "unit": unit,
        "position": position,
        **people,
    }


def _person(
    agency: Any, position: Any, username: str, role: Any, full_name: str
) -> Any:
    """A signer of the agency: an account with its role and a staff profile outside the unit."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from qms.models import StaffProfile

    user = get_user_model().objects.create_user(username, password=SIGN_PASSWORD)
    user.groups.add(Group.objects.get(name=role.value))
    StaffProfile.objects.create(
        user=user,
        full_name=full_name,
        agency=agency,
        position=position,
        service_start=dt.date(2015, 1, 1),
    )
    return user


def bulk_staff(org: dict[str, Any], count: int, prefix: str = "cc") -> list[int]:
    """Insert ``count`` users and active staff profiles of the unit; return the profile ids."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from qms.models import StaffProfile

    User = get_user_model()
    # One hash for all: password hashing would dominate the build and is not measured.
    password = make_password("Bench@2026")
    ids: list[int] = []
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        users = User.objects.bulk_create(
            User(username=f"{prefix}{n:05d}", password=password) for n in numbers
        )
        profiles = StaffProfile.objects.bulk_create(
            StaffProfile(
                user_id=user.pk,
                full_name=f"Nguyễn Thị {prefix.upper()} {n:05d}",
                agency=org["agency"],
                receiving_unit=org["unit"],
                position=org["position"],
                service_start=dt.date(2010 + n % 15, 1 + n % 12, 1),
            )
            for n, user in zip(numbers, users, strict=True)
        )
        ids += [p.pk for p in profiles]
    return ids


def procedure(code: str, title: str) -> Any:
    from documents.models import ProcedurePage

    return ProcedurePage(
        title=title,
        slug=code.lower(),
        code=code,
        kind=ProcedurePage.Kind.TTHC,
        purpose=f"<p>Quy định trình tự {title.lower()}.</p>",
        scope="<p>Bộ phận Một cửa phường.</p>",
        legal_time_limit=3,
        legal_time_unit="days",
        body=[("text", "<p>Tiếp nhận, thẩm định và trả kết quả.</p>")],
    )


def distributed_page(org: dict[str, Any], code: str, title: str) -> Any:
    """A draft procedure distributed to the unit, through the drafting service."""
    from documents.services.drafting import document_draft

    page = document_draft(
        parent=org["index"], page=procedure(code, title), user=org["officer"]
    )
    page = page.get_latest_revision_as_object()
    page.distribution_units = [org["unit"]]
    page.save_revision(user=org["officer"])
    return page


def publish_release(org: dict[str, Any], page: Any, summary: str = "") -> Any:
    """Submit the latest revision and sign it; documents.handlers freezes the next release."""
    from documents.models import DocumentRelease
    from documents.services.drafting import document_sign_current_step, document_submit

    if page.live:
        draft = page.get_latest_revision_as_object()
        draft.amendment_summary = summary
        draft.save_revision(user=org["officer"])
    document_submit(page=page, user=org["officer"])
    for signer in (org["reviewer"], org["head"]):
        page.refresh_from_db()
        document_sign_current_step(page=page, user=signer, password=SIGN_PASSWORD)
    return DocumentRelease.objects.get(
        page_id=page.pk, superseded_at__isnull=True, withdrawn_at__isnull=True
    )


class _Rollback(Exception):
    pass


def count_queries(release_id: int) -> tuple[int, list[tuple[float, str]]]:
    """Run the fan-out once inside a transaction that is rolled back; return its queries."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from training.services.assignments import release_assign

    with CaptureQueriesContext(connection) as captured:
        try:
            with transaction.atomic():
                release_assign(release_id=release_id)
                raise _Rollback
        except _Rollback:
            pass
    # Drop the SAVEPOINT/BEGIN bookkeeping of the outer block: it is not the service's.
    queries = [
        (float(q["time"]), q["sql"])
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK"))
    ]
    return len(queries), queries


def profile_fanout(release_id: int) -> None:
    """With BENCH_PROFILE=1: log where the Python time of one (rolled back) fan-out goes."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    count_queries(release_id)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    print(out.getvalue(), file=sys.stderr)


def timed_fanout(release_id: int) -> tuple[float, int]:
    from training.services.assignments import release_assign

    start = time.perf_counter()
    created = release_assign(release_id=release_id)
    return time.perf_counter() - start, created


def describe(queries: list[tuple[float, str]]) -> None:
    """Log where the database time of the fan-out goes, slowest statements first."""
    for seconds, sql in sorted(queries, reverse=True)[:8]:
        log(f"  {seconds * 1000:8.1f} ms  {sql[:110]}")
    log(f"  total SQL {sum(s for s, _ in queries):.3f} s in {len(queries)} queries")


def check_counts(release_ids: list[int]) -> None:
    from training.models import Acknowledgment

    per_release = Counter(
        Acknowledgment.objects.filter(release_id__in=release_ids).values_list(
            "release_id", flat=True
        )
    )
    duplicates = (
        Acknowledgment.objects.filter(release_id__in=release_ids).count()
        - Acknowledgment.objects.filter(release_id__in=release_ids)
        .values("staff_id", "release_id")
        .distinct()
        .count()
    )
    wrong = {r: per_release[r] for r in release_ids if per_release[r] != STAFF_COUNT}
    if wrong or duplicates:
        sys.exit(f"expected {STAFF_COUNT} per release, got {wrong}, {duplicates} dupes")
    log(f"acknowledgments per release: {dict(per_release)}")


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from training.models import Acknowledgment

    call_command("migrate", verbosity=0)
    log("migrated")

    org = build_agency()
    bulk_staff(org, STAFF_COUNT)
    log(f"{STAFF_COUNT} staff inserted")
    page = distributed_page(org, "QT-HT-01", "Quy trình đăng ký khai sinh")
    first = publish_release(org, page)
    analyze()

    queries, captured = count_queries(first.pk)
    describe(captured)
    if os.environ.get("BENCH_PROFILE"):
        profile_fanout(first.pk)
    seconds, created = timed_fanout(first.pk)
    log(f"release 01: {created} acknowledgments in {seconds:.3f} s")
    check_counts([first.pk])
    print(f"METRIC ack_fanout_10000_s {seconds:.3f} s")
    print(f"METRIC ack_fanout_queries {queries} count")

    page.refresh_from_db()
    second = publish_release(org, page, "Cập nhật thành phần hồ sơ")
    analyze()
    _, captured = count_queries(second.pk)
    describe(captured)
    seconds, created = timed_fanout(second.pk)
    log(f"release 02: {created} acknowledgments in {seconds:.3f} s")
    check_counts([first.pk, second.pk])
    superseded = Acknowledgment.objects.filter(
        release=first, status=Acknowledgment.Status.SUPERSEDED
    ).count()
    if superseded != STAFF_COUNT:
        sys.exit(f"expected {STAFF_COUNT} superseded acknowledgments, got {superseded}")
    print(f"METRIC ack_fanout_supersede_10000_s {seconds:.3f} s")


if __name__ == "__main__":
    main()
