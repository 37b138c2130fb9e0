"""Exports too long for a web request run as a Celery task (issue 12, part 3).

A view that exports calls :func:`export_or_defer`. A short list is answered inline, as
before. A longer one records an :class:`~qms.models.ExportJob` (who, which list, its
filters, the format), enqueues :func:`qms.tasks.build_export` on commit and redirects back
at once: a web worker never holds an export longer than a count query. The task re-runs
the same view as the requester (same filters, same scoping, the same permission checks,
so a person who lost access since gets nothing), writes the file to private storage and
notifies the requester with a download link. This module knows no feature app.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable
from importlib import import_module
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from qms.jobs import TRANSIENT_ERRORS, enqueue_on_commit
from qms.lib.notify import notify
from qms.models import ExportJob, Notification

logger = logging.getLogger(__name__)

# The attribute a re-run request carries: the view writes the file instead of answering.
JOB_ATTR = "qms_export_job"
Writer = Callable[[IO[bytes]], int]  # writes the whole file, returns the number of rows
Status = ExportJob.Status


def running_job(request: HttpRequest) -> ExportJob | None:
    """The export job this request re-runs in a task, or None for a person's request."""
    return getattr(request, JOB_ATTR, None)


def export_or_defer(
    request: HttpRequest,
    *,
    title: str,
    filename: str,
    fmt: str,
    count: Callable[[], int],
    write: Writer,
    inline: Callable[[], HttpResponseBase],
) -> HttpResponseBase:
    """Answer an export: inline when short, as a background job when long.

    Inside the task (the request carries its job) the file is written to the job instead.
    """
    job = running_job(request)
    if job is not None:
        export_store(job=job, filename=filename, write=write)
        return HttpResponse(status=204)
    if count() <= settings.QMS_EXPORT_INLINE_MAX_ROWS:
        return inline()
    querystring = request.GET.copy()
    export_start(
        user=request.user,
        path=request.path,
        querystring=querystring.urlencode(),
        fmt=fmt,
        title=title,
    )
    messages.info(
        request,
        _("Preparing the export file; you will be notified when the file is ready."),
    )
    querystring.pop("export", None)
    return redirect(f"{request.path}?{querystring.urlencode()}".rstrip("?"))


def export_start(
    *, user: Any, path: str, querystring: str, fmt: str, title: str
) -> ExportJob:
    """Record an export job for ``user`` and enqueue its task once the request commits."""
    from qms.tasks import build_export

    if fmt not in ExportJob.Format.values:
        raise ValueError(f"Unknown export format {fmt!r}")
    query = QueryDict(querystring, mutable=True)
    query["export"] = fmt  # the re-run view must take its export branch
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            title=title[:255],
            path=path[:500],
            querystring=query.urlencode()[:2000],
            fmt=fmt,
            expires_at=timezone.now() + _lifetime(),
        )
        enqueue_on_commit(build_export, job.pk)
    return job


def _lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.QMS_EXPORT_EXPIRY_DAYS)


def export_store(*, job: ExportJob, filename: str, write: Writer) -> None:
    """Write the file through a temporary file into private storage, on the job."""
    name = get_valid_filename(f"{filename}.{job.fmt}") or f"export.{job.fmt}"
    with tempfile.TemporaryFile() as out:
        job.rows = write(out)
        out.seek(0)
        job.file.save(f"{job.pk}/{name}", File(out), save=False)
    job.filename = name


def export_build(*, job_id: int, final: bool) -> str:
    """Build the file of a queued job, as its requester, and tell them; return the status.

    Idempotent: a finished or failed job is left alone; a redelivered running one (its
    worker died) is built again. A transient error is retried by the task unless ``final``;
    any other error, or the last attempt, marks the job failed and tells the requester, so
    no job stays "being prepared" for ever.
    """
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status in (Status.DONE, Status.FAILED):
        return job.status if job else ""
    _set_status(job, Status.RUNNING)
    try:
        response = _rerun_view(job)
    except TRANSIENT_ERRORS:
        if not final:
            raise
        logger.exception("Export %s failed on its last attempt", job.pk)
        return export_fail(job=job, error=_("The export could not be prepared."))
    except Exception:
        logger.exception("Export %s failed", job.pk)
        return export_fail(job=job, error=_("The export could not be prepared."))
    if response.status_code != 204 or not job.file:
        # The view refused or redirected: the requester may no longer read this list.
        return export_fail(job=job, error=_("You may no longer export this list."))
    return _finish(job)


def _rerun_view(job: ExportJob) -> HttpResponseBase:
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc or "localhost"
    request = RequestFactory(HTTP_HOST=host).get(f"{job.path}?{job.querystring}")
    request.user = job.requested_by
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    setattr(request, JOB_ATTR, job)
    match = resolve(job.path)
    request.resolver_match = match
    return match.func(request, *match.args, **match.kwargs)


def _set_status(job: ExportJob, status: str, *fields: str) -> None:
    job.status = status
    job.save(update_fields=["status", *fields])


def _finish(job: ExportJob) -> str:
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + _lifetime()
    _set_status(
        job, Status.DONE, "finished_at", "expires_at", "file", "filename", "rows"
    )
    notify(
        recipients=[job.requested_by],
        template="export-ready",
        context={
            "title": job.title,
            "rows": job.rows,
            "expires": timezone.localtime(job.expires_at),
        },
        kind=Notification.Kind.EXPORT,
        target=reverse("qms_export_download", args=[job.pk]),
        event_key=f"qms.export:{job.pk}:done",
    )
    return job.status


def export_fail(*, job: ExportJob, error: str) -> str:
    """Mark a job failed with a message the requester reads, and tell them."""
    job.error = error[:500]
    job.finished_at = timezone.now()
    if job.file:
        job.file.delete(save=False)
    _set_status(job, Status.FAILED, "error", "finished_at", "file")
    notify(
        recipients=[job.requested_by],
        template="export-failed",
        context={"title": job.title, "error": job.error},
        kind=Notification.Kind.EXPORT,
        target=reverse("qms_exports"),
        event_key=f"qms.export:{job.pk}:failed",
    )
    return job.status


def exports_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files of expired exports and fail jobs lost on the way; return how many.

    The rows stay (the list of one's exports shows "expired"); only the files go.
    """
    now = now or timezone.now()
    purged = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(file=""):
        job.file.delete(save=False)
        job.save(update_fields=["file"])
        purged += 1
    # A message lost with its broker leaves a job queued: after a day nobody waits for it.
    stale = ExportJob.objects.filter(
        status__in=[Status.QUEUED, Status.RUNNING],
        created_at__lte=now - dt.timedelta(days=1),
    ).select_related("requested_by")
    for job in stale:
        export_fail(job=job, error=_("The export could not be prepared."))
    return purged
