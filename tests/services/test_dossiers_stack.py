"""Dossier statistics on PostgreSQL + Redis + a worker: COPY writes rows and their history."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.models import DossierImport, DossierStatistic, LateDossierFlag
from dossiers.sample_file import csv_bytes
from qms.roles import Role
from qms.services import roles_sync
from tests.dossiers.conftest import GOOD
from tests.factories import staff_user


def _wait(batch: DossierImport) -> DossierImport:
    deadline = time.monotonic() + 60
    while batch.status not in (DossierImport.Status.DONE, DossierImport.Status.FAILED):
        assert time.monotonic() < deadline, f"the worker left the batch {batch.status}"
        time.sleep(0.2)
        batch.refresh_from_db()
    assert batch.status == DossierImport.Status.DONE, batch.failure
    return batch


def _import(client, agency, rows) -> DossierImport:
    client.post(
        reverse("dossiers_imports"),
        {"agency": agency.pk, "file": SimpleUploadedFile("tk.csv", csv_bytes(rows))},
    )
    batch = DossierImport.objects.latest("pk")
    response = client.post(reverse("dossiers_import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    return _wait(batch)


@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_by_copy_with_history_and_replaces_on_reimport(
    celery_worker, own_agency, client
):
    roles_sync()
    officer = staff_user(Role.QUALITY_OFFICER, own_agency, username="thuky-pg")
    client.force_login(officer)
    rows = [list(r) for r in GOOD]
    rows[1][7], rows[1][4] = 5, 45  # February of 1.001193 over 5 % late

    first = _import(client, own_agency, rows)
    assert (first.created, first.updated, first.flags_raised) == (3, 0, 1)
    stats = DossierStatistic.objects.filter(agency=own_agency)
    assert stats.count() == 3
    history = DossierStatistic.history.filter(agency=own_agency)
    assert {(h.history_type, h.history_user_id) for h in history} == {("+", officer.pk)}
    assert set(history.values_list("id", flat=True)) == set(
        stats.values_list("pk", flat=True)
    )
    assert history.first().history_change_reason == "Nhập từ tệp tk.csv"

    rows[0][4] = 60
    second = _import(client, own_agency, rows)
    assert (second.created, second.updated, second.removed, second.flags_raised) == (
        0,
        1,
        0,
        0,
    )
    assert stats.count() == 3
    assert LateDossierFlag.objects.count() == 1
    changed = stats.get(national_code="1.001193", period_start="2026-01-01")
    assert [h.received for h in changed.history.order_by("history_id")] == [50, 60]
