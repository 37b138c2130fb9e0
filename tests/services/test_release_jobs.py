"""Release jobs on PostgreSQL + Redis + real workers: RL-04 (broker down) and RL-05 (SIGTERM).

ISO 9001:2015 7.5.3.1 a): a release's controlled PDF and its read-and-understood fan-out are
never lost to a broker outage or a stopped worker; the database says what is still owed.
"""

# The shared fixtures are imported by name, so every test that uses them redefines them.
# ruff: noqa: F811

import errno
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from documents.models import DocumentRelease
from documents.services import jobs
from qms.celery import app as celery_app
from tests.documents.conftest import approve, birth_procedure
from tests.services.test_documents_stack import wagtail_root  # noqa: F401 - autouse
from tests.services.test_training_stack import ROOT, _ping, _wait_for, _worker_env
from tests.training.conftest import distributed, readers, tree, unit  # noqa: F401
from training.models import Acknowledgment

PdfStatus = DocumentRelease.PdfStatus
# Enough steps that rendering takes seconds, so a signal lands in the middle of it.
SLOW_STEPS = 6_000
# Like `docker stop -t`: the time a worker gets after SIGTERM before SIGKILL.
STOP_GRACE_S = 0.5


def _use_broker(url: str) -> None:
    """Point the app's producer at ``url`` (stack notes §4: drop the cached pools too)."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def restore_broker():
    real = os.environ["QMS_REDIS_URL"]
    yield real
    _use_broker(real)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nobody listens


def _wait_release(pk: int, timeout: float, what: str, done) -> DocumentRelease:
    def ready():
        release = DocumentRelease.objects.get(pk=pk)
        return release if done(release) else None

    return _wait_for(ready, timeout, what, step=0.2)  # type: ignore[return-value]


# --- RL-04: broker down during publish ---------------------------------------------------


def test_rl04_broker_down_during_publish_loses_no_task(
    require_services, transactional_db, tree, readers, distributed, restore_broker
):
    """RL-04: GIVEN Redis unreachable WHEN a release is published THEN the commit
    succeeds and the release waits in the database (PDF queued, announcement owed); AND once
    the broker is back the sweeper queues both again and a real worker renders the PDF and
    assigns the staff in the distribution."""
    celery_app.control.purge()
    _use_broker(f"redis://127.0.0.1:{_closed_port()}/0")

    page = approve(distributed, tree)  # publishes; every enqueue on commit fails

    release = DocumentRelease.objects.get(page_id=page.pk)
    assert page.live
    assert release.pdf_status == PdfStatus.QUEUED
    assert release.announced_at is None
    assert not Acknowledgment.objects.filter(release=release).exists()

    _use_broker(restore_broker)
    # The outage outlasted the sweeper's patience for a queued message: sweep as of later
    # (a release's publication time is frozen in PostgreSQL, AT-03, so it is not moved back).
    later = timezone.now() + max(jobs.QUEUED_LIMIT, jobs.ANNOUNCE_LIMIT) * 2
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ):
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("sweep_release_jobs")
        release = _wait_release(
            release.pk,
            60,
            "the swept render and announcement",
            lambda r: r.pdf_status == PdfStatus.READY and r.announced_at,
        )
    assert len(release.pdf_sha256) == 64
    assigned = set(
        Acknowledgment.objects.filter(release=release).values_list("staff", flat=True)
    )
    assert assigned == {p.pk for p in readers["inside"]}


def test_autoretry_in_a_worker_renders_after_a_storage_error(
    celery_worker, tree, distributed, monkeypatch
):
    """GIVEN storage that fails once WHEN the worker renders THEN Celery retries it after a
    backoff and the PDF is ready, the failed attempt recorded on the way."""
    calls: list[int] = []
    real = jobs.release_pdf_bytes

    def flaky(release):
        calls.append(release.pk)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error")
        return real(release)

    monkeypatch.setattr(jobs, "release_pdf_bytes", flaky)  # the worker is a thread here
    page = approve(distributed, tree)
    release = DocumentRelease.objects.get(page_id=page.pk)

    release = _wait_release(
        release.pk, 60, "the retried render", lambda r: r.pdf_status == PdfStatus.READY
    )
    assert len(calls) == 2
    assert release.pdf_attempts == 2


# --- RL-05: SIGTERM during a PDF render --------------------------------------------------


def _start_worker_process(log_path: Path, name: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "celery", "-A", "qms", "worker", "--pool=prefork",
        "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
        "--without-heartbeat", f"--hostname={name}",
    ]  # fmt: skip
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=_worker_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _wait_for(
        lambda: process.poll() is not None or _ping(name), 60, "a worker ping", 0.5
    )
    assert process.poll() is None, log_path.read_text(errors="replace")
    return process


def _stop(process: subprocess.Popen, grace: float) -> None:
    """SIGTERM, then SIGKILL to the whole group after ``grace`` seconds (an orchestrator)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def worker_processes(tmp_path) -> Iterator[tuple[list, Path]]:
    """Worker subprocesses on loopback, each one stopped at the end whatever happens."""
    started: list[subprocess.Popen] = []
    yield started, tmp_path / "worker.log"
    for process in started:
        _stop(process, 15)


@pytest.fixture
def slow_release(require_services, transactional_db, tree):
    """A committed release whose PDF takes seconds to render, not yet rendered."""
    from documents.services.drafting import document_draft

    steps = [
        {
            "step": str(n),
            "description": f"Kiểm tra tính đầy đủ, hợp lệ của hồ sơ (lượt {n}).",
            "responsible": "Công chức",
            "time_limit": 1,
            "time_unit": "hours",
            "forms": "",
        }
        for n in range(SLOW_STEPS)
    ]
    page = birth_procedure(
        code="QT-RL05",
        slug="qt-rl05",
        body=[("steps", {"heading": "", "steps": steps})],
    )
    page = document_draft(parent=tree["index"], page=page, user=tree["officer"])
    page = approve(page, tree)
    return DocumentRelease.objects.get(page_id=page.pk)


def _stored_pdfs(code: str) -> list[Path]:
    return list((Path(settings.MEDIA_ROOT) / "releases").rglob(f"{code}-*.pdf"))


def test_rl05_sigterm_during_a_render_completes_after_restart(
    slow_release, worker_processes
):
    """RL-05: GIVEN a worker rendering a long PDF WHEN it gets SIGTERM and is killed after a
    short grace (as `docker stop` does) THEN the release is not marked ready and not lost:
    after the worker restarts the message comes back (acks_late, visibility timeout) and the
    render completes, once."""
    from documents.tasks import render_release_pdf

    started, log = worker_processes
    release = slow_release
    before = set(_stored_pdfs(release.code))
    # Publishing queued its own messages while no worker ran: this test sends the one it needs.
    celery_app.control.purge()
    started.append(_start_worker_process(log, "rl05-a@127.0.0.1"))

    render_release_pdf.delay(release.pk)
    _wait_release(
        release.pk, 60, "the render to start", lambda r: r.pdf_status == "processing"
    )
    _stop(started[0], STOP_GRACE_S)

    interrupted = DocumentRelease.objects.get(pk=release.pk)
    assert interrupted.pdf_status == PdfStatus.PROCESSING, "the render ended too soon"
    assert interrupted.pdf_attempts == 1

    started.append(_start_worker_process(log, "rl05-b@127.0.0.1"))
    # Redelivery waits for the visibility timeout (10 s in the worker's environment).
    done = _wait_release(
        release.pk, 90, "the redelivered render", lambda r: r.pdf_status == "ready"
    )
    assert done.pdf_attempts == 2
    assert done.pdf_error == ""
    assert len(set(_stored_pdfs(release.code)) - before) == 1
    assert Path(done.pdf.path).is_file()
