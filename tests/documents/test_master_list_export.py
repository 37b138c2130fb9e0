"""The master list's long export is built by a task, in chunks, as the requester (issue 12)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from documents.services.drafting import document_draft
from qms.lib.export_jobs import export_build
from qms.models import ExportJob
from tests.documents.conftest import approve, birth_procedure


@pytest.fixture
def two_documents(tree, draft, settings):
    settings.QMS_EXPORT_INLINE_MAX_ROWS = 1
    approve(draft, tree)
    document_draft(
        parent=tree["index"],
        page=birth_procedure(
            title="Quy trình đăng ký kết hôn", slug="qt-ht-02", code="QT-HT-02"
        ),
        user=tree["officer"],
    )
    return tree


def _export_as(client, user):
    client.force_login(user)
    response = client.get(reverse("documents_master_list"), {"export": "xlsx"})
    assert response.status_code == 302
    job = ExportJob.objects.get(requested_by=user)
    export_build(job_id=job.pk, final=True)
    job.refresh_from_db()
    return job


def _rows(job):
    with job.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_the_master_list_arrives_as_a_file_with_its_report_columns(
    client, two_documents, monkeypatch
):
    # One row per chunk: the chunked decoration must still fill every row.
    monkeypatch.setattr("qms.lib.exports.CHUNK_SIZE", 1)
    job = _export_as(client, two_documents["officer"])

    assert job.status == ExportJob.Status.DONE
    assert job.filename == "danh-muc-tai-lieu.xlsx"
    rows = _rows(job)
    assert rows[0][0] == "Mã hiệu"
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {"QT-HT-01", "QT-HT-02"}
    assert by_code["QT-HT-01"][2] == "UBND phường Phố Hiến"
    assert by_code["QT-HT-01"][7] == "Đang hiệu lực"
    assert by_code["QT-HT-02"][7] == "Dự thảo"


@pytest.mark.django_db
def test_another_agencys_background_export_holds_none_of_these(
    client, two_documents, settings
):
    """AC-03: the task re-runs the list as its requester; another agency sees nothing."""
    settings.QMS_EXPORT_INLINE_MAX_ROWS = -1  # even an empty list goes to the task
    job = _export_as(client, two_documents["outsider"])

    assert job.status == ExportJob.Status.DONE
    rows = _rows(job)
    assert rows[0][0] == "Mã hiệu"
    assert rows[1:] == []


@pytest.mark.django_db
def test_the_request_that_queues_the_export_loads_no_document(client, two_documents):
    """The web request counts the rows and queues the task; it never builds the pages.

    Unpaged, Wagtail's listing measured its export with len(), which loaded every page of
    the province into the request (a second for 5,000, issue 12).
    """
    from django.db.models.signals import post_init
    from wagtail.models import Page

    built: list[object] = []

    def count(sender, instance, **kwargs):
        if isinstance(instance, Page):
            built.append(instance)

    client.force_login(two_documents["officer"])
    post_init.connect(count)
    try:
        response = client.get(reverse("documents_master_list"), {"export": "xlsx"})
    finally:
        post_init.disconnect(count)

    assert response.status_code == 302
    assert ExportJob.objects.filter(requested_by=two_documents["officer"]).count() == 1
    assert built == []
