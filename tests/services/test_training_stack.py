"""Training on PostgreSQL + Redis: immutable signatures (AT-03), fan-out survives kill -9 (RL-01)."""

# The shared fixtures are imported by name, so every test that uses them redefines them.
# ruff: noqa: F811

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection, transaction
from django.db.models import Count

from qms.celery import app as celery_app
from qms.models import StaffProfile
from tests.factories import PASSWORD, PositionFactory
from tests.services.test_documents_stack import wagtail_root  # noqa: F401 - autouse
from tests.training.conftest import (  # noqa: F401 - shared fixtures
    distributed,
    new_release,
    readers,
    tree,
    unit,
)
from training.models import Acknowledgment
from training.services.acknowledge import acknowledgment_confirm
from training.services.assignments import release_assign

ROOT = Path(__file__).resolve().parents[2]
# Enough people that the fan-out's transaction stays open for a while after its INSERTs.
FANOUT_STAFF = 5_000
WORKER_APP_NAME = "qms-rl01-worker"
WORKER_NAME = "rl01@127.0.0.1"
GUARD_ERROR = "immutable"


def _wait_for(
    condition: Callable[[], object], timeout: float, what: str, step: float = 0.02
) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


# --- AT-03 --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signed_acknowledgment_refuses_raw_update_and_delete(
    require_services,
    tree,
    readers,
    distributed,
):
    """AT-03, ISO 9001:2015 7.5.3.2 c): GIVEN one signed and one unsigned acknowledgment
    WHEN raw SQL updates or deletes them THEN the trigger refuses the signed one only."""
    assert connection.vendor == "postgresql"
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    signer, other = readers["inside"][:2]
    signed = acknowledgment_confirm(
        acknowledgment_id=Acknowledgment.objects.get(staff=signer, release=release).pk,
        user=signer.user,
        password=PASSWORD,
    )
    unsigned = Acknowledgment.objects.get(staff=other, release=release)
    statements = [
        "UPDATE training_acknowledgment SET printed_name = 'Người khác' WHERE id = %s",
        "UPDATE training_acknowledgment SET signed_at = NULL, status = 'pending' WHERE id = %s",
        "DELETE FROM training_acknowledgment WHERE id = %s",
    ]

    with connection.cursor() as cursor:
        for sql in statements:
            with pytest.raises(IntegrityError, match=GUARD_ERROR), transaction.atomic():
                cursor.execute(sql, [signed.pk])
        cursor.execute(
            "UPDATE training_acknowledgment SET due_date = due_date + 7 WHERE id = %s",
            [unsigned.pk],
        )
        updated = cursor.rowcount

    assert updated == 1
    unsigned_after = Acknowledgment.objects.get(pk=unsigned.pk)
    assert unsigned_after.due_date == unsigned.due_date + dt.timedelta(days=7)
    signed_after = Acknowledgment.objects.get(pk=signed.pk)
    assert signed_after.printed_name == signer.full_name
    assert signed_after.signed_at == signed.signed_at


# --- RL-01 --------------------------------------------------------------------------------


def _bulk_staff(one_stop_unit, count: int) -> None:
    """Active staff of the unit, inserted in bulk (no post_save: no per-person tasks)."""
    password = make_password(PASSWORD)
    position: Any = PositionFactory()  # factory_boy is untyped
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"rl01-{n:05d}", password=password)
        for n in range(count)
    )
    StaffProfile.objects.bulk_create(
        StaffProfile(
            user=user,
            full_name=f"Lê Văn {n:05d}",
            agency=one_stop_unit.agency,
            receiving_unit=one_stop_unit,
            position=position,
            service_start=dt.date(2015, 1, 1),
        )
        for n, user in enumerate(users)
    )


def _worker_env() -> dict[str, str]:
    """The test database (not the configured one) and Redis, both on loopback only."""
    db = connection.settings_dict
    redis_url = os.environ["QMS_REDIS_URL"]
    assert db["HOST"] == "127.0.0.1", db["HOST"]
    assert redis_url.startswith("redis://127.0.0.1:"), redis_url
    query = urlencode({"application_name": WORKER_APP_NAME})
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qms.settings.test",
        "QMS_DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}?{query}",
        "QMS_REDIS_URL": redis_url,
        # RL-01: an unacknowledged message comes back within seconds, not the default hour.
        "QMS_CELERY_VISIBILITY_TIMEOUT": "10",
    }


@pytest.fixture
def fanout_release(require_services, transactional_db, tree, unit, distributed):
    """A release of a document distributed to a unit of 5,000 staff (committed)."""
    _bulk_staff(unit, FANOUT_STAFF)
    return new_release(distributed, tree, "")


@pytest.fixture
def worker_process(fanout_release, tmp_path) -> Iterator[dict]:
    """`celery -A qms worker` in a subprocess: prefork pool, one child, always stopped.

    It starts once the data is committed; the queue is emptied first, so the test decides
    which message the worker gets (publishing enqueued its own fan-out and PDF render, and
    earlier tests may have left messages whose rows are gone).
    """
    celery_app.control.purge()
    log_path = tmp_path / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "qms", "worker", "--pool=prefork",
        "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
        "--without-heartbeat", f"--hostname={WORKER_NAME}",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_worker_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # The project's logging hides Celery's INFO "ready." line: ask the worker instead.
        _wait_for(
            lambda: process.poll() is not None or _ping(WORKER_NAME),
            60,
            "the worker to answer a ping",
            step=0.5,
        )
        assert process.poll() is None, log_path.read_text(errors="replace")
        yield {"process": process, "log": log_path}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _ping(name: str) -> bool:
    return bool(celery_app.control.ping(destination=[name], timeout=0.5))


def _children(pid: int) -> list[int]:
    """Pids whose parent is ``pid`` (the prefork pool's child processes)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _fanout_uncommitted() -> bool:
    """The worker's fan-out is past its INSERTs but has not committed yet."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
            " AND xact_start IS NOT NULL AND query LIKE %s",
            [WORKER_APP_NAME, 'INSERT INTO "training_%acknowledgment"%'],
        )
        return bool(cursor.fetchone()[0])


def test_fan_out_killed_mid_task_is_redelivered_with_one_effect(
    fanout_release, worker_process, unit
):
    """RL-01: GIVEN a release fan-out for 5,000 staff running in a prefork worker child
    WHEN the child is killed with SIGKILL after its INSERTs, before commit
    THEN nothing of the first run is kept, the message is redelivered (acks_late,
    reject_on_worker_lost) and the final state is one acknowledgment per staff member."""
    from training.tasks import assign_release

    release = fanout_release
    process, log = worker_process["process"], worker_process["log"]
    child = _children(process.pid)
    assert len(child) == 1, child

    result = assign_release.delay(release.pk)
    _wait_for(_fanout_uncommitted, 60, "the fan-out to reach its INSERTs")
    os.kill(child[0], signal.SIGKILL)

    _wait_for(lambda: _children(process.pid) not in ([], child), 30, "a new child")
    _wait_for(lambda: result.state == "SUCCESS", 40, "the redelivered task", 0.2)
    # The second run created every row: the first run's INSERTs were rolled back.
    assert result.get(timeout=5) == FANOUT_STAFF
    staff = StaffProfile.objects.filter(receiving_unit=unit, is_active=True)
    per_staff = Acknowledgment.objects.filter(release=release).values("staff_id")
    counts = set(per_staff.annotate(n=Count("id")).values_list("n", flat=True))
    assert per_staff.count() == staff.count() == FANOUT_STAFF
    assert counts == {1}
    assert set(per_staff.values_list("staff_id", flat=True)) == set(
        staff.values_list("pk", flat=True)
    )
    worker_log = log.read_text(errors="replace")
    assert "signal 9" in worker_log or "SIGKILL" in worker_log, worker_log[-2000:]
