"""Long exports run in the background: private, expiring, scoped as the requester (issue 12)."""

import datetime as dt
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from qms.lib import export_jobs
from qms.lib.export_jobs import export_build, export_start, exports_purge
from qms.models import ExportJob, Notification
from qms.roles import Role
from tests.factories import StaffProfileFactory

QO = Role.QUALITY_OFFICER
STAFF_LIST = "staffprofile:index"


@pytest.fixture(autouse=True)
def _small_limit(settings):
    # Three rows are "long": the behaviour is the same as for 5,000, in a fraction of the time.
    settings.QMS_EXPORT_INLINE_MAX_ROWS = 2


def _staff(agency, count, prefix="Cán Bộ"):
    return [
        StaffProfileFactory(
            agency=agency,
            full_name=f"{prefix} {n}",
            service_start=dt.date(2020, 3, 9),
        )
        for n in range(count)
    ]


def _ask(client, user, fmt="xlsx", **filters):
    client.force_login(user)
    return client.get(reverse(STAFF_LIST), {"export": fmt, **filters})


def _run(job):
    """What the worker does: build the job (eagerly, a last attempt)."""
    export_build(job_id=job.pk, final=True)
    job.refresh_from_db()
    return job


def _sheet(job):
    with job.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_a_short_export_is_still_answered_inline(client, users, own_agency, settings):
    settings.QMS_EXPORT_INLINE_MAX_ROWS = 500
    response = _ask(client, users[QO], fmt="csv")

    assert response.status_code == 200
    assert ExportJob.objects.count() == 0


@pytest.mark.django_db
def test_a_long_export_is_queued_not_built_in_the_request(
    client, users, own_agency, django_capture_on_commit_callbacks
):
    """GIVEN more rows than the inline limit WHEN the officer exports THEN the request
    records a job, enqueues its task on commit and redirects back with a message."""
    _staff(own_agency, 3)
    with django_capture_on_commit_callbacks() as callbacks:
        response = _ask(client, users[QO], position="")

    assert response.status_code == 302
    assert response["Location"] == reverse(STAFF_LIST) + "?position="
    job = ExportJob.objects.get()
    assert job.requested_by == users[QO]
    assert job.status == ExportJob.Status.QUEUED
    assert job.fmt == "xlsx"
    assert "export=xlsx" in job.querystring and "position=" in job.querystring
    assert not job.file  # nothing built in the request
    assert len(callbacks) == 1
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == ["Đang chuẩn bị tệp xuất; bạn sẽ nhận thông báo khi tệp sẵn sàng."]


@pytest.mark.django_db
def test_the_on_commit_callback_enqueues_the_build_task(users, own_agency):
    with (
        mock.patch("qms.tasks.build_export.delay") as delay,
        mock.patch(
            "django.db.transaction.on_commit", side_effect=lambda fn, **kw: fn()
        ),
    ):
        job = export_start(
            user=users[QO],
            path=reverse(STAFF_LIST),
            querystring="",
            fmt="csv",
            title="Công chức",
        )

    delay.assert_called_once_with(job.pk)
    assert "export=csv" in job.querystring


@pytest.mark.django_db
def test_the_request_that_queues_makes_as_many_queries_for_more_rows(
    client, users, own_agency
):
    """The starting request counts the rows; it never reads them (constant queries)."""
    _staff(own_agency, 3)
    client.force_login(users[QO])
    url = reverse(STAFF_LIST)
    client.get(url, {"export": "xlsx"})  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"export": "xlsx"}).status_code == 302
    _staff(own_agency, 30, prefix="Thêm")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"export": "xlsx"}).status_code == 302

    assert len(many) == len(few)
    assert len(few) <= 20


@pytest.mark.django_db
def test_the_task_builds_the_xlsx_like_the_inline_export(
    client, users, own_agency, settings, django_capture_on_commit_callbacks
):
    _staff(own_agency, 3)
    _ask(client, users[QO])
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(ExportJob.objects.get())

    assert job.status == ExportJob.Status.DONE
    assert job.filename == "cong-chuc.xlsx"
    rows = _sheet(job)
    assert rows[0] == [
        "Họ và tên",
        "Cơ quan",
        "Bộ phận một cửa",
        "Chức danh",
        "Ngày bắt đầu công tác",
        "Đang công tác",
    ]
    first = next(r for r in rows if r[0] == "Cán Bộ 0")
    assert first[1] == own_agency.name
    # A date cell and a Vietnamese yes/no, as the inline XLSX writes them.
    assert first[4] == dt.date(2020, 3, 9)
    assert first[5] == "Có"
    assert job.rows == len(rows) - 1
    settings.QMS_EXPORT_INLINE_MAX_ROWS = 500
    inline = _ask(client, users[QO])
    book = load_workbook(io.BytesIO(b"".join(inline.streaming_content)))
    assert [list(r) for r in book.active.iter_rows(values_only=True)] == rows


@pytest.mark.django_db
def test_the_csv_is_built_with_bom_and_escaped_formulas(
    client, users, own_agency, django_capture_on_commit_callbacks
):
    _staff(own_agency, 2)
    StaffProfileFactory(agency=own_agency, full_name="=HYPERLINK(1)")
    _ask(client, users[QO], fmt="csv")
    job = _run(ExportJob.objects.get())

    body = job.file.open("rb").read()
    assert body.startswith("\ufeff".encode())
    assert "'=HYPERLINK(1)" in body.decode("utf-8")


@pytest.mark.django_db
def test_the_requester_is_notified_with_a_download_link(
    client, users, own_agency, django_capture_on_commit_callbacks
):
    _staff(own_agency, 3)
    _ask(client, users[QO])
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(ExportJob.objects.get())

    notice = Notification.objects.get(recipient=users[QO], kind="export")
    link = reverse("qms_export_download", args=[job.pk])
    assert notice.url == link
    assert notice.event_key == f"qms.export:{job.pk}:done"
    assert len(mail.outbox) == 1
    assert "http://testserver" + link in mail.outbox[0].body


@pytest.mark.django_db
def test_a_second_delivery_of_the_task_changes_nothing(
    client, users, own_agency, django_capture_on_commit_callbacks
):
    _staff(own_agency, 3)
    _ask(client, users[QO])
    job = _run(ExportJob.objects.get())
    name = job.file.name

    assert export_build(job_id=job.pk, final=True) == ExportJob.Status.DONE
    job.refresh_from_db()
    assert job.file.name == name
    assert Notification.objects.filter(kind="export").count() == 1


@pytest.mark.django_db
def test_the_task_scopes_rows_as_the_requester(client, users, own_agency, other_agency):
    """AC-03: a quality officer's background export holds only their agency's people."""
    _staff(own_agency, 3)
    _staff(other_agency, 3, prefix="Người Phường Khác")
    _ask(client, users[QO])
    rows = _sheet(_run(ExportJob.objects.get()))

    names = [r[0] for r in rows[1:]]
    assert "Cán Bộ 1" in names
    assert not [n for n in names if n.startswith("Người Phường Khác")]


@pytest.mark.django_db
def test_a_job_for_a_list_the_user_may_not_read_fails(users, own_agency):
    """The task re-runs the view as the requester: a job naming a screen the user may not
    open is refused there, whatever the job row says."""
    job = export_start(
        user=users[QO],
        path=reverse("qms_credential_holds"),
        querystring="",
        fmt="csv",
        title="x",
    )
    job = _run(job)

    assert job.status == ExportJob.Status.FAILED
    assert not job.file
    assert job.error == "Bạn không còn quyền xuất danh sách này."


@pytest.mark.django_db
def test_a_requester_deactivated_meanwhile_gets_nothing(client, users, own_agency):
    _staff(own_agency, 3)
    _ask(client, users[QO])
    users[QO].is_active = False
    users[QO].save()

    job = _run(ExportJob.objects.get())
    assert job.status == ExportJob.Status.FAILED
    assert not job.file


@pytest.mark.django_db
def test_a_failure_marks_the_job_failed_and_tells_the_requester(
    client, users, own_agency, django_capture_on_commit_callbacks
):
    _staff(own_agency, 3)
    _ask(client, users[QO])
    job = ExportJob.objects.get()
    with (
        mock.patch(
            "qms.lib.exports.write_rows", side_effect=RuntimeError("disk on fire")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = _run(job)

    assert job.status == ExportJob.Status.FAILED
    assert job.error == "Không chuẩn bị được tệp xuất."
    notice = Notification.objects.get(recipient=users[QO], kind="export")
    assert notice.event_key == f"qms.export:{job.pk}:failed"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_transient_error_is_retried_before_the_last_attempt(
    client, users, own_agency
):
    _staff(own_agency, 3)
    _ask(client, users[QO])
    job = ExportJob.objects.get()
    with (
        mock.patch.object(export_jobs, "_rerun_view", side_effect=OSError("NFS")),
        pytest.raises(OSError),
    ):
        export_build(job_id=job.pk, final=False)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING  # Celery retries it

    with mock.patch.object(export_jobs, "_rerun_view", side_effect=OSError("NFS")):
        assert export_build(job_id=job.pk, final=True) == ExportJob.Status.FAILED


@pytest.fixture
def built(client, users, own_agency):
    _staff(own_agency, 3)
    _ask(client, users[QO])
    return _run(ExportJob.objects.get())


@pytest.mark.django_db
def test_only_the_requester_downloads_the_file(client, users, built):
    url = reverse("qms_export_download", args=[built.pk])
    client.force_login(users[QO])
    response = client.get(url)

    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip: XLSX

    client.force_login(users[Role.HEAD])  # same agency, not the requester
    with mock.patch("qms.security.record_refused_access") as logged:
        assert client.get(url).status_code == 404
    logged.assert_called_once()


@pytest.mark.django_db
def test_the_file_is_not_under_the_public_media_root(settings, built):
    path = Path(built.file.path)
    assert Path(settings.QMS_EXPORT_ROOT) in path.parents
    assert Path(settings.MEDIA_ROOT) / "private-exports" == Path(
        settings.QMS_EXPORT_ROOT
    )
    with pytest.raises(ValueError, match="no public URL"):
        built.file.url  # noqa: B018


@pytest.mark.django_db
def test_an_expired_export_says_so_and_the_purge_deletes_it(client, users, built):
    path = built.file.path
    later = timezone.now() + dt.timedelta(days=8)
    with mock.patch("django.utils.timezone.now", return_value=later):
        client.force_login(users[QO])
        response = client.get(
            reverse("qms_export_download", args=[built.pk]), follow=True
        )
        assert "Tệp xuất này đã hết hạn" in response.content.decode()
        assert exports_purge() == 1

    built.refresh_from_db()
    assert not built.file
    assert not Path(path).exists()


@pytest.mark.django_db
def test_the_purge_keeps_files_that_have_not_expired(built):
    assert exports_purge() == 0
    built.refresh_from_db()
    assert built.file


@pytest.mark.django_db
def test_my_exports_lists_only_my_jobs_with_their_status(client, users, built):
    client.force_login(users[QO])
    html = client.get(reverse("qms_exports")).content.decode()
    assert "Sẵn sàng" in html
    assert reverse("qms_export_download", args=[built.pk]) in html

    client.force_login(users[Role.HEAD])
    html = client.get(reverse("qms_exports")).content.decode()
    assert reverse("qms_export_download", args=[built.pk]) not in html


@pytest.mark.django_db
def test_a_job_lost_on_the_way_is_failed_by_the_daily_purge(users, own_agency):
    job = export_start(
        user=users[QO], path=reverse(STAFF_LIST), querystring="", fmt="csv", title="x"
    )
    with mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.now() + dt.timedelta(days=2),
    ):
        exports_purge()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
