"""The import screens and the statistics list: the flow as the secretary, and the scoping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.models import DossierImport, DossierStatistic
from dossiers.sample_file import csv_bytes, xlsx_bytes
from dossiers.services import dossier_import_upload
from tests.dossiers.conftest import GOOD

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def refused(response):
    """Wagtail answers a PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def post_file(client, agency, data, name="tk.xlsx"):
    return client.post(
        reverse("dossiers_imports"),
        {"agency": agency.pk, "file": SimpleUploadedFile(name, data)},
    )


def test_upload_preview_confirm_done(
    client, own_agency, people, django_capture_on_commit_callbacks
):
    login(client, people["officer"])
    assert client.get(reverse("dossiers_imports")).status_code == 200
    response = post_file(client, own_agency, xlsx_bytes(GOOD))
    batch = DossierImport.objects.get()
    assert response.url == reverse("dossiers_import", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "Đăng ký khai sinh" in page  # the preview's first rows
    assert "Xác nhận nhập số liệu" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dossiers_import_confirm", args=[batch.pk]))
    progress = client.get(reverse("dossiers_import_progress", args=[batch.pk])).json()
    assert progress == {
        "status": "done",
        "status_label": "Đã nhập",
        "rows_done": 3,
        "rows_total": 3,
        "percent": 100,
    }
    listing = client.get(reverse("dossier_statistics:index")).content.decode()
    assert "1.001193" in listing and "2.000815" in listing


def test_a_bad_file_shows_every_error_and_no_confirm_button(client, own_agency, people):
    login(client, people["officer"])
    rows = [list(r) for r in GOOD]
    rows[0][7] = "x"
    rows[2][2] = "2026-13"
    post_file(client, own_agency, csv_bytes(rows), "tk.csv")
    batch = DossierImport.objects.get()
    page = client.get(reverse("dossiers_import", args=[batch.pk])).content.decode()
    assert "Dòng 2, cột «Quá hạn»: phải là số nguyên không âm" in page
    assert "Dòng 4, cột «Kỳ»: phải là tháng dạng MM/YYYY" in page
    assert "Xác nhận nhập số liệu" not in page
    response = client.post(reverse("dossiers_import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert not DossierStatistic.objects.exists()


def test_an_unreadable_file_shows_the_reason_on_the_form(client, own_agency, people):
    login(client, people["officer"])
    response = post_file(client, own_agency, b"\x89PNG\r\n\x1a\n\x00\x00", "x.csv")
    assert response.status_code == 200
    assert "không phải bảng tính Excel" in response.content.decode()
    assert not DossierImport.objects.exists()


@pytest.fixture
def foreign_batch(other_agency):
    from qms.roles import Role
    from tests.factories import staff_user

    officer = staff_user(Role.QUALITY_OFFICER, other_agency, username="thuky-o")
    return dossier_import_upload(
        agency=other_agency, data=csv_bytes(GOOD), filename="khac.csv", user=officer
    )


@pytest.mark.parametrize("who", ["officer", "head", "auditor"])
def test_another_agencys_batch_is_not_found(client, people, foreign_batch, who):
    login(client, people[who])
    for name in ("dossiers_import", "dossiers_import_progress"):
        assert client.get(reverse(name, args=[foreign_batch.pk])).status_code == 404
    assert (
        client.post(
            reverse("dossiers_import_confirm", args=[foreign_batch.pk])
        ).status_code
        == 404
    )
    foreign_batch.refresh_from_db()
    assert foreign_batch.status == DossierImport.Status.PREVIEWED


def test_the_supervisor_reads_every_agency_but_imports_nothing(
    client, people, foreign_batch
):
    login(client, people["supervisor"])
    assert (
        client.get(reverse("dossiers_import", args=[foreign_batch.pk])).status_code
        == 200
    )
    page = client.get(reverse("dossiers_imports")).content.decode()
    assert "khac.csv" in page and 'type="file"' not in page
    response = client.post(reverse("dossiers_import_confirm", args=[foreign_batch.pk]))
    assert refused(response)
    assert refused(client.get(reverse("dossiers_settings")))
    foreign_batch.refresh_from_db()
    assert foreign_batch.status == DossierImport.Status.PREVIEWED


def test_staff_and_anonymous_are_kept_out(client, people, foreign_batch):
    response = client.get(reverse("dossiers_imports"))
    assert response.status_code == 302 and "login" in response.url
    login(client, people["staff"])
    assert refused(client.get(reverse("dossiers_imports")))
    assert refused(client.get(reverse("dossier_statistics:index")))


def test_the_auditor_reads_but_cannot_upload(client, own_agency, people):
    login(client, people["auditor"])
    page = client.get(reverse("dossiers_imports")).content.decode()
    assert 'type="file"' not in page
    assert refused(post_file(client, own_agency, csv_bytes(GOOD)))
    assert not DossierImport.objects.exists()


def test_the_officer_cannot_upload_for_another_agency(client, other_agency, people):
    login(client, people["officer"])
    response = post_file(client, other_agency, csv_bytes(GOOD))
    assert response.status_code == 200  # the form refuses the agency choice
    assert not DossierImport.objects.exists()


def test_the_threshold_screen_saves_with_history(client, own_agency, people):
    login(client, people["officer"])
    response = client.post(reverse("dossiers_settings"), {"late_threshold": "7,5"})
    assert response.status_code == 302
    from dossiers.models import DossierSettings

    setting = DossierSettings.objects.get(agency=own_agency)
    assert str(setting.late_threshold) == "7.50"
    assert setting.history.get().history_user == people["officer"]


def test_the_list_shows_only_the_agencys_rows_in_constant_queries(
    client,
    own_agency,
    other_agency,
    people,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from dossiers.services import dossier_import_confirm

    officer = people["officer"]
    for agency, user in ((own_agency, officer),):
        batch = dossier_import_upload(
            agency=agency, data=csv_bytes(GOOD), filename="a.csv", user=user
        )
        with django_capture_on_commit_callbacks(execute=True):
            dossier_import_confirm(batch=batch, user=user)
    login(client, people["outsider"])
    listing = client.get(reverse("dossier_statistics:index")).content.decode()
    assert "1.001193" not in listing
    stat = DossierStatistic.objects.first()
    assert (
        client.get(reverse("dossier_statistics:inspect", args=[stat.pk])).status_code
        == 404
    )
    login(client, officer)
    client.get(reverse("dossier_statistics:index"))  # warm caches
    with django_assert_max_num_queries(30) as captured:
        client.get(reverse("dossier_statistics:index"))
    few = len(captured)
    more = [list(r) for r in GOOD]
    for row in more:
        row[2] = {"01/2026": "03/2026", "02/2026": "04/2026"}[row[2]]
    batch = dossier_import_upload(
        agency=own_agency, data=csv_bytes(more), filename="b.csv", user=officer
    )
    with django_capture_on_commit_callbacks(execute=True):
        dossier_import_confirm(batch=batch, user=officer)
    with django_assert_max_num_queries(few):
        client.get(reverse("dossier_statistics:index"))
