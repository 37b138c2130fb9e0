"""Background exports: one row per spreadsheet a person asked for (issue 12, part 3).

An operational record, not a quality record: it says how far a requested file has got and
where it is kept, the same as a Celery result would. It keeps no simple-history (its states
are queued → running → done | failed, set only by qms.lib.export_jobs); the list it was taken
from is what the QMS keeps, with its own history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivateExportStorage(FileSystemStorage):
    """Files kept outside MEDIA_ROOT with no URL: only the download view serves them."""

    def url(self, name: str | None) -> str:
        raise ValueError("Export files have no public URL; use qms_export_download.")


def export_storage() -> Storage:
    return PrivateExportStorage(location=settings.QMS_EXPORT_ROOT)


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="qms_export_jobs",
    )
    title = models.CharField(_("list"), max_length=255)
    # The admin list re-run by the task, as the requester, with the same filters.
    path = models.CharField(_("path"), max_length=500)
    querystring = models.CharField(_("filters"), max_length=2000, blank=True)
    fmt = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(
        _("file"), storage=export_storage, max_length=300, blank=True
    )
    filename = models.CharField(_("file name"), max_length=150, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["requested_by", "-created_at"], name="qms_export_owner_idx"
            ),
            # The daily purge looks for finished files past their date.
            models.Index(fields=["expires_at"], name="qms_export_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.fmt}, {self.get_status_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
