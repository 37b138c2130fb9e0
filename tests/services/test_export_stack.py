"""A long export on PostgreSQL + Redis + a worker: queued by the request, built, notified."""

import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from qms.models import ExportJob, Notification
from tests.documents.conftest import approve, draft, tree  # noqa: F401 - shared fixtures
from tests.services.test_documents_stack import wagtail_root  # noqa: F401 - autouse


@pytest.mark.django_db(transaction=True)
def test_a_long_master_list_export_arrives_as_a_notification_with_its_file(
    celery_worker,
    tree,  # noqa: F811
    draft,  # noqa: F811
    client,
    settings,
):
    """Issue 12: the request only queues; the worker builds the file and tells the requester,
    whose notification links to a download nobody else can open."""
    settings.QMS_EXPORT_INLINE_MAX_ROWS = 0  # one document is already "long"
    approve(draft, tree)
    officer = tree["officer"]
    client.force_login(officer)

    response = client.get(reverse("documents_master_list"), {"export": "xlsx"})

    assert response.status_code == 302
    job = ExportJob.objects.get(requested_by=officer)
    deadline = time.monotonic() + 60
    while job.status not in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
        assert time.monotonic() < deadline, f"the worker left the job {job.status}"
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    notice = Notification.objects.get(recipient=officer, kind=Notification.Kind.EXPORT)
    download = reverse("qms_export_download", args=[job.pk])
    assert notice.url == download

    file = client.get(download)
    assert file.status_code == 200
    assert "attachment" in file["Content-Disposition"]
    rows = list(
        load_workbook(io.BytesIO(b"".join(file.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert [r[0] for r in rows[1:]] == ["QT-HT-01"]

    client.force_login(tree["outsider"])
    assert client.get(download).status_code == 404
