"""check_integrity (BR-01, ISO 9001:2015 7.5.3.1 b): stored records are verified, faults alert."""

import hashlib
import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command

from documents import tasks
from documents.models import DocumentRelease, QmsDocument
from documents.services.integrity import integrity_check
from qms.models import Notification
from tests.documents.conftest import approve

PDF = b"%PDF-1.4\n% mau don\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def stored(media, tree, draft, django_capture_on_commit_callbacks):
    """A release in force with its rendered PDF, and one uploaded form with its hash."""
    with django_capture_on_commit_callbacks(execute=True):
        approve(draft, tree)
    release = DocumentRelease.objects.get(page_id=draft.pk)
    assert release.pdf_status == DocumentRelease.PdfStatus.READY
    document = QmsDocument.objects.create(
        title="Mẫu 01",
        file=ContentFile(PDF, name="mau-01.pdf"),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    return {"release": release, "document": document, "media": media}


def run(*args):
    """Run the command; return (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("check_integrity", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_it_passes_on_clean_records(stored):
    code, out, err = run()

    assert code == 0, err
    assert "Kiểm tra toàn vẹn đạt" in out
    assert err == ""


def test_it_reports_a_corrupted_and_a_missing_file_and_exits_non_zero(stored):
    """GIVEN a release PDF altered after storage and an uploaded file deleted from disk
    WHEN check_integrity runs
    THEN both are reported by name and the exit code is not zero (BR-01)."""
    release, document = stored["release"], stored["document"]
    with Path(release.pdf.path).open("ab") as handle:
        handle.write(b"tampered")
    Path(document.file.path).unlink()

    code, _out, err = run()

    assert code == 1
    assert f"Mã SHA-256 không khớp: {release.pdf.name}" in err
    assert f"Thiếu tệp: {document.file.name}" in err


def test_it_reports_old_orphans_but_not_fresh_files(stored):
    media = stored["media"]
    old = media / "documents" / "bo-quen.pdf"
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(PDF)
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    (media / "documents" / "dang-tai.pdf").write_bytes(PDF)

    problems = integrity_check().problems

    assert len(problems) == 1
    assert "documents/bo-quen.pdf" in problems[0]


def test_it_reports_a_release_in_force_without_its_pdf(stored):
    DocumentRelease.objects.filter(pk=stored["release"].pk).update(
        pdf_status=DocumentRelease.PdfStatus.FAILED
    )

    problems = integrity_check().problems

    assert len(problems) == 1
    assert str(stored["release"]) in problems[0]


def test_the_weekly_task_alerts_superusers_in_app_and_by_email(
    stored, django_capture_on_commit_callbacks
):
    admin = User.objects.create_superuser("quantri", "quantri@example.vn", "x")
    Path(stored["document"].file.path).unlink()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_integrity() == 1

    notification = Notification.objects.get(recipient=admin)
    assert "Kiểm tra toàn vẹn" in notification.subject
    assert stored["document"].file.name in notification.body
    alerts = [m for m in mail.outbox if m.subject == notification.subject]
    assert [m.to for m in alerts] == [["quantri@example.vn"]]


def test_the_weekly_task_stays_silent_when_all_is_well(stored):
    User.objects.create_superuser("quantri", "quantri@example.vn", "x")
    # The approval in the fixture left its workflow notices; the check must add none.
    before = Notification.objects.count()

    assert tasks.check_integrity() == 0
    assert Notification.objects.count() == before
