"""The import task: idempotent, and a failure is recorded instead of staying "importing"."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError

from dossiers import services
from dossiers.models import DossierImport, DossierStatistic
from dossiers.sample_file import csv_bytes
from dossiers.services import (
    dossier_import_confirm,
    dossier_import_run,
    dossier_import_upload,
)
from dossiers.tasks import run_dossier_import
from tests.dossiers.conftest import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(own_agency, people):
    batch = dossier_import_upload(
        agency=own_agency,
        data=csv_bytes(GOOD),
        filename="tk.csv",
        user=people["officer"],
    )
    # Not executing the on-commit callback: the batch waits "importing" for its task.
    return dossier_import_confirm(batch=batch, user=people["officer"])


def test_the_task_imports_and_a_redelivery_changes_nothing(confirmed):
    assert confirmed.status == DossierImport.Status.IMPORTING
    assert run_dossier_import.delay(confirmed.pk).get() == "done"
    assert run_dossier_import.delay(confirmed.pk).get() == "done"
    assert DossierStatistic.objects.count() == 3
    assert DossierStatistic.history.count() == 3


def test_an_unexpected_error_marks_the_batch_failed(confirmed, monkeypatch):
    def broken(**kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(services, "write_statistics", broken)
    assert run_dossier_import.delay(confirmed.pk).get() == "failed"
    confirmed.refresh_from_db()
    assert confirmed.status == DossierImport.Status.FAILED
    assert confirmed.failure == "Việc nhập dừng do một lỗi không lường trước."
    assert confirmed.finished_at is not None
    assert confirmed.history.latest("history_id").history_change_reason.startswith(
        "Nhập thất bại"
    )


def test_a_transient_error_is_retried_then_recorded_on_the_last_attempt(
    confirmed, monkeypatch
):
    def down(**kwargs):
        raise OperationalError("database restarting")

    monkeypatch.setattr(services, "write_statistics", down)
    with pytest.raises(OperationalError):
        dossier_import_run(batch_id=confirmed.pk, final=False)
    confirmed.refresh_from_db()
    assert confirmed.status == DossierImport.Status.IMPORTING  # the retry will come
    assert dossier_import_run(batch_id=confirmed.pk, final=True) == "failed"
    confirmed.refresh_from_db()
    assert confirmed.status == DossierImport.Status.FAILED


def test_a_stored_file_that_changed_fails_instead_of_importing(confirmed):
    confirmed.file.storage.delete(confirmed.file.name)
    confirmed.file.storage.save(confirmed.file.name, ContentFile("Kỳ\n1\n".encode()))
    assert dossier_import_run(batch_id=confirmed.pk, final=True) == "failed"
    assert not DossierStatistic.objects.exists()
