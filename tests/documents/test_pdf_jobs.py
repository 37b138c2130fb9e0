"""Release PDF and fan-out jobs: retried, recorded with a reason, swept, visible, never a 500.

ISO 9001:2015 7.5.3.1 a): a released document is available where it is needed; a PDF that
failed says why and can be made again, and staff are told of the release all the same.
"""

# The shared fixtures are imported by name, so every test that uses them redefines them.
# ruff: noqa: F811

import ctypes
import datetime as dt
import errno
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from documents import tasks
from documents.models import DocumentRelease, ProcedureForm
from documents.services import jobs
from documents.services.drafting import document_sign_current_step, document_submit
from qms.celery import app as celery_app
from qms.jobs import MAX_RETRIES, RETRY_BACKOFF_MAX_S
from tests.training.conftest import distributed, readers, tree, unit  # noqa: F401
from training.models import Acknowledgment

PdfStatus = DocumentRelease.PdfStatus
OUR_APPS = ("documents.", "training.", "audits.", "qms.")


# --- a media folder nobody can write, root included ----------------------------------------

_CAP_VERSION_3 = 0x20080522
_CAP_DAC_OVERRIDE = 1
_CAP_FOWNER = 3


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _capabilities(update=None):
    """Read (and optionally change) this thread's capability sets (Linux capget/capset)."""
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(_CAP_VERSION_3, 0)
    data = (_CapData * 2)()
    assert libc.capget(ctypes.byref(header), data) == 0, ctypes.get_errno()
    if update is not None:
        update(data)
        assert libc.capset(ctypes.byref(header), data) == 0, ctypes.get_errno()
    return data


@contextmanager
def read_only(path: Path):
    """chmod the folder read-only; as root, also drop the capability that ignores modes.

    The tests run as root in CI, and root writes through a 0555 folder; dropping
    CAP_DAC_OVERRIDE from the effective set of this thread makes the chmod bite, exactly as it
    does for the unprivileged account the application runs as in production.
    """
    mask = (1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_FOWNER)
    path.chmod(0o555)
    dropped = os.geteuid() == 0
    if dropped:
        _capabilities(
            lambda data: setattr(data[0], "effective", data[0].effective & ~mask)
        )
    try:
        yield
    finally:
        if dropped:
            _capabilities(
                lambda data: setattr(data[0], "effective", data[0].effective | mask)
            )
        path.chmod(0o755)


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def _publish(page, people, capture):
    """Submit; the deputy reviews, the head approves, running the on-commit jobs like a request."""
    with capture(execute=True):
        document_submit(page=page, user=people["officer"])
    for signer in (people["deputy"], people["head"]):
        page.refresh_from_db()
        with capture(execute=True):
            document_sign_current_step(
                page=page, user=signer, password=people["password"]
            )
    return DocumentRelease.objects.get(page_id=page.pk)


def as_in_a_worker(monkeypatch):
    """Let Celery's eager apply() run the retries a worker would run (without the waits)."""
    # Eager runs count as the last attempt (nobody would come back for a retry) and raise
    # to the caller; here only the retry count decides, and apply() re-runs each Retry.
    monkeypatch.setattr(
        tasks, "last_attempt", lambda task: task.request.retries >= task.max_retries
    )
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)


# --- the retry policy ----------------------------------------------------------------------


def test_every_task_retries_transient_errors_with_bounded_backoff():
    """Every task of the project retries OSError and database errors, with backoff."""
    celery_app.loader.import_default_modules()
    ours = {n: t for n, t in celery_app.tasks.items() if n.startswith(OUR_APPS)}
    assert "documents.tasks.render_release_pdf" in ours
    assert "training.tasks.assign_release" in ours
    for name, task in ours.items():
        assert issubclass(OSError, tuple(task.autoretry_for)), name
        assert OperationalError in task.autoretry_for, name
        assert task.retry_backoff and task.retry_jitter, name
        assert 1 <= task.max_retries <= 10, name
        assert task.retry_backoff_max <= RETRY_BACKOFF_MAX_S, name
        assert task.acks_late, name


@pytest.mark.django_db
def test_a_transient_error_is_retried_and_the_pdf_rendered(
    tree, distributed, django_capture_on_commit_callbacks, media, monkeypatch
):
    """GIVEN storage that fails once WHEN the render task runs THEN autoretry renders it."""
    release = _publish(distributed, tree, django_capture_on_commit_callbacks)
    DocumentRelease.objects.filter(pk=release.pk).update(
        pdf_status=PdfStatus.QUEUED, pdf_attempts=0
    )
    real = jobs.release_pdf_bytes
    calls = []

    def flaky(release):
        calls.append(release.pk)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error")
        return real(release)

    monkeypatch.setattr(jobs, "release_pdf_bytes", flaky)
    # As in a worker: eager runs make every attempt the last (nobody would come back), so
    # count only the retries, and let Celery's apply() run the retry it raises.
    as_in_a_worker(monkeypatch)
    result = tasks.render_release_pdf.apply(args=[release.pk])
    assert result.get() == PdfStatus.READY

    release.refresh_from_db()
    assert len(calls) == 2
    assert release.pdf_status == PdfStatus.READY
    assert release.pdf_error == ""
    assert release.pdf_attempts == 2
    assert Path(release.pdf.path).is_file()


@pytest.mark.django_db
def test_a_lasting_transient_error_ends_failed_with_its_reason(
    tree, distributed, django_capture_on_commit_callbacks, media, monkeypatch
):
    calls = []

    def broken(release):
        calls.append(release.pk)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(jobs, "release_pdf_bytes", broken)
    release = _publish(distributed, tree, django_capture_on_commit_callbacks)
    release.refresh_from_db()
    assert len(calls) == 1  # eagerly, in the publishing request: no retry there
    assert release.pdf_status == PdfStatus.FAILED

    DocumentRelease.objects.filter(pk=release.pk).update(pdf_status=PdfStatus.QUEUED)
    as_in_a_worker(monkeypatch)
    result = tasks.render_release_pdf.apply(args=[release.pk])

    assert result.get() == PdfStatus.FAILED
    release.refresh_from_db()
    assert len(calls) == 1 + MAX_RETRIES + 1  # bounded
    assert release.pdf_status == PdfStatus.FAILED
    assert "Tạo lại PDF" in release.pdf_error
    assert release.announced_at is not None  # the fan-out did not wait for the PDF


# --- failures stored with a reason, never a 500 --------------------------------------------


def _attach_form(page, tree, media):
    from tests.documents.test_files import _pdf_document

    form_file = _pdf_document("Tờ khai khai sinh")
    page = page.get_latest_revision_as_object()
    page.form_attachments = [
        ProcedureForm(code="BM-01", name="Tờ khai", file=form_file)
    ]
    page.save_revision(user=tree["officer"])
    Path(form_file.file.path).unlink()
    return page


@pytest.mark.django_db
def test_missing_form_file_fails_with_its_reason_and_staff_are_assigned(
    tree, readers, distributed, django_capture_on_commit_callbacks, media, monkeypatch
):
    """GIVEN a procedure whose attached form file is gone from storage
    WHEN it is published THEN the PDF is failed with a reason naming the form, once (no
    retry helps), and the staff in the distribution have their reading assignments."""
    page = _attach_form(distributed, tree, media)
    renders = []
    real = jobs.release_pdf_bytes
    monkeypatch.setattr(
        jobs, "release_pdf_bytes", lambda r: renders.append(r.pk) or real(r)
    )

    release = _publish(page, tree, django_capture_on_commit_callbacks)

    release.refresh_from_db()
    assert release.pdf_status == PdfStatus.FAILED
    assert "BM-01" in release.pdf_error
    assert "Tạo lại PDF" in release.pdf_error
    assert len(renders) == 1
    assigned = set(
        Acknowledgment.objects.filter(release=release).values_list("staff", flat=True)
    )
    assert assigned == {p.pk for p in readers["inside"]}


@pytest.mark.django_db
def test_read_only_media_publish_fails_visibly_then_retry_renders(
    client, tree, readers, distributed, media, django_capture_on_commit_callbacks
):
    """The issue's "Done when": GIVEN the media folder is read-only during a publish
    WHEN the head signs the approval in the admin THEN the answer is no 500, the officer sees
    a failed PDF with its reason and a retry; AND after the folder is writable again the retry
    produces the PDF, and the staff in the distribution have their reading assignments."""
    page = distributed
    document_submit(page=page, user=tree["officer"])
    page.refresh_from_db()
    document_sign_current_step(
        page=page, user=tree["deputy"], password=tree["password"]
    )
    page.refresh_from_db()
    state = page.current_workflow_task_state
    client.force_login(tree["head"])

    # The test transaction never commits: run the on-commit jobs as a real request would.
    with read_only(media), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, "approve", state.pk],
            ),
            {"password": tree["password"], "comment": ""},
        )
    assert response.status_code < 500, response.status_code

    release = DocumentRelease.objects.get(page_id=page.pk)
    assert release.pdf_status == PdfStatus.FAILED
    assert "không cho phép ghi" in release.pdf_error
    assert release.announced_at is not None
    client.force_login(tree["officer"])
    status_page = client.get(reverse("documents_release_pdf", args=[release.pk]))
    assert release.pdf_error in status_page.content.decode()
    assert "Tạo lại PDF" in status_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents_release_pdf", args=[release.pk]))
    assert response.status_code == 302

    release.refresh_from_db()
    assert release.pdf_status == PdfStatus.READY, release.pdf_error
    assert Path(release.pdf.path).is_file()
    assigned = set(
        Acknowledgment.objects.filter(release=release).values_list("staff", flat=True)
    )
    assert assigned == {p.pk for p in readers["inside"]}


# --- broker down: nothing lost -------------------------------------------------------------


@pytest.mark.django_db
def test_broker_down_at_publish_keeps_jobs_queued_for_the_sweeper(
    tree, readers, distributed, django_capture_on_commit_callbacks, media, monkeypatch
):
    """RL-04 (unit): GIVEN the broker refuses every message WHEN a release is published
    THEN the commit succeeds, the PDF stays queued and the announcement owed; AND the sweeper
    sends both again once the broker is back."""

    def refuse(*args, **kwargs):
        raise BrokerOperationalError("Error 111 connecting to 127.0.0.1:6399")

    monkeypatch.setattr(tasks.render_release_pdf, "delay", refuse)
    monkeypatch.setattr(tasks.announce_release, "delay", refuse)
    release = _publish(distributed, tree, django_capture_on_commit_callbacks)
    release.refresh_from_db()
    assert release.pdf_status == PdfStatus.QUEUED
    assert release.announced_at is None
    assert not Acknowledgment.objects.filter(release=release).exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        early = jobs.release_jobs_sweep()
    assert not early  # too soon: the message may still be on its way
    later = timezone.now() + jobs.QUEUED_LIMIT + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        swept = jobs.release_jobs_sweep(now=later)

    assert swept.renders == [release.pk]
    assert swept.announcements == [release.pk]
    release.refresh_from_db()
    assert release.pdf_status == PdfStatus.READY
    assert release.announced_at is not None
    assert Acknowledgment.objects.filter(release=release).count() == 3


# --- the sweeper ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_sweeper_returns_stuck_processing_and_gives_up_on_poison(
    tree, distributed, django_capture_on_commit_callbacks, media, monkeypatch
):
    release = _publish(distributed, tree, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - jobs.PROCESSING_LIMIT - dt.timedelta(minutes=1)
    DocumentRelease.objects.filter(pk=release.pk).update(
        pdf_status=PdfStatus.PROCESSING, pdf_status_at=long_ago, pdf_attempts=1
    )
    sent = []
    monkeypatch.setattr(tasks.render_release_pdf, "delay", sent.append)

    with django_capture_on_commit_callbacks(execute=True):
        result = jobs.release_jobs_sweep()

    assert result.renders == [release.pk] and sent == [release.pk]
    release.refresh_from_db()
    assert release.pdf_status == PdfStatus.QUEUED

    DocumentRelease.objects.filter(pk=release.pk).update(
        pdf_status=PdfStatus.PROCESSING,
        pdf_status_at=long_ago,
        pdf_attempts=jobs.MAX_RENDER_STARTS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = jobs.release_jobs_sweep()
    assert result.gave_up == [release.pk]
    release.refresh_from_db()
    assert release.pdf_status == PdfStatus.FAILED
    assert str(jobs.MAX_RENDER_STARTS) in release.pdf_error


@pytest.mark.django_db
def test_sweep_command_renders_a_lost_render(
    tree, distributed, django_capture_on_commit_callbacks, media, capsys
):
    release = _publish(distributed, tree, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    DocumentRelease.objects.filter(pk=release.pk).update(
        pdf_status=PdfStatus.QUEUED, pdf_status_at=long_ago, pdf=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_release_jobs")
    assert "pdf=1" in capsys.readouterr().out
    release.refresh_from_db()
    assert release.pdf_status == PdfStatus.READY


# --- where the officer sees it -------------------------------------------------------------


@pytest.fixture
def failed_release(tree, distributed, django_capture_on_commit_callbacks, media):
    release = _publish(distributed, tree, django_capture_on_commit_callbacks)
    DocumentRelease.objects.filter(pk=release.pk).update(
        pdf_status=PdfStatus.FAILED,
        pdf_error="Không ghi được tệp PDF: thư mục lưu trữ chỉ cho phép đọc.",
        pdf_status_at=timezone.now(),
    )
    return release


@pytest.mark.django_db
def test_officer_sees_the_failure_in_header_listing_and_dashboard(
    client, tree, failed_release
):
    client.force_login(tree["officer"])
    reason = "thư mục lưu trữ chỉ cho phép đọc"
    editor = client.get(
        reverse("wagtailadmin_pages:edit", args=[failed_release.page_id])
    )
    assert reverse("documents_release_pdf", args=[failed_release.pk]) in (
        editor.content.decode()
    )
    listing = client.get(reverse("documentrelease:index")).content.decode()
    assert reason in listing
    assert "Tạo lại PDF" in listing
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reason in dashboard


@pytest.mark.django_db
def test_other_agencies_neither_see_nor_regenerate_the_pdf(
    client, tree, failed_release
):
    client.force_login(tree["outsider"])
    url = reverse("documents_release_pdf", args=[failed_release.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "chỉ cho phép đọc" not in dashboard
    failed_release.refresh_from_db()
    assert failed_release.pdf_status == PdfStatus.FAILED


@pytest.mark.django_db
def test_regenerate_needs_the_edit_permission_and_a_pdf_not_ready(tree, failed_release):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        jobs.release_pdf_regenerate(release=failed_release, user=AnonymousUser())
    DocumentRelease.objects.filter(pk=failed_release.pk).update(
        pdf_status=PdfStatus.READY
    )
    with pytest.raises(ValidationError):
        jobs.release_pdf_regenerate(release=failed_release, user=tree["officer"])


@pytest.mark.django_db
def test_regenerate_is_idempotent(
    tree, failed_release, django_capture_on_commit_callbacks
):
    """Two presses render one PDF: the second finds it ready and is refused politely."""
    with django_capture_on_commit_callbacks(execute=True):
        jobs.release_pdf_regenerate(release=failed_release, user=tree["officer"])
    failed_release.refresh_from_db()
    first = failed_release.pdf.name
    assert failed_release.pdf_status == PdfStatus.READY
    assert tasks.render_release_pdf.delay(failed_release.pk).get() == PdfStatus.READY
    failed_release.refresh_from_db()
    assert failed_release.pdf.name == first


@pytest.mark.django_db
def test_a_render_that_keeps_killing_its_worker_stops_coming_back(
    tree, distributed, django_capture_on_commit_callbacks, media, monkeypatch
):
    """GIVEN a render that died mid-way as often as allowed (acks_late redelivers it each
    time) WHEN the message comes back once more THEN it is failed with a reason, not run."""
    release = _publish(distributed, tree, django_capture_on_commit_callbacks)
    DocumentRelease.objects.filter(pk=release.pk).update(
        pdf_status=PdfStatus.PROCESSING, pdf_attempts=jobs.MAX_RENDER_STARTS
    )
    monkeypatch.setattr(jobs, "release_pdf_bytes", pytest.fail)

    assert tasks.render_release_pdf.delay(release.pk).get() == PdfStatus.FAILED

    release.refresh_from_db()
    assert release.pdf_status == PdfStatus.FAILED
    assert "Tạo lại PDF" in release.pdf_error


@pytest.mark.django_db
def test_the_listing_retry_button_posts_with_a_valid_csrf_token(
    tree, failed_release, django_capture_on_commit_callbacks
):
    """The "Tạo lại PDF" form of the Releases listing passes Django's CSRF check."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(tree["officer"])
    listing = client.get(reverse("documentrelease:index")).content.decode()
    form = re.search(
        r'action="(?P<url>[^"]+/pdf/)".*?name="csrfmiddlewaretoken" value="(?P<token>[^"]+)"'
        r'.*?name="next" value="(?P<next>[^"]+)"',
        listing,
        re.S,
    )
    assert form is not None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form["url"],
            {"csrfmiddlewaretoken": form["token"], "next": form["next"]},
        )

    assert response.status_code == 302
    assert response["Location"] == form["next"]
    failed_release.refresh_from_db()
    assert failed_release.pdf_status == PdfStatus.READY
    without_token = Client(enforce_csrf_checks=True)
    without_token.force_login(tree["officer"])
    assert without_token.post(form["url"]).status_code == 403


@pytest.mark.django_db
def test_failed_pdf_panel_is_capped_with_a_link_to_the_filtered_listing(
    client, tree, failed_release
):
    from documents.pdf_admin import FailedPdfPanel
    from qms.lib.capped import capped

    failed_release.refresh_from_db()  # the fixture marks it failed in SQL
    html = FailedPdfPanel(capped([failed_release] * 12)).render_html({})
    assert html.count("thư mục lưu trữ chỉ cho phép đọc") == 10
    assert "Xem tất cả (12)" in html
    all_url = reverse("documentrelease:index") + "?pdf_status=failed"
    assert all_url in html
    client.force_login(tree["officer"])
    assert "chỉ cho phép đọc" in client.get(all_url).content.decode()
    assert (
        "chỉ cho phép đọc"
        not in client.get(
            reverse("documentrelease:index") + "?pdf_status=ready"
        ).content.decode()
    )
